"""Statistics of a Harezmi program year by province, district and school (SPEC §4.12).

Every figure is one grouped query over the whole subtree (counts keyed by school or node id), then
summed per displayed row in Python by the node's path: the number of queries does not grow with the
number of schools, districts or records.

Definitions (docs/harezmi.md, "Statistics"):
* schools: schools with at least one team in the year; teachers: distinct teachers with an approved
  place in a team (active or leaving) per school; students: registered students; consent: students
  whose parental consent is recorded and not withdrawn.
* sessions planned, held and attendance: as on the sessions pages (`selectors_sessions.session_figures_by_team`):
  each team's application days inside the semesters from the day its weekly time was set up to the
  reference day (today, kept inside the year); held: those weeks with a session marked held;
  attendance: present / marked rows of held sessions, for teachers and students.
* visits planned: planned visits in coordinators' plans; visits done: recorded visits.
* trainings: trainings of the year organised at or below the node; participants and completions:
  enrolments of the node's teachers and principals (by their role's school) in the year's trainings.
* materials: quantities requested (refused requests excluded) and delivered.
* projects: projects of the year by programme, and the teachers and students in mobility.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from izlem.harezmi.models import (
    MaterialDelivery,
    MaterialRequest,
    PlannedVisit,
    ProgramYear,
    Project,
    Student,
    TeacherAssignment,
    Team,
    Training,
    TrainingParticipant,
    Visit,
)
from izlem.harezmi.selectors import reference_day
from izlem.harezmi.selectors_sessions import session_figures_by_team
from izlem.org.models import OrgNode, Role

COUNT_FIELDS = (
    "schools",
    "teams",
    "teachers",
    "students",
    "consented",
    "sessions_planned",
    "sessions_held",
    "teacher_present",
    "teacher_marked",
    "student_present",
    "student_marked",
    "visits_planned",
    "visits_done",
    "trainings",
    "participants",
    "completions",
    "material_requested",
    "material_delivered",
    "projects",
    "teacher_mobility",
    "student_mobility",
)
PROGRAMMES = [choice for choice, _label in Project.Programme.choices]
HUNDRED = Decimal(100)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole × 100 with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The counts of one node (a school, a district, the province) and the rates derived from them."""

    schools: int = 0
    teams: int = 0
    teachers: int = 0
    students: int = 0
    consented: int = 0
    sessions_planned: int = 0
    sessions_held: int = 0
    teacher_present: int = 0
    teacher_marked: int = 0
    student_present: int = 0
    student_marked: int = 0
    visits_planned: int = 0
    visits_done: int = 0
    trainings: int = 0
    participants: int = 0
    completions: int = 0
    material_requested: int = 0
    material_delivered: int = 0
    projects: int = 0
    teacher_mobility: int = 0
    student_mobility: int = 0
    by_programme: Counter = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        """Add another node's counts to these."""
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_programme.update(other.by_programme)

    @property
    def consent_rate(self) -> Decimal | None:
        return percent(self.consented, self.students)

    @property
    def session_rate(self) -> Decimal | None:
        return percent(self.sessions_held, self.sessions_planned)

    @property
    def teacher_attendance(self) -> Decimal | None:
        return percent(self.teacher_present, self.teacher_marked)

    @property
    def student_attendance(self) -> Decimal | None:
        return percent(self.student_present, self.student_marked)

    @property
    def visit_rate(self) -> Decimal | None:
        return percent(self.visits_done, self.visits_planned)

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completions, self.participants)

    @property
    def delivery_rate(self) -> Decimal | None:
        return percent(self.material_delivered, self.material_requested)

    @property
    def programme_counts(self) -> list[int]:
        return [self.by_programme.get(programme, 0) for programme in PROGRAMMES]

    def as_dict(self) -> dict:
        """JSON-safe counts and rates (rates as strings), for reports."""
        data = {name: getattr(self, name) for name in COUNT_FIELDS}
        for name in (
            "consent_rate",
            "session_rate",
            "teacher_attendance",
            "student_attendance",
            "visit_rate",
            "completion_rate",
            "delivery_rate",
        ):
            rate = getattr(self, name)
            data[name] = None if rate is None else str(rate)
        data["by_programme"] = {programme: self.by_programme.get(programme, 0) for programme in PROGRAMMES}
        return data


