"""The SQL roll-up (PostgreSQL) gives exactly the figures of the Python roll-up, for every rule and any data.

Hypothesis writes random values (missing values, missing numerators, zero denominators, every
submission state) for every school and rule, then every figure of `rollup_sql` is compared with
`rollup_python` for the Ministry, both provinces and the districts. On SQLite the SQL path is not
used (SQLite sums decimals as floats), so only the coverage counts, shared by both paths, are checked.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.rollup.compute import rollup, rollup_periods, rollup_python
from izlem.monitoring.rollup.figures import _expected_counts
from izlem.monitoring.rollup.sql import EXTRA_RULES, rollup_sql
from izlem.org.models import OrgNode
from izlem.plans.applicability import concerns
from izlem.plans.models import IndicatorRow, Target
from tests.support.monitoring import make_indicator

RULES = [
    ("percent", "ratio", ""),
    ("per_student", "ratio", ""),
    ("count", "sum", ""),
    ("score", "mean", ""),
    ("score", "min", ""),
    ("score", "max", ""),
    ("score", "weighted_mean", "students"),
    ("score", "weighted_mean", "teachers"),
    ("count", "none", ""),
]
SCHOOLS = ["school_a1", "school_a2", "school_b1", "other_school"]
AMOUNT = st.one_of(st.none(), st.decimals(min_value=0, max_value=10_000, places=4, allow_nan=False))
ENTRY = st.tuples(st.sampled_from(["submitted", "approved", "draft", "returned"]), AMOUNT, AMOUNT, AMOUNT)
DATA = st.lists(st.lists(ENTRY, min_size=len(RULES), max_size=len(RULES)), min_size=4, max_size=4)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL roll-up runs on PostgreSQL (exact numeric sums)"
)


@pytest.fixture
def rule_world(world, small_plan):
    """The small plan with one indicator per rule, an open period, and the schools' teacher counts varied."""
    target = Target.objects.get(plan=small_plan)
    for index, (unit, aggregation, weight) in enumerate(RULES):
        make_indicator(
            small_plan, target, f"9.{index}", unit=unit, aggregation=aggregation, weight_name=weight
        )
    OrgNode.objects.filter(pk=world.school_a2.pk).update(teacher_count=0)
    OrgNode.objects.filter(pk=world.school_b1.pk).update(teacher_count=None)
    period = Period.objects.create(
        plan=small_plan,
        year=2016,
        half="H1",
        state="open",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2099, 1, 1),
        district_due=dt.date(2099, 1, 2),
    )
    # rows of several audiences: every school writes every row, so values of schools a row does not
    # concern (kept from before a planner narrowed it) must count in neither path
    audiences = [
        ([], []),
        (["middle"], []),
        (["primary", "secondary"], []),
        ([], ["genel_lise"]),
        (["middle"], ["ilkokul"]),
    ]
    for index, row in enumerate(IndicatorRow.objects.filter(indicator__code__startswith="9.").order_by("pk")):
        row.applicable_levels, row.applicable_school_types = audiences[index % len(audiences)]
        row.save(update_fields=["applicable_levels", "applicable_school_types"])
    rows = list(
        IndicatorRow.objects.filter(indicator__code__startswith="9.")
        .select_related("indicator")
        .order_by("pk")
    )
    return world, period, rows


def _write(world, period, rows, data) -> None:
    Value.objects.filter(period=period).delete()
    Submission.objects.filter(period=period).delete()
    for name, entries in zip(SCHOOLS, data, strict=True):
        school = getattr(world, name)
        submission = Submission.objects.create(period=period, entity=school, state=entries[0][0])
        for row, (_state, value, numerator, denominator) in zip(rows, entries, strict=True):
            Value.objects.create(
                period=period,
                entity=school,
                submission=submission,
                row=row,
                value=value,
                numerator=numerator,
                denominator=denominator,
            )


