"""Harezmi test fixtures, built on the shared test world (tests.support.world).

Every Harezmi test uses `temporary_media` and `english_texts` (izlem/harezmi/tests/conftest.py); tests
elsewhere that need them ask for them.

Dates are relative to today so that pages (which use the real date) see a running year:
the year started 60 days ago; its application window closed before that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from izlem.harezmi import services
from izlem.harezmi.selectors import sessions as sel
from izlem.harezmi.services.common import DocumentInput
from izlem.harezmi.services.sessions import SessionInput
from izlem.harezmi.services.students import ConsentInput
from izlem.org.models import Role
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def pdf(name: str = "belge.pdf") -> SimpleUploadedFile:
    """A small valid PDF upload."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def doc(day: dt.date, number: str = "") -> DocumentInput:
    """A document with a file."""
    return DocumentInput(date=day, number=number, file=pdf())


def consent(day: dt.date, parent: str = "Veli Adı") -> ConsentInput:
    return ConsentInput(parent_name=parent, given_on=day, form_file=pdf("izin.pdf"))


@pytest.fixture
def temporary_media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english_texts(client, settings):
    """Tests assert on the English source texts (the Turkish translation may be reworded)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def make_year(world, *, name: str = "2025-2026", start: dt.date | None = None, **extra):
    """A program year of Erzincan starting on `start` (default: 60 days ago)."""
    start = start or timezone.localdate() - 60 * DAY
    fields = {
        "name": name,
        "start_date": start,
        "end_date": start + 290 * DAY,
        "application_opens": start - 100 * DAY,
        "application_closes": start - 20 * DAY,
        "semester1_start": start,
        "semester1_end": start + 120 * DAY,
        "semester2_start": start + 135 * DAY,
        "semester2_end": start + 290 * DAY,
    }
    fields.update(extra)
    return services.program_year_create(by=None, province=world.province, **fields)


@pytest.fixture
def year(world):
    """The running program year."""
    return make_year(world)


@pytest.fixture
def window_year(world):
    """A coming program year whose application window is open today."""
    today = timezone.localdate()
    return make_year(
        world,
        name="2027-2028",
        start=today + 40 * DAY,
        application_opens=today - 10 * DAY,
        application_closes=today + 10 * DAY,
    )


def in_window(year) -> dt.date:
    return year.application_opens + 5 * DAY


def before_start(year) -> dt.date:
    return year.start_date - 3 * DAY


def approve(year, school, teams: int = 2, *, by=None):
    """An application of `school` taken through every step to an announced approval."""
    application = services.application_create(
        by=None,
        program_year=year,
        school=school,
        requested_team_count=teams,
        motivation="Gerekçe",
        today=in_window(year),
    )
    services.application_submit(by=None, application=application, today=in_window(year))
    services.application_forward(by=None, application=application)
    services.application_approve(by=None, application=application, approved_team_count=teams)
    services.application_results_announce(by=None, program_year=year)
    application.refresh_from_db()
    return application


@pytest.fixture
def approved(world, year):
    """School A1's approved application (2 teams)."""
    return approve(year, world.school_a1)


@pytest.fixture
def team(world, year, approved):
    """Team 1 of school A1 with the world's teacher placed at formation."""
    team = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 1")
    services.teacher_assignment_add(by=None, team=team, teacher=world.teacher, today=before_start(year))
    return team


@pytest.fixture
def teacher2(world):
    """A second teacher of school A1."""
    return make_user("teacher2", Role.TEACHER, world.school_a1)


def trained(person, on: dt.date | None = None):
    """Record the person's completed Harezmi training."""
    return services.training_record(by=None, person=person, completed_on=on or dt.date(2024, 8, 30))


@pytest.fixture
def crowded(world, year):
    """Four schools of district A (one coordinator) all on Wednesday, lessons 5-8."""
    from izlem.org.models import OrgNode
    from tests.support.world import make_user

    schools = [world.school_a1, world.school_a2] + [
        OrgNode.objects.create(kind="school", code=f"70010{i}", name=f"Okul {i}", parent=world.district_a)
        for i in range(2)
    ]
    coordinator = make_user("koord", "teacher", world.school_a2)
    trained(coordinator)
    services.coordinator_appoint(
        by=None,
        program_year=year,
        kind="district_coordinator",
        unit="district_private_office",
        person=coordinator,
        node=world.district_a,
        employment="full_time",
        petition=doc(year.start_date),
        start_letter=doc(year.start_date, "E-1"),
    )
    teams = []
    for school in schools:
        approve(year, school, 1)
        team = services.team_create(by=None, program_year=year, school=school, name="Ekip 1")
        services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5)
        teams.append(team)
    return teams


def register_student(year, school, first_name="Ada", last_name="Kaya", *, by=None, grade=7, **extra):
    """A student of `school` registered in `year` through the service (`extra`: team, consent, ID number …)."""
    return services.student_register(
        by=by,
        program_year=year,
        school=school,
        first_name=first_name,
        last_name=last_name,
        grade=grade,
        **extra,
    )


def past_weeks(team) -> list[dt.date]:
    """Mondays of the team's weeks whose session day has passed (inside the semesters)."""
    today = timezone.localdate()
    return [c.monday for c in sel.team_week_grid(team, today=today) if c.day < today and c.state != "before"]


@pytest.fixture
def scene(world, year, team, teacher2):
    """The running year's team of A1 meets on Wednesdays from the start; teacher2 is in it; a student;
    a second team of A1 without the world's teacher; B1's team."""
    services.teacher_assignment_add(by=None, team=team, teacher=teacher2, today=before_start(year))
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5, effective_from=year.start_date)
    student = register_student(year, world.school_a1, team=team, consent=consent(year.start_date))
    other = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    approve(year, world.school_b1, 1)
    b_team = services.team_create(by=None, program_year=year, school=world.school_b1, name="Ekip 1")
    weeks = past_weeks(team)
    session = services.session_record(
        by=None,
        team=team,
        week_start=weeks[0],
        data=SessionInput(
            state="held",
            held_on=weeks[0] + dt.timedelta(days=2),
            activities="Kodlama",
            plan_changed=True,
            plan_change_note="Konu değişti",
        ),
    )
    return {
        "team": team,
        "other": other,
        "b_team": b_team,
        "student": student,
        "weeks": weeks,
        "session": session,
    }