@dataclass
class StatisticsRow:
    """One line of the table: a district or a school (or the node itself) with its figures."""

    node: OrgNode
    figures: Figures
    drill: bool  # the node has a page of its own below this one


@dataclass
class Statistics:
    """A program year's figures at a node: one row per child (districts or schools) and the total."""

    year: ProgramYear
    node: OrgNode
    day: dt.date
    weeks: int
    rows: list[StatisticsRow]
    total: Figures
    breadcrumbs: list[OrgNode]


def school_weeks(year: ProgramYear, day: dt.date) -> int:
    """The number of weeks (Monday to Sunday) with at least one semester day up to `day`."""
    mondays = set()
    for start, end in (
        (year.semester1_start, year.semester1_end),
        (year.semester2_start, year.semester2_end),
    ):
        current = start
        while current <= min(end, day):
            mondays.add(current - dt.timedelta(days=current.weekday()))
            current += dt.timedelta(days=1)
    return len(mondays)


# --- figures ------------------------------------------------------------------------------------------
def _keyed(queryset, key: str, value: str = "n") -> dict[int, int]:
    return {row[key]: row[value] or 0 for row in queryset}


def _put_sessions(by_node: dict[int, Figures], teams, year: ProgramYear, day: dt.date) -> None:
    """Session figures per school from the sessions selector, so that the statistics, the Ministry report
    and the sessions pages share one definition of planned weeks, held sessions and attendance."""
    school_of = dict(teams.values_list("pk", "school_id"))
    per_team = session_figures_by_team(teams, year.semester1_start, day, today=day)
    for team_id, sessions in per_team.items():
        figures = by_node[school_of[team_id]]
        figures.sessions_planned += sessions.planned
        figures.sessions_held += sessions.held_in_planned
        figures.teacher_marked += sessions.teacher_rows
        figures.teacher_present += sessions.teacher_present
        figures.student_marked += sessions.student_rows
        figures.student_present += sessions.student_present


