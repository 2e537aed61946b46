"""A small monitored world for the card, scorecard and dashboard tests, with hand-computable figures.

Plan (tests/support/monitoring.py): 1.1.1 a school ratio in % with an İlkokul (primary) and an
Ortaokul (middle) row, baseline 50 (2014) → 70 (2019), yearly targets 54, 58, 62, 66, 70; 1.1.2 a
school count (sum), 100 → 150 (2016 target 120); 1.1.3 a province count, 10 → 20 (2016 target 14).

Values (schools' due date 10.01.2017, districts' 20.01.2017):
* 2016 H1 (closed): A1 Ortaokul 200 / 400 = 50,00 %.
* 2016 H2 (open): A1 (ortaokul, Merkez) Ortaokul 211 / 400 = 52,75 %, count 70, approved, submitted on
  09.01.2017 (on time); A2 (ilkokul, Merkez) İlkokul 9 / 10 = 90,00 %, count 50, submitted on 13.01.2017
  (3 days late); B1 (lise, Tercan) nothing; the province's own 1.1.3 = 16, approved; Merkez submitted
  on 25.01.2017 (5 days late).

At 2016 H2 two of the plan's five years have passed: the expected value is baseline + 40 % of the way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from izlem.monitoring import services as monitoring
from izlem.monitoring.models import Deviation, Period, Submission
from izlem.org.models import OrgNode, Unit
from izlem.plans.models import IndicatorRow, Measure, MeasureUnit

SCHOOL_DUE = dt.date(2017, 1, 10)
DISTRICT_DUE = dt.date(2017, 1, 20)


def at(day: dt.date) -> dt.datetime:
    """Noon of `day` in Istanbul."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@dataclass
class Scored:
    """The periods and rows of the scored world."""

    period: Period
    earlier: Period
    primary: IndicatorRow
    middle: IndicatorRow
    count: IndicatorRow
    province_count: IndicatorRow


def enter(period, entity, by, values: dict, *, state: str, submitted_on: dt.date | None = None) -> Submission:
    """Enter `values` (row → number or (numerator, denominator)) for `entity` and put it in `state`."""
    submission = monitoring.submission_get_or_create(period=period, entity=entity)
    for row, value in values.items():
        if isinstance(value, tuple):
            numbers = {"numerator": Decimal(value[0]), "denominator": Decimal(value[1])}
        else:
            numbers = {"value": Decimal(value)}
        result = monitoring.value_save(by=by, submission=submission, row=row, **numbers)
        assert not result.errors and not result.needs_confirmation, result
    Submission.objects.filter(pk=submission.pk).update(
        state=state, submitted_at=at(submitted_on) if submitted_on else None
    )
    submission.refresh_from_db()
    return submission


def add_school(district: OrgNode, code: str, **extra) -> OrgNode:
    """Another ortaokul in `district`."""
    fields = {"school_type": "ortaokul", "level_middle": True, "setting": "urban", "student_count": 100}
    return OrgNode.objects.create(
        kind="school", code=code, name=f"Okul {code}", parent=district, **{**fields, **extra}
    )


@pytest.fixture(name="scored")
def scored_world(world, period) -> Scored:
    """The world above, entered through the monitoring services."""
    Period.objects.filter(pk=period.pk).update(school_due=SCHOOL_DUE, district_due=DISTRICT_DUE)
    period.refresh_from_db()
    earlier = Period.objects.create(
        plan=period.plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 10),
        district_due=dt.date(2016, 7, 20),
        state="open",
    )
    primary = IndicatorRow.objects.get(indicator__code="1.1.1", level="primary")
    middle = IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")
    count = IndicatorRow.objects.get(indicator__code="1.1.2")
    province_count = IndicatorRow.objects.get(indicator__code="1.1.3")
    enter(
        earlier,
        world.school_a1,
        world.principal,
        {middle: (200, 400)},
        state="approved",
        submitted_on=dt.date(2016, 7, 1),
    )
    Period.objects.filter(pk=earlier.pk).update(state="closed")
    enter(
        period,
        world.school_a1,
        world.principal,
        {middle: (211, 400), count: 70},
        state="approved",
        submitted_on=dt.date(2017, 1, 9),
    )
    enter(
        period,
        world.school_a2,
        world.sysadmin,
        {primary: (9, 10), count: 50},
        state="submitted",
        submitted_on=dt.date(2017, 1, 13),
    )
    enter(
        period,
        world.province,
        world.planning_officer,
        {province_count: 16},
        state="approved",
        submitted_on=dt.date(2017, 1, 30),
    )
    monitoring.submission_get_or_create(period=period, entity=world.district_a)
    Submission.objects.filter(period=period, entity=world.district_a).update(
        state="submitted", submitted_at=at(dt.date(2017, 1, 25))
    )
    return Scored(period, earlier, primary, middle, count, province_count)


@pytest.fixture(name="follow_up")
def follow_up_world(scored, world):
    """Deviations (one waiting, one explained) and two measures without progress (overdue)."""
    temel = Unit.objects.get(code="temel-egitim")
    strateji = Unit.objects.get(code="strateji")
    Deviation.objects.create(period=scored.period, row=scored.middle, unit=temel, rate=Decimal("34.38"))
    Deviation.objects.create(
        period=scored.period, row=scored.primary, unit=strateji, state=Deviation.State.EXPLAINED, cause="x"
    )
    Deviation.objects.create(period=scored.period, row=scored.province_count, unit=strateji)
    target = scored.period.plan.targets.get()
    first = Measure.objects.create(
        plan=scored.period.plan, target=target, number=1, text="Okul öncesi tedbiri"
    )
    second = Measure.objects.create(plan=scored.period.plan, target=target, number=2, text="Strateji tedbiri")
    MeasureUnit.objects.create(measure=first, role="main", unit=temel, phrase="Temel Eğitim")
    MeasureUnit.objects.create(measure=second, role="main", unit=strateji, phrase="Strateji")
    return scored
