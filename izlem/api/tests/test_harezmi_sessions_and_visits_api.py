"""Sessions, absences, visit plans, visits and their follow-ups through the API.

The same scope and rights as the pages, writes through the same services, state-refused steps answered
409 and nothing changed on any refusal. World: school A1 (district A, Erzincan), its principal and
teacher; the outsider is district B's top manager; Kars's manager (`other_manager`) sees nothing of
Erzincan.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from izlem.harezmi.models import Absence, FollowUp, Session, Visit, VisitPlan
from tests.support.api import ids

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def test_the_teams_teacher_writes_the_session_others_only_read_it(world, api, year, team):
    monday = _monday(today() - 14 * DAY)
    body = {
        "team": team.pk,
        "week_start": str(monday),
        "state": "held",
        "held_on": str(monday),
        "activities": "Blok tabanlı kodlama",
        "teachers_present": [world.teacher.pk],
    }
    refused = api(world.district_manager).post("/api/v1/harezmi/sessions/", body, format="json")
    assert refused.status_code == 403 and not Session.objects.exists()
    assert api(world.other_manager).post("/api/v1/harezmi/sessions/", body, format="json").status_code == 400
    r = api(world.teacher).post("/api/v1/harezmi/sessions/", body, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "held" and r.json()["teacher_attendance"][0]["present"] is True
    url = f"/api/v1/harezmi/sessions/{r.json()['id']}/"
    assert ids(api(world.district_manager).get(f"/api/v1/harezmi/sessions/?year={year.pk}&state=held")) == {
        r.json()["id"]
    }
    assert api(world.outsider).get(url).status_code == 404
    missing = api(world.teacher).post(
        "/api/v1/harezmi/sessions/",
        {**body, "activities": "", "week_start": str(monday - 7 * DAY), "held_on": str(monday - 7 * DAY)},
        format="json",
    )
    assert missing.status_code == 400 and "activities" in missing.json()["fields"]
    assert Session.objects.count() == 1


def test_teacher_reports_an_absence_the_principal_corrects_it(world, api, year, team):
    body = {
        "program_year": year.pk,
        "teacher": world.teacher.pk,
        "kind": "sick",
        "starts_on": str(today() - 3 * DAY),
        "ends_on": str(today() - 2 * DAY),
    }
    assert (
        api(world.district_manager).post("/api/v1/harezmi/absences/", body, format="json").status_code == 403
    )
    assert not Absence.objects.exists()
    r = api(world.teacher).post("/api/v1/harezmi/absences/", body, format="json")
    assert r.status_code == 201, r.content
    url = f"/api/v1/harezmi/absences/{r.json()['id']}/"
    assert ids(api(world.district_manager).get("/api/v1/harezmi/absences/?kind=sick")) == {r.json()["id"]}
    assert api(world.district_manager).patch(url, {"kind": "leave"}, format="json").status_code == 403
    assert api(world.outsider).get(url).status_code == 404
    assert Absence.objects.get().kind == "sick"
    changed = api(world.principal).patch(url, {"kind": "leave"}, format="json")
    assert changed.status_code == 200 and changed.json()["kind"] == "leave"


def test_coordinator_plans_visits_records_one_and_the_owner_closes_the_follow_up(world, api, year, team):
    dc = api(world.district_coordinator)
    day = today() - 2 * DAY
    assert (
        api(world.teacher)
        .post(
            "/api/v1/harezmi/visit-plans/",
            {"program_year": year.pk, "node": world.district_a.pk, "day": str(day)},
            format="json",
        )
        .status_code
        == 403
    )
    plan = dc.post(
        "/api/v1/harezmi/visit-plans/",
        {"program_year": year.pk, "node": world.district_a.pk, "day": str(day)},
        format="json",
    )
    assert plan.status_code == 201, plan.content
    item = dc.post(
        f"/api/v1/harezmi/visit-plans/{plan.json()['id']}/items/",
        {"school": world.school_a1.pk, "planned_on": str(day), "purpose": "guidance"},
        format="json",
    )
    assert item.status_code == 201, item.content
    planned = item.json()["items"][0]["id"]
    # the district manager reads the plan but it is not theirs to fill
    assert (
        api(world.district_manager)
        .post(
            f"/api/v1/harezmi/visit-plans/{plan.json()['id']}/items/",
            {"school": world.school_a1.pk, "planned_on": str(day), "purpose": "other"},
            format="json",
        )
        .status_code
        == 403
    )
    visit = dc.post(
        "/api/v1/harezmi/visits/",
        {
            "program_year": year.pk,
            "school": world.school_a1.pk,
            "visited_on": str(day),
            "purpose": "guidance",
            "observations": "Ekip planına uygun çalışıyor.",
            "planned": planned,
        },
        format="json",
    )
    assert visit.status_code == 201, visit.content
    url = f"/api/v1/harezmi/visits/{visit.json()['id']}/"
    # the principal reads the visit to the school but adds no follow-up; other districts see nothing
    assert (
        api(world.principal)
        .post(f"{url}follow-ups/", {"action": "X", "owner_name": "Y"}, format="json")
        .status_code
        == 403
    )
    assert api(world.outsider).get(url).status_code == 404
    follow = dc.post(
        f"{url}follow-ups/", {"action": "Ekip planını güncelle", "owner": world.principal.pk}, format="json"
    )
    assert follow.status_code == 201 and follow.json()["open_count"] == 1
    follow_up = follow.json()["follow_ups"][0]["id"]
    assert (
        api(world.teacher)
        .post(f"/api/v1/harezmi/follow-ups/{follow_up}/done/", {"done_on": str(today())}, format="json")
        .status_code
        == 404  # the teacher may not read the visit: answered as a missing id
    )
    assert FollowUp.objects.get().done_on is None
    done = api(world.principal).post(
        f"/api/v1/harezmi/follow-ups/{follow_up}/done/",
        {"done_on": str(today()), "result": "Güncellendi"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["done_on"] == str(today())
    assert ids(api(world.principal).get("/api/v1/harezmi/follow-ups/?done=true")) == {follow_up}
    assert Visit.objects.get().planned_id == planned and VisitPlan.objects.count() == 1
