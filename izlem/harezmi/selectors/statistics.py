"""Statistics of a Harezmi program year by province, district and school (SPEC §4.12).

Every figure is defined once in `izlem.harezmi.figures` (the records it counts and the unit each is
counted at); here each figure is one grouped query over the whole subtree (counts keyed by unit id),
put into the rows in Python by the unit's path: the number of queries does not grow with the number
of schools, districts or records. Rows: a province's districts or a district's schools, and the
node's own records (what the province or the district itself organised or runs) as a row of its own,
so that every total is the sum of its rows (docs/harezmi.md, "What each figure counts").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from izlem.harezmi.figures import FIGURES, in_scope, row_children
from izlem.harezmi.models import ProgramYear, Project, Team
from izlem.harezmi.selectors import reference_day
from izlem.harezmi.selectors import sessions as selectors_sessions
from izlem.harezmi.selectors.sessions import session_figures_by_team
from izlem.org.models import OrgNode

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
    "visits_unplanned",
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
    visits_done: int = 0  # planned visits made
    visits_unplanned: int = 0  # visits fulfilling no planned visit: outside the rate
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
        """Planned visits made ÷ planned visits (unplanned visits are not part of it)."""
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
    """One line of the table: a district or a school, or the node's own records, with its figures."""

    node: OrgNode
    figures: Figures
    drill: bool  # the node has a page of its own below this one
    own: bool = False  # the records of the node itself (not of a row below it)

    @property
    def label(self) -> str:
        """The line's name: the unit, or "<node> (own records)"."""
        if self.own:
            return _("%(name)s (own records)") % {"name": self.node.name}
        return self.node.name


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
    """The number of the year's school weeks (weeks with a school day, breaks left out) up to `day`."""
    closed = selectors_sessions.closed_days(year)
    return sum(
        1
        for monday in selectors_sessions.school_weeks(year, closed)
        if any(
            selectors_sessions.is_school_day(year, monday + dt.timedelta(days=d), closed)
            and monday + dt.timedelta(days=d) <= day
            for d in range(5)
        )
    )


# --- figures ------------------------------------------------------------------------------------------
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
    """The year's figures at `node`, one row per child unit and one for its own records, in a fixed
    number of queries (one grouped query per figure of `izlem.harezmi.figures`)."""
    day = day or reference_day(year)
    weeks = school_weeks(year, day)
    nodes = {
        n.pk: n
        for n in OrgNode.objects.filter(path__startswith=node.path).only(
            "pk", "path", "kind", "name", "code", "parent_id"
        )
    }
    by_node: dict[int, Figures] = defaultdict(Figures)
    groups: dict[tuple, list[str]] = defaultdict(list)  # figures over the same records: one query
    for key, figure in FIGURES.items():
        if not figure.sessions:
            groups[(figure.records, figure.node_field)].append(key)
    for (records_of, node_field), keys in groups.items():
        extra = ("programme",) if records_of is FIGURES["projects"].records else ()
        aggregates = {
            f"v_{key}": Sum(FIGURES[key].sum_field) if FIGURES[key].sum_field else Count("pk") for key in keys
        }
        records = in_scope(FIGURES[keys[0]], records_of(year, day), node)
        for row in records.order_by().values(node_field, *extra).annotate(**aggregates):
            if row[node_field] not in nodes:
                continue
            figures = by_node[row[node_field]]
            for key in keys:
                setattr(figures, key, getattr(figures, key) + int(row[f"v_{key}"] or 0))
            if extra:
                figures.by_programme[row["programme"]] += row["v_projects"]
    teams = in_scope(FIGURES["teams"], Team.objects.filter(program_year=year), node)
    _put_sessions(by_node, teams, year, day)
    return _assemble(year, node, day, weeks, nodes, by_node)


def _assemble(year, node, day, weeks, nodes, by_node) -> Statistics:
    """Sum every unit's figures into the rows (children of `node`, then its own records) and the total."""
    child_ids = set(row_children(node).values_list("pk", flat=True))
    children = sorted((n for n in nodes.values() if n.pk in child_ids), key=lambda n: n.name)
    rows = {child.pk: StatisticsRow(child, Figures(), drill=True) for child in children}
    own = StatisticsRow(node, Figures(), drill=False, own=True)
    total = Figures()
    for node_id, figures in by_node.items():
        total.add(figures)
        path = nodes[node_id].path
        target = next((rows[c.pk] for c in children if path.startswith(c.path)), own)
        target.figures.add(figures)
    if node.kind == OrgNode.Kind.DISTRICT:  # a school with no record of the year is not a Harezmi school
        shown = [row for row in rows.values() if _any(row.figures)]
    else:
        shown = list(rows.values())
    if node.kind in (OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT):
        shown.append(own)  # its own records are a row, so that the total is the sum of the rows
    crumbs = [n for n in node.ancestors() if n.kind in (OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT)]
    return Statistics(year, node, day, weeks, shown, total, crumbs)


def _any(figures: Figures) -> bool:
    return any(getattr(figures, name) for name in COUNT_FIELDS)
