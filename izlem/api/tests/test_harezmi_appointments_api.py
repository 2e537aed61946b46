"""Completed trainings and coordinator appointments through the API.

The same scope and rights as the pages, actions as explicit POSTs, files only through access-checked
endpoints, state-refused steps answered 409 with nothing changed. World: school A1 (district A,
Erzincan), its principal and teacher; the outsider is district B's top manager; Kars's manager
(`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import datetime as dt

import pytest

from izlem.harezmi.models import CoordinatorAppointment, OfficialDocument, TrainingCompletion
from izlem.org.models import Role
from tests.support.api import ids, results
from tests.support.harezmi import pdf, trained
from tests.support.world import make_user

DAY = dt.timedelta(days=1)

pytestmark = pytest.mark.usefixtures("temporary_media")


def test_district_records_a_training_of_its_people_only(world, api, year):
    client = api(world.district_manager)
    r = client.post("/api/v1/harezmi/trainings/", {"person": world.teacher.pk, "completed_on": "2024-08-30"})
    assert r.status_code == 201, r.content
    other = make_user("kars_officer", Role.PLANNING_OFFICER, world.other_province)
    refused = client.post("/api/v1/harezmi/trainings/", {"person": other.pk, "completed_on": "2024-08-30"})
    assert refused.status_code == 400 and "person" in refused.json()["fields"]
    teacher = api(world.teacher).post(
        "/api/v1/harezmi/trainings/", {"person": world.teacher.pk, "completed_on": "2024-08-30"}
    )
    assert teacher.status_code == 403
    assert TrainingCompletion.objects.count() == 1
    assert results(api(world.other_manager).get("/api/v1/harezmi/trainings/")) == []


@pytest.fixture
def volunteer(world):
    person = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(person)
    return person


def _appointment_body(year, person, world):
    return {
        "program_year": year.pk,
        "kind": "district_coordinator",
        "person": person.pk,
        "node": world.district_a.pk,
        "semester": "1",
        "employment": "full_time",
        "unit": "district_private_office",
        "petition_date": str(year.start_date - 10 * DAY),
        "start_letter_number": "E-2401-1",
        "start_letter_date": str(year.start_date),
    }


def test_district_top_manager_appoints_a_trained_volunteer_and_the_departure_follows(
    world, api, year, volunteer
):
    manager = api(world.district_manager)
    r = manager.post("/api/v1/harezmi/appointments/", _appointment_body(year, volunteer, world))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "active" and body["start_letter"]["number"] == "E-2401-1"
    assert body["petition"]["kind"] == "petition" and body["petition"]["file_url"] is None
    pk = body["id"]
    # the coordinator petitions to leave (with the scanned petition, multipart)
    departure = api(volunteer).post(
        f"/api/v1/harezmi/appointments/{pk}/departure/",
        {
            "petition_date": str(year.start_date + 20 * DAY),
            "petition_file": pdf(),
            "reason": "Tayin",
            "departure_date": str(year.start_date + 30 * DAY),
        },
        format="multipart",
    )
    assert departure.status_code == 200, departure.content
    assert departure.json()["state"] == "departure_requested"
    file_url = departure.json()["departure_petition"]["file_url"]
    assert manager.get(file_url).status_code == 200
    assert api(world.outsider).get(file_url).status_code == 404
    # the coordinator cannot approve their own departure; the top manager does, once
    assert api(volunteer).post(f"/api/v1/harezmi/appointments/{pk}/approve-departure/").status_code == 403
    assert manager.post(f"/api/v1/harezmi/appointments/{pk}/approve-departure/").json()["state"] == "ended"
    again = manager.post(f"/api/v1/harezmi/appointments/{pk}/approve-departure/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert CoordinatorAppointment.objects.get().state == "ended"


def test_the_unit_is_answered_and_one_not_allowed_for_the_post_is_refused(world, api, year, volunteer):
    manager = api(world.district_manager)
    # a district coordinator from the province's Strategy Development Section: refused on `unit`
    wrong = _appointment_body(year, volunteer, world) | {"unit": "province_strategy"}
    r = manager.post("/api/v1/harezmi/appointments/", wrong)
    assert r.status_code == 400 and "unit" in r.json()["fields"]
    assert not CoordinatorAppointment.objects.exists() and not OfficialDocument.objects.exists()
    # the district's R&D unit: appointed, and the unit is answered
    r = manager.post(
        "/api/v1/harezmi/appointments/", _appointment_body(year, volunteer, world) | {"unit": "district_rd"}
    )
    assert r.status_code == 201 and r.json()["unit"] == "district_rd"
    assert manager.get(f"/api/v1/harezmi/appointments/{r.json()['id']}/").json()["unit"] == "district_rd"


def test_untrained_person_is_refused_and_nothing_changes(world, api, year):
    untrained = make_user("yeni", Role.TEACHER, world.school_a2)
    r = api(world.district_manager).post(
        "/api/v1/harezmi/appointments/", _appointment_body(year, untrained, world)
    )
    assert r.status_code == 400 and "person" in r.json()["fields"]
    assert not CoordinatorAppointment.objects.exists() and not OfficialDocument.objects.exists()


def test_only_a_top_manager_appoints(world, api, year, volunteer):
    r = api(world.district_coordinator).post(
        "/api/v1/harezmi/appointments/", _appointment_body(year, volunteer, world)
    )
    assert r.status_code == 403
    assert not CoordinatorAppointment.objects.exists() and not OfficialDocument.objects.exists()


def test_appointments_of_another_district_are_not_found(world, api, year, volunteer):
    manager = api(world.district_manager)
    pk = manager.post("/api/v1/harezmi/appointments/", _appointment_body(year, volunteer, world)).json()["id"]
    assert results(api(world.outsider).get("/api/v1/harezmi/appointments/")) == []
    assert (
        api(world.outsider).post(f"/api/v1/harezmi/appointments/{pk}/approve-departure/").status_code == 404
    )
    assert ids(api(world.province_coordinator).get("/api/v1/harezmi/appointments/")) == {pk}