def statistics_for(year: ProgramYear, node: OrgNode, *, day: dt.date | None = None) -> Statistics:
    """The year's figures at `node`, one row per child node, in a fixed number of queries."""
    day = day or reference_day(year)
    weeks = school_weeks(year, day)
    under = Q(path__startswith=node.path)
    nodes = {
        n.pk: n for n in OrgNode.objects.filter(under).only("pk", "path", "kind", "name", "code", "parent_id")
    }
    school_ids = [pk for pk, n in nodes.items() if n.kind == OrgNode.Kind.SCHOOL]
    by_node: dict[int, Figures] = defaultdict(Figures)

    def put(counts: dict[int, int], name: str) -> None:
        for node_id, count in counts.items():
            if node_id in nodes:
                figures = by_node[node_id]
                setattr(figures, name, getattr(figures, name) + int(count))

    teams = Team.objects.filter(program_year=year, school_id__in=school_ids)
    for row in teams.values("school_id").annotate(n=Count("id")):
        figures = by_node[row["school_id"]]
        figures.teams += row["n"]
        figures.schools += 1
    _put_sessions(by_node, teams, year, day)
    states = [TeacherAssignment.State.ACTIVE, TeacherAssignment.State.DEPARTURE_PENDING]
    put(
        _keyed(
            TeacherAssignment.objects.filter(team__in=teams, state__in=states)
            .values("team__school_id")
            .annotate(n=Count("teacher_id", distinct=True)),
            "team__school_id",
        ),
        "teachers",
    )
    students = Student.objects.filter(program_year=year, school_id__in=school_ids).values("school_id")
    student_counts = students.annotate(
        n=Count("id"),
        consented=Count("id", filter=Q(consent__isnull=False, consent__withdrawn_on__isnull=True)),
    )
    put({r["school_id"]: r["n"] for r in student_counts}, "students")
    put({r["school_id"]: r["consented"] for r in student_counts}, "consented")
    put(
        _keyed(
            PlannedVisit.objects.filter(plan__program_year=year, school_id__in=school_ids)
            .values("school_id")
            .annotate(n=Count("id")),
            "school_id",
        ),
        "visits_planned",
    )
    put(
        _keyed(
            Visit.objects.filter(program_year=year, school_id__in=school_ids, visited_on__lte=day)
            .values("school_id")
            .annotate(n=Count("id")),
            "school_id",
        ),
        "visits_done",
    )
    put(
        _keyed(
            Training.objects.filter(program_year=year, node__path__startswith=node.path)
            .values("node_id")
            .annotate(n=Count("id")),
            "node_id",
        ),
        "trainings",
    )
    enrolments = (
        TrainingParticipant.objects.filter(
            training__program_year=year,
            person__assignments__node_id__in=school_ids,
            person__assignments__role__in=[Role.TEACHER, Role.PRINCIPAL],
        )
        .values("person__assignments__node_id")
        .annotate(
            n=Count("id", distinct=True),
            done=Count("id", filter=Q(state=TrainingParticipant.State.COMPLETED), distinct=True),
        )
    )
    put({r["person__assignments__node_id"]: r["n"] for r in enrolments}, "participants")
    put({r["person__assignments__node_id"]: r["done"] for r in enrolments}, "completions")
    put(
        _keyed(
            MaterialRequest.objects.filter(program_year=year, school_id__in=school_ids)
            .exclude(state=MaterialRequest.State.REFUSED)
            .values("school_id")
            .annotate(n=Sum("quantity")),
            "school_id",
        ),
        "material_requested",
    )
    put(
        _keyed(
            MaterialDelivery.objects.filter(request__program_year=year, request__school_id__in=school_ids)
            .values("request__school_id")
            .annotate(n=Sum("quantity")),
            "request__school_id",
        ),
        "material_delivered",
    )
    projects = (
        Project.objects.filter(program_year=year, node__path__startswith=node.path)
        .values("node_id", "programme")
        .annotate(n=Count("id"), teachers=Sum("teacher_mobility"), students=Sum("student_mobility"))
    )
    for row in projects:
        figures = by_node[row["node_id"]]
        figures.projects += row["n"]
        figures.teacher_mobility += row["teachers"] or 0
        figures.student_mobility += row["students"] or 0
        figures.by_programme[row["programme"]] += row["n"]
    return _assemble(year, node, day, weeks, nodes, by_node)


def _assemble(year, node, day, weeks, nodes, by_node) -> Statistics:
    """Sum every node's figures into the rows (children of `node`) and the total."""
    child_kind = {
        OrgNode.Kind.PROVINCE: OrgNode.Kind.DISTRICT,
        OrgNode.Kind.DISTRICT: OrgNode.Kind.SCHOOL,
    }.get(node.kind)
    children = sorted(
        (n for n in nodes.values() if n.parent_id == node.pk and n.kind == child_kind), key=lambda n: n.name
    )
    rows = {child.pk: StatisticsRow(child, Figures(), drill=True) for child in children}
    total = Figures()
    for node_id, figures in by_node.items():
        total.add(figures)
        path = nodes[node_id].path
        for child in children:
            if path.startswith(child.path):
                rows[child.pk].figures.add(figures)
                break
    if node.kind == OrgNode.Kind.DISTRICT:  # schools without a team are not Harezmi schools: left out
        shown = [row for row in rows.values() if row.figures.teams or row.figures.students]
    else:
        shown = list(rows.values())
    crumbs = [n for n in node.ancestors() if n.kind in (OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT)]
    return Statistics(year, node, day, weeks, shown, total, crumbs)
