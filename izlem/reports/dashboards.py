"""Dashboards per role (SPEC §3 Dashboards): what each user's scope needs at a glance, on the home page.

`dashboard_for(user)` picks the current period (the latest open one the user may read, else the
latest), the top of the user's monitoring scope inside that period's plan, and what the user's role
needs there:

* **managers** (top managers, planning officers, system administrators) — the submission progress
  of the level below (districts, with their schools' counts, for a province; schools for a district)
  and who is late; the indicators off track at their node; and, at the plan's owner, the deviations
  waiting for an explanation and the overdue measures (both belong to the province's units, so a
  district's dashboard does not show them); status charts by goal, by target and (province) by
  district;
* **unit managers** — their unit's indicators off track, their unit's deviations waiting for an
  explanation and its overdue measures; the status chart of their unit's indicators by goal;
* **principals** — their school's entry for the period: state, values entered, due date, link;
  and the school's share of applicable targets on track.

Status counts are judged from one `rollup` of the current period for the top node and its districts
(the forecast needs no history here), so the dashboard costs a fixed number of queries however many
schools there are. Indicator rows that do not apply at a node (no entity there reports them) are
left out of its counts, and so are counts below the plan's owner (a district's count is a part of the
province's total, which has no district target: see `cards.is_judged`).

The dashboard's PDF charts, workbook and file name are in `dashboard_exports`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.monitoring import access as monitoring_access
from izlem.monitoring.evaluation import Evaluation, Status
from izlem.monitoring.models import Deviation, Period, Submission, Value
from izlem.monitoring.rollup import Figure, rollup
from izlem.monitoring.selectors import (
    EntityProgress,
    owing_q,
    plan_rows,
    row_plans,
    rows_owed,
    school_realization,
    submission_progress,
)
from izlem.org import scope
from izlem.org.models import OrgNode, Role, Unit
from izlem.plans import access as plans_access
from izlem.plans.models import Goal, IndicatorRow, Measure, MeasureUnit, Target

from .cards import is_judged, judge, turkish_key
from .charts import StatusGroup, status_chart
from .scorecards import overdue_with_targets

MANAGER_ROLES = frozenset({Role.SYSADMIN, Role.TOP_MANAGER, Role.PLANNING_OFFICER})
MANAGER, UNIT, SCHOOL = "manager", "unit", "school"
LATE_SHOWN = 12  # late entities listed by name; the period page lists them all


@dataclass
class Judged:
    """An indicator row's figure at a node in the current period, with its evaluation."""

    row: IndicatorRow
    figure: Figure
    evaluation: Evaluation

    @property
    def places(self) -> int:
        return 0 if self.row.indicator.is_whole_number else 2


@dataclass
class SchoolCounts:
    """A district's schools by submission state in the period."""

    total: int = 0
    approved: int = 0
    submitted: int = 0
    returned: int = 0
    late: int = 0

    @property
    def not_submitted(self) -> int:
        return self.total - self.approved - self.submitted


@dataclass
class SchoolEntry:
    """A principal's school in the period: its entry state and share on track."""

    school: OrgNode
    submission: Submission | None
    rows: int
    entered: int
    late: bool
    percent: Decimal | None = None

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else Submission.State.DRAFT


