"""Monitoring roll-ups through the API: coverage and evaluation, progress, the entry form's rows.

The answers match the pages: out-of-scope records are 404s (the outsider of district B never sees
school A1's data, Kars's manager sees nothing of Erzincan); a record you see but may not act on is a
403; locked data (submitted, approved, closed period) refuses every write and nothing changes.
"""

from __future__ import annotations


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
