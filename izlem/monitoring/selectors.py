"""Monitoring reads: evaluated figures per node, submission progress, school realization, overdue measures."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.monitoring import access
from izlem.org.models import OrgNode
from izlem.plans.applicability import concerns_q
from izlem.plans.models import Indicator, IndicatorRow, Measure, YearValue

from .evaluation import Evaluation, Status, evaluate
from .models import MeasureProgress, Period, Submission, Value
from .rollup import Figure, audience_key, leaf_kind, rollup_periods

# --- entry -------------------------------------------------------------------------------------------
ROW_LEVELS = {"basic": {"primary", "middle"}}  # a row's level key → the school levels it covers
DENOMINATOR_FIELDS = {
    Indicator.DenominatorSource.STUDENTS: "student_count",
    Indicator.DenominatorSource.TEACHERS: "teacher_count",
}


def suggested_denominator(row: IndicatorRow, entity: OrgNode) -> int | None:
    """The school's own count that a rate's denominator is, as a suggestion for the entry page; or None.

    Only when the indicator says its denominator is the school's students (or teachers), the school
    has that count, and the row covers the whole school: a row for one level of a school teaching two
    levels is not the whole school's count, so nothing is suggested there.
    """
    field = DENOMINATOR_FIELDS.get(row.indicator.denominator_source)
    if field is None or row.indicator.aggregation != Indicator.Aggregation.RATIO:
        return None
    count = getattr(entity, field, None)
    if not count or entity.kind != OrgNode.Kind.SCHOOL:
        return None
    if row.level and not set(entity.levels) <= ROW_LEVELS.get(row.level, {row.level}):
        return None
    return count


# --- who owes what ---------------------------------------------------------------------------------
# The one answer to "which rows does this entity owe in this period": the entry page, the submit
# check, every write path, the bulk template, reminders, progress tables and dashboards ask here.
def plan_rows(plan) -> list[IndicatorRow]:
    """Every indicator row of a plan with its indicator, in the plan's order (one query)."""
    return list(
        IndicatorRow.objects.filter(indicator__plan=plan)
        .select_related("indicator", "indicator__target", "indicator__responsible_unit")
        .order_by("indicator__sort_key", "order")
    )


def owes(row: IndicatorRow, entity: OrgNode) -> bool:
    """Whether `entity` owes a value of `row`: collected at its kind and, for a school, concerning it."""
    if leaf_kind(row.indicator) != entity.kind:
        return False
    return entity.kind != OrgNode.Kind.SCHOOL or row.concerns(entity)


def rows_owed(
    *, period: Period, entity: OrgNode, rows: list[IndicatorRow] | None = None
) -> list[IndicatorRow]:
    """The rows `entity` owes in `period`, in the plan's order (`rows`: the plan's rows when already read)."""
    return [row for row in (rows if rows is not None else plan_rows(period.plan)) if owes(row, entity)]


def row_scales(rows: list[IndicatorRow]) -> dict[int, Decimal]:
    """row id → the largest absolute baseline or target the plan gives it (the outlier check's scale), one query."""
    scales: dict[int, Decimal] = {}
    figures = YearValue.objects.filter(row__in=rows, value__isnull=False).values_list("row_id", "value")
    for row_id, value in figures:
        scales[row_id] = max(scales.get(row_id, Decimal(0)), abs(value))
    return scales


def owing_q(*, period: Period, kind: str, rows: list[IndicatorRow] | None = None, prefix: str = "") -> Q:
    """The entities of `kind` that owe at least one row in `period`, as a condition on OrgNode (behind `prefix`)."""
    rows = [
        row
        for row in (rows if rows is not None else plan_rows(period.plan))
        if leaf_kind(row.indicator) == kind
    ]
    if not rows:
        return Q(**{f"{prefix}pk__in": []})
    if kind != OrgNode.Kind.SCHOOL:
        return Q()
    audiences = {audience_key(row): row for row in rows}
    condition = Q()
    for levels, school_types in audiences:
        condition |= concerns_q(levels=list(levels), school_types=list(school_types), prefix=prefix)
    return condition


@dataclass
class RowPlan:
    """A row's plan figures: the plan-start baseline, yearly targets and the plan-end target."""

    baseline: Decimal | None
    baseline_year: int
    baselines: dict[int, Decimal]
    targets: dict[int, Decimal | None]


@dataclass
class EvaluatedRow:
    """One indicator row at one node in one period: the figure and its evaluation."""

    row: IndicatorRow
    node: OrgNode
    figure: Figure
    evaluation: Evaluation
    plan: RowPlan