@dataclass
class Dashboard:
    """Everything the home page's dashboard shows."""

    mode: str
    period: Period
    top: OrgNode
    unit: Unit | None = None
    progress: list[EntityProgress] = field(default_factory=list)
    progress_counts: dict[str, int] = field(default_factory=dict)  # a dict: templates read `.items`
    late: list[EntityProgress] = field(default_factory=list)
    school_counts: dict[int, SchoolCounts] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    off_track: list[Judged] = field(default_factory=list)
    deviations: list[Deviation] | None = None
    overdue: list[Measure] | None = None
    by_goal: list[StatusGroup] = field(default_factory=list)
    by_target: list[StatusGroup] = field(default_factory=list)
    by_district: list[StatusGroup] = field(default_factory=list)
    charts: dict = field(default_factory=dict)
    schools: list[SchoolEntry] = field(default_factory=list)
    can_follow_up: bool = False  # may explain the deviations and report the measures shown (else: read)

    @property
    def late_count(self) -> int:
        return sum(1 for p in self.progress if p.late)

    @property
    def late_more(self) -> int:
        return max(0, self.late_count - len(self.late))

    @property
    def progress_with_counts(self) -> list[tuple[EntityProgress, SchoolCounts]]:
        """The districts' progress, each with its schools' counts (a province's dashboard)."""
        return [(p, self.school_counts.get(p.entity.pk, SchoolCounts())) for p in self.progress]


def current_period(user) -> Period | None:
    """The latest open period the user may read, else the latest one."""
    periods = list(monitoring_access.periods_visible(user).select_related("plan", "plan__owner"))
    if not periods:
        return None
    return max(
        periods,
        key=lambda p: (
            p.state == Period.State.OPEN,
            p.year,
            p.half,
            -p.plan.owner.depth if p.plan.owner else 0,
        ),
    )


def monitoring_top(user, plan) -> OrgNode | None:
    """The highest node of the user's monitoring scope inside `plan` (its owner for administrators)."""
    owner = plan.owner
    if owner is None:
        return None
    if scope.is_sysadmin(user):
        return owner
    best = None
    for node in scope.nodes_where(user, monitoring_access.MONITORING_VIEW_ROLES):
        candidate = owner if owner.is_within(node) else node if node.is_within(owner) else None
        if candidate is not None and (best is None or candidate.depth < best.depth):
            best = candidate
    return best


def dashboard_mode(user, top: OrgNode) -> str:
    """Which dashboard the user's roles at (or above) `top` call for."""
    if scope.is_sysadmin(user):
        return MANAGER
    roles = {a.role for a in scope.active_assignments(user) if top.is_within(a.node)}
    if roles & MANAGER_ROLES:
        return MANAGER
    if Role.UNIT_MANAGER in roles:
        return UNIT
    return SCHOOL


def dashboard_for(user) -> dict:
    """The home page's context for `user`: {"dashboard": Dashboard} for monitoring users, else {}."""
    if not monitoring_access.can_use_monitoring(user):
        return {}
    period = current_period(user)
    if period is None:
        return {}
    top = monitoring_top(user, period.plan)
    if top is None:
        return {}
    dashboard = build_dashboard(user, period, top)
    return {"dashboard": dashboard} if dashboard else {}


def build_dashboard(user, period: Period, top: OrgNode) -> Dashboard | None:
    """The dashboard of `user` at `top` for `period`."""
    mode = dashboard_mode(user, top)
    if mode == SCHOOL:
        return _school_dashboard(user, period, top)
    dashboard = Dashboard(mode=mode, period=period, top=top)
    rows = list(
        IndicatorRow.objects.filter(indicator__plan=period.plan)
        .select_related("indicator", "indicator__responsible_unit")
        .order_by("indicator__sort_key", "order")
    )
    if mode == UNIT:
        unit_ids = {
            a.unit_id for a in scope.active_assignments(user) if a.role == Role.UNIT_MANAGER and a.unit_id
        }
        dashboard.unit = next(
            (a.unit for a in scope.active_assignments(user) if a.role == Role.UNIT_MANAGER and a.unit_id),
            None,
        )
        rows = [row for row in rows if row.indicator.responsible_unit_id in unit_ids]
    districts = (
        sorted(
            OrgNode.objects.filter(parent=top, kind=OrgNode.Kind.DISTRICT, is_active=True),
            key=lambda district: turkish_key(district.name),
        )
        if top.kind == OrgNode.Kind.PROVINCE and mode == MANAGER
        else []
    )
    judged = _judge(period, rows, [top, *districts])
    at_top = judged[top.pk]
    dashboard.counts = Counter(item.evaluation.status for item in at_top)
    dashboard.off_track = [item for item in at_top if item.evaluation.status == Status.OFF_TRACK]
    dashboard.by_goal, dashboard.by_target = _by_goal_and_target(period.plan, at_top)
    dashboard.by_district = [
        StatusGroup(d.name, Counter(item.evaluation.status for item in judged[d.pk])) for d in districts
    ]
    is_owner = top.pk == period.plan.owner_id
    if mode == MANAGER:
        _progress(dashboard, period, top)
    if is_owner:
        deviations = Deviation.objects.filter(period=period, state=Deviation.State.OPEN).select_related(
            "row__indicator", "unit"
        )
        overdue = overdue_with_targets(period)
        if mode == UNIT:
            deviations = deviations.filter(unit_id__in=unit_ids)
            overdue = _measures_of_units(overdue, unit_ids)
        dashboard.deviations = list(deviations)
        dashboard.overdue = overdue
        # unit managers see only their unit's, which they explain and report; planning officers all
        dashboard.can_follow_up = mode == UNIT or plans_access.can_edit_plan(user, period.plan)
    dashboard.charts = {
        key: status_chart(title=title, groups=groups) for key, title, groups in chart_groups(dashboard)
    }
    return dashboard


