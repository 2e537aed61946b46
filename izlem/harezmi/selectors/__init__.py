"""Reads of the Harezmi program: current year, coordinator need, the district week, consent coverage."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.harezmi import access, balancing
from izlem.harezmi.balancing.search import balance
from izlem.harezmi.constants import LESSONS_PER_SESSION
from izlem.harezmi.models import (
    Application,
    CoordinatorAppointment,
    ProgramYear,
    ScheduleChange,
    TeacherAssignment,
    Team,
    Weekday,
)
from izlem.harezmi.models.teams import in_force_q
from izlem.org.models import OrgNode

CONSENTED = Q(students__consent__isnull=False, students__consent__withdrawn_on__isnull=True)


def program_year_current(user, pk: int | None = None) -> ProgramYear | None:
    """The year the user asked for, else the one running today, else the latest they may see."""
    years = access.harezmi_years_visible(user)
    if pk is not None:
        return access.harezmi_year_for(user, pk)
    today = timezone.localdate()
    return years.containing(today).first() or years.order_by("-start_date").first()


def reference_day(program_year: ProgramYear) -> dt.date:
    """Today, kept inside the program year (the last day for a past year, the first for a future one)."""
    return min(max(timezone.localdate(), program_year.start_date), program_year.end_date)


def _in_force_on(appointments, day: dt.date):
    """Appointments covering `day` and not ended before it."""
    return appointments.filter(start_date__lte=day, end_date__gte=day).exclude(departed_on__lt=day)


def district_coordinators(program_year: ProgramYear, district: OrgNode, day: dt.date | None = None):
    """The district's coordinators in office on `day` (default: the reference day)."""
    appointments = CoordinatorAppointment.objects.filter(
        program_year=program_year, kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR, node=district
    )
    return (
        _in_force_on(appointments, day or reference_day(program_year))
        .select_related("person")
        .prefetch_related("schools")
        .order_by("start_date", "pk")
    )


def school_coordinators(program_year: ProgramYear, district: OrgNode) -> dict[int, CoordinatorAppointment]:
    """Which coordinator follows each school: the one that lists it, else the first with no list."""
    coordinators = list(district_coordinators(program_year, district))
    result: dict[int, CoordinatorAppointment] = {}
    for appointment in coordinators:
        for school in appointment.schools.all():
            result.setdefault(school.pk, appointment)
    fallback = next((a for a in coordinators if not a.schools.all()), None)
    if fallback is not None:
        schools = OrgNode.objects.filter(parent=district, kind=OrgNode.Kind.SCHOOL).values_list(
            "pk", flat=True
        )
        for school_id in schools:
            result.setdefault(school_id, fallback)
    return result


def suggested_coordinator_count(*, schools: int, teams: int, program_year: ProgramYear) -> int:
    """The coordinator-count rule (docs/harezmi.md): enough for both the schools and the teams, at least one.

    suggested = 0 without application schools, else max(1, ⌈schools ÷ S⌉, ⌈teams ÷ T⌉) with S and T
    the program year's `schools_per_district_coordinator` and `teams_per_district_coordinator`.
    """
    if schools == 0:
        return 0
    return max(
        1,
        math.ceil(schools / program_year.schools_per_district_coordinator),
        math.ceil(teams / program_year.teams_per_district_coordinator),
    )


@dataclass
class CoordinatorNeed:
    """One district's row of the coordinator-count table."""

    district: OrgNode
    schools: int
    teams: int
    suggested: int
    in_office: float
    coordinators: list[CoordinatorAppointment]

    @property
    def missing(self) -> float:
        return max(0.0, self.suggested - self.in_office)


def coordinator_need(program_year: ProgramYear, districts=None) -> list[CoordinatorNeed]:
    """For each district of the year's province: application schools, teams, suggested and in office."""
    districts = districts if districts is not None else OrgNode.objects.filter(parent=program_year.province)
    districts = list(districts.filter(kind=OrgNode.Kind.DISTRICT).order_by(turkish("name")))
    schools = dict(
        Application.objects.approved()
        .filter(program_year=program_year)
        .values_list("school__parent_id")
        .annotate(n=Count("id"))
    )
    teams = dict(
        Team.objects.filter(program_year=program_year)
        .values_list("school__parent_id")
        .annotate(n=Count("id"))
    )
    day = reference_day(program_year)
    in_office: dict[int, list[CoordinatorAppointment]] = defaultdict(list)
    appointments = CoordinatorAppointment.objects.filter(
        program_year=program_year, kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR
    )
    for appointment in _in_force_on(appointments, day).select_related("person"):
        in_office[appointment.node_id].append(appointment)
    return [
        CoordinatorNeed(
            district=district,
            schools=schools.get(district.pk, 0),
            teams=teams.get(district.pk, 0),
            suggested=suggested_coordinator_count(
                schools=schools.get(district.pk, 0),
                teams=teams.get(district.pk, 0),
                program_year=program_year,
            ),
            in_office=sum(a.full_time_equivalent for a in in_office[district.pk]),
            coordinators=in_office[district.pk],
        )
        for district in districts
    ]


