"""Reads over program meetings: lists with attendance counts and attendance rates per person.

Pure functions over querysets the caller has already limited to what the user may read (the access
module decides that), so that the statistics pages and the Ministry report can reuse them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from izlem.harezmi.models import Meeting, MeetingAttendee
from izlem.org.models import User


def rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal (None when nobody was invited)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def meetings_for_list(meetings):
    """Meetings with their level and `invited_count` / `present_count` annotations (one query)."""
    return meetings.select_related("node", "calendar_event").annotate(
        invited_count=Count("attendees", filter=Q(attendees__invited=True), distinct=True),
        present_count=Count("attendees", filter=Q(attendees__present=True), distinct=True),
    )


@dataclass
class KindAttendance:
    """One person's attendance at one kind of meeting."""

    invited: int = 0
    present: int = 0

    @property
    def rate(self) -> Decimal | None:
        return rate(self.present, self.invited)


@dataclass
class PersonAttendance:
    """One person's attendance over the meetings counted: per kind and in all."""

    person: User
    by_kind: dict[str, KindAttendance] = field(default_factory=dict)

    @property
    def invited(self) -> int:
        return sum(item.invited for item in self.by_kind.values())

    @property
    def present(self) -> int:
        return sum(item.present for item in self.by_kind.values())

    @property
    def rate(self) -> Decimal | None:
        return rate(self.present, self.invited)


def attendance_rates(meetings) -> list[PersonAttendance]:
    """Attendance rate per person over `meetings` (a Meeting queryset): present ÷ invited, in all and per
    meeting kind, for people who are izlem users. A person who came without an invitation is not counted
    (the rate measures invitations honoured); people recorded by name only are left out (a name is not a
    person across meetings). Sorted by rate, lowest first, then name. Two queries."""
    rows = (
        MeetingAttendee.objects.filter(meeting__in=meetings, person__isnull=False, invited=True)
        .values("person_id", "meeting__kind")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by()
    )
    by_person: dict[int, dict[str, KindAttendance]] = {}
    for row in rows:
        kinds = by_person.setdefault(row["person_id"], {})
        kinds[row["meeting__kind"]] = KindAttendance(invited=row["invited"], present=row["present"])
    people = User.objects.in_bulk(list(by_person))
    result = [PersonAttendance(person=people[pk], by_kind=kinds) for pk, kinds in by_person.items()]
    result.sort(key=lambda item: (item.rate, item.person.get_full_name() or item.person.username))
    return result


def person_attendance_rate(person: User, meetings, kind: str | None = None) -> Decimal | None:
    """One person's attendance rate over `meetings` (optionally one kind): present ÷ invited, in %."""
    rows = MeetingAttendee.objects.filter(meeting__in=meetings, person=person, invited=True)
    if kind:
        rows = rows.filter(meeting__kind=kind)
    counts = rows.aggregate(invited=Count("pk"), present=Count("pk", filter=Q(present=True)))
    return rate(counts["present"], counts["invited"])


def meeting_counts(meetings) -> dict[str, int]:
    """How many meetings of each kind (every kind present, zero if none)."""
    counts = dict(meetings.order_by().values_list("kind").annotate(n=Count("pk")))
    return {kind: counts.get(kind, 0) for kind in Meeting.Kind.values}
