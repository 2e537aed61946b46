"""Visits through the API: the coordinator corrects their visit and takes an unmade one out of their
plan (refusals change nothing); planned vs done answers the page's figures.

World: school A1 (district A, Erzincan), its principal and teacher; the outsider is district B's top
manager; Kars's manager (`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from izlem.harezmi import services
from izlem.harezmi.models import PlannedVisit, Visit
from tests.support.api import not_found

DAY = dt.timedelta(days=1)
PLANNED_VS_DONE = "/api/v1/harezmi/visits/planned-vs-done/"
MISSING = 999_999
pytestmark = pytest.mark.usefixtures("files_and_tasks")


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def visits(world, year, team):
    """The district coordinator's week plan with two visits planned (A1, A2); the A1 one is made."""
    day = today() - 2 * DAY
    plan = services.visit_plan_create(
        by=None, program_year=year, coordinator=world.district_coordinator, node=world.district_a, day=day
    )
    made = services.planned_visit_add(
        by=None, plan=plan, school=world.school_a1, planned_on=plan.starts_on, purpose="guidance"
    )
    open_item = services.planned_visit_add(
        by=None, plan=plan, school=world.school_a2, planned_on=plan.starts_on, purpose="other"
    )
    visit = services.visit_record(
        by=None,
        program_year=year,
        coordinator=world.district_coordinator,
        school=world.school_a1,
        visited_on=day,
        purpose="guidance",
        observations="Ekip planına uygun çalışıyor.",
        planned=made,
    )
    return plan, made, open_item, visit


def _visit_row(visit) -> tuple:
    visit.refresh_from_db()
    return (visit.visited_on, visit.purpose, visit.observations, visit.planned_id)


def test_the_coordinator_corrects_their_visit(world, api, visits):
    _plan, made, _open_item, visit = visits
    url = f"/api/v1/harezmi/visits/{visit.pk}/"
    changed = api(world.district_coordinator).patch(
        url, {"observations": "Ekip planı güncellendi.", "planned": None}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["observations"], changed.json()["planned"]) == ("Ekip planı güncellendi.", None)
    assert changed.json() == api(world.district_coordinator).get(url).json()
    back = api(world.district_coordinator).patch(url, {"planned": made.pk}, format="json")
    assert back.status_code == 200 and back.json()["planned"] == made.pk
    assert Visit.objects.get().history.count() == 3


def test_visit_correction_refusals_change_nothing(world, api, visits):
    _plan, made, open_item, visit = visits
    before = _visit_row(visit)
    url = f"/api/v1/harezmi/visits/{visit.pk}/"
    # readers of the visit who did not make it: 403; others: 404 like a missing visit
    for reader in (world.principal, world.district_manager, world.province_coordinator):
        assert api(reader).patch(url, {"observations": "X"}, format="json").status_code == 403
    for outsider in (world.outsider, world.other_manager, world.teacher):
        assert not_found(api(outsider).patch(url, {"observations": "X"}, format="json"))
    assert not_found(
        api(world.district_coordinator).patch(
            f"/api/v1/harezmi/visits/{MISSING}/", {"observations": "X"}, format="json"
        )
    )
    # the service's rules: no future day, a planned visit of the same school
    coordinator = api(world.district_coordinator)
    future = coordinator.patch(url, {"visited_on": str(today() + DAY)}, format="json")
    assert future.status_code == 400 and "visited_on" in future.json()["fields"]
    other_school = coordinator.patch(url, {"planned": open_item.pk}, format="json")
    assert other_school.status_code == 400 and "planned" in other_school.json()["fields"]
    blank = coordinator.patch(url, {"observations": ""}, format="json")
    assert blank.status_code == 400 and "observations" in blank.json()["fields"]
    assert _visit_row(visit) == before and Visit.objects.get().history.count() == 1


