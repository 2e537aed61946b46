"""Every Harezmi figure defined once: the records it counts, for a program year, a unit and a day.

The overview, the statistics (page, XLSX, PDF), the report to the Ministry, the API and the
drill-down lists all read a figure through `FIGURES[key]`: `records(year, day)` is the queryset of
the year's records the figure counts (each attributed to one unit, `node_field`), `in_scope` keeps
those of a unit (its subtree, or only its own records), and the figure is the number of those
records (or the sum of `sum_field`). Decisions (docs/harezmi.md, "What each figure counts"):

* teachers are distinct people: each teacher with an assignment in force on the reference day is
  counted once, at the school of their **first** such assignment (earliest start, then the oldest
  record) — a teacher in two schools is one teacher, in one row, so every total is the sum of its
  rows at every level and the province's row for a district equals that district's own total;
* visits: the rate is planned visits made ÷ planned visits (both to the reference day); a visit that
  fulfils no planned visit is "unplanned" and counted apart, never in the rate;
* trainings, their enrolments and completions, and projects belong to the unit that organised or
  runs them: the province's (or a district's) own ones are a row of their own;
* sessions: planned weeks and held ones as on the Sessions pages (`selectors.sessions.planned_weeks`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.models import (
    MaterialDelivery,
    MaterialRequest,
    PlannedVisit,
    ProgramYear,
    Project,
    Session,
    Student,
    TeacherAssignment,
    Team,
    Training,
    TrainingParticipant,
    Visit,
)
from izlem.org.models import OrgNode


# --- the records of each figure (year-wide; `in_scope` narrows to a unit) --------------------------------
def harezmi_schools(year: ProgramYear, day: dt.date) -> QuerySet:
    """Schools with at least one team in the year."""
    return OrgNode.objects.filter(
        kind=OrgNode.Kind.SCHOOL, pk__in=Team.objects.filter(program_year=year).values("school_id")
    )


def teams(year: ProgramYear, day: dt.date) -> QuerySet:
    """The year's teams."""
    return Team.objects.filter(program_year=year)


def teacher_assignments_counted(year: ProgramYear, day: dt.date) -> QuerySet:
    """Assignments of the year approved and in force on `day` (a departure ends on its date)."""
    return TeacherAssignment.objects.active(day).filter(team__program_year=year)


def teachers(year: ProgramYear, day: dt.date) -> QuerySet:
    """One assignment per teacher: their first one in force on `day` (the school they are counted at)."""
    counted = teacher_assignments_counted(year, day)
    earlier = counted.filter(teacher_id=OuterRef("teacher_id")).filter(
        Q(start_date__lt=OuterRef("start_date")) | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
    )
    return counted.exclude(Exists(earlier))


def students(year: ProgramYear, day: dt.date) -> QuerySet:
    """Students registered in the year."""
    return Student.objects.filter(program_year=year)


def consented(year: ProgramYear, day: dt.date) -> QuerySet:
    """Students whose parental consent is recorded and not withdrawn."""
    return students(year, day).with_consent()


def visits_planned(year: ProgramYear, day: dt.date) -> QuerySet:
    """Planned visits of the year's plans whose day has come."""
    return PlannedVisit.objects.filter(plan__program_year=year, planned_on__lte=day)


def visits_done(year: ProgramYear, day: dt.date) -> QuerySet:
    """Those planned visits fulfilled by a visit made by `day`."""
    return visits_planned(year, day).filter(visit__isnull=False, visit__visited_on__lte=day)


def visits_unplanned(year: ProgramYear, day: dt.date) -> QuerySet:
    """Visits made by `day` that fulfil no planned visit counted to `day` (outside the rate)."""
    return Visit.objects.filter(program_year=year, visited_on__lte=day).filter(
        Q(planned__isnull=True) | Q(planned__planned_on__gt=day)
    )


def trainings(year: ProgramYear, day: dt.date) -> QuerySet:
    """Trainings of the year (counted at the unit that organised them)."""
    return Training.objects.filter(program_year=year)


def participants(year: ProgramYear, day: dt.date) -> QuerySet:
    """Enrolments in the year's trainings (a person once per training), at the organising unit."""
    return TrainingParticipant.objects.filter(training__program_year=year)


def completions(year: ProgramYear, day: dt.date) -> QuerySet:
    """Enrolments completed."""
    return participants(year, day).filter(state=TrainingParticipant.State.COMPLETED)


def material_requests(year: ProgramYear, day: dt.date) -> QuerySet:
    """Material requests of the year, refused ones left out (the figure sums their quantities)."""
    return MaterialRequest.objects.filter(program_year=year).exclude(state=MaterialRequest.State.REFUSED)


def material_deliveries(year: ProgramYear, day: dt.date) -> QuerySet:
    """Deliveries against the year's requests (the figure sums their quantities)."""
    return MaterialDelivery.objects.filter(request__program_year=year)


def projects(year: ProgramYear, day: dt.date) -> QuerySet:
    """Projects of the year (at the school or directorate that runs them)."""
    return Project.objects.filter(program_year=year)


def sessions_held(year: ProgramYear, day: dt.date) -> QuerySet:
    """Held sessions of the year's teams up to `day` (the figure keeps those in planned weeks)."""
    return Session.objects.filter(team__program_year=year, state=Session.State.HELD, week_start__lte=day)


