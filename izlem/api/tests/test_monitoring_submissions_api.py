"""Monitoring submissions through the API: submitting, approving, returning, and the locks of
submitted data and of a closed period.

The answers match the pages: out-of-scope records are 404s (the outsider of district B never sees
school A1's data, Kars's manager sees nothing of Erzincan); a record you see but may not act on is a
403; locked data (submitted, approved, closed period) refuses every write and nothing changes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from izlem.monitoring import services
from izlem.monitoring.models import Deviation, MeasureProgress, Period, Submission, Value
from tests.support.api import ids, post_value, results


def test_submit_approve_and_the_data_is_locked(world, api, plan_data):
    submission = plan_data.school_submission
    # when
    submitted = api(world.principal).post(f"/api/v1/submissions/{submission.pk}/submit/")
    approved = api(world.district_manager).post(f"/api/v1/submissions/{submission.pk}/approve/")
    # then
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert [(e["from_state"], e["to_state"]) for e in approved.json()["events"]] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    locked = api(world.principal).put(f"/api/v1/values/{value.pk}/", {"value": 1}, format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "locked"
    again = api(world.principal).post(f"/api/v1/submissions/{submission.pk}/submit/")
    assert again.status_code == 409 and again.json()["code"] == "locked"
    twice = api(world.district_manager).post(f"/api/v1/submissions/{submission.pk}/approve/")
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    assert Value.objects.get(pk=value.pk).value == Decimal(110)
    assert Submission.objects.get(pk=submission.pk).state == "approved"


def test_submit_needs_every_row(world, api, period):
    submission = services.submission_get_or_create(period=period, entity=world.school_a1)
    r = api(world.principal).post(f"/api/v1/submissions/{submission.pk}/submit/")
    assert r.status_code == 400 and "1.1.1 Ortaokul" in r.json()["message"]
    assert Submission.objects.get(pk=submission.pk).state == "draft"


def test_return_needs_a_comment_and_reopens_the_data(world, api, plan_data):
    submission = plan_data.school_submission
    api(world.principal).post(f"/api/v1/submissions/{submission.pk}/submit/")
    client = api(world.district_manager)
    assert (
        client.post(
            f"/api/v1/submissions/{submission.pk}/return/", {"comment": ""}, format="json"
        ).status_code
        == 400
    )
    r = client.post(
        f"/api/v1/submissions/{submission.pk}/return/", {"comment": "Payda yanlış"}, format="json"
    )
    assert r.status_code == 200 and r.json()["state"] == "returned" and r.json()["comment"] == "Payda yanlış"
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    assert (
        api(world.principal).put(f"/api/v1/values/{value.pk}/", {"value": 112}, format="json").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("user", "status"), [("outsider", 404), ("other_manager", 404), ("principal", 403), ("unit_manager", 403)]
)
def test_only_the_district_decides_a_schools_submission(world, api, plan_data, user, status):
    submission = plan_data.school_submission
    api(world.principal).post(f"/api/v1/submissions/{submission.pk}/submit/")
    r = api(getattr(world, user)).post(f"/api/v1/submissions/{submission.pk}/approve/")
    assert r.status_code == status
    assert Submission.objects.get(pk=submission.pk).state == "submitted"


def test_outsider_cannot_see_school_a1s_submission(world, api, plan_data):
    client = api(world.outsider)
    assert client.get(f"/api/v1/submissions/{plan_data.school_submission.pk}/").status_code == 404
    assert client.post(f"/api/v1/submissions/{plan_data.school_submission.pk}/submit/").status_code == 404
    assert plan_data.school_submission.pk not in ids(client.get("/api/v1/submissions/"))


def test_district_manager_cannot_submit_for_a_school(world, api, plan_data):
    r = api(world.district_manager).post(f"/api/v1/submissions/{plan_data.school_submission.pk}/submit/")
    assert r.status_code == 403
    assert Submission.objects.get(pk=plan_data.school_submission.pk).state == "draft"


def test_submissions_filter_by_period_entity_and_state(world, api, plan_data):
    client = api(world.province_manager)
    assert ids(client.get(f"/api/v1/submissions/?entity={world.school_a1.pk}")) == {
        plan_data.school_submission.pk
    }
    assert ids(client.get("/api/v1/submissions/?entity_kind=province")) == {plan_data.province_submission.pk}
    assert ids(client.get(f"/api/v1/submissions/?under={world.district_a.pk}&state=draft")) == {
        plan_data.school_submission.pk
    }
    assert results(client.get("/api/v1/submissions/?state=approved")) == []


def test_closed_period_refuses_every_write_and_nothing_changes(world, api, plan_data):
    # given
    Deviation.objects.update(state="explained")
    Period.objects.filter(pk=plan_data.period.pk).update(state="closed")
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    # when / then
    put = api(world.principal).put(f"/api/v1/values/{value.pk}/", {"value": 1}, format="json")
    assert put.status_code == 409 and put.json()["code"] == "locked"
    submit = api(world.principal).post(f"/api/v1/submissions/{plan_data.school_submission.pk}/submit/")
    assert submit.status_code == 409
    progress = api(world.planning_officer).post(
        "/api/v1/measure-progress/",
        {"period": plan_data.period.pk, "measure": plan_data.measure.pk, "status": "done", "percent": 100},
        format="json",
    )
    assert progress.status_code == 409 and progress.json()["code"] == "locked"
    explain = api(world.planning_officer).post(
        f"/api/v1/deviations/{plan_data.deviation.pk}/explain/",
        {"cause": "x", "corrective_action": "y", "action_owner": "z", "action_due": "2017-01-01"},
        format="json",
    )
    assert explain.status_code == 409
    assert Value.objects.get(pk=value.pk).value == Decimal(110)
    assert Submission.objects.get(pk=plan_data.school_submission.pk).state == "draft"
    assert MeasureProgress.objects.get(pk=plan_data.progress.pk).percent == 40
    assert Deviation.objects.get(pk=plan_data.deviation.pk).cause == ""


def test_a_write_on_a_closed_period_leaves_no_draft_submission_behind(world, api, period):
    Period.objects.filter(pk=period.pk).update(state="closed")
    row = period.plan.indicators.get(code="1.1.2").rows.get()
    r = post_value(api(world.principal), period, world.school_a1, row, value=1)
    assert r.status_code == 409 and r.json()["code"] == "locked"
    assert not Submission.objects.exists() and not Value.objects.exists()
