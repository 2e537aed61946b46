# ruff: noqa: E731  (a lambda per service reads best)
"""No stale-copy saves in the Harezmi services.

Each test holds a copy of a row, lets someone else change *another* field of that row in the database
(as a second request would), then runs the service with the old copy: both changes must be there
afterwards. A service that saved the whole row from its copy would silently put the other field back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from izlem.harezmi import services
from izlem.harezmi.models import CoordinatorAppointment, TeacherAssignment
from izlem.harezmi.services.sessions import AbsenceInput
from izlem.harezmi.tests.sessions_fixtures import TODAY as SCENE_TODAY
from izlem.harezmi.tests.sessions_fixtures import D, fixed_scene, held
from izlem.org.models import Role
from tests.support.harezmi import (
    doc,
    in_window,
    trained,
)
from tests.support.world import make_user

TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


def stale_copy(instance):
    """A copy of the row as the caller loaded it, before anyone else's change."""
    return type(instance)._base_manager.get(pk=instance.pk)


def change_elsewhere(instance, **fields):
    """Someone else changes `fields` of the row in the database (a queryset update, no copy involved)."""
    type(instance)._base_manager.filter(pk=instance.pk).update(**fields)


def stored(instance):
    return type(instance)._base_manager.get(pk=instance.pk)


def test_settings_update_keeps_the_announcement_made_after_the_copy_was_loaded(world, year):
    # given a decided application whose copy the school's page loaded before the announcement
    application = services.application_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        requested_team_count=2,
        motivation="Gerekçe",
        today=in_window(year),
    )
    services.application_submit(by=None, application=application, today=in_window(year))
    services.application_forward(by=None, application=application)
    services.application_approve(by=None, application=application, approved_team_count=2)
    copy = stale_copy(application)
    services.application_results_announce(by=None, program_year=year)
    announced_at = stored(application).announced_at
    assert announced_at is not None
    # when the school saves its settings from the old copy
    services.application_settings_update(by=None, application=copy, unavailable_weekdays=[3])
    # then the settings are saved and the application is still announced (not offered again)
    after = stored(application)
    assert after.unavailable_weekdays == "3"
    assert after.announced_at == announced_at
    assert services.application_results_announce(by=None, program_year=year) == 0


def test_settings_update_keeps_another_field_changed_meanwhile(world, approved):
    copy = stale_copy(approved)
    change_elsewhere(approved, province_comment="Değişti")
    services.application_settings_update(by=None, application=copy, unavailable_weekdays=[1], teacher_min=2)
    after = stored(approved)
    assert (after.unavailable_weekdays, after.teacher_min) == ("1", 2)
    assert after.province_comment == "Değişti"


def keeps(instance, other: dict, run, owned: dict):
    """Load a copy, let someone else change `other` in the database, `run(copy)`; both changes stay."""
    copy = stale_copy(instance)
    change_elsewhere(instance, **other)
    run(copy)
    after = stored(instance)
    assert {field: getattr(after, field) for field in other} == other
    assert {field: getattr(after, field) for field in owned} == owned
    history = getattr(type(instance), "history", None)
    if history is not None:  # the audit row of the change records the row as it now is, not the old copy
        latest = history.filter(id=instance.pk).order_by("-history_id").first()
        assert {field: getattr(latest, field) for field in other} == other


# --- applications: the school's settings change while the district and the province take their steps


@pytest.fixture
def draft(world, year):
    return services.application_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        requested_team_count=2,
        motivation="Gerekçe",
        today=in_window(year),
    )


@pytest.fixture
def submitted(world, year, draft):
    services.application_submit(by=None, application=draft, today=in_window(year))
    return draft


@pytest.fixture
def forwarded(submitted):
    services.application_forward(by=None, application=submitted)
    return submitted


SETTINGS = {"unavailable_weekdays": "2", "teacher_max": 4}


def test_application_update_keeps_the_settings(world, year, draft):
    def run(copy):
        services.application_update(
            by=None, application=copy, requested_team_count=3, motivation="Yeni", today=in_window(year)
        )

    keeps(draft, SETTINGS, run, {"requested_team_count": 3, "motivation": "Yeni"})


def test_application_submit_keeps_the_settings(world, year, draft):
    run = lambda copy: services.application_submit(by=None, application=copy, today=in_window(year))
    keeps(draft, SETTINGS, run, {"state": "submitted"})


def test_application_forward_keeps_the_settings(world, submitted):
    run = lambda copy: services.application_forward(by=None, application=copy, comment="Uygun")
    keeps(submitted, SETTINGS, run, {"state": "forwarded", "district_comment": "Uygun"})


def test_application_return_keeps_the_settings(world, submitted):
    run = lambda copy: services.application_return(by=None, application=copy, comment="Eksik")
    keeps(submitted, SETTINGS, run, {"state": "returned", "district_comment": "Eksik"})


