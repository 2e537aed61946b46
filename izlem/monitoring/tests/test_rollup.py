"""Roll-up rules with hand-computed expectations, and coverage."""

from decimal import Decimal

from izlem.monitoring.models import Submission, Value
from izlem.monitoring.rollup.compute import rollup
from izlem.monitoring.rollup.figures import Leaf, aggregate
from izlem.plans.models import IndicatorRow


def L(value=None, numerator=None, denominator=None, weight=None):  # noqa: N802 - a short test helper
    return Leaf(
        0,
        None if value is None else Decimal(value),
        None if numerator is None else Decimal(numerator),
        None if denominator is None else Decimal(denominator),
        None if weight is None else Decimal(weight),
    )


def test_ratio_is_sum_of_numerators_over_sum_of_denominators_not_mean_of_percentages():
    # a small school at 90 % (9/10) and a large one at 50 % (500/1000)
    leaves = [L(numerator=9, denominator=10), L(numerator=500, denominator=1000)]
    value, numerator, denominator = aggregate("ratio", "percent", leaves)
    assert (numerator, denominator) == (Decimal(509), Decimal(1010))
    assert value == Decimal("50.3960")  # 509 / 1010 × 100, half-up to four places
    assert value != (Decimal(90) + Decimal(50)) / 2  # the mean of percentages (70) would be wrong


def test_ratio_for_per_student_units_is_a_plain_quotient():
    assert aggregate(
        "ratio", "per_student", [L(numerator=30, denominator=1000), L(numerator=20, denominator=600)]
    )[0] == Decimal("0.0313")


def test_sum_mean_min_max_weighted_mean_and_none():
    leaves = [L(10, weight=100), L(20, weight=300), L("35.5", weight=100)]
    assert aggregate("sum", "count", leaves)[0] == Decimal("65.5")
    assert aggregate("mean", "count", leaves)[0] == Decimal("21.8333")
    assert aggregate("min", "count", leaves)[0] == Decimal(10)
    assert aggregate("max", "count", leaves)[0] == Decimal("35.5")
    assert aggregate("weighted_mean", "count", leaves)[0] == Decimal("21.1000")  # (1000+6000+3550)/500
    assert aggregate("none", "count", leaves)[0] is None


def test_empty_inputs_give_no_value():
    assert aggregate("sum", "count", []) == (None, None, None)
    assert aggregate("ratio", "percent", [L(numerator=1, denominator=0)])[0] is None


def _enter(world, period, entity, row, *, state="submitted", **fields):
    submission, _ = Submission.objects.get_or_create(period=period, entity=entity, defaults={"state": state})
    return Value.objects.create(
        period=period,
        entity=entity,
        submission=submission,
        row=row,
        **{k: Decimal(str(v)) for k, v in fields.items()},
    )


def test_rollup_by_district_and_province_with_coverage(world, period):
    # given: the primary row applies to school A2 (ilkokul) only; the middle row to A1 only
    primary = IndicatorRow.objects.get(indicator__code="1.1.1", level="primary")
    counted = IndicatorRow.objects.get(indicator__code="1.1.2")
    _enter(world, period, world.school_a2, primary, numerator=45, denominator=50, value=90)
    _enter(world, period, world.school_a1, counted, value=120)
    _enter(world, period, world.school_a2, counted, value=80)
    _enter(world, period, world.school_b1, counted, value=55, state="draft")  # draft: does not count
    # when
    figures = rollup(period, [world.district_a, world.district_b, world.province])
    # then
    a = figures[(counted.pk, world.district_a.pk)]
    assert (a.value, a.reported, a.expected) == (Decimal(200), 2, 2)
    b = figures[(counted.pk, world.district_b.pk)]
    assert (b.value, b.reported, b.expected) == (None, 0, 1)
    province = figures[(counted.pk, world.province.pk)]
    assert (province.value, province.reported, province.expected) == (Decimal(200), 2, 3)
    p = figures[(primary.pk, world.province.pk)]
    assert (p.value, p.numerator, p.denominator, p.reported, p.expected) == (Decimal("90.0000"), 45, 50, 1, 1)


def test_province_level_indicator_is_its_own_value(world, period):
    row = IndicatorRow.objects.get(indicator__code="1.1.3")
    _enter(world, period, world.province, row, value=13)
    figure = rollup(period, [world.province])[(row.pk, world.province.pk)]
    assert (figure.value, figure.reported, figure.expected) == (Decimal(13), 1, 1)
