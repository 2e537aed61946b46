"""Deviations (explained and followed up) and measure progress through the API.

The answers match the pages: out-of-scope records are 404s (the outsider of district B never sees
school A1's data, Kars's manager sees nothing of Erzincan); a record you see but may not act on is a
403; locked data (submitted, approved, closed period) refuses every write and nothing changes.
"""

from __future__ import annotations

import pytest

from izlem.monitoring.models import Deviation, MeasureProgress


def test_planning_officer_explains_and_follows_up_a_deviation(world, api, plan_data):
    client = api(world.planning_officer)
    explained = client.post(
        f"/api/v1/deviations/{plan_data.deviation.pk}/explain/",
        {
            "cause": "Ödenek",
            "corrective_action": "Ek kurs",
            "action_owner": "AR-GE",
            "action_due": "2017-03-01",
        },
        format="json",
    )
    assert explained.status_code == 200 and explained.json()["state"] == "explained"
    followed = client.post(
        f"/api/v1/deviations/{plan_data.deviation.pk}/follow-up/",
        {"done": True, "note": "Tamam"},
        format="json",
    )
    assert followed.status_code == 200 and followed.json()["action_state"] == "done"


def test_deviation_explanation_needs_every_field(world, api, plan_data):
    r = api(world.planning_officer).post(
        f"/api/v1/deviations/{plan_data.deviation.pk}/explain/", {"cause": "x"}, format="json"
    )
    assert r.status_code == 400 and {"corrective_action", "action_owner", "action_due"} <= set(
        r.json()["fields"]
    )


@pytest.mark.parametrize(
    ("user", "status"), [("principal", 403), ("unit_manager", 403), ("other_manager", 404)]
)
def test_others_cannot_explain_a_deviation(world, api, plan_data, user, status):
    r = api(getattr(world, user)).post(
        f"/api/v1/deviations/{plan_data.deviation.pk}/explain/",
        {"cause": "x", "corrective_action": "y", "action_owner": "z", "action_due": "2017-01-01"},
        format="json",
    )
    assert r.status_code == status
    assert Deviation.objects.get(pk=plan_data.deviation.pk).state == "open"


def test_unit_manager_reports_measure_progress(world, api, plan_data):
    r = api(world.unit_manager).post(
        "/api/v1/measure-progress/",
        {
            "period": plan_data.period.pk,
            "measure": plan_data.measure.pk,
            "status": "done",
            "percent": 100,
            "note": "Bitti",
        },
        format="json",
    )
    assert r.status_code == 200 and (r.json()["status"], r.json()["percent"]) == ("done", 100)
    assert MeasureProgress.objects.get(pk=plan_data.progress.pk).updated_by == world.unit_manager


def test_measure_progress_rules_and_rights(world, api, plan_data):
    payload = {
        "period": plan_data.period.pk,
        "measure": plan_data.measure.pk,
        "status": "done",
        "percent": 90,
    }
    invalid = api(world.unit_manager).post("/api/v1/measure-progress/", payload, format="json")
    refused = api(world.principal).post(
        "/api/v1/measure-progress/", {**payload, "percent": 100}, format="json"
    )
    assert invalid.status_code == 400 and "percent" in invalid.json()["fields"]
    assert refused.status_code == 403
    assert MeasureProgress.objects.get(pk=plan_data.progress.pk).percent == 40
