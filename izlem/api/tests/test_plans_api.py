"""Plan resources: read by everyone working under, at or above the owner; edited by planning officers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from izlem.plans.models import Indicator, YearValue
from tests.support.api import ids, results

PLAN_PARTS = [
    "goals",
    "targets",
    "indicators",
    "year-values",
    "measures",
    "cost-lines",
    "swot-items",
    "tows-strategies",
    "pest-items",
    "stakeholders",
    "problem-areas",
    "architecture",
]


@pytest.mark.parametrize(
    "user", ["principal", "district_manager", "unit_manager", "planning_officer", "teacher"]
)
def test_people_under_the_owner_read_the_plan(world, api, plan_data, user):
    client = api(getattr(world, user))
    assert ids(client.get("/api/v1/plans/")) == {plan_data.plan.pk}
    for resource in PLAN_PARTS:
        assert results(client.get(f"/api/v1/{resource}/")), resource


@pytest.mark.parametrize("user", ["other_manager", "stakeholder", "nobody"])
def test_others_read_nothing_of_the_plan(world, api, plan_data, user):
    client = api(getattr(world, user))
    assert results(client.get("/api/v1/plans/")) == []
    assert client.get(f"/api/v1/plans/{plan_data.plan.pk}/").status_code == 404
    for resource in PLAN_PARTS:
        assert results(client.get(f"/api/v1/{resource}/")) == [], resource
    indicator = plan_data.ratio_row.indicator_id
    assert client.get(f"/api/v1/indicators/{indicator}/").status_code == 404
    assert client.get(f"/api/v1/plans/{plan_data.plan.pk}/costs/").status_code == 404


def test_plan_detail_counts_its_parts(world, api, plan_data):
    r = api(world.principal).get(f"/api/v1/plans/{plan_data.plan.pk}/")
    body = r.json()
    assert (body["goal_count"], body["target_count"], body["indicator_count"], body["measure_count"]) == (
        1,
        1,
        3,
        1,
    )


def test_indicator_has_rows_with_baselines_and_yearly_targets(world, api, plan_data):
    r = api(world.principal).get(f"/api/v1/indicators/{plan_data.ratio_row.indicator_id}/")
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "1.1.1" and [row["breakdown"] for row in body["rows"]] == ["İlkokul", "Ortaokul"]
    row = body["rows"][1]
    assert [b["year"] for b in row["baselines"]] == [2014] and row["baselines"][0]["value"] == "50.0000"
    assert [t["year"] for t in row["targets"]] == [2015, 2016, 2017, 2018, 2019]
    assert row["targets"][-1] == {
        "id": row["targets"][-1]["id"],
        "year": 2019,
        "value": "70.0000",
        "is_default": False,
    }


def test_a_rows_calibrated_range_is_read_with_it(world, api, plan_data):
    row = plan_data.ratio_row
    row.valid_min, row.valid_max = Decimal("12.5"), None
    row.save(update_fields=["valid_min", "valid_max"])
    body = api(world.principal).get(f"/api/v1/indicators/{row.indicator_id}/").json()
    [read] = [r for r in body["rows"] if r["id"] == row.pk]
    assert (read["valid_min"], read["valid_max"]) == ("12.5000", None)


def test_indicator_filters(world, api, plan_data):
    client = api(world.principal)
    assert [i["code"] for i in results(client.get("/api/v1/indicators/?code=1.1.2"))] == ["1.1.2"]
    assert [i["code"] for i in results(client.get("/api/v1/indicators/?collection_level=province"))] == [
        "1.1.3"
    ]
    assert [i["code"] for i in results(client.get("/api/v1/indicators/?ordering=-sort_key"))] == [
        "1.1.3",
        "1.1.2",
        "1.1.1",
    ]


def test_planning_officer_changes_an_indicator(world, api, plan_data):
    indicator = plan_data.count_row.indicator
    r = api(world.planning_officer).patch(
        f"/api/v1/indicators/{indicator.pk}/", {"data_source": "e-Okul", "direction": "lower"}, format="json"
    )
    assert r.status_code == 200 and r.json()["data_source"] == "e-Okul"
    indicator.refresh_from_db()
    assert (indicator.data_source, indicator.direction) == ("e-Okul", "lower")
    assert indicator.history.first().history_user == world.planning_officer


def test_indicator_change_rules_of_the_service_are_400s(world, api, plan_data):
    indicator = plan_data.count_row.indicator
    r = api(world.planning_officer).patch(
        f"/api/v1/indicators/{indicator.pk}/", {"aggregation": "weighted_mean"}, format="json"
    )
    assert r.status_code == 400 and "weight_name" in r.json()["fields"]
    indicator.refresh_from_db()
    assert indicator.aggregation == "sum"


@pytest.mark.parametrize(
    ("user", "status"), [("district_manager", 403), ("district_planner", 403), ("other_manager", 404)]
)
def test_others_cannot_change_an_indicator_and_nothing_changes(world, api, plan_data, user, status):
    indicator = plan_data.count_row.indicator
    r = api(getattr(world, user)).patch(f"/api/v1/indicators/{indicator.pk}/", {"name": "X"}, format="json")
    assert r.status_code == status
    assert Indicator.objects.get(pk=indicator.pk).name == "Gösterge 1.1.2"


def test_planning_officer_sets_a_yearly_target(world, api, plan_data):
    target = YearValue.objects.get(row=plan_data.count_row, kind="target", year=2017)
    r = api(world.planning_officer).patch(f"/api/v1/year-values/{target.pk}/", {"value": 125}, format="json")
    assert r.status_code == 200 and r.json()["value"] == "125.0000" and r.json()["is_default"] is False
    target.refresh_from_db()
    assert target.value == Decimal(125) and not target.is_default


@pytest.mark.parametrize(("kind", "year"), [("baseline", 2014), ("target", 2019)])
def test_baselines_and_the_plan_end_target_are_not_edited_here(world, api, plan_data, kind, year):
    value = YearValue.objects.get(row=plan_data.count_row, kind=kind, year=year)
    before = value.value
    r = api(world.planning_officer).patch(f"/api/v1/year-values/{value.pk}/", {"value": "1"}, format="json")
    assert r.status_code == 400
    value.refresh_from_db()
    assert value.value == before


def test_a_count_target_must_be_whole(world, api, plan_data):
    target = YearValue.objects.get(row=plan_data.count_row, kind="target", year=2017)
    r = api(world.planning_officer).patch(
        f"/api/v1/year-values/{target.pk}/", {"value": "12.5"}, format="json"
    )
    assert r.status_code == 400 and "whole number" in r.json()["message"]


def test_others_cannot_set_a_yearly_target(world, api, plan_data):
    target = YearValue.objects.get(row=plan_data.count_row, kind="target", year=2017)
    before = target.value
    assert (
        api(world.principal)
        .patch(f"/api/v1/year-values/{target.pk}/", {"value": 1}, format="json")
        .status_code
        == 403
    )
    assert (
        api(world.other_manager)
        .patch(f"/api/v1/year-values/{target.pk}/", {"value": 1}, format="json")
        .status_code
        == 404
    )
    target.refresh_from_db()
    assert target.value == before


def test_measures_with_their_units(world, api, plan_data):
    body = api(world.principal).get(f"/api/v1/measures/{plan_data.measure.pk}/").json()
    assert body["number"] == 1 and body["units"] == [
        {
            "role": "main",
            "unit": body["units"][0]["unit"],
            "unit_name": "Temel Eğitim",
            "phrase": "Temel Eğitim",
        }
    ]


def test_costs_are_recomputed(world, api, plan_data):
    body = api(world.principal).get(f"/api/v1/plans/{plan_data.plan.pk}/costs/").json()
    assert body["rows"][0]["computed_amount"] == "1000.00" and body["mismatch_count"] == 0


def test_tows_cites_swot_items(world, api, plan_data):
    strategy = results(api(world.principal).get("/api/v1/tows-strategies/"))[0]
    assert strategy["citations"] == ["1G"] and len(strategy["cites"]) == 1


def test_analyses_filter_by_category(world, api, plan_data):
    client = api(world.principal)
    assert [s["category"] for s in results(client.get("/api/v1/swot-items/?category=opportunity"))] == [
        "opportunity"
    ]
    assert results(client.get("/api/v1/stakeholders/?core_partner=false")) == []