# --- the district week ------------------------------------------------------------------------------


def lesson_label(first: int) -> str:
    """ "5–8. ders" style label of a 4-lesson block."""
    return _("lessons %(first)d–%(last)d") % {"first": first, "last": first + LESSONS_PER_SESSION - 1}


@dataclass
class DistrictWeek:
    """Everything the district week page and the balancing need."""

    program_year: ProgramYear
    district: OrgNode
    sessions: list[balancing.Session]
    teams_of: dict[str, list[Team]]
    coordinator_names: dict[int, str]
    unscheduled: list[Team]
    school_names: dict[int, str]

    def loads(self) -> dict[int, int]:
        return balancing.loads({s.key: s.day for s in self.sessions})

    def team_loads(self) -> dict[int, int]:
        result = dict.fromkeys(balancing.DAYS, 0)
        for session in self.sessions:
            result[session.day] += session.team_count
        return result

    def by_day(self) -> list[dict]:
        """Rows for the page: each weekday with its sessions."""
        rows = []
        loads, team_loads = self.loads(), self.team_loads()
        for day in balancing.DAYS:
            sessions = [s for s in self.sessions if s.day == day]
            rows.append(
                {
                    "day": day,
                    "label": Weekday(day).label,
                    "sessions": [
                        {
                            "session": s,
                            "school": self.school_names[s.school],
                            "lessons": lesson_label(s.first_lesson),
                            "coordinator": self.coordinator_names.get(s.coordinator, ""),
                            "teams": self.teams_of[s.key],
                        }
                        for s in sorted(sessions, key=lambda s: (s.first_lesson, self.school_names[s.school]))
                    ],
                    "load": loads[day],
                    "teams": team_loads[day],
                }
            )
        return rows

    def coordinator_rows(self) -> list[dict]:
        """Sessions per weekday for each coordinator."""
        rows = []
        for coordinator, name in sorted(self.coordinator_names.items(), key=lambda item: item[1]):
            counts = dict.fromkeys(balancing.DAYS, 0)
            for session in self.sessions:
                if session.coordinator == coordinator:
                    counts[session.day] += 1
            rows.append({"name": name, "counts": [counts[day] for day in balancing.DAYS]})
        return rows

    def problems(self) -> list[str]:
        """Constraint violations of the current week (unavailable days, coordinator overlaps)."""
        return balancing.violations(self.sessions, {s.key: s.day for s in self.sessions})


def district_week(program_year: ProgramYear, district: OrgNode) -> DistrictWeek:
    """The current weekly application times of a district's teams, grouped into sessions."""
    applications = {
        a.school_id: a
        for a in Application.objects.approved().filter(program_year=program_year, school__parent=district)
    }
    coordinators = school_coordinators(program_year, district)
    teams = list(
        Team.objects.filter(program_year=program_year, school__parent=district)
        .select_related("school")
        .order_by("school__name", "name")
    )
    grouped: dict[str, list[Team]] = defaultdict(list)
    unscheduled = []
    for team in teams:
        if team.has_schedule:
            grouped[f"{team.school_id}-{team.weekday}-{team.first_lesson}"].append(team)
        else:
            unscheduled.append(team)
    sessions = []
    school_names = {}
    for key, members in grouped.items():
        team = members[0]
        application = applications.get(team.school_id)
        blocked = application.unavailable_day_set if application else frozenset()
        appointment = coordinators.get(team.school_id)
        school_names[team.school_id] = team.school.name
        sessions.append(
            balancing.Session(
                key=key,
                school=team.school_id,
                first_lesson=team.first_lesson,
                allowed_days=frozenset(balancing.DAYS) - blocked,
                coordinator=appointment.person_id if appointment else None,
                day=team.weekday,
                label=f"{team.school.name} ({lesson_label(team.first_lesson)})",
                team_count=len(members),
            )
        )
    names = {a.person_id: str(a.person) for a in coordinators.values()}
    return DistrictWeek(program_year, district, sessions, dict(grouped), names, unscheduled, school_names)


def district_proposal(week: DistrictWeek) -> balancing.Proposal:
    """The balanced week proposed for a district (deterministic for the same data)."""
    return balance(week.sessions, coordinator_names=week.coordinator_names)


# --- double booking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DoubleBooking:
    """A teacher with two teams at different schools at overlapping times."""

    teacher: object
    first: Team
    second: Team