def test_application_approve_keeps_the_settings(world, forwarded):
    run = lambda copy: services.application_approve(by=None, application=copy, approved_team_count=1)
    keeps(forwarded, SETTINGS, run, {"state": "approved", "approved_team_count": 1})


def test_application_reject_keeps_the_settings(world, forwarded):
    run = lambda copy: services.application_reject(by=None, application=copy, comment="Kontenjan")
    keeps(forwarded, SETTINGS, run, {"state": "rejected", "province_comment": "Kontenjan"})


# --- program year, teams, coordinators


def test_program_year_update_keeps_a_rule_changed_meanwhile(world, year):
    # the form sends the fields it shows; a rule it does not send stays as someone else just set it
    run = lambda copy: services.program_year_update(by=None, program_year=copy, name="2025-26 (yeni)")
    keeps(year, {"last_lesson": 6}, run, {"name": "2025-26 (yeni)"})


@pytest.fixture
def addition(world, team, teacher2):
    """A mid-year addition of teacher2 waiting for its Kaymakamlık Oluru."""
    return services.teacher_assignment_add(
        by=None, team=team, teacher=teacher2, petition=doc(TODAY()), justification="Gerekçe"
    )


def test_teacher_assignment_approve_keeps_the_justification_corrected_meanwhile(world, year, addition):
    def run(copy):
        services.teacher_assignment_approve(
            by=None,
            assignment=copy,
            district_approval=doc(TODAY(), "E-2401-55"),
            new_governor_approval=doc(year.start_date, "E-24-100"),
        )

    keeps(addition, {"justification": "Düzeltildi"}, run, {"state": "active", "start_date": TODAY()})


def test_teacher_assignment_refuse_keeps_the_justification_corrected_meanwhile(world, addition):
    run = lambda copy: services.teacher_assignment_refuse(by=None, assignment=copy, note="Norm fazlası")
    keeps(addition, {"justification": "Düzeltildi"}, run, {"state": "refused"})


def test_teacher_departure_request_and_report_keep_another_field(world, team):
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    leave = TODAY() + dt.timedelta(days=10)

    def request(copy):
        services.teacher_departure_request(
            by=None, assignment=copy, petition=doc(TODAY()), justification="Tayin", end_date=leave
        )

    keeps(
        assignment, {"justification": "Kuruluş"}, request, {"state": "departure_pending", "end_date": leave}
    )
    report = lambda copy: services.teacher_departure_report(
        by=None, assignment=copy, letter=doc(TODAY(), "E-7")
    )
    keeps(assignment, {"justification": "Kuruluş 2"}, report, {"state": "ended", "end_date": leave})


@pytest.fixture
def appointment(world, year):
    """A district coordinator of district A in office."""
    person = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(person)
    return services.coordinator_appoint(
        by=None,
        program_year=year,
        kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR,
        unit="district_private_office",
        person=person,
        node=world.district_a,
        semester="1",
        employment="full_time",
        petition=doc(year.start_date - dt.timedelta(days=10)),
        start_letter=doc(year.start_date, "E-2401-1"),
    )


def test_coordinator_departure_request_and_approve_keep_another_field(world, year, appointment):
    leave = year.semester1_start + dt.timedelta(days=30)

    def request(copy):
        services.coordinator_departure_request(
            by=None, appointment=copy, petition=doc(leave), reason="Tayin", departure_date=leave
        )

    keeps(
        appointment,
        {"employment": "part_time"},
        request,
        {"state": "departure_requested", "departed_on": leave},
    )
    approve = lambda copy: services.coordinator_departure_approve(by=None, appointment=copy)
    keeps(appointment, {"semester": "2"}, approve, {"state": "ended", "departure_reason": "Tayin"})


# --- materials, meetings, projects, activities, awards, trainings, visits, absences, consents


@pytest.fixture
def material_request(world, year, approved):
    return services.material_request_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        item="arduino",
        quantity=4,
        reason="Ekip çalışması",
    )


def test_material_request_update_keeps_another_field(world, material_request):
    run = lambda copy: services.material_request_update(
        by=None, request=copy, item="arduino", quantity=5, reason="Yeni"
    )
    keeps(material_request, {"decision_note": "Not"}, run, {"quantity": 5, "reason": "Yeni"})


def test_material_request_decide_keeps_the_school_s_correction(world, material_request):
    run = lambda copy: services.material_request_decide(
        by=None, request=copy, approve=True, approved_quantity=2
    )
    keeps(material_request, {"description": "Düzeltme"}, run, {"state": "approved", "approved_quantity": 2})


