"""Sessions and absences (services): who may log, validation, attendance, notifications, figures, gaps."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import Absence, Session, SessionTeacherAttendance, Team
from izlem.harezmi.selectors import sessions as sel
from izlem.harezmi.services.sessions import AbsenceInput, SessionInput
from izlem.org.models import Role
from tests.support.harezmi import doc, trained
from tests.support.world import make_user

from .sessions_fixtures import TODAY, D, fixed_scene, held


@pytest.fixture
def scene(world):
    return fixed_scene(world)


def test_teacher_logs_a_held_session_with_attendance(world, scene):
    # given
    ada, can = scene.students
    # when
    session = services.session_record(
        by=scene.teacher,
        team=scene.team,
        week_start=D(2030, 9, 9),
        data=held(
            D(2030, 9, 11), teachers=[scene.teacher.pk], students=[ada.pk], plan_update="Haftaya döngüler"
        ),
        today=TODAY,
    )
    # then
    session.refresh_from_db()
    assert session.state == "held" and session.held_on == D(2030, 9, 11)
    assert session.activities == "Blok tabanlı kodlama ile trafik lambası"
    assert session.plan_update == "Haftaya döngüler" and session.recorded_by == scene.teacher
    teachers = dict(session.teacher_attendance.values_list("teacher_id", "present"))
    assert teachers == {scene.teacher.pk: True, scene.teacher2.pk: False}  # the pending teacher is not listed
    assert dict(session.student_attendance.values_list("student_id", "present")) == {
        ada.pk: True,
        can.pk: False,
    }


def test_saving_again_updates_the_same_session(world, scene):
    week = D(2030, 9, 9)
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=week, data=held(D(2030, 9, 11)), today=TODAY
    )
    services.session_record(
        by=scene.teacher2,
        team=scene.team,
        week_start=week,
        data=held(D(2030, 9, 11), students=[scene.students[0].pk]),
        today=TODAY,
    )
    session = Session.objects.get()
    assert session.recorded_by == scene.teacher2
    assert session.student_attendance.filter(present=True).count() == 1
    assert session.student_attendance.count() == 2 and session.teacher_attendance.count() == 2


@pytest.mark.parametrize(
    "who", ["principal", "district_coordinator", "province_coordinator", "pending", "late_only"]
)
def test_only_active_teachers_of_the_team_log_and_nothing_changes(world, scene, who):
    # given someone who is not an active teacher of the team on that day
    if who == "pending":
        person = scene.pending
    elif who == "late_only":
        person = make_user("latecomer", Role.TEACHER, world.school_a1)
        services.teacher_assignment_add(
            by=None, team=scene.late_team, teacher=person, today=scene.year.start_date - dt.timedelta(days=3)
        )
    else:
        person = world.users[who]
    # when / then
    with pytest.raises(PermissionDenied):
        services.session_record(
            by=person, team=scene.team, week_start=D(2030, 9, 30), data=held(D(2030, 10, 2)), today=TODAY
        )
    assert Session.objects.count() == 0 and SessionTeacherAttendance.objects.count() == 0


def test_a_teacher_who_left_cannot_log_after_leaving(world, scene):
    from izlem.harezmi.models import TeacherAssignment

    TeacherAssignment.objects.filter(team=scene.team, teacher=scene.teacher2).update(end_date=D(2030, 9, 20))
    with pytest.raises(PermissionDenied):
        services.session_record(
            by=scene.teacher2,
            team=scene.team,
            week_start=D(2030, 9, 30),
            data=held(D(2030, 10, 2)),
            today=TODAY,
        )
    # but the weeks before leaving are still theirs
    services.session_record(
        by=scene.teacher2, team=scene.team, week_start=D(2030, 9, 16), data=held(D(2030, 9, 18)), today=TODAY
    )
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("week", "data", "field"),
    [
        (D(2030, 9, 9), SessionInput(state="not_held"), "not_held_reason"),
        (D(2030, 9, 9), SessionInput(state="held", activities="x"), "held_on"),
        (D(2030, 9, 9), SessionInput(state="held", held_on=D(2030, 9, 18), activities="x"), "held_on"),
        (D(2030, 10, 7), SessionInput(state="held", held_on=D(2030, 10, 9), activities="x"), "held_on"),
        (D(2030, 9, 9), SessionInput(state="held", held_on=D(2030, 9, 11)), "activities"),
        (D(2030, 9, 9), SessionInput(state="planned", plan_changed=True), "plan_change_note"),
        (D(2030, 9, 10), SessionInput(state="planned"), "week_start"),  # not a Monday
        (D(2031, 1, 27), SessionInput(state="planned"), "week_start"),  # the semester break
    ],
)
def test_invalid_sessions_are_refused_with_the_field_named(world, scene, week, data, field):
    with pytest.raises(ValidationError) as error:
        services.session_record(by=scene.teacher, team=scene.team, week_start=week, data=data, today=TODAY)
    assert field in error.value.message_dict
    assert Session.objects.count() == 0


def test_not_held_with_a_reason_keeps_no_attendance(world, scene):
    week = D(2030, 9, 16)
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=week, data=held(D(2030, 9, 18)), today=TODAY
    )
    services.session_record(
        by=scene.teacher,
        team=scene.team,
        week_start=week,
        data=SessionInput(
            state="not_held", not_held_reason="Okulda deprem tatbikatı", held_on=D(2030, 9, 18)
        ),
        today=TODAY,
    )
    session = Session.objects.get()
    assert session.state == "not_held" and session.held_on is None
    assert session.not_held_reason == "Okulda deprem tatbikatı"
    assert not session.teacher_attendance.exists() and not session.student_attendance.exists()


def test_a_plan_change_tells_the_district_coordinator_once(world, scene):
    # given
    data = held(
        D(2030, 9, 11), plan_changed=True, plan_change_note="Robot seti gelmedi, kâğıt etkinliği yapıldı"
    )
    # when
    session = services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 9), data=data, today=TODAY
    )
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 9), data=data, today=TODAY
    )
    # then: the district's coordinator (by role, no appointment in this year) is told once
    notes = Notification.objects.filter(message__contains="changed its plan")
    assert list(notes.values_list("recipient__username", flat=True)) == ["district_coordinator"]
    assert "Robot seti gelmedi" in notes.get().message
    session.refresh_from_db()
    assert session.coordinator_notified_at is not None


def test_a_plan_change_goes_to_the_appointed_coordinator_following_the_school(world, scene):
    # given: two appointed district coordinators, one following school A1
    follows, other = (
        make_user("koord1", Role.TEACHER, world.school_a2),
        make_user("koord2", Role.TEACHER, world.school_a2),
    )
    for person, schools in ((follows, [world.school_a1]), (other, [world.school_a2])):
        trained(person)
        appointment = services.coordinator_appoint(
            by=None,
            program_year=scene.year,
            kind="district_coordinator",
            unit="district_private_office",
            person=person,
            node=world.district_a,
            employment="part_time",
            petition=doc(scene.year.start_date),
            start_letter=doc(scene.year.start_date, "E-1"),
            today=TODAY,
        )
        appointment.schools.set(schools)
    # when
    services.session_record(
        by=scene.teacher,
        team=scene.team,
        week_start=D(2030, 9, 9),
        data=held(D(2030, 9, 11), plan_changed=True, plan_change_note="Gün değişti"),
        today=TODAY,
    )
    # then
    recipients = set(
        Notification.objects.filter(message__contains="changed its plan").values_list(
            "recipient_id", flat=True
        )
    )
    assert recipients == {follows.pk}


# --- absences ---------------------------------------------------------------------------------


def sick(start, end, note="Grip") -> AbsenceInput:
    return AbsenceInput(kind="sick", starts_on=start, ends_on=end, note=note)


def test_teacher_reports_own_absence_and_coordinators_are_told(world, scene):
    # when
    absence = services.absence_report(
        by=scene.teacher2,
        program_year=scene.year,
        teacher=scene.teacher2,
        data=sick(D(2030, 9, 10), D(2030, 9, 12)),
    )
    # then
    assert absence.reported_by == scene.teacher2 and absence.coordinator_notified_at is not None
    told = set(
        Notification.objects.filter(message__contains="will be absent").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"district_coordinator", "province_coordinator"}


def test_principal_reports_for_a_teacher_of_the_school(world, scene):
    absence = services.absence_report(
        by=world.principal,
        program_year=scene.year,
        teacher=scene.teacher,
        data=sick(D(2030, 9, 10), D(2030, 9, 10)),
    )
    assert absence.teacher == scene.teacher and absence.reported_by == world.principal


@pytest.mark.parametrize("who", ["teacher", "district_coordinator", "other_principal"])
def test_others_cannot_report_a_teachers_absence_and_nothing_changes(world, scene, who):
    person = (
        make_user("principal_a2", Role.PRINCIPAL, world.school_a2)
        if who == "other_principal"
        else world.users[who]
    )
    notes_before = Notification.objects.count()
    with pytest.raises(PermissionDenied):
        services.absence_report(
            by=person,
            program_year=scene.year,
            teacher=scene.teacher2,
            data=sick(D(2030, 9, 10), D(2030, 9, 12)),
        )
    assert Absence.objects.count() == 0 and Notification.objects.count() == notes_before


def test_absence_days_are_checked(world, scene):
    with pytest.raises(ValidationError) as error:
        services.absence_report(
            by=scene.teacher,
            program_year=scene.year,
            teacher=scene.teacher,
            data=sick(D(2030, 9, 12), D(2030, 9, 10)),
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.absence_report(
            by=scene.teacher,
            program_year=scene.year,
            teacher=scene.teacher,
            data=sick(D(2029, 9, 12), D(2029, 9, 13)),
        )
    assert "starts_on" in error.value.message_dict
    assert Absence.objects.count() == 0


def test_absent_teacher_is_premarked_and_linked_to_the_absence(world, scene):
    # given teacher2 reported sick days covering Wednesday 11 September
    absence = services.absence_report(
        by=scene.teacher2,
        program_year=scene.year,
        teacher=scene.teacher2,
        data=sick(D(2030, 9, 10), D(2030, 9, 12)),
    )
    # when the session is logged without an explicit teacher list
    session = services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 9), data=held(D(2030, 9, 11)), today=TODAY
    )
    # then
    rows = {row.teacher_id: row for row in session.teacher_attendance.all()}
    assert rows[scene.teacher.pk].present and rows[scene.teacher.pk].absence is None
    assert not rows[scene.teacher2.pk].present and rows[scene.teacher2.pk].absence == absence


def test_an_absence_reported_later_links_the_missed_session(world, scene):
    session = services.session_record(
        by=scene.teacher,
        team=scene.team,
        week_start=D(2030, 9, 9),
        data=held(D(2030, 9, 11), teachers=[scene.teacher.pk]),
        today=TODAY,
    )
    absence = services.absence_report(
        by=scene.teacher2,
        program_year=scene.year,
        teacher=scene.teacher2,
        data=AbsenceInput(kind="leave", starts_on=D(2030, 9, 11), ends_on=D(2030, 9, 11)),
    )
    row = session.teacher_attendance.get(teacher=scene.teacher2)
    assert row.absence == absence
    # moving the days away unlinks it
    services.absence_update(by=scene.teacher2, absence=absence, data=sick(D(2030, 9, 20), D(2030, 9, 21)))
    row.refresh_from_db()
    assert row.absence is None and Absence.objects.get().kind == "sick"


def test_only_the_teacher_or_principal_changes_an_absence(world, scene):
    absence = services.absence_report(
        by=scene.teacher2,
        program_year=scene.year,
        teacher=scene.teacher2,
        data=sick(D(2030, 9, 10), D(2030, 9, 12)),
    )
    with pytest.raises(PermissionDenied):
        services.absence_update(by=scene.teacher, absence=absence, data=sick(D(2030, 9, 1), D(2030, 9, 30)))
    absence.refresh_from_db()
    assert (absence.starts_on, absence.ends_on, absence.note) == (D(2030, 9, 10), D(2030, 9, 12), "Grip")
    services.absence_update(
        by=world.principal, absence=absence, data=sick(D(2030, 9, 10), D(2030, 9, 13), "Rapor")
    )
    absence.refresh_from_db()
    assert absence.ends_on == D(2030, 9, 13) and absence.note == "Rapor"


# --- figures and gaps (hand counts) -----------------------------------------------------------


def _four_weeks(scene):
    """Week 1 held (teachers 1/2, students 2/2), week 2 not held, week 3 nothing, week 4 held (2/2, 1/2)."""
    ada, can = scene.students
    t1, t2 = scene.teacher.pk, scene.teacher2.pk
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 9),
        data=held(D(2030, 9, 11), teachers=[t1], students=[ada.pk, can.pk]), today=TODAY,
    )  # fmt: skip
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 16),
        data=SessionInput(state="not_held", not_held_reason="Gezi"), today=TODAY,
    )  # fmt: skip
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 30),
        data=held(D(2030, 10, 2), teachers=[t1, t2], students=[ada.pk], plan_changed=True, plan_change_note="Yeni konu"),
        today=TODAY,
    )  # fmt: skip
    # a plan written ahead for a coming week
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 10, 7),
        data=SessionInput(state="planned", plan="Sensörler"), today=TODAY,
    )  # fmt: skip


def test_figures_equal_hand_counts(world, scene):
    # given
    _four_weeks(scene)
    teams = Team.objects.filter(pk=scene.team.pk)
    # when
    figures = sel.session_figures(teams, scene.year.start_date, scene.year.end_date, today=TODAY)
    # then: Wednesdays 11, 18, 25 September and 2 October are planned; 18 and 25 September are gaps
    assert figures.planned == 4 and figures.held == 2 and figures.held_in_planned == 2
    assert figures.gaps == 2 and figures.not_held == 1 and figures.plan_changes == 1
    assert figures.held_percent == Decimal("50.0")
    assert (figures.teacher_rows, figures.teacher_present) == (
        4,
        3,
    ) and figures.teacher_attendance == Decimal("75.0")
    assert (figures.student_rows, figures.student_present) == (
        4,
        3,
    ) and figures.student_attendance == Decimal("75.0")
    per_team = sel.session_figures_by_team(teams, scene.year.start_date, scene.year.end_date, today=TODAY)
    assert per_team[scene.team.pk].gap_weeks == [D(2030, 9, 16), D(2030, 9, 23)]


def test_planned_weeks_follow_the_schedule_window_and_today(world, scene):
    teams = Team.objects.filter(program_year=scene.year)
    per_team = sel.session_figures_by_team(teams, scene.year.start_date, scene.year.end_date, today=TODAY)
    # Ekip 2 is scheduled from 20 September: Wednesdays 25 September and 2 October; B1's team has no time
    assert per_team[scene.late_team.pk].planned == 2 and per_team[scene.late_team.pk].gaps == 2
    assert per_team[scene.unscheduled.pk].planned == 0
    # a window: only Wednesdays 18 and 25 September
    window = sel.session_figures(
        Team.objects.filter(pk=scene.team.pk), D(2030, 9, 15), D(2030, 9, 30), today=TODAY
    )
    assert window.planned == 2
    # the whole first semester seen from its end: 11 September 2030 to 15 January 2031 = 19 Wednesdays
    semester = sel.session_figures(
        Team.objects.filter(pk=scene.team.pk), D(2030, 9, 1), D(2031, 1, 17), today=D(2031, 6, 1)
    )
    assert semester.planned == 19
    # the whole year: 19 + 20 Wednesdays (5 February to 18 June 2031)
    year = sel.session_figures(
        Team.objects.filter(pk=scene.team.pk),
        scene.year.start_date,
        scene.year.end_date,
        today=D(2031, 12, 1),
    )
    assert year.planned == 39


def test_figures_by_school_add_up_the_teams(world, scene):
    _four_weeks(scene)
    rows = sel.session_figures_by_school(
        Team.objects.filter(program_year=scene.year), scene.year.start_date, scene.year.end_date, today=TODAY
    )
    by_name = {row["school"].name: row for row in rows}
    a1 = by_name["Atatürk Ortaokulu"]
    assert a1["teams"] == 2 and a1["figures"].planned == 6 and a1["figures"].gaps == 4
    assert by_name["Tercan Anadolu Lisesi"]["figures"].planned == 0


def test_week_grid_marks_gaps(world, scene):
    _four_weeks(scene)
    cells = sel.team_week_grid(scene.team, today=TODAY)
    assert [c.state for c in cells[:6]] == ["held", "not_held", "gap", "held", "written", "upcoming"]
    assert [c.day for c in cells[:2]] == [D(2030, 9, 11), D(2030, 9, 18)]
    assert len(cells) == 39 and sum(1 for c in cells if c.is_gap) == 2


def test_figures_take_a_constant_number_of_queries(world, scene, django_assert_max_num_queries):
    _four_weeks(scene)
    with django_assert_max_num_queries(5):
        sel.session_figures(Team.objects.all(), scene.year.start_date, scene.year.end_date, today=TODAY)
