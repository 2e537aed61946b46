"""Monitoring periods through the API: who sees them, adding, opening, closing and reopening them.

The answers match the pages: out-of-scope records are 404s (the outsider of district B never sees
school A1's data, Kars's manager sees nothing of Erzincan); a record you see but may not act on is a
403; locked data (submitted, approved, closed period) refuses every write and nothing changes.
"""

from __future__ import annotations

import pytest

from izlem.monitoring.models import Period, PeriodEvent
from tests.support.api import ids, results


@pytest.mark.parametrize(
    "user", ["principal", "district_manager", "unit_manager", "planning_officer", "outsider"]
)
def test_monitoring_roles_in_the_province_see_its_periods(world, api, period, user):
    assert ids(api(getattr(world, user)).get("/api/v1/periods/")) == {period.pk}


@pytest.mark.parametrize("user", ["other_manager", "teacher", "stakeholder", "district_coordinator"])
def test_others_see_no_periods(world, api, period, user):
    client = api(getattr(world, user))
    assert results(client.get("/api/v1/periods/")) == []
    assert client.get(f"/api/v1/periods/{period.pk}/").status_code == 404
    assert client.get(f"/api/v1/periods/{period.pk}/results/").status_code == 404


def test_planning_officer_adds_and_opens_a_period(world, api, small_plan):
    client = api(world.planning_officer)
    r = client.post(
        "/api/v1/periods/",
        {
            "plan": small_plan.pk,
            "year": 2017,
            "half": "H1",
            "open_date": "2017-06-01",
            "school_due": "2017-07-10",
            "district_due": "2017-07-20",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "planned" and r.json()["label"] == "2017-H1"
    opened = client.post(f"/api/v1/periods/{r.json()['id']}/open/")
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    assert [e["action"] for e in opened.json()["events"]] == ["open"]


def test_period_rules_are_400s(world, api, small_plan):
    r = api(world.planning_officer).post(
        "/api/v1/periods/",
        {
            "plan": small_plan.pk,
            "year": 2030,
            "half": "H1",
            "open_date": "2030-06-01",
            "school_due": "2030-07-10",
            "district_due": "2030-07-20",
        },
        format="json",
    )
    assert r.status_code == 400 and "year" in r.json()["fields"]
    assert not Period.objects.exists()


def test_those_who_read_but_do_not_manage_get_403_and_nothing_changes(world, api, period):
    client = api(world.district_manager)
    assert client.post(f"/api/v1/periods/{period.pk}/close/").status_code == 403
    created = client.post(
        "/api/v1/periods/",
        {
            "plan": period.plan_id,
            "year": 2017,
            "half": "H1",
            "open_date": "2017-06-01",
            "school_due": "2017-07-10",
            "district_due": "2017-07-20",
        },
        format="json",
    )
    assert created.status_code == 403
    period.refresh_from_db()
    assert period.state == "open" and Period.objects.count() == 1


def test_close_and_reopen_with_a_reason(world, api, period):
    client = api(world.planning_officer)
    closed = client.post(f"/api/v1/periods/{period.pk}/close/")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert client.post(f"/api/v1/periods/{period.pk}/close/").status_code == 409
    no_reason = client.post(f"/api/v1/periods/{period.pk}/reopen/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    reopened = client.post(
        f"/api/v1/periods/{period.pk}/reopen/", {"reason": "Geç gelen veri"}, format="json"
    )
    assert reopened.status_code == 200 and reopened.json()["state"] == "open"
    assert PeriodEvent.objects.get(period=period, action="reopen").reason == "Geç gelen veri"


def test_open_period_cannot_be_opened_again(world, api, period):
    r = api(world.planning_officer).post(f"/api/v1/periods/{period.pk}/open/")
    assert r.status_code == 409 and r.json()["code"] == "conflict"


def test_closing_waits_for_deviation_explanations(world, api, plan_data):
    r = api(world.planning_officer).post(f"/api/v1/periods/{plan_data.period.pk}/close/")
    assert r.status_code == 400 and "1.1.3" in r.json()["message"]
    plan_data.period.refresh_from_db()
    assert plan_data.period.state == "open"