def test_meeting_update_keeps_the_minutes_written_meanwhile(world, year):
    meeting = services.meeting_create(
        by=None,
        program_year=year,
        kind="experience_sharing",
        node=world.province,
        title="Deneyim paylaşım toplantısı",
        held_on=year.start_date + dt.timedelta(days=10),
        place="İl MEM",
    )
    run = lambda copy: services.meeting_update(by=None, meeting=copy, place="Öğretmenevi")
    keeps(meeting, {"minutes": "Tutanak"}, run, {"place": "Öğretmenevi"})


def test_project_activity_award_updates_keep_another_field(world, year):
    project = services.project_record(
        by=None,
        program_year=year,
        node=world.school_a1,
        programme="national",
        title="Kodla",
        role="partner",
        starts_on=year.start_date,
        ends_on=year.end_date,
    )
    run = lambda copy: services.project_update(by=None, project=copy, title="Kodla Geleceği")
    keeps(project, {"notes": "Not", "student_participants": 12}, run, {"title": "Kodla Geleceği"})
    activity = services.activity_record(
        by=None,
        node=world.school_a1,
        program_year=year,
        kind="festival",
        title="Şenlik",
        held_on=year.start_date,
    )
    run = lambda copy: services.activity_update(by=None, activity=copy, title="Bahar Şenliği")
    keeps(activity, {"participants": 250}, run, {"title": "Bahar Şenliği"})
    award = services.award_record(
        by=None,
        node=world.school_a1,
        program_year=year,
        person=world.teacher,
        kind="thanks",
        title="Başarı",
        given_on=year.start_date,
        given_by="Erzincan Valiliği",
    )
    run = lambda copy: services.award_update(by=None, award=copy, title="Üstün başarı")
    keeps(award, {"reason": "Gerekçe"}, run, {"title": "Üstün başarı"})


def test_training_update_keeps_the_notes_written_meanwhile(world, year):
    training = services.training_create(
        by=None,
        program_year=year,
        node=world.province,
        kind="harezmi",
        topic="harezmi",
        title="Harezmi Öğretmen Eğitimi",
        mode="in_person",
        venue="Öğretmenevi",
        starts_on=year.start_date,
        ends_on=year.start_date + dt.timedelta(days=4),
        hours=30,
    )
    run = lambda copy: services.training_update(by=None, training=copy, venue="Bilim Merkezi")
    keeps(training, {"notes": "Not", "hours": 24}, run, {"venue": "Bilim Merkezi"})


def test_visit_update_keeps_another_field(world):
    scene = fixed_scene(world)
    visit = services.visit_record(
        by=None,
        program_year=scene.year,
        coordinator=world.district_coordinator,
        school=world.school_a1,
        visited_on=D(2030, 9, 11),
        purpose="application_hours",
        observations="Ekip planına uygun çalışıyor.",
        today=SCENE_TODAY,
    )

    def run(copy):
        services.visit_update(
            by=None,
            visit=copy,
            visited_on=D(2030, 9, 11),
            purpose="application_hours",
            observations="Düzeltildi",
            today=SCENE_TODAY,
        )

    keeps(visit, {"recorded_by_id": world.district_manager.pk}, run, {"observations": "Düzeltildi"})


def test_absence_update_keeps_the_notification_time_set_meanwhile(world):
    scene = fixed_scene(world)
    absence = services.absence_report(
        by=None,
        program_year=scene.year,
        teacher=scene.teacher,
        data=AbsenceInput(kind="sick", starts_on=D(2030, 9, 10), ends_on=D(2030, 9, 10)),
    )
    notified = timezone.now() + dt.timedelta(hours=1)

    def run(copy):
        data = AbsenceInput(kind="sick", starts_on=D(2030, 9, 10), ends_on=D(2030, 9, 12), note="Rapor")
        services.absence_update(by=None, absence=copy, data=data)

    keeps(absence, {"coordinator_notified_at": notified}, run, {"ends_on": D(2030, 9, 12), "note": "Rapor"})


def test_session_record_keeps_the_notification_time_and_attendance_keeps_its_rows(world):
    scene = fixed_scene(world)
    week = D(2030, 9, 9)
    session = services.session_record(
        by=None, team=scene.team, week_start=week, data=held(D(2030, 9, 11)), today=SCENE_TODAY
    )
    notified = timezone.now() + dt.timedelta(hours=1)

    def run(_copy):  # the service reads the week's session itself, locked
        services.session_record(
            by=None,
            team=scene.team,
            week_start=week,
            data=held(D(2030, 9, 11), teachers=[scene.teacher.pk], plan_update="Haftaya döngüler"),
            today=SCENE_TODAY,
        )

    keeps(session, {"coordinator_notified_at": notified}, run, {"plan_update": "Haftaya döngüler"})
    absent = session.teacher_attendance.get(teacher=scene.teacher2)
    assert absent.present is False and session.teacher_attendance.count() == 2
