"""Harezmi meetings, trainings held with their participants, and training needs through the API.

The same scope and rights as the pages, writes through the same services, state-refused steps answered
409 and nothing changed on any refusal. World: school A1 (district A, Erzincan), its principal and
teacher; the outsider is district B's top manager; Kars's manager (`other_manager`) sees nothing of
Erzincan.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from izlem.harezmi import services as harezmi_services
from izlem.harezmi.models import (
    Meeting,
    MeetingAttendee,
    Training,
    TrainingCompletion,
    TrainingNeed,
    TrainingParticipant,
)
from tests.support.api import ids, results

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def _meeting(world, api, year, **extra):
    body = {
        "program_year": year.pk,
        "kind": "process_management",
        "node": world.district_a.pk,
        "title": "Süreç yönetimi toplantısı",
        "held_on": str(today() - DAY),
        "place": "İlçe MEM salonu",
        "invitees": [world.principal.pk, world.teacher.pk],
        "outsiders": [{"name": "Ayşe Yılmaz", "role_note": "Veli temsilcisi"}],
        **extra,
    }
    return api(world.district_coordinator).post("/api/v1/harezmi/meetings/", body, format="json")


def test_district_records_a_meeting_the_invited_read_it_and_attendance_is_marked(world, api, year):
    r = _meeting(world, api, year)
    assert r.status_code == 201, r.content
    meeting = r.json()
    assert meeting["invited_count"] == 3 and meeting["present_count"] == 0
    # the invited teacher reads it (not a manager of district A)
    assert ids(api(world.teacher).get(f"/api/v1/harezmi/meetings/?year={year.pk}")) == {meeting["id"]}
    rows = {row["person"] or row["name"]: row["id"] for row in meeting["attendees"]}
    marked = api(world.district_coordinator).post(
        f"/api/v1/harezmi/meetings/{meeting['id']}/attendance/",
        {"present": [rows[world.teacher.pk], rows["Ayşe Yılmaz"]]},
        format="json",
    )
    assert marked.status_code == 200, marked.content
    assert marked.json()["present_count"] == 2
    assert set(MeetingAttendee.objects.filter(present=True).values_list("name", "person")) == {
        ("", world.teacher.pk),
        ("Ayşe Yılmaz", None),
    }


def test_meeting_refusals_change_nothing(world, api, year):
    meeting = _meeting(world, api, year).json()
    url = f"/api/v1/harezmi/meetings/{meeting['id']}/"
    # invited but not of the level that holds it: 403
    assert api(world.teacher).patch(url, {"title": "X"}, format="json").status_code == 403
    assert api(world.principal).post(f"{url}attendance/", {"present": []}, format="json").status_code == 403
    # another district and another province: not found
    assert api(world.outsider).get(url).status_code == 404
    assert api(world.other_manager).patch(url, {"title": "X"}, format="json").status_code == 404
    assert results(api(world.other_manager).get("/api/v1/harezmi/meetings/")) == []
    # a teacher records no meeting; a school meeting is not a district's
    assert (
        _meeting(world, api, year)
        and api(world.teacher)
        .post(
            "/api/v1/harezmi/meetings/",
            {
                "program_year": year.pk,
                "kind": "other",
                "node": world.district_a.pk,
                "title": "T",
                "held_on": "2026-01-01",
            },
            format="json",
        )
        .status_code
        == 403
    )
    wrong = _meeting(world, api, year, kind="school_pre")
    assert wrong.status_code == 400 and "node" in wrong.json()["fields"]
    assert Meeting.objects.filter(title="X").count() == 0
    assert Meeting.objects.count() == 2 and not MeetingAttendee.objects.filter(present=True).exists()


def test_the_level_changes_its_meeting_and_replaces_the_outsiders(world, api, year):
    meeting = _meeting(world, api, year).json()
    r = api(world.district_coordinator).patch(
        f"/api/v1/harezmi/meetings/{meeting['id']}/",
        {"decisions": "Karar 1", "outsiders": []},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["decisions"] == "Karar 1" and r.json()["invited_count"] == 2
    assert Meeting.objects.get().history.count() == 2


def test_a_patch_may_leave_out_an_outsiders_role_note(world, api, year):
    meeting = _meeting(world, api, year).json()
    r = api(world.district_coordinator).patch(
        f"/api/v1/harezmi/meetings/{meeting['id']}/", {"outsiders": [{"name": "Ali Veli"}]}, format="json"
    )
    assert r.status_code == 200, r.content
    assert [(row["name"], row["role_note"]) for row in r.json()["attendees"] if not row["person"]] == [
        ("Ali Veli", "")
    ]


# --- trainings held, participants, needs -----------------------------------------------------------------


def _course(world, api, year, user="province_coordinator", node=None):
    body = {
        "program_year": year.pk,
        "node": (node or world.province).pk,
        "kind": "harezmi",
        "topic": "harezmi",
        "title": "Harezmi Eğitim Modeli kursu",
        "mode": "in_person",
        "venue": "Öğretmenevi",
        "starts_on": str(today() - 10 * DAY),
        "ends_on": str(today() - 6 * DAY),
        "hours": 30,
    }
    return api(getattr(world, user)).post("/api/v1/harezmi/courses/", body, format="json")


def test_province_holds_a_training_enrols_and_completion_qualifies(world, api, year):
    r = _course(world, api, year)
    assert r.status_code == 201, r.content
    course = r.json()["id"]
    client = api(world.province_coordinator)
    enrolled = client.post(
        f"/api/v1/harezmi/courses/{course}/participants/", {"people": [world.teacher.pk]}, format="json"
    )
    assert enrolled.status_code == 200, enrolled.content
    participant = enrolled.json()[0]["id"]
    url = f"/api/v1/harezmi/course-participants/{participant}/state/"
    done = client.post(url, {"state": "completed", "completed_on": str(today() - 6 * DAY)}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "completed" and done.json()["completion"]
    assert TrainingCompletion.objects.filter(person=world.teacher).count() == 1
    # a completion is final: 409, nothing changed
    again = client.post(url, {"state": "dropped"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert TrainingParticipant.objects.get().state == "completed"
    # the participant reads their course; the district reads the province's
    assert ids(api(world.teacher).get("/api/v1/harezmi/courses/")) == {course}
    assert ids(api(world.district_manager).get("/api/v1/harezmi/course-participants/")) == {participant}
    assert r.json()["participant_count"] == 0
    assert client.get(f"/api/v1/harezmi/courses/{course}/").json()["completed_count"] == 1


def test_training_refusals_change_nothing(world, api, year):
    course = _course(world, api, year).json()["id"]
    url = f"/api/v1/harezmi/courses/{course}/"
    district = api(world.district_manager)
    # the district reads the province's training but does not run it
    assert district.get(url).status_code == 200
    assert district.patch(url, {"title": "X"}, format="json").status_code == 403
    assert (
        district.post(f"{url}participants/", {"people": [world.teacher.pk]}, format="json").status_code == 403
    )
    assert api(world.other_manager).get(url).status_code == 404
    assert results(api(world.other_manager).get("/api/v1/harezmi/courses/")) == []
    # a district organises at its own level only
    assert _course(world, api, year, user="district_manager").status_code == 400
    assert _course(world, api, year, user="principal").status_code == 403
    assert Training.objects.count() == 1 and Training.objects.get().title != "X"
    assert not TrainingParticipant.objects.exists()


def test_district_collects_training_needs_and_marks_them_met(world, api, year):
    body = {
        "program_year": year.pk,
        "school": world.school_a1.pk,
        "person": world.teacher.pk,
        "topic": "robotics",
        "description": "Arduino",
    }
    refused = api(world.principal).post("/api/v1/harezmi/training-needs/", body, format="json")
    assert refused.status_code == 403 and not TrainingNeed.objects.exists()
    r = api(world.district_coordinator).post("/api/v1/harezmi/training-needs/", body, format="json")
    assert r.status_code == 201, r.content
    need = r.json()["id"]
    url = f"/api/v1/harezmi/training-needs/{need}/"
    # the principal reads the school's needs, but does not change them
    assert ids(api(world.principal).get(f"/api/v1/harezmi/training-needs/?school={world.school_a1.pk}")) == {
        need
    }
    assert api(world.principal).patch(url, {"topic": "coding"}, format="json").status_code == 403
    assert api(world.other_manager).get(url).status_code == 404
    assert TrainingNeed.objects.get().topic == "robotics"
    course = _course(world, api, year).json()["id"]
    # a training the teacher did not attend does not meet the need: refused, the need stays open
    refused = api(world.district_coordinator).post(f"{url}met/", {"training": course}, format="json")
    assert refused.status_code == 400 and "did not attend" in refused.content.decode()
    assert TrainingNeed.objects.get().met_by is None
    # once the teacher completed it, it does
    training = Training.objects.get(pk=course)
    (row,) = harezmi_services.training_participants_add(by=None, training=training, people=[world.teacher])
    harezmi_services.training_participant_state_set(
        by=None, participant=row, state="completed", completed_on=training.ends_on
    )
    met = api(world.district_coordinator).post(f"{url}met/", {"training": course}, format="json")
    assert met.status_code == 200 and met.json()["met_by"] == course
    assert ids(api(world.district_coordinator).get("/api/v1/harezmi/training-needs/?met=false")) == set()
