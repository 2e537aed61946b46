"""Reads of sessions, attendance and absences: the year's weeks, a team's week grid, gaps and figures.

Definitions (docs/harezmi.md "Sessions (Harezmi II)"):
- a **week** is identified by its Monday; the weeks of a program year are those whose Monday-to-Friday
  overlaps one of its two semesters;
- a team's **planned weeks** between `start` and `end` are the year's weeks whose session day (the
  Monday plus the team's weekday) lies inside a semester, on or after the day the team's weekly time
  was first set (its first schedule change) and inside [start, min(end, today)]; a team without a
  weekly time has none;
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


def year_weeks(program_year: ProgramYear) -> list[dt.date]:
    """Mondays of the weeks whose Monday-to-Friday overlaps a semester of the year."""
    weeks = []
    monday = monday_of(program_year.semester1_start)
    while monday <= program_year.semester2_end:
        if any(in_semester(program_year, monday + dt.timedelta(days=d)) for d in range(5)):
            weeks.append(monday)
        monday += WEEK
    return weeks


def is_year_week(program_year: ProgramYear, monday: dt.date) -> bool:
    """True if `monday` is a Monday of one of the year's weeks."""
    return monday.weekday() == 0 and monday in set(year_weeks(program_year))


def session_day_in(week_start: dt.date, weekday: int | None) -> dt.date:
    """The team's application day in the week starting `week_start` (Monday when no weekday is set)."""
    return week_start + dt.timedelta(days=(weekday or 1) - 1)


def planned_weeks(
    team: Team, scheduled_from: dt.date | None, start: dt.date, end: dt.date, today: dt.date
) -> list[dt.date]:
    """The team's planned weeks (Mondays) between `start` and `end`, up to `today` (see module doc)."""
    if team.weekday is None or scheduled_from is None:
        return []
    year = team.program_year
    last = min(end, today)
    weeks = []
    for monday in year_weeks(year):
        day = session_day_in(monday, team.weekday)
        if in_semester(year, day) and day >= scheduled_from and start <= day <= last:
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
    """Figures per team id for the teams of `teams` (a queryset) between `start` and `end` (4 queries)."""
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
    result = {}
    for team in team_list:
        weeks = by_team.get(team.pk, {})
        planned = planned_weeks(team, team.scheduled_from, start, end, today)
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
    state: (
        str  # held, not_held, gap, written (a plan for a coming week), upcoming, before (not yet scheduled)
    )

    @property
    def is_gap(self) -> bool:
        return self.state in ("gap", "not_held")


def team_week_grid(team: Team, *, today: dt.date | None = None) -> list[WeekCell]:
    """Every week of the team's year with its session state; past weeks without a held session are gaps."""
    today = today or timezone.localdate()
    scheduled_from = team.schedule_changes.aggregate(first=Min("effective_from"))["first"]
    sessions = {s.week_start: s for s in team.sessions.all()}
    cells = []
    for monday in year_weeks(team.program_year):
        day = session_day_in(monday, team.weekday)
        session = sessions.get(monday)
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
