"""Program meetings (experience sharing, process management, school pre/post meetings): details,
invitations, attendance, minutes and decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import CalendarEvent, Meeting, MeetingAttendee, ProgramYear
from izlem.harezmi.services.common import lock_row, require
from izlem.org.models import OrgNode, User

Kind = Meeting.Kind
# Which levels hold which kind of meeting (seed §6: district and province experience sharing, the
# province's process-management meetings, each school's meetings before and after the application).
KIND_NODE_KINDS: dict[str, set[str]] = {
    Kind.EXPERIENCE_SHARING: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT},
    Kind.PROCESS_MANAGEMENT: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT},
    Kind.SCHOOL_PRE: {OrgNode.Kind.SCHOOL},
    Kind.SCHOOL_POST: {OrgNode.Kind.SCHOOL},
    Kind.OTHER: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT, OrgNode.Kind.SCHOOL},
}
MEETING_FIELDS = ("kind", "node", "title", "held_on", "place", "minutes", "decisions", "calendar_event")


@dataclass(frozen=True)
class Outsider:
    """A person invited from outside izlem (a guest speaker, a parent representative …), kept by name."""

    name: str
    role_note: str = ""


def parse_outsiders(text: str) -> list[Outsider]:
    """One outsider per line, `Name — title` (a dash or a comma separates the title)."""
    outsiders = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        for separator in (" — ", " - ", ","):
            if separator in line:
                name, note = line.split(separator, 1)
                break
        else:
            name, note = line, ""
        outsiders.append(Outsider(name=name.strip()[:160], role_note=note.strip()[:160]))
    return outsiders


def _check(
    *,
    by: User | None,
    program_year: ProgramYear,
    kind: str,
    node: OrgNode,
    held_on: dt.date,
    calendar_event: CalendarEvent | None,
    invitees: list[User],
) -> None:
    """The meeting's level fits its kind and the user, its date the year, its invitees the level."""
    if by is not None:
        require(access.harezmi_level_nodes(by).filter(pk=node.pk).exists())
    errors: dict[str, str] = {}
    allowed = KIND_NODE_KINDS.get(kind)
    if allowed is None:
        errors["kind"] = _("Choose the kind of meeting.")
    elif node.kind not in allowed:
        errors["node"] = _("A %(kind)s is held by a %(levels)s.") % {
            "kind": Kind(kind).label.lower(),
            "levels": _("school") if allowed == {OrgNode.Kind.SCHOOL} else _("province or district"),
        }
    if not node.is_within(program_year.province):
        errors["node"] = _("Choose a level inside the program year's province.")
    if held_on and not (program_year.application_opens <= held_on <= program_year.end_date):
        errors["held_on"] = _(
            "The date must fall between the opening of applications (%(start)s) and the end of "
            "the program year (%(end)s)."
        ) % {
            "start": format_date(program_year.application_opens),
            "end": format_date(program_year.end_date),
        }
    if calendar_event is not None and calendar_event.program_year_id != program_year.pk:
        errors["calendar_event"] = _("Choose a calendar entry of the same program year.")
    if invitees:
        allowed_people = set(
            access.harezmi_meeting_people(node)
            .filter(pk__in=[p.pk for p in invitees])
            .values_list("pk", flat=True)
        )
        outside = [str(p) for p in invitees if p.pk not in allowed_people]
        if outside:
            errors["invitees"] = _(
                "%(people)s hold no Harezmi role at this level: record them as outsiders by name."
            ) % {"people": ", ".join(outside)}
    if errors:
        raise ValidationError(errors)


def _sync_invitations(meeting: Meeting, invitees: list[User], outsiders: list[Outsider]) -> list[User]:
    """Make the invited people and outsiders exactly these (attendance of those kept is kept); return the
    people newly invited."""
    rows = {row.person_id: row for row in meeting.attendees.filter(person__isnull=False)}
    wanted = {person.pk: person for person in invitees}
    meeting.attendees.filter(person_id__in=set(rows) - set(wanted)).delete()
    new_people = [person for pk, person in wanted.items() if pk not in rows]
    bulk_create_with_history(
        [MeetingAttendee(meeting=meeting, person=person, invited=True) for person in new_people],
        MeetingAttendee,
    )
    for pk, row in rows.items():
        if pk in wanted and not row.invited:
            row.invited = True
            row.save(update_fields=["invited"])
    named = {row.name: row for row in meeting.attendees.filter(person__isnull=True)}
    wanted_names = {outsider.name: outsider for outsider in outsiders if outsider.name}
    meeting.attendees.filter(person__isnull=True).exclude(name__in=list(wanted_names)).delete()
    for name, outsider in wanted_names.items():
        row = named.get(name)
        if row is None:
            MeetingAttendee.objects.create(
                meeting=meeting, name=name, role_note=outsider.role_note, invited=True
            )
        elif row.role_note != outsider.role_note:
            row.role_note = outsider.role_note
            row.save(update_fields=["role_note"])
    return new_people


