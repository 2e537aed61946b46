"""Sessions (plan, application, evaluation, attendance) and teachers' absences, reported to coordinators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.core.files import validate_upload
from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access, selectors
from izlem.harezmi.models import (
    Absence,
    CoordinatorAppointment,
    ProgramYear,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    TeacherAssignment,
    Team,
)
from izlem.harezmi.selectors.sessions import (
    absences_covering,
    closed_days,
    in_semester,
    is_year_week,
    session_day_in,
)
from izlem.harezmi.services.common import lock_row, people_with, require
from izlem.org.models import OrgNode, Role, User

# What `session_record` writes on an existing session (coordinator_notified_at is not the form's).
SESSION_FORM_FIELDS = [
    "state",
    "plan",
    "activities",
    "evaluation",
    "plan_update",
    "plan_changed",
    "plan_change_note",
    "held_on",
    "not_held_reason",
    "recorded_by",
]


def school_district_coordinators(
    program_year: ProgramYear, school: OrgNode, day: dt.date | None = None
) -> list[User]:
    """The district coordinator(s) following `school`: appointments listing it, else those following every
    school of the district, else whoever holds the district coordinator role there."""
    appointments = list(selectors.district_coordinators(program_year, school.parent, day))
    listing = [a.person for a in appointments if any(s.pk == school.pk for s in a.schools.all())]
    if listing:
        return listing
    general = [a.person for a in appointments if not a.schools.all()]
    if general:
        return general
    return people_with({Role.DISTRICT_COORDINATOR}, school.parent)


def province_coordinators(program_year: ProgramYear) -> list[User]:
    """The province coordinator(s) of the year's province (appointed ones first, else role holders)."""
    # in office on the year's reference day: a departure approved ahead of its date still counts until it
    appointments = CoordinatorAppointment.objects.in_office(selectors.reference_day(program_year)).filter(
        program_year=program_year, kind=CoordinatorAppointment.Kind.PROVINCE_COORDINATOR
    )
    people = [a.person for a in appointments.select_related("person")]
    return people or people_with({Role.PROVINCE_COORDINATOR}, program_year.province)


@dataclass(frozen=True)
class SessionInput:
    """What a teacher writes about one week's session (attendance as sets of present ids)."""

    state: str
    plan: str = ""
    activities: str = ""
    evaluation: str = ""
    plan_update: str = ""
    plan_changed: bool = False
    plan_change_note: str = ""
    held_on: dt.date | None = None
    not_held_reason: str = ""
    teachers_present: frozenset[int] | None = None
    students_present: frozenset[int] | None = None


def session_teachers(team: Team, day: dt.date) -> list[User]:
    """The team's teachers with an assignment active on `day` (the teachers whose attendance is kept)."""
    assignments = TeacherAssignment.objects.active(day).filter(team=team).select_related("teacher")
    return [a.teacher for a in assignments.order_by("teacher__first_name", "teacher__last_name")]


def session_students(team: Team):
    """The team's current students (whose attendance is kept)."""
    return list(team.students.order_by(turkish("last_name"), turkish("first_name")))


def _validate(team: Team, week_start: dt.date, data: SessionInput, today: dt.date) -> dict:
    """Errors of a session record, by field (empty if it is valid)."""
    year = team.program_year
    errors: dict[str, str] = {}
    closed = closed_days(year)
    if week_start.weekday() == 0 and all(week_start + dt.timedelta(days=d) in closed for d in range(5)):
        holiday = closed[week_start]
        errors["week_start"] = _(
            "The week of %(monday)s is in %(name)s (%(first)s – %(last)s): no session is held in a break."
        ) % {
            "monday": format_date(week_start),
            "name": holiday.name,
            "first": format_date(holiday.first_day),
            "last": format_date(holiday.last_day),
        }
        return errors
    if not is_year_week(year, week_start, closed):
        errors["week_start"] = _("Choose a week inside the semesters of the program year.")
        return errors
    if data.state not in Session.State.values:
        errors["state"] = _("Choose whether the session was held.")
    if data.state == Session.State.HELD:
        if data.held_on is None:
            errors["held_on"] = _("Write the date the session was held.")
        elif not (week_start <= data.held_on <= week_start + dt.timedelta(days=6)):
            errors["held_on"] = _("The date must be in the week of %(monday)s.") % {
                "monday": format_date(week_start)
            }
        elif data.held_on > today:
            errors["held_on"] = _("A session cannot be recorded as held before its day.")
        elif not in_semester(year, data.held_on):
            errors["held_on"] = _("The date is outside the semesters.")
        elif data.held_on in closed:
            holiday = closed[data.held_on]
            errors["held_on"] = _(
                "%(day)s is a school holiday (%(name)s, %(kind)s): a session cannot be held on it."
            ) % {"day": format_date(data.held_on), "name": holiday.name, "kind": holiday.get_kind_display()}
        if not data.activities.strip():
            errors["activities"] = _("Write what was done in the application hours.")
    if data.state == Session.State.NOT_HELD and not data.not_held_reason.strip():
        errors["not_held_reason"] = _("Write why the session was not held.")
    if data.plan_changed and not data.plan_change_note.strip():
        errors["plan_change_note"] = _("Write what changed in the plan and why.")
    return errors


