"""A small plan and a period in the test world, for monitoring tests."""

import datetime as dt
from decimal import Decimal

import pytest

from izlem.monitoring.models import Period, Submission, Value
from izlem.org.models import OrgNode, Unit
from izlem.plans.models import Goal, Indicator, IndicatorRow, Plan, Target, YearValue

ROW_LEVELS = {"": [], "basic": ["primary", "middle"]} | {key: [key] for key in OrgNode.LEVEL_FIELDS}


def make_indicator(
    plan,
    target,
    code,
    *,
    unit="percent",
    aggregation="ratio",
    level="school",
    rows=(("", ""),),
    baseline=Decimal("50"),
    plan_target=Decimal("70"),
    responsible=None,
    weight_name="",
):
    """An indicator with rows, a 2014 baseline, and a linear path to its 2019 target."""
    indicator = Indicator.objects.create(
        plan=plan,
        target=target,
        code=code,
        name=f"Gösterge {code}",
        unit=unit,
        aggregation=aggregation,
        collection_level=level,
        weight_name=weight_name,
        responsible_unit=responsible or Unit.objects.get(code="temel-egitim"),
    )
    for order, (breakdown, row_level) in enumerate(rows):
        row = IndicatorRow.objects.create(
            indicator=indicator,
            breakdown=breakdown,
            level=row_level,
            applicable_levels=ROW_LEVELS[row_level],
            order=order,
        )
        YearValue.objects.create(row=row, kind="baseline", year=2014, value=baseline)
        for year in range(2015, 2020):
            value = baseline + (plan_target - baseline) * (year - 2014) / 5
            YearValue.objects.create(row=row, kind="target", year=year, value=value, is_default=year != 2019)
    return indicator


@pytest.fixture
def small_plan(world):
    """A 2015-2019 plan of Erzincan with a ratio, a count and a province-level indicator."""
    plan = Plan.objects.create(owner=world.province, title="Test planı", period_start=2015, period_end=2019)
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılımı artırmak")
    make_indicator(plan, target, "1.1.1", rows=(("İlkokul", "primary"), ("Ortaokul", "middle")))
    make_indicator(
        plan,
        target,
        "1.1.2",
        unit="count",
        aggregation="sum",
        baseline=Decimal("100"),
        plan_target=Decimal("150"),
    )
    make_indicator(
        plan,
        target,
        "1.1.3",
        unit="count",
        aggregation="none",
        level="province",
        baseline=Decimal("10"),
        plan_target=Decimal("20"),
        responsible=Unit.objects.get(code="strateji"),
    )
    return plan


@pytest.fixture
def period(small_plan):
    """The open 2016 year-end period of the small plan."""
    return Period.objects.create(
        plan=small_plan,
        year=2016,
        half="H2",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )


def put(period, entity, row, *, value=None, numerator=None, denominator=None, state="draft", note=""):
    """A value of `row` for `entity` in `period`, in the entity's submission (made with `state`)."""
    submission, _created = Submission.objects.get_or_create(
        period=period, entity=entity, defaults={"state": state}
    )
    return Value.objects.create(
        period=period,
        entity=entity,
        submission=submission,
        row=row,
        value=value,
        numerator=numerator,
        denominator=denominator,
        note=note,
    )


def rows_of(plan):
    """The small plan's rows by indicator code and breakdown."""
    return {
        (row.indicator.code, row.breakdown): row
        for row in IndicatorRow.objects.filter(indicator__plan=plan).select_related("indicator")
    }


@pytest.fixture
def filled(world, small_plan, period):
    """Values at every level of the world in the open 2016 year-end period and in 2016 H1 (approved)."""
    rows = rows_of(small_plan)
    ratio, count, province_count = rows[("1.1.1", "Ortaokul")], rows[("1.1.2", "")], rows[("1.1.3", "")]
    first = Period.objects.create(
        plan=small_plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 1),
        district_due=dt.date(2016, 7, 10),
        state="closed",
    )
    put(first, world.school_a1, count, value=Decimal("120"), state="approved")
    put(period, world.school_a1, ratio, numerator=Decimal("37"), denominator=Decimal("52"), state="submitted")
    put(period, world.school_a1, count, value=Decimal("131.5"), state="submitted", note='=HYPERLINK("x")')
    put(period, world.school_a2, count, value=Decimal("66.2966"))
    put(period, world.school_b1, count, value=Decimal("-4.25"), state="returned")
    put(period, world.district_a, count, value=Decimal("7"))
    put(period, world.province, province_count, value=Decimal("12.0001"), state="approved")
    put(period, world.other_school, count, value=Decimal("999"))  # a Kars school: nobody here reads it
    return first


@pytest.fixture
def bulk_settings(settings, tmp_path):
    """Bulk-entry tests: tasks run at once, uploads go to a temporary folder, messages are the English source."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"
