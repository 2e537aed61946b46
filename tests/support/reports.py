"""Fixtures for report tests: a period whose reports have every part filled."""

import datetime as dt
from decimal import Decimal

import pytest

from izlem.monitoring import services as monitoring
from izlem.monitoring.models import EvaluationMeeting, Spending, Submission
from izlem.plans.models import CostLine, IndicatorRow


@pytest.fixture
def reported(world, period):
    """School A1 and A2 reported and approved; the province entered its own indicator."""
    count = IndicatorRow.objects.get(indicator__code="1.1.2")
    middle = IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")
    primary = IndicatorRow.objects.get(indicator__code="1.1.1", level="primary")
    a1 = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    monitoring.value_save(by=world.principal, submission=a1, row=count, value=Decimal(70))
    monitoring.value_save(
        by=world.principal, submission=a1, row=middle, numerator=Decimal(30), denominator=Decimal(40)
    )
    a2 = monitoring.submission_get_or_create(period=period, entity=world.school_a2)
    monitoring.value_save(by=world.sysadmin, submission=a2, row=count, value=Decimal(50))
    monitoring.value_save(
        by=world.sysadmin, submission=a2, row=primary, numerator=Decimal(9), denominator=Decimal(10)
    )
    Submission.objects.filter(pk__in=[a1.pk, a2.pk]).update(state="approved")
    CostLine.objects.create(plan=period.plan, kind="target", key="1.1", amount=Decimal("1000000.00"))
    CostLine.objects.create(plan=period.plan, kind="goal", key="1", amount=Decimal("1000000.00"))
    CostLine.objects.create(plan=period.plan, kind="total", key="total", amount=Decimal("1500000.00"))
    Spending.objects.create(
        plan=period.plan, target=period.plan.targets.get(), year=2015, amount=Decimal("150000")
    )
    Spending.objects.create(
        plan=period.plan, target=period.plan.targets.get(), year=2016, amount=Decimal("100000")
    )
    EvaluationMeeting.objects.create(
        period=period,
        date=dt.date(2017, 1, 25),
        place="Toplantı salonu",
        chair=world.province_manager,
        attendees="Ayşe Kaya\nZeynep Arslan",
        decisions="Devamsızlık için eylem planı\nKurs sayısı artırılacak",
    )
    return period