@transaction.atomic
def session_record(
    *, by: User | None, team: Team, week_start: dt.date, data: SessionInput, today: dt.date | None = None
) -> Session:
    """Create or update a team's session of one week with its attendance.

    Only a teacher of the team with an assignment active on the session's day may write it. Absent
    teachers are linked to the absence they reported for that day. Marking the plan as changed tells
    the school's district coordinator(s) once (coordinator_notified_at).
    """
    today = today or timezone.localdate()
    day = data.held_on if data.state == Session.State.HELD and data.held_on else None
    day = day or session_day_in(week_start, team.weekday)
    if by is not None:
        require(access.harezmi_can_log_session(by, team, day))
    errors = _validate(team, week_start, data, today)
    if errors:
        raise ValidationError(errors)
    session = Session.objects.select_for_update().filter(team=team, week_start=week_start).first()
    session = session or Session(team=team, week_start=week_start)
    session.state = data.state
    session.plan = data.plan.strip()
    session.activities = data.activities.strip()
    session.evaluation = data.evaluation.strip()
    session.plan_update = data.plan_update.strip()
    session.plan_changed = data.plan_changed
    session.plan_change_note = data.plan_change_note.strip() if data.plan_changed else ""
    session.held_on = data.held_on if data.state == Session.State.HELD else None
    session.not_held_reason = data.not_held_reason.strip() if data.state == Session.State.NOT_HELD else ""
    session.recorded_by = by
    session.full_clean()
    session.save(update_fields=None if session.pk is None else [*SESSION_FORM_FIELDS, "updated_at"])
    if session.state == Session.State.HELD:
        _save_attendance(session, team, day, data)
    else:
        # Attendance belongs to held sessions only; a session changed to not held keeps none.
        session.teacher_attendance.all().delete()
        session.student_attendance.all().delete()
    if session.plan_changed and session.coordinator_notified_at is None:
        _notify_plan_change(session, team)
    return session


def _save_attendance(session: Session, team: Team, day: dt.date, data: SessionInput) -> None:
    """Keep one attendance row per teacher and student; absent teachers get their reported absence."""
    teachers = session_teachers(team, day)
    existing_teachers = {row.teacher_id: row for row in session.teacher_attendance.all()}
    absences = absences_covering([t.pk for t in teachers] + list(existing_teachers), day)
    for teacher in teachers:
        present = (
            teacher.pk in data.teachers_present
            if data.teachers_present is not None
            else teacher.pk not in absences
        )
        row = existing_teachers.get(teacher.pk) or SessionTeacherAttendance(session=session, teacher=teacher)
        row.present = present
        row.absence = None if present else absences.get(teacher.pk)
        # An existing row (read inside the session's lock) changes only its two fields.
        row.save(update_fields=None if row.pk is None else ["present", "absence"])
    students = session_students(team)
    existing_students = {row.student_id: row for row in session.student_attendance.all()}
    for student in students:
        present = data.students_present is None or student.pk in data.students_present
        row = existing_students.get(student.pk)
        if row is None:
            SessionStudentAttendance.objects.create(session=session, student=student, present=present)
        elif row.present != present:
            row.present = present
            row.save(update_fields=["present"])


def _notify_plan_change(session: Session, team: Team) -> None:
    """Tell the school's district coordinator(s) that the team's plan changed, and note when."""
    day = session.held_on or session_day_in(session.week_start, team.weekday)
    recipients = school_district_coordinators(team.program_year, team.school, day)
    notify(
        recipients=recipients,
        message=_("%(team)s changed its plan in the week of %(week)s: %(note)s")
        % {"team": team, "week": format_date(session.week_start), "note": session.plan_change_note},
        url=reverse("harezmi:session-detail", args=[session.pk]),
        email_subject=_("Harezmi: a team's plan changed"),
    )
    session.coordinator_notified_at = timezone.now()
    session.save(update_fields=["coordinator_notified_at", "updated_at"])


