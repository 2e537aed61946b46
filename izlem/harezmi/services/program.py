"""Program years and their calendar."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from izlem.harezmi import access
from izlem.harezmi.models import CalendarEvent, ProgramYear, SchoolHoliday
from izlem.harezmi.services.common import lock_row, require
from izlem.org.models import OrgNode, User

YEAR_EDITABLE_FIELDS = [
    "name",
    "start_date",
    "end_date",
    "application_opens",
    "application_closes",
    "semester1_start",
    "semester1_end",
    "semester2_start",
    "semester2_end",
    "team_teacher_min",
    "team_teacher_max",
    "schools_per_district_coordinator",
    "teams_per_district_coordinator",
    "is_metropolitan",
    "large_province_team_threshold",
    "collect_national_id",
    "last_lesson",
]


@transaction.atomic
def program_year_create(*, by: User | None, province: OrgNode, **fields) -> ProgramYear:
    """Open a program year for a province with its calendar dates and rules."""
    if by is not None:
        require(access.harezmi_province_nodes(by).filter(pk=province.pk).exists())
    year = ProgramYear(province=province, **{k: v for k, v in fields.items() if k in YEAR_EDITABLE_FIELDS})
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def program_year_update(*, by: User | None, program_year: ProgramYear, **changes) -> ProgramYear:
    """Change a program year's dates and rules (audited)."""
    if by is not None:
        require(access.harezmi_can_manage_year(by, program_year))
    lock_row(program_year)  # the caller's copy may be old: re-read it locked, so the audit row is true
    owned = [field for field in changes if field in YEAR_EDITABLE_FIELDS]
    for field in owned:
        setattr(program_year, field, changes[field])
    program_year.full_clean()
    program_year.save(update_fields=[*owned, "updated_at"])
    return program_year


@transaction.atomic
def calendar_event_create(
    *,
    by: User | None,
    program_year: ProgramYear,
    node: OrgNode,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    place: str = "",
    notes: str = "",
) -> CalendarEvent:
    """Put a training, meeting or key date on the year's calendar, at the province or one district."""
    if by is not None:
        require(access.harezmi_event_nodes(by, program_year).filter(pk=node.pk).exists())
    event = CalendarEvent(
        program_year=program_year,
        node=node,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        notes=notes,
        created_by=by,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def school_holiday_create(
    *, by: User | None, program_year: ProgramYear, kind: str, name: str, first_day: dt.date, last_day: dt.date
) -> SchoolHoliday:
    """Put a break or public holiday on the year's calendar (those who run the year's province)."""
    if by is not None:
        require(access.harezmi_can_manage_year(by, program_year))
    holiday = SchoolHoliday(
        program_year=program_year, kind=kind, name=name.strip(), first_day=first_day, last_day=last_day
    )
    holiday.full_clean()
    holiday.save(force_insert=True)
    return holiday


@transaction.atomic
def school_holiday_delete(*, by: User | None, holiday: SchoolHoliday) -> None:
    """Take a break or public holiday off the year's calendar (its days count as school days again)."""
    if by is not None:
        require(access.harezmi_can_manage_year(by, holiday.program_year))
    holiday.delete()
