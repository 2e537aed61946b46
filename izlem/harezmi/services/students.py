"""Students, parental consent, placement in teams and parent information meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.files import validate_upload
from izlem.core.formats import format_date
from izlem.harezmi import access, national_id
from izlem.harezmi.models import ParentalConsent, ParentMeeting, ProgramYear, Student, Team
from izlem.harezmi.services.common import lock_row, require
from izlem.org.models import OrgNode, User


@dataclass(frozen=True)
class ConsentInput:
    """A parent's signed consent as a form gives it."""

    parent_name: str
    given_on: dt.date
    form_file: object


def _check_team(student: Student, team: Team) -> None:
    """The team must be of the student's school and year, and the student must have consent."""
    if team.school_id != student.school_id or team.program_year_id != student.program_year_id:
        raise ValidationError({"team": _("Choose a team of the student's school and year.")})
    if not student.has_consent:
        raise ValidationError(
            {
                "team": _(
                    "A student can be placed in a team only after the parents' signed consent is recorded."
                )
            }
        )


def _may_use_team(by: User, team: Team) -> bool:
    return (
        access.harezmi_teams_editable(by).filter(pk=team.pk).exists()
        or access.harezmi_teams_own(by).filter(pk=team.pk).exists()
    )


@transaction.atomic
def student_register(
    *,
    by: User | None,
    program_year: ProgramYear,
    school: OrgNode,
    first_name: str,
    last_name: str,
    grade: int,
    team: Team | None = None,
    national_id_number: str = "",
    consent: ConsentInput | None = None,
    today: dt.date | None = None,
) -> Student:
    """Register a student (with the parents' consent, if already signed, and then a team).

    The Turkish ID number is taken only if the directorate collects it; it is checked, encrypted and
    never echoed back or logged.
    """
    if by is not None:
        require(access.harezmi_student_schools(by).filter(pk=school.pk).exists())
        if team is not None:
            require(_may_use_team(by, team))
    number = national_id_number.strip()
    student = Student(
        program_year=program_year,
        school=school,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        grade=grade,
        registered_by=by,
    )
    if number:
        if not program_year.collect_national_id:
            raise ValidationError({"national_id": _("The directorate does not collect Turkish ID numbers.")})
        if not national_id.is_valid(number):
            raise ValidationError({"national_id": _("This is not a valid Turkish ID number.")})
        protected = national_id.protect(number)
        if Student.objects.filter(program_year=program_year, national_id_digest=protected.digest).exists():
            raise ValidationError(
                {"national_id": _("A student with this Turkish ID number is already registered.")}
            )
        student.national_id_ciphertext = protected.ciphertext
        student.national_id_digest = protected.digest
        student.national_id_last_digits = protected.last_digits
    student.full_clean()
    student.save()
    if consent is not None:
        _consent_save(student=student, consent=consent, by=by, today=today)
    if team is not None:
        _check_team(student, team)
        student.team = team
        student.save(update_fields=["team", "updated_at"])
    return student


def _consent_save(
    *, student: Student, consent: ConsentInput, by: User | None, today: dt.date | None = None
) -> ParentalConsent:
    """Store (or renew after a withdrawal) the student's consent; it cannot be signed after `today`."""
    today = today or timezone.localdate()
    if consent.given_on > today:
        raise ValidationError(
            {
                "given_on": _("A consent dated %(date)s cannot be recorded yet: today is %(today)s.")
                % {"date": format_date(consent.given_on), "today": format_date(today)}
            }
        )
    if not consent.form_file:
        raise ValidationError({"form_file": _("Attach the signed consent form.")})
    validate_upload(consent.form_file)
    if not consent.parent_name.strip():
        raise ValidationError({"parent_name": _("Write the parent's or guardian's name.")})
    record = ParentalConsent.objects.filter(student=student).first() or ParentalConsent(student=student)
    if record.pk and record.withdrawn_on is None:
        raise ValidationError(_("The consent of this student is already recorded."))
    record.parent_name = consent.parent_name.strip()
    record.given_on = consent.given_on
    record.form_file = consent.form_file
    record.recorded_by = by
    record.withdrawn_on = None
    record.full_clean()
    # A renewal rewrites exactly the fields of a consent (the withdrawal's reason and who took it stay).
    record.save(
        update_fields=None
        if record.pk is None
        else ["parent_name", "given_on", "form_file", "recorded_by", "withdrawn_on", "updated_at"]
    )
    student.consent = record
    return record


@transaction.atomic
def student_consent_record(*, by: User | None, student: Student, consent: ConsentInput) -> ParentalConsent:
    """Record the parents' signed consent form (date, file, who recorded it)."""
    if by is not None:
        require(access.harezmi_students_editable(by).filter(pk=student.pk).exists())
    lock_row(student)  # two recordings at once: the second sees the first's consent
    return _consent_save(student=student, consent=consent, by=by)


@transaction.atomic
def student_consent_withdraw(*, by: User | None, student: Student, on: dt.date) -> Student:
    """The parents withdraw their consent: the student leaves their team."""
    if by is not None:
        require(access.harezmi_students_editable(by).filter(pk=student.pk).exists())
    lock_row(student)  # a placement at the same moment waits and then sees the withdrawal
    if not student.has_consent:
        raise ValidationError(_("There is no consent to withdraw."))
    student.consent.withdrawn_on = on
    student.consent.save(update_fields=["withdrawn_on", "updated_at"])
    student.team = None
    student.save(update_fields=["team", "updated_at"])
    return student


@transaction.atomic
def student_place(*, by: User | None, student: Student, team: Team | None) -> Student:
    """Put a student in a team (only with consent) or take them out (team=None)."""
    if by is not None:
        require(access.harezmi_students_editable(by).filter(pk=student.pk).exists())
        if team is not None:
            require(_may_use_team(by, team))
    lock_row(student)  # a withdrawal of the consent at the same moment waits (or is seen)
    if team is not None:
        _check_team(student, team)
    student.team = team
    student.save(update_fields=["team", "updated_at"])
    return student


@transaction.atomic
def parent_meeting_record(
    *,
    by: User | None,
    program_year: ProgramYear,
    school: OrgNode,
    held_on: dt.date,
    place: str,
    parent_count: int = 0,
    summary: str = "",
    decisions: str = "",
    team: Team | None = None,
) -> ParentMeeting:
    """Record a parent information meeting about Harezmi."""
    if by is not None:
        require(access.harezmi_student_schools(by).filter(pk=school.pk).exists())
    if team is not None and team.school_id != school.pk:
        raise ValidationError({"team": _("Choose a team of this school.")})
    meeting = ParentMeeting(
        program_year=program_year,
        school=school,
        team=team,
        held_on=held_on,
        place=place,
        parent_count=parent_count,
        summary=summary,
        decisions=decisions,
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    return meeting