def row_plans(rows: list[IndicatorRow], plan) -> dict[int, RowPlan]:
    """Baselines and targets of every row, in one query.

    The plan-start baseline is the last non-empty baseline on or before the year before the plan's
    first year (2014 for a 2015-2019 plan).
    """
    values = YearValue.objects.filter(row__in=[r.pk for r in rows]).values_list(
        "row_id", "kind", "year", "value"
    )
    baselines: dict[int, dict[int, Decimal]] = defaultdict(dict)
    targets: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for row_id, kind, year, value in values:
        if kind == YearValue.Kind.BASELINE:
            if value is not None:
                baselines[row_id][year] = value
        else:
            targets[row_id][year] = value
    result = {}
    for row in rows:
        known = {y: v for y, v in baselines[row.pk].items() if y < plan.period_start}
        year = max(known) if known else plan.period_start - 1
        result[row.pk] = RowPlan(known.get(year), year, baselines[row.pk], targets[row.pk])
    return result


def _periods_up_to(period: Period) -> list[Period]:
    """The plan's periods up to and including `period`, oldest first."""
    periods = Period.objects.filter(plan=period.plan).order_by("year", "half")
    return [p for p in periods if (p.year, p.half) <= (period.year, period.half)]


def evaluations(period: Period, node: OrgNode, rows: list[IndicatorRow] | None = None) -> list[EvaluatedRow]:
    """Every row's figure at `node` for `period`, evaluated against the plan, with a forecast."""
    plan = period.plan
    rows = (
        rows
        if rows is not None
        else list(
            IndicatorRow.objects.filter(indicator__plan=plan)
            .select_related("indicator", "indicator__target", "indicator__responsible_unit")
            .order_by("indicator__sort_key", "order")
        )
    )
    plans = row_plans(rows, plan)
    history_periods = _periods_up_to(period)
    history_figures = rollup_periods(history_periods, [node], rows)
    result = []
    for row in rows:
        row_plan = plans[row.pk]
        figure = history_figures[period.pk][(row.pk, node.pk)]
        points = [
            (float(year - row_plan.baseline_year), value)
            for year, value in sorted(row_plan.baselines.items())
            if year <= row_plan.baseline_year
        ]
        for earlier in history_periods:
            earlier_value = history_figures[earlier.pk][(row.pk, node.pk)].value
            if earlier_value is not None:
                points.append(
                    (
                        earlier.year - row_plan.baseline_year - (0.5 if earlier.half == "H1" else 0.0),
                        earlier_value,
                    )
                )
        # A count below the province is a part of the province total with no target of its own: not judged.
        judged = node.pk == plan.owner_id or row.indicator.aggregation != Indicator.Aggregation.SUM
        evaluation = evaluate(
            unit=row.indicator.unit,
            actual=figure.value,
            baseline=row_plan.baseline,
            baseline_year=row_plan.baseline_year,
            year_target=row_plan.targets.get(period.year) if judged else None,
            plan_target=row_plan.targets.get(plan.period_end) if judged else None,
            plan_end=plan.period_end,
            elapsed_years=period.year - row_plan.baseline_year - (0.5 if period.half == "H1" else 0.0),
            direction=row.indicator.direction,
            history=points,
        )
        result.append(EvaluatedRow(row, node, figure, evaluation, row_plan))
    return result


def province_evaluations(period: Period) -> list[EvaluatedRow]:
    """Evaluated figures at the plan's owner node (the province)."""
    return evaluations(period, period.plan.owner)


def status_counts(items: list[EvaluatedRow]) -> Counter:
    """How many rows are on track, at risk, off track or without data."""
    return Counter(item.evaluation.status for item in items)


@dataclass
class EntityProgress:
    """One entity's submission state in a period."""

    entity: OrgNode
    state: str
    late: bool
    submission: Submission | None
    owes: bool = True  # False: nothing is collected from the entity in the period (no state to show)
    owed: int = 0  # rows the entity owes in the period
    entered: int = 0  # of those, rows with a value entered