@dataclass(frozen=True)
class Figure:
    """One figure: its label, the records it counts, the unit each record belongs to, how it counts."""

    key: str
    label: str
    records: Callable[[ProgramYear, dt.date], QuerySet]
    node_field: str  # the lookup of the unit a record is counted at (its id)
    sum_field: str | None = None  # sum this field instead of counting records
    sessions: bool = False  # planned weeks: computed from the teams (see `session_weeks`)

    @property
    def path_field(self) -> str:
        """The lookup of the path of the unit a record belongs to."""
        base = self.node_field.removesuffix("_id")
        return "path" if base == "id" else f"{base}__path"


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure("schools", _("Harezmi schools"), harezmi_schools, "id"),
        Figure("teams", _("Teams"), teams, "school_id"),
        Figure("teachers", _("Teachers"), teachers, "team__school_id"),
        Figure("students", _("Students"), students, "school_id"),
        Figure("consented", _("Students with consent"), consented, "school_id"),
        Figure("sessions_planned", _("Sessions planned"), teams, "school_id", sessions=True),
        Figure("sessions_held", _("Sessions held"), teams, "school_id", sessions=True),
        Figure("visits_planned", _("Visits planned"), visits_planned, "school_id"),
        Figure("visits_done", _("Planned visits made"), visits_done, "school_id"),
        Figure("visits_unplanned", _("Unplanned visits"), visits_unplanned, "school_id"),
        Figure("trainings", _("Trainings held"), trainings, "node_id"),
        Figure("participants", _("Training enrolments"), participants, "training__node_id"),
        Figure("completions", _("Trainings completed"), completions, "training__node_id"),
        Figure(
            "material_requested",
            _("Materials requested"),
            material_requests,
            "school_id",
            sum_field="quantity",
        ),
        Figure(
            "material_delivered",
            _("Materials delivered"),
            material_deliveries,
            "request__school_id",
            sum_field="quantity",
        ),
        Figure("projects", _("Projects"), projects, "node_id"),
        Figure(
            "teacher_mobility", _("Teachers in mobility"), projects, "node_id", sum_field="teacher_mobility"
        ),
        Figure(
            "student_mobility", _("Students in mobility"), projects, "node_id", sum_field="student_mobility"
        ),
    )
}


# --- a unit: its subtree, or only its own records (a row of its own) ------------------------------------
def figure_unit(name: str) -> str:
    """The unit of a statistics column, for its decimals and cell format: rates and attendance are
    percentages (two decimals), every other figure a count of records or people (whole)."""
    return "percent" if name.endswith(("_rate", "_attendance")) else "count"


def row_children(node: OrgNode) -> QuerySet:
    """The units a node's statistics has a row for: a province's districts, a district's schools."""
    kind = {OrgNode.Kind.PROVINCE: OrgNode.Kind.DISTRICT, OrgNode.Kind.DISTRICT: OrgNode.Kind.SCHOOL}.get(
        node.kind
    )
    if kind is None:
        return OrgNode.objects.none()
    return OrgNode.objects.filter(parent=node, kind=kind)


def in_scope(figure: Figure, queryset: QuerySet, node: OrgNode, *, own: bool = False) -> QuerySet:
    """The records of `queryset` counted at `node`'s subtree; with `own`, only those in no row of a child
    (the node's own records: what the province or the district itself organised or runs)."""
    queryset = queryset.filter(**{f"{figure.path_field}__startswith": node.path})
    if own:
        children = Q()
        for path in row_children(node).values_list("path", flat=True):
            children |= Q(**{f"{figure.path_field}__startswith": path})
        if children:
            queryset = queryset.exclude(children)
    return queryset


def figure_records(key: str, year: ProgramYear, node: OrgNode, day: dt.date, *, own: bool = False):
    """The records figure `key` counts at `node` (a queryset; for sessions, the list of `SessionWeek`)."""
    figure = FIGURES[key]
    records = in_scope(figure, figure.records(year, day), node, own=own)
    if figure.sessions:
        weeks = session_weeks(year, records, day)
        return [w for w in weeks if w.held] if key == "sessions_held" else weeks
    return records


def figure_value(key: str, year: ProgramYear, node: OrgNode, day: dt.date, *, own: bool = False) -> int:
    """Figure `key` at `node`: the number of its records (or the sum of its field)."""
    figure = FIGURES[key]
    records = figure_records(key, year, node, day, own=own)
    if figure.sessions:
        return len(records)
    if figure.sum_field:
        return records.aggregate(n=Sum(figure.sum_field))["n"] or 0
    return records.count()


# --- sessions: planned weeks are computed, not stored ---------------------------------------------------
@dataclass(frozen=True)
class SessionWeek:
    """A planned week of a team (`held` when a session was held that week)."""

    team: Team
    week_start: dt.date
    held: bool


def session_weeks(year: ProgramYear, team_queryset: QuerySet, day: dt.date) -> list[SessionWeek]:
    """Every planned week of the teams up to `day`, as on the Sessions pages (3 queries)."""
    from izlem.harezmi.selectors.sessions import closed_days, planned_weeks

    closed = closed_days(year)
    team_list = list(
        team_queryset.select_related("program_year", "school")
        .annotate(scheduled_from=Min("schedule_changes__effective_from"))
        .order_by("school__name", "name", "pk")
    )
    held = set(
        sessions_held(year, day)
        .filter(team__in=[t.pk for t in team_list])
        .values_list("team_id", "week_start")
    )
    return [
        SessionWeek(team, monday, (team.pk, monday) in held)
        for team in team_list
        for monday in planned_weeks(team, team.scheduled_from, year.semester1_start, day, day, closed=closed)
    ]
