"""API test helpers: token clients for the world's users, and the small plan of the monitoring tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from izlem.api import services
from izlem.monitoring.models import Deviation, MeasureProgress, Period, Submission
from izlem.org.models import Unit
from izlem.plans.models import (
    ArchitectureComponent,
    CostLine,
    IndicatorRow,
    Measure,
    MeasureUnit,
    PestItem,
    Plan,
    ProblemArea,
    Stakeholder,
    SwotItem,
    TowsStrategy,
)


def token_for(user, **kwargs) -> str:
    """A fresh API token secret for `user`."""
    _token, secret = services.token_create(user=user, name="test", **kwargs)
    return secret


@pytest.fixture
def api(db):
    """`api(user)` → an APIClient that sends a token of `user` (English messages unless asked)."""

    def client_for(user, *, language: str = "en") -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return client_for


def results(response) -> list[dict]:
    """The items of a paginated list response."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {item["id"] for item in results(response)}


def page_queries(client, url: str, size: int) -> tuple[int, int]:
    """GET a page of `size` items of the list at `url`: (how many queries, how many items)."""
    separator = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"{url}{separator}page_size={size}")
    assert response.status_code == 200, response.content
    return len(context), len(response.json()["results"])


def post_value(client, period, entity, row, **fields):
    """POST a monitoring value of `row` for `entity` in `period` (the other fields as given)."""
    return client.post(
        "/api/v1/values/", {"period": period.pk, "entity": entity.pk, "row": row.pk, **fields}, format="json"
    )


def not_found(response) -> bool:
    """The JSON 404 the API answers for a missing record and for one outside the requester's scope."""
    return response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.fixture
def files_and_tasks(settings, tmp_path):
    """Uploads and generated files go to a temporary folder; background tasks run at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class PlanData:
    """A small plan with one of everything the API shows, inside the test world."""

    plan: Plan
    period: Period
    ratio_row: IndicatorRow  # 1.1.1 Ortaokul: schools with a middle level (school A1)
    count_row: IndicatorRow  # 1.1.2: every school
    province_row: IndicatorRow  # 1.1.3: entered by the province (planning officer, unit "strateji")
    school_submission: Submission  # school A1, draft, both rows filled
    province_submission: Submission  # province, draft, 1.1.3 filled
    deviation: Deviation
    measure: Measure
    progress: MeasureProgress


@pytest.fixture
def plan_data(world, period) -> PlanData:
    """`period` (open 2016 H2 of the small plan) with values, a deviation, a measure and analyses."""
    from izlem.monitoring import services as monitoring

    plan = period.plan
    ratio_row = IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.1", level="middle")
    count_row = IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.2")
    province_row = IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.3")
    school = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    monitoring.value_save(
        by=world.principal, submission=school, row=ratio_row, numerator=Decimal(30), denominator=Decimal(40)
    )
    monitoring.value_save(by=world.principal, submission=school, row=count_row, value=Decimal(110))
    province = monitoring.submission_get_or_create(period=period, entity=world.province)
    monitoring.value_save(by=world.planning_officer, submission=province, row=province_row, value=Decimal(12))
    deviation = Deviation.objects.create(
        period=period, row=province_row, unit=province_row.indicator.responsible_unit, rate=Decimal("-10")
    )
    target = plan.targets.get()
    measure = Measure.objects.create(plan=plan, target=target, number=1, text="Okul öncesi kampanyası")
    MeasureUnit.objects.create(
        measure=measure, role="main", unit=Unit.objects.get(code="temel-egitim"), phrase="Temel Eğitim"
    )
    progress = MeasureProgress.objects.create(
        period=period, measure=measure, status="in_progress", percent=40
    )
    strength = SwotItem.objects.create(
        plan=plan, category="strength", number=1, text="Güçlü öğretmen kadrosu"
    )
    SwotItem.objects.create(plan=plan, category="opportunity", number=1, text="Üniversite işbirliği")
    tows = TowsStrategy.objects.create(plan=plan, kind="SO", text="Kadroyu üniversiteyle geliştirmek")
    tows.cites.add(strength)
    PestItem.objects.create(plan=plan, category="social", text="Göç")
    Stakeholder.objects.create(plan=plan, name="Valilik", internal=False, core_partner=True)
    ProblemArea.objects.create(plan=plan, theme="Erişim", text="Okul öncesi okullaşma düşük")
    ArchitectureComponent.objects.create(plan=plan, code="1.1.1", title="Okul öncesi eğitimde okullaşma")
    CostLine.objects.create(plan=plan, kind="target", key="1.1", amount=Decimal("1000.00"), order=1)
    return PlanData(
        plan, period, ratio_row, count_row, province_row, school, province, deviation, measure, progress
    )
