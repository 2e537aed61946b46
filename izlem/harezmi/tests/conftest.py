"""Harezmi test fixtures, built on the shared test world (izlem.core.testing).

Dates are relative to today so that pages (which use the real date) see a running year:
the year started 60 days ago; its application window closed before that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from izlem.core.testing import make_user
from izlem.harezmi import services
from izlem.harezmi.services.common import DocumentInput
from izlem.harezmi.services.students import ConsentInput
from izlem.org.models import Role

DAY = dt.timedelta(days=1)


def pdf(name: str = "belge.pdf") -> SimpleUploadedFile:
    """A small valid PDF upload."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def doc(day: dt.date, number: str = "") -> DocumentInput:
    """A document with a file."""
    return DocumentInput(date=day, number=number, file=pdf())


def consent(day: dt.date, parent: str = "Veli Adı") -> ConsentInput:
    return ConsentInput(parent_name=parent, given_on=day, form_file=pdf("izin.pdf"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(client, settings):
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
