"""Reads of sessions, attendance and absences: the year's weeks, a team's week grid, gaps and figures.

Definitions (docs/harezmi.md "Sessions (Harezmi II)"):
- a **week** is identified by its Monday; a **school day** is a day inside one of the year's two
  semesters that no break or public holiday of the year (`SchoolHoliday`) covers;
- the **school weeks** of a program year are the weeks with at least one school day from Monday to
  Friday: a week entirely inside a break (ara tatil, yarıyıl tatili) is not a school week;
- a team's **planned weeks** between `start` and `end` are the school weeks whose session day (the
  Monday plus the team's weekday) is a school day, on or after the day the team's weekly time
  was first set (its first schedule change) and inside [start, min(end, today)]; a team without a
  weekly time has none. So in a week partly closed (a public holiday on a Wednesday), a Wednesday
  team has no planned session while the other teams of that week have theirs;
- a planned week is **held** when its session is recorded as held; any other planned week (no row, a
  row still "planned", or "not held") is a **gap**;
- **attendance rates** count the attendance rows of held sessions in the weeks between start and end:
  present ÷ all rows × 100 (teachers and students separately).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q
from django.utils import timezone

from izlem.harezmi.models import (
    Absence,
    ProgramYear,
    SchoolHoliday,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Team,
)

WEEK = dt.timedelta(days=7)


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def in_semester(program_year: ProgramYear, day: dt.date) -> bool:
    """True if `day` lies inside one of the year's two semesters."""
    return (
        program_year.semester1_start <= day <= program_year.semester1_end
        or program_year.semester2_start <= day <= program_year.semester2_end
    )


def closed_days(program_year: ProgramYear) -> dict[dt.date, SchoolHoliday]:
    """Every day a break or public holiday of the year covers, with that holiday (1 query)."""
    days: dict[dt.date, SchoolHoliday] = {}
    if program_year.pk is None:  # a year not saved yet has no holidays
        return days
    for holiday in SchoolHoliday.objects.filter(program_year=program_year).order_by("first_day", "pk"):
        for day in holiday.days():
            days.setdefault(day, holiday)
    return days


def closed_days_by_year(year_ids) -> dict[int, dict[dt.date, SchoolHoliday]]:
    """`closed_days` of several years at once, by year id (1 query)."""
    result: dict[int, dict[dt.date, SchoolHoliday]] = {pk: {} for pk in year_ids}
    for holiday in SchoolHoliday.objects.filter(program_year_id__in=list(year_ids)).order_by(
        "first_day", "pk"
    ):
        for day in holiday.days():
            result[holiday.program_year_id].setdefault(day, holiday)
    return result


def is_school_day(program_year: ProgramYear, day: dt.date, closed: dict | None = None) -> bool:
    """True if `day` lies inside a semester and no break or public holiday of the year covers it."""
    closed = closed_days(program_year) if closed is None else closed
    return in_semester(program_year, day) and day not in closed


def school_weeks(program_year: ProgramYear, closed: dict | None = None) -> list[dt.date]:
    """Mondays of the year's school weeks: weeks with a school day from Monday to Friday (module doc)."""
    closed = closed_days(program_year) if closed is None else closed
    weeks = []
    monday = monday_of(program_year.semester1_start)
    while monday <= program_year.semester2_end:
        if any(is_school_day(program_year, monday + dt.timedelta(days=d), closed) for d in range(5)):
            weeks.append(monday)
        monday += WEEK
    return weeks


# The year's weeks are its school weeks: one definition for the grid, the checks and the figures.
year_weeks = school_weeks


def is_year_week(program_year: ProgramYear, monday: dt.date, closed: dict | None = None) -> bool:
    """True if `monday` is a Monday of one of the year's school weeks."""
    return monday.weekday() == 0 and monday in set(school_weeks(program_year, closed))


def session_day_in(week_start: dt.date, weekday: int | None) -> dt.date:
    """The team's application day in the week starting `week_start` (Monday when no weekday is set)."""
    return week_start + dt.timedelta(days=(weekday or 1) - 1)


