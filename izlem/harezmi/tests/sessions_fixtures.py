"""Shared builders of the sessions and visits tests (Harezmi II).

`fixed_scene` builds a program year with fixed dates far from today (2030-2031), so hand counts do
not depend on the day the tests run; services get `today` explicitly. Page tests use the running
year of tests/support/harezmi.py instead, because pages use the real date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from izlem.harezmi import services
from izlem.harezmi.models import ProgramYear, Student, Team
from izlem.harezmi.services.sessions import SessionInput
from izlem.org.models import Role, User
from tests.support.harezmi import approve, consent, make_year
from tests.support.world import make_user

D = dt.date
# Semester 1 runs Monday 9 September 2030 to Friday 17 January 2031; the teams meet on Wednesdays.
TODAY = D(2030, 10, 2)  # a Wednesday: the fourth session day of the year


@dataclass
class Scene:
    """A fixed year with a Wednesday team of school A1 (two teachers, two students) and more."""

    year: ProgramYear
    team: Team
    late_team: Team
    unscheduled: Team
    teacher: User
    teacher2: User
    pending: User
    students: list[Student]


def fixed_year(world) -> ProgramYear:
    """The 2030-2031 year of Erzincan with fixed dates."""
    return make_year(
        world,
        name="2030-2031",
        start=D(2030, 9, 2),
        semester1_start=D(2030, 9, 9),
        semester1_end=D(2031, 1, 17),
        semester2_start=D(2031, 2, 3),
        semester2_end=D(2031, 6, 20),
        end_date=D(2031, 6, 27),
    )


def fixed_scene(world) -> Scene:
    """Team "Ekip 1" of A1 meets on Wednesdays from the start; "Ekip 2" only from 20 September;
    B1's team has no weekly time. A third teacher of A1 waits for the Kaymakamlık Oluru."""
    year = fixed_year(world)
    approve(year, world.school_a1, 2)
    approve(year, world.school_b1, 1)
    formation = year.start_date - dt.timedelta(days=3)
    team = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 1")
    late = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    unscheduled = services.team_create(by=None, program_year=year, school=world.school_b1, name="Ekip 1")
    teacher2 = User.objects.filter(username="teacher2").first() or make_user(
        "teacher2", Role.TEACHER, world.school_a1
    )
    pending = make_user("teacher3", Role.TEACHER, world.school_a1)
    for person in (world.teacher, teacher2):
        services.teacher_assignment_add(by=None, team=team, teacher=person, today=formation)
    services.teacher_assignment_add(by=None, team=late, teacher=teacher2, today=formation)
    services.teacher_assignment_add(
        by=None,
        team=team,
        teacher=pending,
        petition=services.DocumentInput(date=D(2030, 9, 20)),
        justification="Ekibe katılım",
        today=D(2030, 9, 20),
    )
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5, effective_from=year.start_date)
    services.team_schedule_set(by=None, team=late, weekday=3, first_lesson=1, effective_from=D(2030, 9, 20))
    students = [
        services.student_register(
            by=None,
            program_year=year,
            school=world.school_a1,
            first_name=first,
            last_name=last,
            grade=7,
            team=team,
            consent=consent(D(2030, 9, 5)),
            today=D(2030, 9, 5),
        )
        for first, last in (("Ada", "Kaya"), ("Can", "Er"))
    ]
    return Scene(year, team, late, unscheduled, world.teacher, teacher2, pending, students)


def held(day: dt.date, *, teachers=None, students=None, **extra) -> SessionInput:
    """A held session on `day` (attendance: the present ids, or None for the defaults)."""
    return SessionInput(
        state="held",
        held_on=day,
        plan="Algoritma kartları ile ısınma",
        activities="Blok tabanlı kodlama ile trafik lambası",
        evaluation="Öğrenciler akış şemasını anlattı",
        teachers_present=None if teachers is None else frozenset(teachers),
        students_present=None if students is None else frozenset(students),
        **extra,
    )
