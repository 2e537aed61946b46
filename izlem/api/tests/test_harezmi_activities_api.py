"""Harezmi II resources (meetings, trainings held and their participants, training needs, material
requests, projects, events, awards): the same scope and rights as the pages, writes through the same
services, state-refused steps answered 409 and nothing changed on any refusal. World: school A1
(district A, Erzincan), its principal and teacher; the outsider is district B's top manager; Kars's
manager (`other_manager`) sees nothing of Erzincan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from izlem.harezmi import services as harezmi_services
from izlem.harezmi.models import (
    Absence,
    Activity,
    Award,
    FollowUp,
    MaterialDelivery,
    MaterialRequest,
    Meeting,
    MeetingAttendee,
    PlannedVisit,
    Project,
    Session,
    SessionTeacherAttendance,
    TeacherAssignment,
    Team,
    Training,
    TrainingCompletion,
    TrainingNeed,
    TrainingParticipant,
    Visit,
    VisitPlan,
)
from izlem.org.models import OrgNode, Role
from tests.support.api import ids, results
from tests.support.harezmi import make_year
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


# --- meetings ------------------------------------------------------------------------------------------


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


# --- material requests -----------------------------------------------------------------------------------


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


# --- sessions, absences, visits --------------------------------------------------------------------------


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


# --- query counts ----------------------------------------------------------------------------------------

MANY = 12


@pytest.fixture
def many_records(world):
    """Twelve schools of district A, each with a meeting (three on its list), a training with a trainer and
    two participants, a need, a request with a delivery, a project, an event and an award."""
    year = make_year(world)
    start = year.start_date
    coordinator = world.province_coordinator
    for i in range(MANY):
        school = OrgNode.objects.create(
            kind="school", code=f"73{i:04d}", name=f"Okul {i}", parent=world.district_a, level_primary=True
        )
        teacher = make_user(f"ogr{i}", Role.TEACHER, school)
        meeting = Meeting.objects.create(
            program_year=year, kind="school_pre", node=school, title=f"Toplantı {i}", held_on=start
        )
        MeetingAttendee.objects.create(meeting=meeting, person=teacher, present=True)
        MeetingAttendee.objects.create(meeting=meeting, person=world.district_manager)
        MeetingAttendee.objects.create(meeting=meeting, name="Misafir")
        training = Training.objects.create(
            program_year=year,
            node=world.district_a,
            kind="other",
            topic="coding",
            title=f"Kurs {i}",
            mode="online",
            starts_on=start,
            ends_on=start,
        )
        training.trainers.add(coordinator)
        TrainingParticipant.objects.create(training=training, person=teacher)
        TrainingParticipant.objects.create(training=training, person=world.teacher, state="dropped")
        TrainingNeed.objects.create(program_year=year, person=teacher, school=school, topic="coding")
        request = MaterialRequest.objects.create(
            program_year=year,
            school=school,
            item="arduino",
            quantity=2,
            reason="R",
            state="approved",
            approved_quantity=2,
        )
        MaterialDelivery.objects.create(
            request=request, quantity=1, delivered_on=start, supplier=world.district_a
        )
        Project.objects.create(
            node=school,
            program_year=year,
            programme="etwinning",
            title=f"Proje {i}",
            role="partner",
            starts_on=start,
            ends_on=start,
        )
        Activity.objects.create(node=school, program_year=year, kind="content", title=f"E {i}", held_on=start)
        team = Team.objects.create(program_year=year, school=school, name="Ekip", weekday=1, first_lesson=1)
        TeacherAssignment.objects.create(team=team, teacher=teacher, state="active", start_date=start)
        session = Session.objects.create(
            team=team, week_start=start, held_on=start, state="held", activities="Kodlama"
        )
        SessionTeacherAttendance.objects.create(session=session, teacher=teacher, present=True)
        Absence.objects.create(
            program_year=year, teacher=teacher, kind="sick", starts_on=start, ends_on=start
        )
        plan = VisitPlan.objects.create(
            program_year=year,
            coordinator=world.district_coordinator,
            node=world.district_a,
            span="week",
            starts_on=start + i * 7 * DAY,
            ends_on=start + (i * 7 + 6) * DAY,
        )
        item = PlannedVisit.objects.create(
            plan=plan, school=school, planned_on=plan.starts_on, purpose="other"
        )
        visit = Visit.objects.create(
            program_year=year,
            coordinator=world.district_coordinator,
            school=school,
            visited_on=plan.starts_on,
            purpose="other",
            planned=item,
            observations="Gözlem",
        )
        FollowUp.objects.create(visit=visit, action="Eylem", owner=teacher, due_on=plan.ends_on)
        Award.objects.create(
            node=school,
            program_year=year,
            person=teacher,
            kind="award",
            title=f"Ö {i}",
            given_on=start,
            given_by="İlçe",
        )
    return year


LISTS = [
    "/api/v1/harezmi/meetings/",
    "/api/v1/harezmi/courses/",
    "/api/v1/harezmi/course-participants/",
    "/api/v1/harezmi/training-needs/",
    "/api/v1/harezmi/material-requests/",
    "/api/v1/harezmi/projects/",
    "/api/v1/harezmi/activities/",
    "/api/v1/harezmi/awards/",
    "/api/v1/harezmi/sessions/",
    "/api/v1/harezmi/absences/",
    "/api/v1/harezmi/visit-plans/",
    "/api/v1/harezmi/visits/",
    "/api/v1/harezmi/follow-ups/",
]


def _queries(client, url: str, size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"{url}?page_size={size}")
    assert response.status_code == 200, response.content
    return len(context), len(response.json()["results"])


@pytest.mark.parametrize("user", ["sysadmin", "district_manager"])
@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_the_page(world, api, many_records, user, path):
    client = api(getattr(world, user))
    client.get(path)  # the token's first use records `last_used_at` once
    small_queries, small_items = _queries(client, path, 5)
    large_queries, large_items = _queries(client, path, 50)
    assert small_items == 5 and large_items > 5, (small_items, large_items)
    assert small_queries == large_queries
    assert large_queries <= 12
