"""A computed value (bound to a Harezmi source) refuses every write through the API and stays as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from izlem.monitoring import computed
from izlem.monitoring.models import Period, Value
from izlem.plans.models import Indicator

pytestmark = pytest.mark.usefixtures("files_and_tasks")


def today() -> dt.date:
    return timezone.localdate()


def test_a_computed_value_refuses_every_write(world, api, small_plan):
    period = Period.objects.create(
        plan=small_plan,
        year=today().year,
        half="H2",
        open_date=dt.date(today().year, 1, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )
    indicator = Indicator.objects.get(plan=small_plan, code="1.1.2")
    computed.indicator_bind(by=world.planning_officer, indicator=indicator, source="trainings_attended_staff")
    value = Value.objects.get(period=period, entity=world.school_a1, row__indicator=indicator)
    before = (value.value, value.version, value.computed, value.entered_by_id)
    client = api(world.principal)  # the school's enterer: any other value of A1 is theirs to write
    url = f"/api/v1/values/{value.pk}/"
    assert client.get(url).json()["computed"] is True
    put = client.put(url, {"value": "99", "version": value.version}, format="json")
    post = client.post(
        "/api/v1/values/",
        {"period": period.pk, "entity": world.school_a1.pk, "row": value.row_id, "value": "99"},
        format="json",
    )
    patch = client.patch(url, {"value": "99"}, format="json")
    for response, status, code in (
        (put, 400, "invalid"),
        (post, 400, "invalid"),
        (patch, 405, "method_not_allowed"),
    ):
        assert (response.status_code, response.json()["code"]) == (status, code), response.content
    assert "cannot be entered by hand" in put.json()["message"] + str(put.json()["fields"])
    value.refresh_from_db()
    assert (value.value, value.version, value.computed, value.entered_by_id) == before
    assert before[:3] == (Decimal(0), 1, True)
