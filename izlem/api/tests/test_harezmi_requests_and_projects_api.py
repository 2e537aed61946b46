"""Material requests, projects, events and awards through the API.

The same scope and rights as the pages, writes through the same services, state-refused steps answered
409 and nothing changed on any refusal. World: school A1 (district A, Erzincan), its principal and
teacher; the outsider is district B's top manager; Kars's manager (`other_manager`) sees nothing of
Erzincan.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from izlem.harezmi.models import Activity, Award, MaterialDelivery, MaterialRequest, Project
from izlem.org.models import Role
from tests.support.api import ids, results
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def _request(world, api, year, user="principal"):
    body = {
        "program_year": year.pk,
        "school": world.school_a1.pk,
        "item": "arduino",
        "quantity": 5,
        "reason": "Robotik atölyesi",
    }
    return api(getattr(world, user)).post("/api/v1/harezmi/material-requests/", body, format="json")


def test_school_asks_district_decides_and_delivers(world, api, year):
    assert _request(world, api, year, user="teacher").status_code == 403
    assert not MaterialRequest.objects.exists()
    r = _request(world, api, year)
    assert r.status_code == 201, r.content
    url = f"/api/v1/harezmi/material-requests/{r.json()['id']}/"
    district = api(world.district_coordinator)
    # the district does not change the school's request; the school does not decide it
    assert district.patch(url, {"quantity": 9}, format="json").status_code == 403
    assert (
        api(world.principal)
        .post(f"{url}decide/", {"approve": True, "approved_quantity": 5}, format="json")
        .status_code
        == 403
    )
    assert (
        api(world.outsider)
        .post(f"{url}decide/", {"approve": True, "approved_quantity": 5}, format="json")
        .status_code
        == 404
    )
    assert MaterialRequest.objects.get().state == "requested" and MaterialRequest.objects.get().quantity == 5
    decided = district.post(f"{url}decide/", {"approve": True, "approved_quantity": 3}, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    # decided: the school's change and a second decision are 409
    assert api(world.principal).patch(url, {"quantity": 9}, format="json").status_code == 409
    assert district.post(f"{url}decide/", {"approve": False, "note": "Yok"}, format="json").status_code == 409
    delivery = {"quantity": 3, "delivered_on": str(today()), "supplier": world.district_a.pk}
    done = district.post(f"{url}deliveries/", delivery, format="json")
    assert done.status_code == 201, done.content
    assert done.json()["state"] == "delivered" and done.json()["delivered"] == 3
    assert district.post(f"{url}deliveries/", delivery, format="json").status_code == 409
    assert MaterialDelivery.objects.count() == 1
    assert ids(api(world.principal).get("/api/v1/harezmi/material-requests/?state=delivered")) == {
        r.json()["id"]
    }
    assert results(api(world.other_manager).get("/api/v1/harezmi/material-requests/")) == []


# --- projects, events, awards ----------------------------------------------------------------------------


def test_school_records_its_project_and_others_only_read_it(world, api, year):
    body = {
        "node": world.school_a1.pk,
        "program_year": year.pk,
        "programme": "etwinning",
        "title": "Kodla Geleceği",
        "role": "coordinator",
        "starts_on": str(year.start_date),
        "ends_on": str(year.end_date),
        "student_participants": 20,
        "student_mobility": 0,
    }
    too_many = api(world.principal).post(
        "/api/v1/harezmi/projects/", {**body, "student_mobility": 30}, format="json"
    )
    assert too_many.status_code == 400 and "student_mobility" in too_many.json()["fields"]
    r = api(world.principal).post("/api/v1/harezmi/projects/", body, format="json")
    assert r.status_code == 201, r.content
    url = f"/api/v1/harezmi/projects/{r.json()['id']}/"
    assert ids(api(world.district_manager).get("/api/v1/harezmi/projects/?programme=etwinning")) == {
        r.json()["id"]
    }
    assert api(world.district_manager).patch(url, {"title": "X"}, format="json").status_code == 403
    assert api(world.outsider).get(url).status_code == 404
    assert api(world.teacher).post("/api/v1/harezmi/projects/", body, format="json").status_code == 403
    assert Project.objects.count() == 1 and Project.objects.get().title == "Kodla Geleceği"
    changed = api(world.principal).patch(url, {"teacher_participants": 2}, format="json")
    assert changed.status_code == 200 and changed.json()["teacher_participants"] == 2


def test_district_event_and_an_award_the_awarded_person_reads(world, api, year):
    event = api(world.district_coordinator).post(
        "/api/v1/harezmi/activities/",
        {
            "node": world.district_a.pk,
            "program_year": year.pk,
            "kind": "festival",
            "title": "Bilim Şenliği",
            "held_on": str(today() - DAY),
            "participants": 150,
        },
        format="json",
    )
    assert event.status_code == 201, event.content
    # the principal reads the school's records only; the province reads the district's
    assert results(api(world.principal).get("/api/v1/harezmi/activities/")) == []
    assert ids(api(world.province_manager).get("/api/v1/harezmi/activities/?kind=festival")) == {
        event.json()["id"]
    }
    assert (
        api(world.province_manager)
        .patch(f"/api/v1/harezmi/activities/{event.json()['id']}/", {"title": "X"}, format="json")
        .status_code
        == 403
    )
    award_body = {
        "node": world.school_a1.pk,
        "program_year": year.pk,
        "person": world.teacher.pk,
        "kind": "thanks",
        "title": "Teşekkür Belgesi",
        "given_on": str(today() - DAY),
        "given_by": "Okul Müdürlüğü",
    }
    stranger = make_user("yabanci", Role.TEACHER, world.school_b1)
    wrong = api(world.principal).post(
        "/api/v1/harezmi/awards/", {**award_body, "person": stranger.pk}, format="json"
    )
    assert wrong.status_code == 400 and "person" in wrong.json()["fields"]
    award = api(world.principal).post("/api/v1/harezmi/awards/", award_body, format="json")
    assert award.status_code == 201, award.content
    assert ids(api(world.teacher).get("/api/v1/harezmi/awards/")) == {award.json()["id"]}
    assert (
        api(world.teacher)
        .patch(f"/api/v1/harezmi/awards/{award.json()['id']}/", {"title": "X"}, format="json")
        .status_code
        == 403
    )
    assert Award.objects.get().title == "Teşekkür Belgesi" and Activity.objects.get().title == "Bilim Şenliği"