# --- absences -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceInput:
    """A teacher's leave or sick days as a form gives them."""

    kind: str
    starts_on: dt.date
    ends_on: dt.date
    note: str = ""
    document: object | None = None


def _absence_check(program_year: ProgramYear, data: AbsenceInput) -> None:
    """Raise a ValidationError naming the field if the absence is not valid."""
    errors = {}
    if data.kind not in Absence.Kind.values:
        errors["kind"] = _("Choose the kind of absence.")
    if data.ends_on < data.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    if data.starts_on < program_year.start_date or data.ends_on > program_year.end_date:
        errors["starts_on"] = _("The days must lie inside the program year (%(start)s – %(end)s).") % {
            "start": format_date(program_year.start_date),
            "end": format_date(program_year.end_date),
        }
    if errors:
        raise ValidationError(errors)
    if data.document:
        validate_upload(data.document)


def _teacher_schools(program_year: ProgramYear, teacher: User) -> list[OrgNode]:
    """Schools of the teacher's current teams in the year."""
    assignments = TeacherAssignment.objects.current().filter(team__program_year=program_year, teacher=teacher)
    return list(OrgNode.objects.filter(pk__in=assignments.values("team__school_id")).select_related("parent"))


def _link_sessions(absence: Absence) -> int:
    """Link the teacher's missing rows in sessions held on the absent days to the absence."""
    rows = SessionTeacherAttendance.objects.filter(
        teacher=absence.teacher,
        present=False,
        session__held_on__gte=absence.starts_on,
        session__held_on__lte=absence.ends_on,
    )
    return rows.update(absence=absence)


@transaction.atomic
def absence_report(
    *, by: User | None, program_year: ProgramYear, teacher: User, data: AbsenceInput
) -> Absence:
    """Record a teacher's leave or sick days (the teacher, or the school's principal for them) and tell the
    district coordinator(s) following the teacher's schools and the province coordinator."""
    if by is not None:
        require(access.harezmi_absence_teachers(by, program_year).filter(pk=teacher.pk).exists())
    _absence_check(program_year, data)
    schools = _teacher_schools(program_year, teacher)
    if not schools:
        raise ValidationError(
            {"teacher": _("%(person)s is in no Harezmi team this program year.") % {"person": teacher}}
        )
    absence = Absence(
        program_year=program_year,
        teacher=teacher,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        note=data.note.strip(),
        reported_by=by,
    )
    if data.document:
        absence.document = data.document
    absence.full_clean()
    absence.save()
    _link_sessions(absence)
    recipients = [*province_coordinators(program_year)]
    for school in schools:
        recipients += school_district_coordinators(program_year, school, absence.starts_on)
    notify(
        recipients=recipients,
        message=_("%(person)s will be absent from Harezmi (%(kind)s) %(start)s – %(end)s.")
        % {
            "person": teacher,
            "kind": absence.get_kind_display(),
            "start": format_date(absence.starts_on),
            "end": format_date(absence.ends_on),
        },
        url=reverse("harezmi:absence-list") + f"?year={program_year.pk}",
        email_subject=_("Harezmi: a teacher's absence"),
    )
    absence.coordinator_notified_at = timezone.now()
    absence.save(update_fields=["coordinator_notified_at", "updated_at"])
    return absence


@transaction.atomic
def absence_update(*, by: User | None, absence: Absence, data: AbsenceInput) -> Absence:
    """Correct an absence's kind, days or note (the teacher or the school's principal); links follow the days."""
    if by is not None:
        require(access.harezmi_absences_editable(by).filter(pk=absence.pk).exists())
    _absence_check(absence.program_year, data)
    lock_row(absence)  # the caller's copy may be old: re-read it locked, so the audit row is true
    absence.kind, absence.starts_on, absence.ends_on = data.kind, data.starts_on, data.ends_on
    absence.note = data.note.strip()
    fields = ["kind", "starts_on", "ends_on", "note", "updated_at"]
    if data.document:
        absence.document = data.document
        fields.append("document")
    absence.full_clean()
    absence.save(update_fields=fields)
    absence.session_rows.exclude(
        session__held_on__gte=absence.starts_on, session__held_on__lte=absence.ends_on
    ).update(absence=None)
    _link_sessions(absence)
    return absence