def _notify_invited(meeting: Meeting, people: list[User], by: User | None) -> None:
    """Tell the newly invited people (not the recorder) about the meeting."""
    recipients = [person for person in people if by is None or person.pk != by.pk]
    if recipients:
        notify(
            recipients=recipients,
            message=_("You are invited to %(title)s on %(date)s (%(place)s).")
            % {
                "title": meeting.title,
                "date": format_date(meeting.held_on),
                "place": meeting.place or "—",
            },
            url=reverse("harezmi:program-meeting-detail", args=[meeting.pk]),
        )


@transaction.atomic
def meeting_create(
    *,
    by: User | None,
    program_year: ProgramYear,
    kind: str,
    node: OrgNode,
    title: str,
    held_on: dt.date,
    place: str = "",
    minutes: str = "",
    decisions: str = "",
    calendar_event: CalendarEvent | None = None,
    invitees: Iterable[User] = (),
    outsiders: Iterable[Outsider] = (),
) -> Meeting:
    """Record a meeting of the province, a district or a school with the people invited to it."""
    invitees = list(invitees)
    _check(
        by=by,
        program_year=program_year,
        kind=kind,
        node=node,
        held_on=held_on,
        calendar_event=calendar_event,
        invitees=invitees,
    )
    meeting = Meeting(
        program_year=program_year,
        kind=kind,
        node=node,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        minutes=minutes,
        decisions=decisions,
        calendar_event=calendar_event,
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    new_people = _sync_invitations(meeting, invitees, list(outsiders))
    _notify_invited(meeting, new_people, by)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    by: User | None,
    meeting: Meeting,
    invitees: Iterable[User] | None = None,
    outsiders: Iterable[Outsider] | None = None,
    **changes,
) -> Meeting:
    """Change a meeting's details, minutes, decisions and (if given) its invitations."""
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if by is not None:  # the current level must be the user's too (a meeting cannot be moved out of reach)
        require(access.harezmi_level_nodes(by).filter(pk=meeting.node_id).exists())
    lock_row(meeting)  # the caller's copy may be old: re-read it locked, so the audit row is true
    for field, value in changes.items():
        setattr(meeting, field, value.strip() if field in ("title", "place") else value)
    people = list(invitees) if invitees is not None else []
    _check(
        by=by,
        program_year=meeting.program_year,
        kind=meeting.kind,
        node=meeting.node,
        held_on=meeting.held_on,
        calendar_event=meeting.calendar_event,
        invitees=people,
    )
    meeting.full_clean()
    meeting.save(update_fields=[*changes, "updated_at"])
    if invitees is not None or outsiders is not None:
        current_outsiders = [
            Outsider(row.name, row.role_note) for row in meeting.attendees.filter(person__isnull=True)
        ]
        current_people = [row.person for row in meeting.attendees.filter(person__isnull=False, invited=True)]
        new_people = _sync_invitations(
            meeting,
            people if invitees is not None else current_people,
            list(outsiders) if outsiders is not None else current_outsiders,
        )
        _notify_invited(meeting, new_people, by)
    return meeting


@transaction.atomic
def meeting_attendance_record(
    *, by: User | None, meeting: Meeting, present: Iterable[int], today: dt.date | None = None
) -> Meeting:
    """Record who came: `present` holds the ids of the attendee rows that were there (the others were not)."""
    if by is not None:
        require(access.harezmi_level_nodes(by).filter(pk=meeting.node_id).exists())
    if meeting.held_on > (today or timezone.localdate()):
        raise ValidationError(_("Attendance can be recorded once the meeting has taken place."))
    present_ids = set(present)
    rows = list(meeting.attendees.all())
    unknown = present_ids - {row.pk for row in rows}
    if unknown:
        raise ValidationError(_("Someone marked present is not on this meeting's list."))
    changed = []
    for row in rows:
        value = row.pk in present_ids
        if row.present != value:
            row.present = value
            changed.append(row)
    for row in changed:  # one by one, so that the audit trail has each change
        row.save(update_fields=["present"])
    return meeting