def chart_groups(
    dashboard: Dashboard, *, with_data: bool = False
) -> list[tuple[str, str, list[StatusGroup]]]:
    """(key, title, groups) of the dashboard's status charts (with_data: only those it has data for)."""
    titles = {
        "goal": _("Indicator status by goal"),
        "target": _("Indicator status by target"),
        "district": _("Indicator status by district"),
    }
    groups = {"goal": dashboard.by_goal, "target": dashboard.by_target, "district": dashboard.by_district}
    return [
        (key, titles[key], groups[key])
        for key in titles
        if not with_data or any(group.total for group in groups[key])
    ]


def _judge(period: Period, rows: list[IndicatorRow], nodes: list[OrgNode]) -> dict[int, list[Judged]]:
    """node id → its applicable rows' figures and evaluations in `period` (one roll-up for all nodes)."""
    if not rows:
        return {node.pk: [] for node in nodes}
    plans = row_plans(rows, period.plan)
    figures = rollup(period, nodes, rows)
    result: dict[int, list[Judged]] = {}
    for node in nodes:
        items = []
        for row in rows:
            figure = figures[(row.pk, node.pk)]
            if not figure.expected or not is_judged(row.indicator, node, period.plan):
                continue  # nobody at this node reports the row, or it is a part of a total (a count)
            items.append(Judged(row, figure, judge(row, plans[row.pk], period, figure.value)))
        result[node.pk] = items
    return result


def _by_goal_and_target(plan, items: list[Judged]) -> tuple[list[StatusGroup], list[StatusGroup]]:
    """Status counts per goal and per target, in plan order (groups without rows left out)."""
    goals = list(Goal.objects.filter(plan=plan).order_by("order", "pk"))
    targets = list(Target.objects.filter(plan=plan).order_by("order", "pk"))
    by_target: dict[int, Counter] = defaultdict(Counter)
    for item in items:
        by_target[item.row.indicator.target_id][item.evaluation.status] += 1
    goal_counts: dict[int, Counter] = defaultdict(Counter)
    for target in targets:
        goal_counts[target.goal_id].update(by_target[target.pk])
    goal_groups = [
        StatusGroup(_("Goal %(code)s") % {"code": goal.code}, goal_counts[goal.pk], goal.title)
        for goal in goals
        if goal_counts[goal.pk]
    ]
    target_groups = [
        StatusGroup(_("Target %(code)s") % {"code": target.code}, by_target[target.pk], target.statement)
        for target in targets
        if by_target[target.pk]
    ]
    return goal_groups, target_groups