def planned_weeks(
    team: Team,
    scheduled_from: dt.date | None,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    closed: dict | None = None,
) -> list[dt.date]:
    """The team's planned weeks (Mondays) between `start` and `end`, up to `today` (see module doc).

    `closed` is the year's `closed_days`, passed by callers that compute many teams at once.
    """
    if team.weekday is None or scheduled_from is None:
        return []
    year = team.program_year
    closed = closed_days(year) if closed is None else closed
    last = min(end, today)
    weeks = []
    for monday in school_weeks(year, closed):
        day = session_day_in(monday, team.weekday)
        if is_school_day(year, day, closed) and day >= scheduled_from and start <= day <= last:
            weeks.append(monday)
    return weeks


def _rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100 to one decimal, or None when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class SessionFigures:
    """Session figures of one team, or summed over several: held vs planned weeks and attendance."""

    planned: int = 0
    held: int = 0
    held_in_planned: int = 0
    not_held: int = 0
    gaps: int = 0
    plan_changes: int = 0
    teacher_rows: int = 0
    teacher_present: int = 0
    student_rows: int = 0
    student_present: int = 0
    gap_weeks: list[dt.date] = field(default_factory=list)

    @property
    def held_percent(self) -> Decimal | None:
        """Planned weeks held ÷ planned weeks × 100."""
        return _rate(self.held_in_planned, self.planned)

    @property
    def teacher_attendance(self) -> Decimal | None:
        """Teachers present ÷ teacher attendance rows of held sessions × 100."""
        return _rate(self.teacher_present, self.teacher_rows)

    @property
    def student_attendance(self) -> Decimal | None:
        """Students present ÷ student attendance rows of held sessions × 100."""
        return _rate(self.student_present, self.student_rows)

    def add(self, other: SessionFigures) -> None:
        """Add another team's figures to these (gap weeks are kept per team only)."""
        for name in (
            "planned",
            "held",
            "held_in_planned",
            "not_held",
            "gaps",
            "plan_changes",
            "teacher_rows",
            "teacher_present",
            "student_rows",
            "student_present",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def session_figures_by_team(
    teams, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict[int, SessionFigures]:
    """Figures per team id for the teams of `teams` (a queryset) between `start` and `end` (5 queries)."""
    today = today or timezone.localdate()
    team_list = list(
        teams.select_related("program_year")
        .annotate(scheduled_from=Min("schedule_changes__effective_from"))
        .order_by("pk")
    )
    ids = [team.pk for team in team_list]
    first_monday = monday_of(start)
    sessions = Session.objects.filter(team_id__in=ids, week_start__gte=first_monday, week_start__lte=end)
    rows = sessions.values_list("team_id", "week_start", "state", "plan_changed")
    by_team: dict[int, dict[dt.date, tuple[str, bool]]] = defaultdict(dict)
    for team_id, week_start, state, changed in rows:
        by_team[team_id][week_start] = (state, changed)
    held_sessions = sessions.filter(state=Session.State.HELD)
    teacher_counts = {
        row["session__team_id"]: row
        for row in SessionTeacherAttendance.objects.filter(session__in=held_sessions)
        .values("session__team_id")
        .annotate(rows=Count("id"), present=Count("id", filter=Q(present=True)))
        .order_by()
    }
    student_counts = {
        row["session__team_id"]: row
        for row in SessionStudentAttendance.objects.filter(session__in=held_sessions)
        .values("session__team_id")
        .annotate(rows=Count("id"), present=Count("id", filter=Q(present=True)))
        .order_by()
    }
    closed = closed_days_by_year({team.program_year_id for team in team_list})
    result = {}
    for team in team_list:
        weeks = by_team.get(team.pk, {})
        planned = planned_weeks(
            team, team.scheduled_from, start, end, today, closed=closed[team.program_year_id]
        )
        held_weeks = {week for week, (state, _changed) in weeks.items() if state == Session.State.HELD}
        gaps = [week for week in planned if week not in held_weeks]
        teachers = teacher_counts.get(team.pk, {})
        students = student_counts.get(team.pk, {})
        result[team.pk] = SessionFigures(
            planned=len(planned),
            held=len(held_weeks),
            held_in_planned=len(planned) - len(gaps),
            not_held=sum(1 for state, _c in weeks.values() if state == Session.State.NOT_HELD),
            gaps=len(gaps),
            plan_changes=sum(1 for _s, changed in weeks.values() if changed),
            teacher_rows=teachers.get("rows", 0),
            teacher_present=teachers.get("present", 0),
            student_rows=students.get("rows", 0),
            student_present=students.get("present", 0),
            gap_weeks=gaps,
        )
    return result


def session_figures(teams, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> SessionFigures:
    """Figures summed over the teams of `teams` between `start` and `end` (held, planned, gaps, rates).

    Pure read, used by the sessions pages and the statistics: planned weeks count up to
    min(`end`, `today`); `today` defaults to the local date.
    """
    total = SessionFigures()
    for figures in session_figures_by_team(teams, start, end, today=today).values():
        total.add(figures)
    return total


def session_figures_by_school(
    teams, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> list[dict]:
    """Figures per school of the teams: [{"school": OrgNode, "teams": n, "figures": SessionFigures}]."""
    teams = teams.select_related("school")
    per_team = session_figures_by_team(teams, start, end, today=today)
    schools: dict[int, dict] = {}
    for team in teams.order_by("school__name", "name"):
        row = schools.setdefault(
            team.school_id, {"school": team.school, "teams": 0, "figures": SessionFigures()}
        )
        row["teams"] += 1
        row["figures"].add(per_team[team.pk])
    return list(schools.values())


@dataclass
class WeekCell:
    """One week of a team's grid: its Monday, session day, the session (if any) and its state."""

    monday: dt.date
    day: dt.date
    session: Session | None
    state: str  # held, not_held, gap, written (a plan for a coming week), upcoming, before (not yet
    # scheduled), holiday (the team's day is a public holiday or in a break: no session planned)
    holiday: SchoolHoliday | None = None

    @property
    def is_gap(self) -> bool:
        return self.state in ("gap", "not_held")


def team_week_grid(team: Team, *, today: dt.date | None = None) -> list[WeekCell]:
    """Every week of the team's year with its session state; past weeks without a held session are gaps."""
    today = today or timezone.localdate()
    scheduled_from = team.schedule_changes.aggregate(first=Min("effective_from"))["first"]
    sessions = {s.week_start: s for s in team.sessions.all()}
    closed = closed_days(team.program_year)
    cells = []
    for monday in school_weeks(team.program_year, closed):
        day = session_day_in(monday, team.weekday)
        session = sessions.get(monday)
        if (
            team.weekday is not None
            and day in closed
            and (session is None or session.state != Session.State.HELD)
        ):
            cells.append(
                WeekCell(monday=monday, day=day, session=session, state="holiday", holiday=closed[day])
            )
            continue
        if session is not None and session.state == Session.State.HELD:
            state = "held"
        elif session is not None and session.state == Session.State.NOT_HELD:
            state = "not_held"
        elif team.weekday is None or scheduled_from is None or day < scheduled_from:
            state = "before" if session is None else "written"
        elif not in_semester(team.program_year, day):
            state = "before" if session is None else "written"
        elif day <= today:
            state = "gap"
        else:
            state = "written" if session is not None else "upcoming"
        cells.append(WeekCell(monday=monday, day=day, session=session, state=state))
    return cells


def absences_covering(teacher_ids, day: dt.date) -> dict[int, Absence]:
    """The reported absence of each of the teachers that covers `day` (the latest reported)."""
    absences = Absence.objects.filter(teacher_id__in=list(teacher_ids), starts_on__lte=day, ends_on__gte=day)
    result: dict[int, Absence] = {}
    for absence in absences.order_by("created_at"):
        result[absence.teacher_id] = absence
    return result


def sessions_for_list(sessions):
    """Sessions with what their lists show."""
    return sessions.select_related("team__school", "recorded_by").order_by(
        "-week_start", "team__school__name"
    )


def teams_with_gaps(teams, program_year: ProgramYear, *, today: dt.date | None = None) -> list[dict]:
    """Teams of the year with their figures so far, most gaps first (the coordinators' page)."""
    teams = teams.filter(program_year=program_year).select_related("school")
    figures = session_figures_by_team(teams, program_year.start_date, program_year.end_date, today=today)
    rows = [{"team": team, "figures": figures[team.pk]} for team in teams]
    rows.sort(key=lambda row: (-row["figures"].gaps, row["team"].school.name, row["team"].name))
    return rows
