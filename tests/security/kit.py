"""Shared helpers of the issue-10 security tests (part A): a Harezmi student with consent, a small plan."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from izlem.harezmi import services as harezmi
from izlem.harezmi.services.students import ConsentInput

# A valid Turkish ID number (checksum right) used as personal data in the tests.
NATIONAL_ID = "10000000146"
DAY = dt.timedelta(days=1)


def pdf(name: str = "izin.pdf", body: bytes = b"%PDF-1.4\n%test\n") -> SimpleUploadedFile:
    """A small valid PDF upload."""
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def program_year(world, *, name: str = "2025-2026", start: dt.date | None = None, collect_ids: bool = True):
    """A program year of the world's province starting on `start` (default 60 days ago)."""
    start = start or timezone.localdate() - 60 * DAY
    year = harezmi.program_year_create(
        by=None,
        province=world.province,
        name=name,
        start_date=start,
        end_date=start + 290 * DAY,
        application_opens=start - 100 * DAY,
        application_closes=start - 20 * DAY,
        semester1_start=start,
        semester1_end=start + 120 * DAY,
        semester2_start=start + 135 * DAY,
        semester2_end=start + 290 * DAY,
    )
    if collect_ids and not year.collect_national_id:
        year.collect_national_id = True
        year.save(update_fields=["collect_national_id"])
    return year


def student(world, year, *, first="Ayşe", last="Yılmaz", national_id=NATIONAL_ID, with_consent=True):
    """A student of school A1 (with an ID number and a signed consent form unless told otherwise)."""
    return harezmi.student_register(
        by=None,
        program_year=year,
        school=world.school_a1,
        first_name=first,
        last_name=last,
        grade=6,
        national_id_number=national_id,
        consent=ConsentInput(parent_name="Fatma Yılmaz", given_on=year.start_date, form_file=pdf())
        if with_consent
        else None,
    )