@postgres_only
@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=DATA)
def test_sql_rollup_equals_python_rollup(rule_world, data):
    world, period, rows = rule_world
    _write(world, period, rows, data)
    nodes = [world.ministry, world.province, world.other_province, world.district_a, world.district_b]
    python, sql = rollup_python(period, nodes, rows), rollup_sql(period, nodes, rows)
    assert python.keys() == sql.keys()
    for key, figure in python.items():
        assert sql[key] == figure, key
    # without min/max/weighted rows the query leaves their sums out: the other figures stay the same
    plain = [row for row in rows if row.indicator.aggregation not in EXTRA_RULES]
    plain_ids = {row.pk for row in plain}
    assert rollup_sql(period, nodes, plain) == {key: f for key, f in python.items() if key[0] in plain_ids}


@postgres_only
@pytest.mark.django_db
def test_rollup_dispatches_to_sql_above_schools_and_to_python_for_a_school(rule_world, monkeypatch):
    world, period, rows = rule_world
    _write(world, period, rows, [[("approved", Decimal(5), Decimal(1), Decimal(2))] * len(RULES)] * 4)
    calls = []
    monkeypatch.setattr(
        "izlem.monitoring.rollup.compute.rollup_sql", lambda *a, **k: calls.append("sql") or {}
    )
    monkeypatch.setattr(
        "izlem.monitoring.rollup.compute.rollup_python", lambda *a, **k: calls.append("python") or {}
    )
    rollup(period, [world.province, world.district_a], rows)
    rollup(period, [world.district_a, world.school_a1], rows)
    assert calls == ["sql", "python"]


def test_sql_rollup_refuses_school_nodes(world):
    with pytest.raises(ValueError):
        rollup_sql(Period(pk=1), [world.school_a1])


@pytest.mark.django_db
def test_expected_counts_walk_up_paths_like_a_scan(world):
    """Coverage denominators (shared by both paths) equal a plain count of the schools that owe the row."""
    nodes = [world.ministry, world.province, world.district_a, world.other_province, world.district_b]
    world.school_b1.school_type = "mem"  # a vocational centre with a secondary level
    world.school_b1.save()
    audiences = [
        ([], []),
        (["middle"], []),
        (["primary", "middle"], []),
        ([], ["mem"]),
        (["primary"], ["mem"]),
    ]
    rows = [
        SimpleNamespace(
            indicator=SimpleNamespace(collection_level="school"),
            applicable_levels=levels,
            applicable_school_types=types,
        )
        for levels, types in audiences
    ]
    counts = _expected_counts(nodes, rows)
    for node in nodes:
        for levels, types in audiences:
            plain = [
                school
                for school in OrgNode.objects.filter(
                    kind="school", is_active=True, path__startswith=node.path
                )
                if concerns(levels=levels, school_types=types, school=school)
            ]
            assert counts[("school", (tuple(levels), tuple(types)), node.pk)] == len(plain)
        districts = OrgNode.objects.filter(kind="district", path__startswith=node.path).count()
        assert counts[("district", "", node.pk)] == districts


@pytest.mark.django_db
def test_rollup_periods_equals_one_rollup_a_period_with_fewer_queries(rule_world):
    """A history of periods: the same figures as one `rollup` each; coverage is counted once, not per period."""
    world, period, rows = rule_world
    _write(world, period, rows, [[("approved", Decimal(5), Decimal(1), Decimal(2))] * len(RULES)] * 4)
    later = Period.objects.create(
        plan=period.plan,
        year=2016,
        half="H2",
        state="planned",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 1),
        district_due=dt.date(2099, 1, 2),
    )
    nodes = [world.province, world.district_a, world.school_a1]
    each = {p.pk: rollup(p, nodes, rows) for p in (period, later)}
    with CaptureQueriesContext(connection) as one_by_one:
        rollup(period, nodes, rows)
    with CaptureQueriesContext(connection) as together:
        assert rollup_periods([period, later], nodes, rows) == each
    # one roll-up a period, plus the coverage counts once (not once a period)
    assert len(together) < 2 * len(one_by_one)