def test_the_coordinator_takes_an_unmade_visit_out_of_their_plan(world, api, visits):
    plan, made, open_item, _visit = visits
    url = f"/api/v1/harezmi/visit-plans/{plan.pk}/remove-item/"
    coordinator = api(world.district_coordinator)
    # a visit already made stays: 409, nothing changed
    kept = coordinator.post(url, {"item": made.pk}, format="json")
    assert kept.status_code == 409 and kept.json()["code"] == "conflict"
    # readers of the plan: 403; others: 404; an item of another plan: the 400 of an unknown one
    assert api(world.district_manager).post(url, {"item": open_item.pk}, format="json").status_code == 403
    for outsider in (world.outsider, world.principal, world.other_manager):
        assert not_found(api(outsider).post(url, {"item": open_item.pk}, format="json"))
    other_plan = services.visit_plan_create(
        by=None,
        program_year=plan.program_year,
        coordinator=world.district_coordinator,
        node=world.district_a,
        day=plan.starts_on - 7 * DAY,
    )
    foreign = services.planned_visit_add(
        by=None, plan=other_plan, school=world.school_a1, planned_on=other_plan.starts_on, purpose="other"
    )
    wrong = coordinator.post(url, {"item": foreign.pk}, format="json")
    assert wrong.status_code == 400 and list(wrong.json()["fields"]) == ["item"]
    assert set(PlannedVisit.objects.values_list("pk", flat=True)) == {made.pk, open_item.pk, foreign.pk}
    # when the coordinator takes out the unmade one
    removed = coordinator.post(url, {"item": open_item.pk}, format="json")
    # then the plan answers without it
    assert removed.status_code == 200, removed.content
    assert [item["id"] for item in removed.json()["items"]] == [made.pk]
    assert removed.json()["item_count"] == 1 and removed.json()["done_count"] == 1
    assert not PlannedVisit.objects.filter(pk=open_item.pk).exists()


def test_planned_vs_done_answers_the_pages_figures(world, api, visits, year, client):
    services.visit_record(
        by=None,
        program_year=year,
        coordinator=world.district_coordinator,
        school=world.school_a2,
        visited_on=today() - DAY,
        purpose="other",
        observations="Plansız ziyaret",
    )
    response = api(world.district_manager).get(f"{PLANNED_VS_DONE}?year={year.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    client.force_login(world.district_manager)
    page = client.get(reverse("harezmi:visits-planned-vs-done") + f"?year={year.pk}").context
    assert [
        (
            row["coordinator"],
            row["month"],
            row["planned"],
            row["done_planned"],
            row["unplanned"],
            row["visits"],
        )
        for row in body["rows"]
    ] == [
        (row.coordinator.pk, str(row.month), row.planned, row.done_planned, row.unplanned, row.visits)
        for row in page["rows"]
    ]
    totals = page["totals"]
    assert body["totals"] == {
        "planned": totals.planned,
        "done_planned": totals.done_planned,
        "unplanned": totals.unplanned,
        "visits": totals.visits,
        "rate": str(totals.rate),
    }
    assert (body["totals"]["planned"], body["totals"]["done_planned"], body["totals"]["visits"]) == (2, 1, 2)
    assert {row["coordinator_name"] for row in body["rows"]} == {world.district_coordinator.get_full_name()}


def test_planned_vs_done_outside_the_scope(world, api, visits, year):
    # another district's manager reads none of district A's plans and visits
    other = api(world.outsider).get(f"{PLANNED_VS_DONE}?year={year.pk}")
    assert other.status_code == 200 and other.json()["rows"] == []
    assert other.json()["totals"]["planned"] == 0 and other.json()["totals"]["rate"] is None
    # like the page: no figures for a principal or a teacher; Kars's manager has no such year
    for user in (world.principal, world.teacher, world.other_manager):
        assert not_found(api(user).get(f"{PLANNED_VS_DONE}?year={year.pk}"))
    assert not_found(api(world.district_manager).get(f"{PLANNED_VS_DONE}?year={MISSING}"))
    assert api(world.district_manager).get(f"{PLANNED_VS_DONE}?year=x").status_code == 400
