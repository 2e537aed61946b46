"""Monitoring reads: evaluated figures per node, submission progress, school realization, overdue measures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from izlem.core.collation import turkish
from izlem.monitoring.evaluation import Evaluation, Status, evaluate
from izlem.monitoring.models import MeasureProgress, Period, Submission, Value
from izlem.monitoring.rollup.compute import rollup_periods
from izlem.monitoring.rollup.figures import Figure
from izlem.monitoring.selectors.owed import plan_rows, rows_owed
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow, Measure, YearValue


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
