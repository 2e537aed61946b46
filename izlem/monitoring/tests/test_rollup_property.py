"""Roll-up stays correct after any sequence of edits, submissions, returns, approvals and reopenings.

Hypothesis drives random operation sequences through the real services; after each sequence every
figure of `rollup()` is compared with a from-scratch computation written independently here.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.rollup.compute import rollup
from izlem.monitoring.selectors.owed import rows_owed
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import periods as periods_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.org.models import OrgNode, Role, User
from izlem.plans.models import IndicatorRow
from tests.support.world import make_user

SCHOOLS = ["school_a1", "school_a2", "school_b1"]
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"),
            st.sampled_from(SCHOOLS),
            st.integers(0, 1),
            st.integers(0, 400),
            st.integers(1, 400),
        ),
        st.tuples(st.just("submit"), st.sampled_from(SCHOOLS)),
        st.tuples(st.just("return"), st.sampled_from(SCHOOLS)),
        st.tuples(st.just("approve"), st.sampled_from(SCHOOLS)),
        st.tuples(st.just("close_reopen")),
    ),
    min_size=1,
    max_size=25,
)


def _expected(period: Period, row: IndicatorRow, node: OrgNode):
    """From scratch: the values of submitted/approved entities under `node`, by the row's rule."""
    values = [
        v
        for v in Value.objects.filter(period=period, row=row).select_related("submission", "entity")
        if v.submission.state in ("submitted", "approved") and v.entity.path.startswith(node.path)
    ]
    if row.indicator.aggregation == "ratio":
        pairs = [
            (v.numerator, v.denominator)
            for v in values
            if v.numerator is not None and v.denominator is not None
        ]
        if not pairs:
            return None, 0
        num, den = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
        return (num * 100 / den).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), len(pairs)
    numbers = [v.value for v in values if v.value is not None]
    return (sum(numbers) if numbers else None), len(values)


def _checker(world):
    """A second administrator who decides: nobody approves or returns what they made (separation of duties)."""
    return User.objects.filter(username="checker").first() or make_user(
        "checker", Role.SYSADMIN, world.ministry
    )


def _apply(world, period, operation):
    kind, *args = operation
    try:
        if kind == "edit":
            name, which, a, b = args
            school = getattr(world, name)
            submission = entry_services.submission_get_or_create(period=period, entity=school)
            rows = rows_owed(period=period, entity=school)
            row = rows[which % len(rows)]
            if row.indicator.aggregation == "ratio":
                entry_services.value_save(
                    by=world.principal if name == "school_a1" else world.sysadmin,
                    submission=submission,
                    row=row,
                    numerator=Decimal(min(a, b)),
                    denominator=Decimal(b),
                    note="test",
                    confirm_outlier=True,
                )
            else:
                entry_services.value_save(
                    by=world.sysadmin,
                    submission=submission,
                    row=row,
                    value=Decimal(a),
                    note="test",
                    confirm_outlier=True,
                )
        elif kind == "submit":
            submission = entry_services.submission_get_or_create(
                period=period, entity=getattr(world, args[0])
            )
            workflow_services.submission_submit(by=world.sysadmin, submission=submission)
        elif kind in ("return", "approve"):
            submission = Submission.objects.filter(period=period, entity=getattr(world, args[0])).first()
            if submission is None:
                return
            if kind == "return":
                workflow_services.submission_return(
                    by=_checker(world), submission=submission, comment="düzeltin"
                )
            else:
                workflow_services.submission_approve(by=_checker(world), submission=submission)
        else:
            periods_services.period_close(by=world.sysadmin, period=period)
            periods_services.period_reopen(by=world.sysadmin, period=period, reason="kontrol")
    except ValidationError:
        pass  # refused operations (locked, incomplete, not waiting) are part of the random walk


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_rollup_equals_from_scratch_after_random_edits(world_once, operations):
    world, period = world_once
    Value.objects.all().delete()
    Submission.objects.all().delete()
    Period.objects.filter(pk=period.pk).update(state="open")
    period.refresh_from_db()
    for operation in operations:
        _apply(world, period, operation)
    period.refresh_from_db()
    nodes = [
        world.province,
        world.district_a,
        world.district_b,
        world.school_a1,
        world.school_a2,
        world.school_b1,
    ]
    rows = list(
        IndicatorRow.objects.filter(
            indicator__plan=period.plan, indicator__collection_level="school"
        ).select_related("indicator")
    )
    figures = rollup(period, nodes, rows)
    for row in rows:
        for node in nodes:
            value, reported = _expected(period, row, node)
            figure = figures[(row.pk, node.pk)]
            assert (figure.value, figure.reported) == (value, reported), (row, node, operations)


@pytest.fixture
def world_once(world, period):
    """The world and an open period; the property test resets values itself between examples."""
    from izlem.monitoring.models import Deviation

    Deviation.objects.all().delete()
    return world, period