def submission_progress(period: Period, parent: OrgNode) -> list[EntityProgress]:
    """The state of every entity directly below `parent` (schools of a district, districts of a province).

    Schools that owe nothing in the period are left out; districts are all listed (the province's table
    also counts their schools), one that owes nothing with `owes` False: never a draft, never late.
    """
    children = list(OrgNode.objects.filter(parent=parent, is_active=True).order_by(turkish("name")))
    rows = plan_rows(period.plan)
    owed = {
        child.pk: {row.pk for row in rows_owed(period=period, entity=child, rows=rows)} for child in children
    }
    owing = {pk for pk, owed_rows in owed.items() if owed_rows}
    if parent.kind == OrgNode.Kind.DISTRICT:
        children = [child for child in children if child.pk in owing]
    submissions = {s.entity_id: s for s in Submission.objects.filter(period=period, entity__in=children)}
    entered: Counter = Counter()
    filled = Value.objects.filter(period=period, entity__in=children).filter(
        Q(value__isnull=False) | Q(numerator__isnull=False)
    )
    for entity_id, row_id in filled.values_list("entity_id", "row_id"):
        if row_id in owed[entity_id]:
            entered[entity_id] += 1
    today = timezone.localdate()
    due = period.school_due if parent.kind == OrgNode.Kind.DISTRICT else period.district_due
    result = []
    for child in children:
        submission = submissions.get(child.pk)
        state = submission.state if submission else Submission.State.DRAFT
        owes_data = child.pk in owing
        late = (
            owes_data and state in Submission.EDITABLE and period.state == Period.State.OPEN and today > due
        )
        result.append(
            EntityProgress(child, state, late, submission, owes_data, len(owed[child.pk]), entered[child.pk])
        )
    return result


@dataclass
class SchoolRealization:
    """A school's share of its applicable indicator targets that are on track in a period."""

    school: OrgNode
    applicable: int
    on_track: int
    reported: int

    @property
    def percent(self) -> Decimal | None:
        if not self.applicable:
            return None
        return (Decimal(self.on_track) * 100 / Decimal(self.applicable)).quantize(Decimal("0.1"))


def school_realization(period: Period, under: OrgNode) -> list[SchoolRealization]:
    """For every school below `under`: applicable school-level rows and how many of its own values are on track.

    Counts (sum rows) are left out: a school's count is a part of the province total and has no
    target of its own.

    A school's value is judged against the plan's baseline and path like the province figure; a row
    without a reported value counts as applicable but not on track. Sorted best first.
    """
    plan = period.plan
    rows = list(
        IndicatorRow.objects.filter(
            indicator__plan=plan, indicator__collection_level="school"
        ).select_related("indicator")
    )
    plans = row_plans(rows, plan)
    schools = list(
        OrgNode.objects.filter(kind=OrgNode.Kind.SCHOOL, is_active=True, path__startswith=under.path)
    )
    values = defaultdict(dict)
    for entity_id, row_id, value in Value.objects.filter(
        period=period, entity__in=schools, submission__state__in=Submission.REPORTED
    ).values_list("entity_id", "row_id", "value"):
        values[entity_id][row_id] = value
    elapsed = lambda row_plan: period.year - row_plan.baseline_year - (0.5 if period.half == "H1" else 0.0)  # noqa: E731
    result = []
    for school in schools:
        applicable = rows_owed(period=period, entity=school, rows=rows)
        if not applicable:
            continue
        on_track = 0
        for row in applicable:
            row_plan = plans[row.pk]
            evaluation = evaluate(
                unit=row.indicator.unit,
                actual=values[school.pk].get(row.pk),
                baseline=row_plan.baseline,
                baseline_year=row_plan.baseline_year,
                year_target=row_plan.targets.get(period.year),
                plan_target=row_plan.targets.get(plan.period_end),
                plan_end=plan.period_end,
                elapsed_years=elapsed(row_plan),
                direction=row.indicator.direction,
                history=[],
            )
            on_track += evaluation.status == Status.ON_TRACK
        result.append(SchoolRealization(school, len(applicable), on_track, len(values[school.pk])))
    result.sort(key=lambda item: (item.percent is None, -(item.percent or 0), item.school.name))
    return result


def overdue_measures(period: Period) -> list[Measure]:
    """Measures without a progress report after the districts' due date, or not started past mid-plan."""
    plan = period.plan
    progress = {p.measure_id: p for p in MeasureProgress.objects.filter(period=period)}
    past_due = timezone.localdate() > period.district_due
    mid_plan = (period.year - plan.period_start + 1) * 2 > (plan.period_end - plan.period_start + 1)
    overdue = []
    for measure in plan.measures.order_by("number"):
        item = progress.get(measure.pk)
        if (item is None and past_due) or (
            item is not None and item.status == MeasureProgress.Status.NOT_STARTED and mid_plan
        ):
            overdue.append(measure)
    return overdue


# --- the long export: one line per value -------------------------------------------------------------
# The values a user reads come from `access.values_visible` — the same rule as the values API and the
# pages — narrowed to a node's subtree, a period range of one plan and, if asked, one indicator.
# Names of the rows and periods are read once (a plan has tens of rows); the values stream from the
# database in chunks with their entity and the entity's two ancestors joined, so the export takes a
# fixed number of queries and holds one chunk in memory, whatever the size of the scope.
EXPORT_CHUNK = 2000


