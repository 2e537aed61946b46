"""Monitoring resources: periods, values, submissions, roll-ups, deviations and measure progress.

The answers match the pages: out-of-scope records are 404s (the outsider of district B never sees
school A1's data, Kars's manager sees nothing of Erzincan); a record you see but may not act on is a
403; locked data (submitted, approved, closed period) refuses every write and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from izlem.monitoring import services
from izlem.monitoring.models import Deviation, MeasureProgress, Period, PeriodEvent, Submission, Value
from tests.support.api import ids, results

# --- periods ------------------------------------------------------------------------------------------------


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


# --- values -----------------------------------------------------------------------------------------------------


def _post_value(client, period, entity, row, **fields):
    return client.post(
        "/api/v1/values/", {"period": period.pk, "entity": entity.pk, "row": row.pk, **fields}, format="json"
    )


def test_principal_enters_a_ratio_value(world, api, plan_data):
    # given: A2 (primary) enters its İlkokul row for the first time
    row = plan_data.ratio_row.indicator.rows.get(level="primary")
    # when
    r = _post_value(
        api(world.principal),
        plan_data.period,
        world.school_a1,
        plan_data.ratio_row,
        numerator=33,
        denominator="40",
    )
    created = _post_value(
        api(world.principal), plan_data.period, world.school_a1, row, numerator=1, denominator=2
    )
    # then
    assert r.status_code == 200 and r.json()["value"] == "82.5000" and r.json()["version"] == 2
    assert created.status_code == 400 and "indicator is not collected" in created.json()["message"]


def test_a_value_outside_the_rows_calibrated_range_is_a_400_naming_the_range(world, api, period):
    row = period.plan.indicators.get(code="1.1.2").rows.get()
    row.valid_min, row.valid_max = 10, 120
    row.save(update_fields=["valid_min", "valid_max"])
    client = api(world.principal)
    r = _post_value(client, period, world.school_a1, row, value=121, note="x", confirm_outlier=True)
    assert r.status_code == 400 and "120" in r.content.decode() and "10" in r.content.decode()
    assert _post_value(client, period, world.school_a1, row, value=120).status_code == 201


def test_a_new_value_is_201_and_audited(world, api, period):
    r = _post_value(
        api(world.principal),
        period,
        world.school_a1,
        period.plan.indicators.get(code="1.1.2").rows.get(),
        value=105,
        note="e-Okul",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["value"], body["version"], body["submission_state"], body["note"]) == (
        "105.0000",
        1,
        "draft",
        "e-Okul",
    )
    value = Value.objects.get(pk=body["id"])
    assert value.entered_by == world.principal and value.history.first().history_user == world.principal


def test_put_changes_a_value_with_its_version(world, api, plan_data):
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    r = api(world.principal).put(
        f"/api/v1/values/{value.pk}/", {"value": "111", "version": value.version}, format="json"
    )
    assert (
        r.status_code == 200 and r.json()["value"] == "111.0000" and r.json()["version"] == value.version + 1
    )


def test_a_stale_version_is_a_409_and_nothing_changes(world, api, plan_data):
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    r = api(world.principal).put(
        f"/api/v1/values/{value.pk}/", {"value": "120", "version": 99}, format="json"
    )
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert "Someone else changed this value" in r.json()["message"]
    assert Value.objects.get(pk=value.pk).value == Decimal("110.0000")


def test_range_errors_are_400s_with_fields(world, api, plan_data):
    client = api(world.principal)
    ratio = _post_value(
        client, plan_data.period, world.school_a1, plan_data.ratio_row, numerator=50, denominator=40
    )
    count = _post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value="1.5")
    assert ratio.status_code == 400 and "numerator cannot be greater" in ratio.json()["message"]
    assert count.status_code == 400 and count.json()["fields"] == {
        "value": ["This indicator counts whole things: enter a whole number."]
    }
    assert Value.objects.get(row=plan_data.count_row, entity=world.school_a1).value == Decimal(110)


def test_an_unusual_value_needs_confirmation(world, api, plan_data):
    # given: last period's value 100, so 300 jumps by more than 50 %
    earlier = Period.objects.create(
        plan=plan_data.plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 10),
        district_due=dt.date(2016, 7, 20),
        state="open",
    )
    submission = services.submission_get_or_create(period=earlier, entity=world.school_a1)
    services.value_save(
        by=world.principal, submission=submission, row=plan_data.count_row, value=Decimal(100)
    )
    client = api(world.principal)
    # when
    first = _post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value=300)
    confirmed = _post_value(
        client,
        plan_data.period,
        world.school_a1,
        plan_data.count_row,
        value=300,
        confirm_outlier=True,
        note="Yeni bina",
    )
    # then
    assert first.status_code == 422 and first.json()["code"] == "needs_confirmation"
    assert "confirm_outlier" in first.json()["fields"]
    assert confirmed.status_code == 200 and confirmed.json()["outlier_confirmed"] is True


def test_outsider_neither_sees_nor_writes_school_a1s_values(world, api, plan_data):
    client = api(world.outsider)
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    assert value.pk not in ids(client.get("/api/v1/values/?page_size=200"))
    assert client.get(f"/api/v1/values/{value.pk}/").status_code == 404
    assert client.put(f"/api/v1/values/{value.pk}/", {"value": 1}, format="json").status_code == 404
    r = _post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value=1)
    assert r.status_code == 400 and "entity" in r.json()["fields"]
    assert Value.objects.get(pk=value.pk).value == Decimal(110)


def test_kars_sees_nothing_of_erzincan(world, api, plan_data):
    client = api(world.other_manager)
    for resource in ["values", "submissions", "deviations", "measure-progress", "periods"]:
        assert results(client.get(f"/api/v1/{resource}/")) == [], resource
    r = _post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value=1)
    assert r.status_code == 400 and {"period", "entity", "row"} <= set(r.json()["fields"])


def test_district_manager_sees_but_does_not_enter_a_schools_values(world, api, plan_data):
    client = api(world.district_manager)
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    assert client.get(f"/api/v1/values/{value.pk}/").status_code == 200
    r = client.put(f"/api/v1/values/{value.pk}/", {"value": 1}, format="json")
    assert r.status_code == 403
    new = _post_value(client, plan_data.period, world.school_a2, plan_data.count_row, value=1)
    assert new.status_code == 403
    assert Value.objects.get(pk=value.pk).value == Decimal(110)
    assert not Submission.objects.filter(entity=world.school_a2).exists()


def test_unit_manager_enters_only_their_units_rows(world, api, plan_data):
    # 1.1.3 belongs to "strateji", the unit manager is Temel Eğitim's
    r = _post_value(
        api(world.unit_manager), plan_data.period, world.province, plan_data.province_row, value=15
    )
    assert r.status_code == 403
    assert Value.objects.get(row=plan_data.province_row).value == Decimal(12)


def test_values_filter_by_period_entity_and_indicator_code(world, api, plan_data):
    client = api(world.district_manager)
    codes = [v["indicator_code"] for v in results(client.get(f"/api/v1/values/?entity={world.school_a1.pk}"))]
    assert codes == ["1.1.1", "1.1.2"]
    by_code = results(client.get(f"/api/v1/values/?period={plan_data.period.pk}&indicator=1.1.2"))
    assert [(v["entity"], v["value"]) for v in by_code] == [(world.school_a1.pk, "110.0000")]
    assert results(client.get("/api/v1/values/?state=approved")) == []


# --- submissions and locking -------------------------------------------------------------------------------


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
    r = _post_value(api(world.principal), period, world.school_a1, row, value=1)
    assert r.status_code == 409 and r.json()["code"] == "locked"
    assert not Submission.objects.exists() and not Value.objects.exists()


# --- roll-ups ----------------------------------------------------------------------------------------------------


def test_district_roll_up_with_coverage_and_evaluation(world, api, plan_data):
    # given: school A1 submitted (A2 not)
    api(world.principal).post(f"/api/v1/submissions/{plan_data.school_submission.pk}/submit/")
    # when
    r = api(world.district_manager).get(f"/api/v1/periods/{plan_data.period.pk}/results/?indicator=1.1.1")
    # then
    assert r.status_code == 200
    primary, middle = r.json()["results"]
    assert middle["node"] == world.district_a.pk  # the top of the district manager's scope
    assert (middle["breakdown"], middle["value"], middle["numerator"], middle["denominator"]) == (
        "Ortaokul",
        "75.0000",
        "30.0000",
        "40.0000",
    )
    assert (middle["reported"], middle["expected"], middle["coverage_percent"]) == (1, 1, "100.0")
    assert (middle["baseline"], middle["baseline_year"], middle["year_target"]) == (
        "50.0000",
        2014,
        "58.0000",
    )
    assert (middle["rate"], middle["status"]) == ("312.50", "on_track")
    assert (primary["reported"], primary["expected"], primary["value"], primary["status"]) == (
        0,
        1,
        None,
        "no_data",
    )


def test_counts_below_the_province_are_shown_but_not_judged(world, api, plan_data):
    api(world.principal).post(f"/api/v1/submissions/{plan_data.school_submission.pk}/submit/")
    [row] = (
        api(world.district_manager)
        .get(f"/api/v1/periods/{plan_data.period.pk}/results/?indicator=1.1.2")
        .json()["results"]
    )
    assert (row["value"], row["reported"], row["expected"], row["coverage_percent"]) == (
        "110.0000",
        1,
        2,
        "50.0",
    )
    assert (row["year_target"], row["rate"], row["status"]) == (None, None, "no_data")


def test_results_at_a_node_in_scope_only(world, api, plan_data):
    client = api(world.district_manager)
    r = client.get(f"/api/v1/periods/{plan_data.period.pk}/results/?node={world.school_a1.pk}")
    assert r.status_code == 200 and {item["node"] for item in r.json()["results"]} == {world.school_a1.pk}
    assert (
        client.get(f"/api/v1/periods/{plan_data.period.pk}/results/?node={world.school_b1.pk}").status_code
        == 404
    )
    assert client.get(f"/api/v1/periods/{plan_data.period.pk}/results/?status=nope").status_code == 400


def test_progress_and_school_realization(world, api, plan_data):
    client = api(world.district_manager)
    progress = client.get(f"/api/v1/periods/{plan_data.period.pk}/progress/").json()["results"]
    assert [(p["entity_name"], p["state"]) for p in progress] == [
        ("Atatürk Ortaokulu", "draft"),
        ("Gazi İlkokulu", "draft"),
    ]
    ranking = client.get(f"/api/v1/periods/{plan_data.period.pk}/school-realization/").json()["results"]
    assert {item["school_name"] for item in ranking} == {"Atatürk Ortaokulu", "Gazi İlkokulu"}


def test_entry_form_lists_the_rows_an_entity_reports(world, api, plan_data):
    lines = (
        api(world.principal)
        .get(f"/api/v1/periods/{plan_data.period.pk}/entry/?entity={world.school_a1.pk}")
        .json()["results"]
    )
    assert [(line["indicator_code"], line["breakdown"], line["is_ratio"]) for line in lines] == [
        ("1.1.1", "Ortaokul", True),
        ("1.1.2", "", False),
    ]
    assert lines[0]["current"]["numerator"] == "30.0000" and lines[0]["current"]["version"] == 1
    assert lines[1]["year_target"] == "120.0000" and all(line["can_edit"] for line in lines)
    seen_by_district = (
        api(world.district_manager)
        .get(f"/api/v1/periods/{plan_data.period.pk}/entry/?entity={world.school_a1.pk}")
        .json()["results"]
    )
    assert not any(line["can_edit"] for line in seen_by_district)
    outsider = api(world.outsider).get(
        f"/api/v1/periods/{plan_data.period.pk}/entry/?entity={world.school_a1.pk}"
    )
    assert outsider.status_code == 404
    assert api(world.principal).get(f"/api/v1/periods/{plan_data.period.pk}/entry/").status_code == 400


# --- deviations and measures ---------------------------------------------------------------------------------------


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
