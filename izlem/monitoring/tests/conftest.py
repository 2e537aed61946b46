"""A small plan and a period in the test world, for monitoring tests."""

import datetime as dt
from decimal import Decimal

import pytest

from izlem.monitoring.models import Period
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
