"""The roll-up: figures per (row, node) from the reported leaves, in SQL on PostgreSQL or in Python."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.rollup.figures import (
    LEVEL_COLUMNS,
    WEIGHT_FIELDS,
    Figure,
    Leaf,
    _audience,
    _effective_rule,
    _expected_counts,
    _plan_rows,
    _reported,
    _roots,
    _weight,
    aggregate,
    leaf_kind,
)
from izlem.monitoring.rollup.sql import rollup_sql
from izlem.org.models import OrgNode
from izlem.plans.applicability import LEVELS, concerns_fields
from izlem.plans.models import IndicatorRow


def rollup(
    period: Period,
    nodes: list[OrgNode],
    rows: list[IndicatorRow] | None = None,
    *,
    expected: dict | None = None,
) -> dict[tuple[int, int], Figure]:
    """Figures for every (row, node) pair: each node's figure aggregates the reported leaves below it.

    In SQL on PostgreSQL (for nodes above the school level), in Python otherwise; both give the same figures.
    `expected`: the nodes' coverage counts (`_expected_counts`) when the caller already has them.
    """
    if connection.vendor == "postgresql" and all(node.kind != OrgNode.Kind.SCHOOL for node in nodes):
        return rollup_sql(period, nodes, rows, expected=expected)
    return rollup_python(period, nodes, rows, expected=expected)


def rollup_periods(
    periods: list[Period], nodes: list[OrgNode], rows: list[IndicatorRow] | None = None
) -> dict[int, dict[tuple[int, int], Figure]]:
    """`rollup` of each period (of one plan) for the same nodes and rows: period id → figures.

    The coverage counts do not depend on the period, so they are counted once (a ten-period history
    took 20 of a results page's 49 queries when each period counted them again).
    """
    if not periods:
        return {}
    rows = _plan_rows(periods[0], rows)
    expected = _expected_counts(nodes, rows)
    return {period.pk: rollup(period, nodes, rows, expected=expected) for period in periods}


def rollup_python(
    period: Period,
    nodes: list[OrgNode],
    rows: list[IndicatorRow] | None = None,
    *,
    expected: dict | None = None,
) -> dict[tuple[int, int], Figure]:
    """The roll-up computed leaf by leaf in Python (every engine; the reference for `rollup_sql`)."""
    rows = _plan_rows(period, rows)
    raw: dict[int, list[tuple]] = defaultdict(list)
    weight_fields = sorted(set(WEIGHT_FIELDS.values()))
    queryset = Value.objects.filter(
        _roots(nodes, "entity__path"),  # only the leaves below the requested nodes
        period=period,
        row__in=[r.pk for r in rows],
        submission__state__in=Submission.REPORTED,
    ).values_list(
        "row_id",
        "entity__path",
        "entity_id",
        "value",
        "numerator",
        "denominator",
        "entity__kind",
        "entity__school_type",
        *[f"entity__{name}" for name in LEVEL_COLUMNS],
        *[f"entity__{name}" for name in weight_fields],
    )
    by_row = {row.pk: row for row in rows}
    for row_id, path, entity_id, value, numerator, denominator, kind, school_type, *rest in queryset:
        flags, weights = rest[: len(LEVELS)], rest[len(LEVELS) :]
        row = by_row[row_id]
        if kind == OrgNode.Kind.SCHOOL and not concerns_fields(  # a value kept from before the row
            levels=row.applicable_levels,  # stopped concerning the school counts nowhere
            school_types=row.applicable_school_types,
            taught={level for level, flag in zip(LEVELS, flags, strict=True) if flag},
            school_type=school_type,
        ):
            continue
        raw[row_id].append(
            (path, entity_id, value, numerator, denominator, dict(zip(weight_fields, weights, strict=True)))
        )
    expected = expected if expected is not None else _expected_counts(nodes, rows)
    figures = {}
    for row in rows:
        indicator = row.indicator
        kind = leaf_kind(indicator)
        weight_field = WEIGHT_FIELDS.get(indicator.weight_name)
        audience = _audience(row, kind)
        for node in nodes:
            leaves = [
                Leaf(entity_id, value, numerator, denominator, _weight(weights, weight_field))
                for path, entity_id, value, numerator, denominator, weights in raw.get(row.pk, [])
                if path.startswith(node.path)
            ]
            rule = _effective_rule(indicator.aggregation, kind, node.kind)
            value, numerator, denominator = aggregate(rule, indicator.unit, leaves)
            figures[(row.pk, node.pk)] = Figure(
                value,
                numerator,
                denominator,
                _reported(rule, leaves),
                expected.get((kind, audience, node.pk), 0),
            )
    return figures
