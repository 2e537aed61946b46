"""Harezmi resources: the same scope and rights as the pages, actions as explicit POSTs, files only
through access-checked endpoints, and state-refused steps (submitted, decided, ended) answered 409 with
nothing changed. World: school A1 (district A, Erzincan), its principal and teacher; the outsider is
district B's top manager; Kars's manager (`other_manager`) sees nothing of Erzincan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from izlem.harezmi import services
from izlem.harezmi.models import (
    Application,
    CalendarEvent,
    CoordinatorAppointment,
    OfficialDocument,
    ParentMeeting,
    ProgramYear,
    Student,
    TeacherAssignment,
    Team,
    TrainingCompletion,
)
from izlem.org.models import Role
from tests.support.api import ids, results
from tests.support.harezmi import (
    approve,
    doc,
    trained,
)
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "belge.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


# --- program years and calendar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user", ["province_coordinator", "district_manager", "principal", "teacher", "outsider"]
)
def test_people_of_the_province_see_its_years(world, api, year, user):
    client = api(getattr(world, user))
    assert ids(client.get("/api/v1/harezmi/years/")) == {year.pk}
    assert client.get(f"/api/v1/harezmi/years/{year.pk}/").json()["name"] == "2025-2026"


def test_another_province_sees_no_year_and_gets_404(world, api, year):
    client = api(world.other_manager)
    assert results(client.get("/api/v1/harezmi/years/")) == []
    assert client.get(f"/api/v1/harezmi/years/{year.pk}/").status_code == 404
    assert client.patch(f"/api/v1/harezmi/years/{year.pk}/", {"last_lesson": 7}).status_code == 404
    year.refresh_from_db()
    assert year.last_lesson == 8


def test_province_coordinator_changes_the_rules_of_the_year(world, api, year):
    r = api(world.province_coordinator).patch(f"/api/v1/harezmi/years/{year.pk}/", {"team_teacher_max": 8})
    assert r.status_code == 200, r.content
    year.refresh_from_db()
    assert year.team_teacher_max == 8 and r.json()["team_teacher_max"] == 8
    assert year.history.count() == 2  # audited like the page's change


def test_district_reads_the_year_but_may_not_change_it(world, api, year):
    r = api(world.district_manager).patch(f"/api/v1/harezmi/years/{year.pk}/", {"team_teacher_max": 8})
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    year.refresh_from_db()
    assert year.team_teacher_max == 6


def test_year_rules_are_checked_by_the_service(world, api, year):
    r = api(world.province_coordinator).patch(
        f"/api/v1/harezmi/years/{year.pk}/", {"team_teacher_min": 7, "team_teacher_max": 6}
    )
    assert r.status_code == 400 and "team_teacher_max" in r.json()["fields"]


def test_opening_a_year_needs_a_province_role(world, api):
    fields = {
        "name": "2030-2031",
        "start_date": "2030-09-01",
        "end_date": "2031-06-20",
        "application_opens": "2030-05-01",
        "application_closes": "2030-06-01",
        "semester1_start": "2030-09-01",
        "semester1_end": "2031-01-20",
        "semester2_start": "2031-02-05",
        "semester2_end": "2031-06-20",
    }
    refused = api(world.district_manager).post(
        "/api/v1/harezmi/years/", {"province": world.province.pk, **fields}
    )
    assert refused.status_code == 403 and not ProgramYear.objects.exists()
    r = api(world.province_coordinator).post(
        "/api/v1/harezmi/years/", {"province": world.province.pk, **fields}
    )
    assert r.status_code == 201, r.content
    assert ProgramYear.objects.get().name == "2030-2031"


def test_district_puts_an_event_on_its_own_level_only(world, api, year):
    client = api(world.district_coordinator)
    body = {
        "program_year": year.pk,
        "kind": "process_management",
        "title": "Süreç toplantısı",
        "starts_on": str(year.start_date + 7 * DAY),
    }
    r = client.post("/api/v1/harezmi/calendar-events/", {**body, "node": world.district_a.pk})
    assert r.status_code == 201, r.content
    at_province = client.post("/api/v1/harezmi/calendar-events/", {**body, "node": world.province.pk})
    assert at_province.status_code == 400 and "node" in at_province.json()["fields"]
    teacher = api(world.teacher).post(
        "/api/v1/harezmi/calendar-events/", {**body, "node": world.district_a.pk}
    )
    assert teacher.status_code == 403
    assert CalendarEvent.objects.count() == 1
    assert ids(api(world.teacher).get(f"/api/v1/harezmi/calendar-events/?year={year.pk}")) == {r.json()["id"]}
    assert results(api(world.other_manager).get("/api/v1/harezmi/calendar-events/")) == []


# --- trainings and appointments ------------------------------------------------------------------------------


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


# --- applications -----------------------------------------------------------------------------------------


def _apply(api, world, year):
    return api(world.principal).post(
        "/api/v1/harezmi/applications/",
        {
            "program_year": year.pk,
            "school": world.school_a1.pk,
            "requested_team_count": 2,
            "motivation": "Gerekçe",
            "proposed_teachers": [world.teacher.pk],
        },
    )


def test_application_goes_school_district_province_and_is_announced(world, api, window_year):
    # given the principal's application in the window
    r = _apply(api, world, window_year)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["proposed_teachers"] == [world.teacher.pk]
    principal, district, province = (
        api(world.principal),
        api(world.district_manager),
        api(world.province_coordinator),
    )
    # when it is corrected, submitted, forwarded and approved
    changed = principal.put(
        f"/api/v1/harezmi/applications/{pk}/", {"requested_team_count": 3, "motivation": "Yeni gerekçe"}
    )
    assert changed.status_code == 200 and changed.json()["requested_team_count"] == 3
    assert principal.post(f"/api/v1/harezmi/applications/{pk}/submit/").json()["state"] == "submitted"
    assert (
        district.post(f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "forward"}).json()["state"]
        == "forwarded"
    )
    decided = province.post(
        f"/api/v1/harezmi/applications/{pk}/decide/", {"decision": "approve", "approved_team_count": 2}
    )
    assert decided.status_code == 200 and decided.json()["approved_team_count"] == 2
    announced = province.post(f"/api/v1/harezmi/years/{window_year.pk}/announce/")
    # then every step is kept and the result is announced
    assert announced.json() == {"announced": 1}
    body = principal.get(f"/api/v1/harezmi/applications/{pk}/").json()
    assert [s["state"] for s in body["steps"]] == ["draft", "submitted", "forwarded", "approved"]
    assert body["announced_at"] is not None


def test_submitted_application_is_locked_for_the_school(world, api, window_year):
    pk = _apply(api, world, window_year).json()["id"]
    principal = api(world.principal)
    principal.post(f"/api/v1/harezmi/applications/{pk}/submit/")
    again = principal.post(f"/api/v1/harezmi/applications/{pk}/submit/")
    changed = principal.put(
        f"/api/v1/harezmi/applications/{pk}/", {"requested_team_count": 5, "motivation": "X"}
    )
    assert again.status_code == 409 and again.json()["code"] == "locked"
    assert changed.status_code == 409 and changed.json()["code"] == "locked"
    application = Application.objects.get()
    assert (application.state, application.requested_team_count, application.steps.count()) == (
        "submitted",
        2,
        2,
    )


def test_application_outside_the_window_is_refused(world, api, year):
    r = _apply(api, world, year)
    assert r.status_code == 400 and "closed" in r.json()["message"]
    assert not Application.objects.exists()


def test_review_and_decision_belong_to_district_and_province(world, api, window_year):
    pk = _apply(api, world, window_year).json()["id"]
    api(world.principal).post(f"/api/v1/harezmi/applications/{pk}/submit/")
    # the principal sees it but may not review it; the other district does not see it
    assert (
        api(world.principal)
        .post(f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "forward"})
        .status_code
        == 403
    )
    assert (
        api(world.outsider)
        .post(f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "forward"})
        .status_code
        == 404
    )
    # the province may not decide before the district forwarded it
    early = api(world.province_coordinator).post(
        f"/api/v1/harezmi/applications/{pk}/decide/", {"decision": "reject", "comment": "Hayır"}
    )
    assert early.status_code == 409
    returned = api(world.district_manager).post(
        f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "return", "comment": ""}
    )
    assert returned.status_code == 400 and "comment" in returned.json()["fields"]
    assert Application.objects.get().state == "submitted"
    assert ids(api(world.outsider).get("/api/v1/harezmi/applications/")) == set()


def test_school_settings_are_the_schools(world, api, year, approved):
    r = api(world.principal).post(
        f"/api/v1/harezmi/applications/{approved.pk}/settings/", {"unavailable_weekdays": [3, 1]}
    )
    assert r.status_code == 200 and r.json()["unavailable_weekdays"] == [1, 3]
    assert (
        api(world.district_planner)
        .post(f"/api/v1/harezmi/applications/{approved.pk}/settings/", {"unavailable_weekdays": [2]})
        .status_code
        == 403
    )
    approved.refresh_from_db()
    assert approved.unavailable_weekdays == "1,3"


# --- teams, teachers, staff changes ------------------------------------------------------------------------


def test_principal_forms_a_team_and_sets_its_time(world, api, year, approved):
    principal = api(world.principal)
    r = principal.post(
        "/api/v1/harezmi/teams/", {"program_year": year.pk, "school": world.school_a1.pk, "name": "Ekip 1"}
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    s = principal.post(f"/api/v1/harezmi/teams/{pk}/schedule/", {"weekday": 3, "first_lesson": 5})
    assert s.status_code == 200 and (s.json()["weekday"], s.json()["first_lesson"]) == (3, 5)
    # a change of a set time needs a reason and an announcement
    change = principal.post(f"/api/v1/harezmi/teams/{pk}/schedule/", {"weekday": 2, "first_lesson": 5})
    assert change.status_code == 400 and {"reason", "announcement"} <= set(change.json()["fields"])
    assert Team.objects.get().weekday == 3
    planner = api(world.district_planner)  # reads district A's teams, changes none
    refused = planner.post(f"/api/v1/harezmi/teams/{pk}/schedule/", {"weekday": 2, "first_lesson": 1})
    assert refused.status_code == 403
    assert api(world.outsider).get(f"/api/v1/harezmi/teams/{pk}/").status_code == 404
    assert ids(principal.get(f"/api/v1/harezmi/schedule-changes/?team={pk}")) == set(
        Team.objects.get().schedule_changes.values_list("pk", flat=True)
    )


def test_teacher_sees_own_teams_only(world, api, year, team):
    other = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    assert ids(api(world.teacher).get("/api/v1/harezmi/teams/")) == {team.pk}
    assert ids(api(world.principal).get("/api/v1/harezmi/teams/")) == {team.pk, other.pk}
    assert api(world.teacher).get(f"/api/v1/harezmi/teams/{other.pk}/").status_code == 404


def test_mid_year_addition_waits_for_the_kaymakamlik_oluru_then_departure_and_letter(
    world, api, year, team, teacher2
):
    principal, district = api(world.principal), api(world.district_manager)
    # given the teacher's petition (scanned, multipart) and the justification
    added = principal.post(
        f"/api/v1/harezmi/teams/{team.pk}/teachers/",
        {
            "teacher": teacher2.pk,
            "justification": "Ekip büyüyor",
            "petition_date": str(year.start_date + 5 * DAY),
            "petition_file": pdf(),
        },
        format="multipart",
    )
    assert added.status_code == 201, added.content
    assert added.json()["state"] == "pending_approval"
    pk = added.json()["id"]
    # the school may not approve; the district does, with a new Valilik Oluru cited
    approval = {
        "approval_number": "K-1",
        "approval_date": str(year.start_date + 10 * DAY),
        "governor_number": "V-1",
        "governor_date": str(year.start_date + 2 * DAY),
    }
    assert principal.post(f"/api/v1/harezmi/assignments/{pk}/approve/", approval).status_code == 403
    assert TeacherAssignment.objects.get(pk=pk).state == "pending_approval"
    approved_ = district.post(f"/api/v1/harezmi/assignments/{pk}/approve/", approval)
    assert approved_.status_code == 200, approved_.content
    assert approved_.json()["state"] == "active" and approved_.json()["approval"]["number"] == "K-1"
    again = district.post(f"/api/v1/harezmi/assignments/{pk}/approve/", approval)
    assert again.status_code == 409 and OfficialDocument.objects.filter(number="K-1").count() == 1
    # then the departure: the school records the petition, the district the letter
    left = principal.post(
        f"/api/v1/harezmi/assignments/{pk}/departure/",
        {
            "petition_date": str(year.start_date + 40 * DAY),
            "justification": "Tayin",
            "end_date": str(year.start_date + 45 * DAY),
        },
    )
    assert left.status_code == 200 and left.json()["state"] == "departure_pending"
    letter = district.post(
        f"/api/v1/harezmi/assignments/{pk}/letter/",
        {"letter_number": "E-9", "letter_date": str(year.start_date + 46 * DAY)},
    )
    assert letter.status_code == 200 and letter.json()["state"] == "ended"
    steps = [s["action"] for s in letter.json()["steps"]]
    assert steps == ["petition", "approved", "departure_petition", "departure_letter"]
    # the province sees the change in the ledger; another district does not
    assert pk in ids(api(world.province_coordinator).get(f"/api/v1/harezmi/staff-changes/?year={year.pk}"))
    assert results(api(world.outsider).get("/api/v1/harezmi/staff-changes/")) == []
    petition_url = added.json()["petition"]["file_url"]
    assert principal.get(petition_url).status_code == 200
    assert api(world.outsider).get(petition_url).status_code == 404


def test_refusal_needs_a_note_and_the_district(world, api, year, team, teacher2):
    assignment = services.teacher_assignment_add(
        by=None, team=team, teacher=teacher2, petition=doc(year.start_date + 5 * DAY), justification="Neden"
    )
    url = f"/api/v1/harezmi/assignments/{assignment.pk}/refuse/"
    assert api(world.outsider).post(url, {"note": "Hayır"}).status_code == 404
    assert api(world.district_manager).post(url, {"note": ""}).status_code == 400
    assert api(world.district_manager).post(url, {"note": "Kadro yok"}).json()["state"] == "refused"
    assert api(world.district_manager).post(url, {"note": "Kadro yok"}).status_code == 409


# --- students, consent, parent meetings --------------------------------------------------------------------


def test_teacher_registers_a_student_with_consent_and_places_them(world, api, year, team):
    year.collect_national_id = True
    year.save()
    client = api(world.teacher)
    r = client.post(
        "/api/v1/harezmi/students/",
        {
            "program_year": year.pk,
            "school": world.school_a1.pk,
            "first_name": "Ali",
            "last_name": "Yılmaz",
            "grade": "6",
            "national_id": "10000000146",
            "team": team.pk,
            "parent_name": "Ayşe Yılmaz",
            "consent_date": str(year.start_date),
            "consent_file": pdf("izin.pdf"),
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["national_id_masked"] == "*********46" and "national_id" not in body
    assert "10000000146" not in r.content.decode()
    assert body["has_consent"] and body["team"] == team.pk
    pk = body["id"]
    form = client.get(f"/api/v1/harezmi/students/{pk}/consent-form/")
    assert form.status_code == 200 and b"".join(form.streaming_content).startswith(b"%PDF")
    assert api(world.outsider).get(f"/api/v1/harezmi/students/{pk}/consent-form/").status_code == 404
    assert api(world.outsider).get(f"/api/v1/harezmi/students/{pk}/").status_code == 404


def test_no_team_without_consent_and_nothing_changes(world, api, year, team):
    student = services.student_register(
        by=None, program_year=year, school=world.school_a1, first_name="Can", last_name="Er", grade=5
    )
    r = api(world.principal).post(f"/api/v1/harezmi/students/{student.pk}/place/", {"team": team.pk})
    assert r.status_code == 400 and "team" in r.json()["fields"]
    student.refresh_from_db()
    assert student.team_id is None
    # the consent form is uploaded (multipart only), then placing works
    c = api(world.principal).post(
        f"/api/v1/harezmi/students/{student.pk}/consent/",
        {"parent_name": "Veli", "given_on": str(year.start_date), "form_file": pdf("izin.pdf")},
        format="multipart",
    )
    assert c.status_code == 200 and c.json()["consent"]["parent_name"] == "Veli"
    assert (
        api(world.principal)
        .post(f"/api/v1/harezmi/students/{student.pk}/place/", {"team": team.pk})
        .json()["team"]
        == team.pk
    )


def test_teacher_without_the_team_cannot_record_consent(world, api, year, team, teacher2):
    student = services.student_register(
        by=None, program_year=year, school=world.school_a1, first_name="Can", last_name="Er", grade=5
    )
    r = api(teacher2).post(
        f"/api/v1/harezmi/students/{student.pk}/consent/",
        {"parent_name": "Veli", "given_on": str(year.start_date), "form_file": pdf("izin.pdf")},
        format="multipart",
    )
    assert r.status_code == 404  # a teacher sees only their own teams' students
    assert not Student.objects.with_consent().exists()


def test_parent_meetings_are_recorded_by_the_school(world, api, year, team):
    body = {
        "program_year": year.pk,
        "school": world.school_a1.pk,
        "held_on": str(year.start_date + 3 * DAY),
        "place": "Konferans salonu",
        "parent_count": 25,
    }
    r = api(world.teacher).post("/api/v1/harezmi/parent-meetings/", body)
    assert r.status_code == 201, r.content
    outsider = api(world.outsider).post("/api/v1/harezmi/parent-meetings/", body)  # not their school
    assert outsider.status_code == 400 and "school" in outsider.json()["fields"]
    assert api(world.stakeholder).post("/api/v1/harezmi/parent-meetings/", body).status_code == 403
    assert ParentMeeting.objects.count() == 1
    assert ids(api(world.district_manager).get("/api/v1/harezmi/parent-meetings/")) == {r.json()["id"]}
    assert results(api(world.outsider).get("/api/v1/harezmi/parent-meetings/")) == []


# --- the district week -------------------------------------------------------------------------------------


@pytest.fixture
def crowded(world, year):
    """Three schools of district A, each with a team on Monday at lessons 1-4."""
    teams = []
    for school in (world.school_a1, world.school_a2):
        approve(year, school, teams=1)
        created = services.team_create(by=None, program_year=year, school=school, name="Ekip")
        services.team_schedule_set(by=None, team=created, weekday=1, first_lesson=1)
        teams.append(created)
    return teams


def test_district_sees_the_load_per_weekday_and_balances_it(world, api, year, crowded):
    client = api(world.district_manager)
    week = client.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}")
    assert week.status_code == 200, week.content
    assert [day["load"] for day in week.json()["days"]] == [2, 0, 0, 0, 0]
    proposal = client.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/proposal/?year={year.pk}").json()
    assert proposal["feasible"] and len(proposal["moves"]) == 1
    applied = client.post(
        f"/api/v1/harezmi/weeks/{world.district_a.pk}/apply/", {"year": year.pk, "all": True}
    )
    assert applied.status_code == 200 and len(applied.json()["changes"]) == 1
    after = client.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}").json()
    assert sorted(day["load"] for day in after["days"]) == [0, 0, 0, 1, 1]


def test_week_readers_may_not_balance_and_others_do_not_see_it(world, api, year, crowded):
    planner = api(world.district_planner)  # reads district A's Harezmi records, runs nothing
    assert planner.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}").status_code == 200
    assert (
        planner.post(
            f"/api/v1/harezmi/weeks/{world.district_a.pk}/apply/", {"year": year.pk, "all": True}
        ).status_code
        == 403
    )
    assert (
        api(world.outsider).get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}").status_code
        == 404
    )
    assert ids(api(world.outsider).get(f"/api/v1/harezmi/weeks/?year={year.pk}")) == {world.district_b.pk}
    assert set(Team.objects.values_list("weekday", flat=True)) == {1}


def test_schedule_changes_show_when_the_first_time_was_announced(world, api, year, team):
    services.team_schedule_set(by=world.principal, team=team, weekday=3, first_lesson=5)
    principal = api(world.principal)
    (row,) = results(principal.get(f"/api/v1/harezmi/schedule-changes/?team={team.pk}"))
    assert row["announced_on"] is None
    record = services.team_schedule_announce(by=world.principal, team=team, announcement="Duyuruldu")
    (row,) = results(principal.get(f"/api/v1/harezmi/schedule-changes/?team={team.pk}"))
    assert (row["announced_on"], row["announcement"]) == (record.announced_on.isoformat(), "Duyuruldu")
