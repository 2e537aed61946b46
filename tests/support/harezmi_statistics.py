"""A small Harezmi world with every kind of record the statistics count, and its hand counts.

Used by the statistics tests and the Ministry report tests (import `stats_world` as a fixture).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from izlem.harezmi import services
from izlem.harezmi.models import (
    MaterialDelivery,
    MaterialRequest,
    ParentalConsent,
    PlannedVisit,
    Project,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Student,
    Training,
    TrainingParticipant,
    Visit,
    VisitPlan,
)
from izlem.harezmi.selectors import reference_day
from izlem.org.models import Role
from tests.support.harezmi import approve, before_start
from tests.support.world import make_user


@dataclass
class StatsWorld:
    """The records and the day the figures are taken on."""

    year: object
    day: dt.date
    week1: dt.date
    teacher_b: object


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def student(year, school, team, name, *, consent_on=None, withdrawn=False):
    s = Student.objects.create(
        program_year=year, school=school, team=team, first_name=name, last_name="Öz", grade=6
    )
    if consent_on:
        ParentalConsent.objects.create(
            student=s,
            parent_name="Veli",
            given_on=consent_on,
            form_file=SimpleUploadedFile("izin.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
            withdrawn_on=consent_on if withdrawn else None,
        )
    return s


def training(year, node, title, day):
    return Training.objects.create(
        program_year=year,
        node=node,
        kind=Training.Kind.HAREZMI,
        topic="harezmi",
        title=title,
        mode=Training.Mode.ONLINE,
        starts_on=day,
        ends_on=day,
        hours=12,
    )


def build_stats_world(world, year, team, teacher2) -> StatsWorld:
    """School A1: two teams (one scheduled), three students; school B1: one scheduled team, one student;
    sessions, attendance, visits, trainings, materials and projects as the tests' hand counts say."""
    start = year.start_date
    week1 = _monday(start) + dt.timedelta(days=7)  # a full week inside semester 1
    day = reference_day(year)  # today: the pages' default
    services.team_schedule_set(by=None, team=team, weekday=2, first_lesson=1, effective_from=start)
    team2 = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    services.teacher_assignment_add(by=None, team=team2, teacher=teacher2, today=before_start(year))
    approve(year, world.school_b1, 1)
    team_b = services.team_create(by=None, program_year=year, school=world.school_b1, name="Ekip B")
    teacher_b = make_user("ogretmen_b", Role.TEACHER, world.school_b1)
    services.teacher_assignment_add(by=None, team=team_b, teacher=teacher_b, today=before_start(year))
    services.team_schedule_set(by=None, team=team_b, weekday=3, first_lesson=5, effective_from=start)
    ali = student(year, world.school_a1, team, "Ali", consent_on=start)
    ayse = student(year, world.school_a1, team, "Ayşe", consent_on=start)
    student(year, world.school_a1, team2, "Can", consent_on=start, withdrawn=True)
    deniz = student(year, world.school_b1, team_b, "Deniz", consent_on=start)
    # sessions: A1 held (teacher present, 1 of 2 students), A1 not held, B1 held (teacher absent), one later
    held = Session.objects.create(
        team=team, week_start=week1, state=Session.State.HELD, held_on=week1 + dt.timedelta(days=1)
    )
    SessionTeacherAttendance.objects.create(session=held, teacher=world.teacher, present=True)
    SessionStudentAttendance.objects.create(session=held, student=ali, present=True)
    SessionStudentAttendance.objects.create(session=held, student=ayse, present=False)
    Session.objects.create(team=team, week_start=week1 + dt.timedelta(days=7), state=Session.State.NOT_HELD)
    held_b = Session.objects.create(team=team_b, week_start=week1, state=Session.State.HELD)
    SessionTeacherAttendance.objects.create(session=held_b, teacher=teacher_b, present=False)
    SessionStudentAttendance.objects.create(session=held_b, student=deniz, present=True)
    Session.objects.create(
        team=team_b, week_start=_monday(day) + dt.timedelta(days=14), state=Session.State.PLANNED
    )
    Session.objects.create(
        team=team_b, week_start=_monday(day) + dt.timedelta(days=21), state=Session.State.HELD
    )
    # visits: the district plans two (A1, A2) and makes one; the province visits B1 unplanned
    plan = VisitPlan.objects.create(
        program_year=year,
        coordinator=world.district_coordinator,
        node=world.district_a,
        span="week",
        starts_on=week1,
        ends_on=week1 + dt.timedelta(days=6),
    )
    planned = PlannedVisit.objects.create(
        plan=plan, school=world.school_a1, planned_on=week1, purpose="application_hours"
    )
    PlannedVisit.objects.create(plan=plan, school=world.school_a2, planned_on=week1, purpose="school_meeting")
    Visit.objects.create(
        program_year=year,
        coordinator=world.district_coordinator,
        school=world.school_a1,
        visited_on=week1,
        purpose="application_hours",
        planned=planned,
        observations="İyi",
    )
    Visit.objects.create(
        program_year=year,
        coordinator=world.province_coordinator,
        school=world.school_b1,
        visited_on=week1,
        purpose="guidance",
        observations="Destek",
    )
    # trainings: Merkez (teacher completed, teacher2 enrolled), the province (none), Tercan (teacher B completed)
    merkez = training(year, world.district_a, "Merkez Harezmi eğitimi", week1)
    TrainingParticipant.objects.create(
        training=merkez, person=world.teacher, state="completed", completed_on=week1
    )
    TrainingParticipant.objects.create(training=merkez, person=teacher2)
    training(year, world.province, "İl semineri", week1)
    tercan = training(year, world.district_b, "Tercan Harezmi eğitimi", week1)
    TrainingParticipant.objects.create(
        training=tercan, person=teacher_b, state="completed", completed_on=week1
    )
    training(None, world.district_a, "Başka yıl", week1)
    # materials: A1 asks 5 (3 delivered) and 2 (refused); B1 asks 4
    request_a = MaterialRequest.objects.create(
        program_year=year, school=world.school_a1, item="arduino", quantity=5, reason="Ekip", state="approved"
    )
    MaterialDelivery.objects.create(
        request=request_a, quantity=3, delivered_on=week1, supplier=world.district_a
    )
    MaterialRequest.objects.create(
        program_year=year, school=world.school_a1, item="other", quantity=2, reason="Ek", state="refused"
    )
    MaterialRequest.objects.create(
        program_year=year, school=world.school_b1, item="coding_set", quantity=4, reason="Ekip"
    )
    # projects: A1 Erasmus+ (2 teachers, 5 students in mobility), B1 eTwinning, the province a national one
    for node, programme, teachers, students in (
        (world.school_a1, Project.Programme.ERASMUS, 2, 5),
        (world.school_b1, Project.Programme.ETWINNING, 0, 0),
        (world.province, Project.Programme.NATIONAL, 0, 0),
    ):
        Project.objects.create(
            program_year=year,
            node=node,
            programme=programme,
            title=f"{programme} projesi",
            role="partner",
            starts_on=week1,
            ends_on=week1 + dt.timedelta(days=200),
            teacher_participants=teachers,
            teacher_mobility=teachers,
            student_participants=students,
            student_mobility=students,
        )
    return StatsWorld(year, day, week1, teacher_b)


@pytest.fixture
def stats_world(world, year, team, teacher2):
    """The statistics world (see `build_stats_world`)."""
    return build_stats_world(world, year, team, teacher2)