def double_bookings(
    program_year: ProgramYear, *, teacher_ids=None, schedule: dict[int, tuple[int, int]] | None = None
) -> list[DoubleBooking]:
    """Teachers active in teams of two schools whose application times overlap.

    `schedule` (team id → (weekday, first lesson)) replaces the stored times, to check a proposal.
    """
    assignments = (
        TeacherAssignment.objects.active(reference_day(program_year))
        .filter(team__program_year=program_year)
        .select_related("team__school", "teacher")
        .order_by("teacher_id", "team_id")
    )
    if teacher_ids is not None:
        assignments = assignments.filter(teacher_id__in=list(teacher_ids))
    by_teacher: dict[int, list[TeacherAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_teacher[assignment.teacher_id].append(assignment)
    found = []
    for items in by_teacher.values():
        for index, first in enumerate(items):
            for second in items[index + 1 :]:
                if first.team.school_id == second.team.school_id:
                    continue
                a = (schedule or {}).get(first.team_id, (first.team.weekday, first.team.first_lesson))
                b = (schedule or {}).get(second.team_id, (second.team.weekday, second.team.first_lesson))
                if None in a or None in b:
                    continue
                if a[0] == b[0] and balancing.overlap(a[1], b[1]):
                    found.append(DoubleBooking(first.teacher, first.team, second.team))
    return found


# --- teams, students, consent ------------------------------------------------------------------------


def teams_with_counts(teams):
    """Teams with their active teacher count, student count and consented student count."""
    today = timezone.localdate()
    active = in_force_q(today, "assignments__")
    return teams.select_related("school", "program_year").annotate(
        teacher_count=Count("assignments", filter=active, distinct=True),
        pending_count=Count(
            "assignments",
            filter=Q(assignments__state=TeacherAssignment.State.PENDING_APPROVAL),
            distinct=True,
        ),
        student_count=Count("students", distinct=True),
        consent_count=Count("students", filter=CONSENTED, distinct=True),
        schedule_announced=schedule_announced_q(),
    )


def schedule_announced_q():
    """Whether a team's weekly time was announced to students and parents (first setting or a change)."""
    return Exists(ScheduleChange.objects.filter(team=OuterRef("pk"), announced_on__isnull=False))


def schedule_announcement(team: Team):
    """The latest announcement of a team's weekly time (None: not announced yet)."""
    return team.schedule_changes.filter(announced_on__isnull=False).order_by("-announced_on", "-id").first()


def team_size_warning(team: Team, teacher_count: int) -> str:
    """A warning when a team's active teachers are outside its school's configured range (empty if fine)."""
    application = Application.objects.filter(program_year=team.program_year_id, school=team.school_id).first()
    low, high = (
        application.team_size_range
        if application
        else (team.program_year.team_teacher_min, team.program_year.team_teacher_max)
    )
    if low <= teacher_count <= high:
        return ""
    return _("%(team)s has %(count)d active teacher(s); %(low)d to %(high)d are expected.") % {
        "team": team.name,
        "count": teacher_count,
        "low": low,
        "high": high,
    }


def percent(part: int, whole: int) -> float | None:
    """part ÷ whole × 100, or None when there is nothing to count."""
    return round(part * 100 / whole, 1) if whole else None


def consent_by_school(students) -> list[dict]:
    """Consent coverage per school of the given students: total, with consent, percentage."""
    rows = (
        students.values("school_id", "school__name")
        .annotate(
            total=Count("id"),
            consented=Count("id", filter=Q(consent__isnull=False, consent__withdrawn_on__isnull=True)),
        )
        .order_by("school__name")
    )
    return [{**row, "percent": percent(row["consented"], row["total"])} for row in rows]


def overview(program_year: ProgramYear, user) -> dict:
    """Counts of the year within what the user may read (the Harezmi home page), each through its figure
    of `izlem.harezmi.figures`, so a manager's overview equals the statistics of the unit they read."""
    from izlem.harezmi import figures

    day = reference_day(program_year)
    applications = access.harezmi_applications_visible(user).filter(program_year=program_year)
    by_state = dict(applications.values_list("state").annotate(n=Count("id")))
    teams = access.harezmi_teams_visible(user).filter(program_year=program_year)
    visible_students = access.harezmi_students_visible(user).values("pk")
    students = figures.students(program_year, day).filter(pk__in=visible_students)
    consented = figures.consented(program_year, day).filter(pk__in=visible_students).count()
    total = students.count()
    teachers = figures.teachers(program_year, day).filter(team__in=teams).count()
    schools = figures.harezmi_schools(program_year, day).filter(pk__in=teams.values("school_id")).count()
    return {
        "applications": [
            {"state": state, "label": label, "count": by_state.get(state, 0)}
            for state, label in Application.State.choices
        ],
        "schools": schools,
        "teams": teams.count(),
        "teachers": teachers,
        "students": total,
        "consented": consented,
        "consent_percent": percent(consented, total),
        "pending_additions": TeacherAssignment.objects.filter(
            team__in=teams, state=TeacherAssignment.State.PENDING_APPROVAL
        ).count(),
        "pending_departures": TeacherAssignment.objects.filter(
            team__in=teams, state=TeacherAssignment.State.DEPARTURE_PENDING
        ).count(),
    }


def students_for_list(students):
    """Students with what their list shows."""
    return students.select_related("school", "team", "consent").order_by(
        turkish("school__name"), turkish("last_name"), turkish("first_name")
    )
