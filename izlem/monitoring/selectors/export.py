"""Monitoring reads: the long export of values, one line per value, streamed in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.monitoring import access
from izlem.monitoring.models import Period, Submission
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow

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
