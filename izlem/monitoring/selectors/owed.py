"""Monitoring reads: which rows an entity owes in a period, their scales, a row's suggested denominator."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from izlem.monitoring.models import Period
from izlem.monitoring.rollup.figures import audience_key, leaf_kind
from izlem.org.models import OrgNode
from izlem.plans.applicability import concerns_q
from izlem.plans.models import Indicator, IndicatorRow, YearValue

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