class LongValue(NamedTuple):
    """One line of the long export (docs/monitoring.md, "Exporting values" lists the columns); a named
    tuple, not a dataclass: millions are made in a national export, and a tuple is the cheapest."""

    province_code: str
    province: str
    district_code: str
    district: str
    entity_code: str
    entity: str
    entity_kind: str
    indicator_code: str
    indicator: str
    row_number: int
    breakdown: str
    unit: str
    period: str
    year: int
    half: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    state: str
    entered_at: object  # an aware datetime
    note: str


def export_periods(*, period_from: Period, period_to: Period | None = None) -> list[Period]:
    """The periods from `period_from` to `period_to` (inclusive) of their plan, oldest first.

    Both ends must be periods the caller already fetched through `access.period_for`; a range across
    two plans is refused with a message saying so, one given backwards is read forwards.
    """
    period_to = period_to or period_from
    if period_to.plan_id != period_from.plan_id:
        raise ValidationError(_("Both periods must belong to the same plan."), code="plans")
    start, end = sorted([(period_from.year, period_from.half), (period_to.year, period_to.half)])
    periods = (
        Period.objects.filter(plan_id=period_from.plan_id).select_related("plan").order_by("year", "half")
    )
    return [p for p in periods if start <= (p.year, p.half) <= end]


def value_long_rows(
    *,
    user,
    periods: list[Period],
    node: OrgNode | None = None,
    indicator: str = "",
    chunk_size: int | None = None,
) -> Iterator[LongValue]:
    """A `LongValue` for every value `user` reads in `periods` at or below `node` (of `indicator`, by code,
    if given), ordered by period (as given: oldest first from `export_periods`), entity and row: streamed
    in chunks, never collected in a list; one query per period.

    The rows' names and the labels are read here, in the active language; the values are read only as
    the returned generator is consumed (a streamed response consumes it after the view has returned).
    """
    plan_id = periods[0].plan_id if periods else None
    rows = {
        row.pk: (row.indicator.code, row.indicator.name, row.order + 1, row.breakdown, row.indicator.unit)
        for row in IndicatorRow.objects.filter(indicator__plan_id=plan_id).select_related("indicator")
    }
    halves = {Period.Half.H1: 1, Period.Half.H2: 2}
    by_period = {p.pk: (f"{p.year}-{halves[p.half]}", p.year, halves[p.half]) for p in periods}
    kinds = {key: str(label) for key, label in OrgNode.Kind.choices}
    units = {key: str(label) for key, label in Indicator.UnitKind.choices}
    states = {key: str(label) for key, label in Submission.State.choices}
    values = access.values_visible(user).filter(period__in=list(by_period))
    if node is not None:
        values = values.filter(entity__path__startswith=node.path)
    if indicator:
        values = values.filter(row__indicator__code=indicator)
    # One query per period, oldest first, each in (entity, row) order: with the period fixed that is the
    # order of the unique index (period, entity, row), which PostgreSQL streams without sorting.
    lines = values.order_by("entity_id", "row_id").values_list(
        "period_id",
        "row_id",
        "entity__kind",
        "entity__code",
        "entity__name",
        "entity__parent__code",
        "entity__parent__name",
        "entity__parent__parent__code",
        "entity__parent__parent__name",
        "value",
        "numerator",
        "denominator",
        "submission__state",
        "entered_at",
        "note",
    )
    zone = timezone.get_current_timezone()

    def generate() -> Iterator[LongValue]:
        school, district, province = OrgNode.Kind.SCHOOL, OrgNode.Kind.DISTRICT, OrgNode.Kind.PROVINCE
        for (
            period_id,
            row_id,
            kind,
            code,
            name,
            parent_code,
            parent_name,
            grand_code,
            grand_name,
            value,
            numerator,
            denominator,
            state,
            entered_at,
            note,
        ) in (
            line
            for period in periods
            for line in lines.filter(period_id=period.pk).iterator(chunk_size=chunk_size or EXPORT_CHUNK)
        ):
            if kind == school:
                place = (grand_code, grand_name, parent_code, parent_name)
            elif kind == district:
                place = (parent_code, parent_name, code, name)
            elif kind == province:
                place = (code, name, "", "")
            else:  # the ministry (a national plan's own values): neither province nor district
                place = ("", "", "", "")
            indicator_code, indicator_name, number, breakdown, unit = rows[row_id]
            label, year, half = by_period[period_id]
            yield LongValue(
                *place,
                code,
                name,
                kinds.get(kind, kind),
                indicator_code,
                indicator_name,
                number,
                breakdown,
                units.get(unit, unit),
                label,
                year,
                half,
                value,
                numerator,
                denominator,
                states.get(state, state),
                entered_at.astimezone(zone) if entered_at else None,
                note,
            )

    return generate()
