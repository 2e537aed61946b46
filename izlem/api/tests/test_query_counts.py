"""Every list keeps a constant number of queries whatever the page size (5 or 50 items a page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from izlem.monitoring.models import Deviation, MeasureProgress, Period, Submission, Value
from izlem.org.models import OrgNode, Unit
from izlem.plans.models import (
    ArchitectureComponent,
    CostLine,
    Goal,
    Measure,
    MeasureUnit,
    PestItem,
    ProblemArea,
    Stakeholder,
    SwotItem,
    Target,
    TowsStrategy,
)
from tests.support.api import page_queries
from tests.support.monitoring import make_indicator

MANY = 12


@pytest.fixture
def many(world, plan_data):
    """Twelve or more of everything a list shows, in district A and the province's plan."""
    plan, period = plan_data.plan, plan_data.period
    temel = Unit.objects.get(code="temel-egitim")
    schools = [
        OrgNode.objects.create(
            kind="school", code=f"71{i:04d}", name=f"Okul {i}", parent=world.district_a, level_primary=True
        )
        for i in range(MANY)
    ]
    from tests.support.world import make_user

    for i, school in enumerate(schools):
        make_user(f"mudur{i}", "principal", school)
    for i in range(MANY):
        goal = Goal.objects.create(plan=plan, code=f"{i + 2}", title=f"Amaç {i}", order=i + 2)
        target = Target.objects.create(
            plan=plan, goal=goal, code=f"{i + 2}.1", statement=f"Hedef {i}", order=i
        )
        indicator = make_indicator(plan, target, f"{i + 2}.1.1", unit="count", aggregation="sum")
        Deviation.objects.create(period=period, row=indicator.rows.get(), unit=temel)
        measure = Measure.objects.create(plan=plan, target=target, number=i + 2, text=f"Tedbir {i}")
        MeasureUnit.objects.create(measure=measure, role="main", unit=temel, phrase="Temel Eğitim")
        MeasureProgress.objects.create(period=period, measure=measure, status="in_progress", percent=10)
        CostLine.objects.create(plan=plan, kind="target", key=f"{i + 2}.1", amount=Decimal(100), order=i + 2)
        swot = SwotItem.objects.create(plan=plan, category="weakness", number=i + 1, text=f"Zayıflık {i}")
        TowsStrategy.objects.create(plan=plan, kind="WO", text=f"Strateji {i}", order=i).cites.add(swot)
        PestItem.objects.create(plan=plan, category="economic", text=f"Ekonomi {i}", order=i)
        Stakeholder.objects.create(plan=plan, name=f"Paydaş {i}", order=i)
        ProblemArea.objects.create(plan=plan, text=f"Sorun {i}", order=i)
        ArchitectureComponent.objects.create(plan=plan, code=f"9.{i}", title=f"Bileşen {i}", order=i)
    for year in range(2015, 2020):
        for half in ("H1", "H2"):
            if (year, half) != (period.year, period.half):
                Period.objects.create(
                    plan=plan,
                    year=year,
                    half=half,
                    open_date=dt.date(year, 6, 1),
                    school_due=dt.date(year, 7, 1),
                    district_due=dt.date(year, 7, 2),
                )
    count_row = plan_data.count_row
    for school in schools:
        submission = Submission.objects.create(period=period, entity=school, state="submitted")
        Value.objects.create(
            period=period, entity=school, submission=submission, row=count_row, value=Decimal(7)
        )
    return schools


LISTS = [
    "/api/v1/nodes/",
    "/api/v1/units/",
    "/api/v1/users/",
    "/api/v1/role-assignments/",
    "/api/v1/plans/",  # one plan: checked for a constant count all the same
    "/api/v1/goals/",
    "/api/v1/targets/",
    "/api/v1/indicators/",
    "/api/v1/year-values/",
    "/api/v1/measures/",
    "/api/v1/cost-lines/",
    "/api/v1/swot-items/",
    "/api/v1/tows-strategies/",
    "/api/v1/pest-items/",
    "/api/v1/stakeholders/",
    "/api/v1/problem-areas/",
    "/api/v1/architecture/",
    "/api/v1/periods/",
    "/api/v1/submissions/",
    "/api/v1/values/",
    "/api/v1/deviations/",
    "/api/v1/measure-progress/",
    "/api/v1/periods/{period}/results/",
    "/api/v1/periods/{period}/progress/?node={district}",
    "/api/v1/periods/{period}/school-realization/",
    "/api/v1/periods/{period}/entry/?entity={school}",  # a school's few rows: checked for a constant count
]
FEW = {"/api/v1/plans/", "/api/v1/periods/{period}/entry/?entity={school}"}


@pytest.mark.parametrize("user", ["sysadmin", "district_manager"])
@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_the_page(world, api, plan_data, many, user, path):
    # given
    client = api(getattr(world, user))
    url = path.format(period=plan_data.period.pk, district=world.district_a.pk, school=world.school_a1.pk)
    client.get(url)  # the token's first use records `last_used_at` once
    # when
    small_queries, small_items = page_queries(client, url, 5)
    large_queries, large_items = page_queries(client, url, 50)
    # then
    if path not in FEW:
        assert small_items == 5 and large_items > 5, (small_items, large_items)
    assert small_queries == large_queries
    # roll-ups read every earlier period of the plan (ten here) for the trend: a few more queries
    assert large_queries <= (25 if "/results/" in path else 12)