def _progress(dashboard: Dashboard, period: Period, top: OrgNode) -> None:
    """Who has submitted below `top`, who is late; for a province also its districts' schools by state."""
    if top.kind not in (OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT):
        return
    progress = sorted(submission_progress(period, top), key=lambda p: turkish_key(p.entity.name))
    dashboard.progress = progress
    counts = Counter(p.state for p in progress if p.owes)  # an entity that owes nothing has no state
    dashboard.progress_counts = {state: counts[state] for state in Submission.State.values if counts[state]}
    dashboard.late = [p for p in progress if p.late][:LATE_SHOWN]
    if top.kind == OrgNode.Kind.PROVINCE:
        dashboard.school_counts = school_counts(period, top)


def school_counts(period: Period, province: OrgNode) -> dict[int, SchoolCounts]:
    """district id → its schools that owe data in the period, by submission state (two grouped queries)."""
    rows = plan_rows(period.plan)
    schools = (
        OrgNode.objects.filter(
            owing_q(period=period, kind=OrgNode.Kind.SCHOOL, rows=rows),
            kind=OrgNode.Kind.SCHOOL,
            is_active=True,
            path__startswith=province.path,
        )
        .values("parent_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    result = {row["parent_id"]: SchoolCounts(total=row["n"]) for row in schools}
    states = (
        Submission.objects.filter(
            owing_q(period=period, kind=OrgNode.Kind.SCHOOL, rows=rows, prefix="entity__"),
            period=period,
            entity__kind=OrgNode.Kind.SCHOOL,
            entity__is_active=True,
            entity__path__startswith=province.path,
        )
        .values("entity__parent_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in states:
        counts = result.setdefault(row["entity__parent_id"], SchoolCounts())
        if row["state"] in (Submission.State.APPROVED, Submission.State.SUBMITTED, Submission.State.RETURNED):
            setattr(counts, row["state"], getattr(counts, row["state"]) + row["n"])
    if period.state == Period.State.OPEN and timezone.localdate() > period.school_due:
        for counts in result.values():
            counts.late = counts.not_submitted
    return result


def _measures_of_units(measures: list[Measure], unit_ids: set[int]) -> list[Measure]:
    """The measures (of a list) for which one of the units is responsible, main or other."""
    ids = set(
        MeasureUnit.objects.filter(measure__in=[m.pk for m in measures], unit_id__in=unit_ids).values_list(
            "measure_id", flat=True
        )
    )
    return [m for m in measures if m.pk in ids]


def _school_dashboard(user, period: Period, top: OrgNode) -> Dashboard | None:
    """A principal's school(s): entry state, values entered of rows to enter, due date, share on track."""
    schools = [
        node
        for node in scope.nodes_where(user, {Role.PRINCIPAL})
        if node.kind == OrgNode.Kind.SCHOOL and node.is_within(period.plan.owner)
    ]
    if not schools:
        return None
    dashboard = Dashboard(mode=SCHOOL, period=period, top=top)
    rows = plan_rows(period.plan)
    submissions = {s.entity_id: s for s in Submission.objects.filter(period=period, entity__in=schools)}
    entered = defaultdict(set)
    for entity_id, row_id in Value.objects.filter(
        period=period, entity__in=schools, value__isnull=False
    ).values_list("entity_id", "row_id"):
        entered[entity_id].add(row_id)
    today = timezone.localdate()
    for school in schools:
        submission = submissions.get(school.pk)
        state = submission.state if submission else Submission.State.DRAFT
        realization = school_realization(period, school)
        owed = {row.pk for row in rows_owed(period=period, entity=school, rows=rows)}
        dashboard.schools.append(
            SchoolEntry(
                school=school,
                submission=submission,
                rows=len(owed),
                entered=len(
                    entered[school.pk] & owed
                ),  # values of rows it owes (others are kept, not counted)
                late=bool(owed)
                and state in Submission.EDITABLE
                and period.state == Period.State.OPEN
                and today > period.school_due,
                percent=realization[0].percent if realization else None,
            )
        )
    return dashboard
