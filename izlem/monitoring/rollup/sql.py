"""The roll-up aggregated in SQL (PostgreSQL): exact partial sums per group, added up along each path."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection

from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.rollup.figures import (
    MAX,
    MEAN,
    MIN,
    NONE,
    RATIO,
    SUM,
    WEIGHT_FIELDS,
    WEIGHTED_MEAN,
    Figure,
    _audience,
    _effective_rule,
    _expected_counts,
    _plan_rows,
    _q,
    audience_key,
    leaf_kind,
    ratio_multiplier,
)
from izlem.org.models import OrgNode
from izlem.plans.applicability import LEVELS
from izlem.plans.models import Indicator, IndicatorRow

# Partial aggregates per (row, group): a school's value is grouped under its district, any other
# entity's under itself, so every node above the school level is a union of whole groups. Separate
# grouped branches (not one CASE key) let the planner see ~1,000 groups and aggregate in memory: with
# the CASE key it expected millions of groups and spilled the hash aggregate to disk (6× slower).
# The sums every rule may use come from one pass over the period's values; minimum, maximum and the
# weighted sums only from the values of the rows whose rule needs them (usually none): numeric
# aggregation is most of the query's time, and computing all twelve for every value made the query
# 1.7× a plain GROUP BY at national size.
# The outer query then adds each group's partial into every requested node on the group's path (the
# path is the chain of ancestor ids), so Python receives one row per (row, node) and only divides:
# adding 200 k partials in Python took 8× the SQL time at national size.
PAIR = "v.numerator IS NOT NULL AND v.denominator IS NOT NULL"
COMMON_COLUMNS = f"""COUNT(*), COUNT(v.value), SUM(v.value), NULL::numeric, NULL::numeric,
       COUNT(*) FILTER (WHERE {PAIR}), SUM(v.numerator) FILTER (WHERE {PAIR}),
       SUM(v.denominator) FILTER (WHERE {PAIR}), NULL::numeric, NULL::bigint, NULL::numeric, NULL::bigint"""
EXTRA_COLUMNS = """0::bigint, 0::bigint, NULL::numeric, MIN(v.value), MAX(v.value), 0::bigint, NULL::numeric, NULL::numeric,
       SUM(v.value * e.student_count) FILTER (WHERE v.value IS NOT NULL AND e.student_count <> 0),
       SUM(e.student_count) FILTER (WHERE v.value IS NOT NULL AND e.student_count <> 0),
       SUM(v.value * e.teacher_count) FILTER (WHERE v.value IS NOT NULL AND e.teacher_count <> 0),
       SUM(e.teacher_count) FILTER (WHERE v.value IS NOT NULL AND e.teacher_count <> 0)"""
BRANCH_SQL = """SELECT v.row_id, {group}, {columns}
  FROM {value} v
  JOIN {node} e ON e.id = v.entity_id
  JOIN {submission} s ON s.id = v.submission_id
 WHERE v.period_id = %s AND s.state = ANY(%s) AND v.row_id = ANY(%s) AND ({paths}) AND e.kind {kind} 'school'
   AND (e.kind <> 'school' OR {owed})
 GROUP BY 1, 2"""
PARTIALS_SQL = """
WITH parts (row_id, grp, reported, n, total, low, high, pairs, num, den, svw, sw, tvw, tw) AS (
{branches}
), ancestors AS (  -- every group is a node above the school level: only those paths are unnested
SELECT g.id AS grp, a.id
  FROM {node} g
 CROSS JOIN LATERAL unnest(string_to_array(rtrim(g.path, '/'), '/')::bigint[]) AS a(id)
 WHERE g.kind <> 'school' AND a.id = ANY(%s)
)
SELECT p.row_id, a.id, SUM(p.reported)::bigint, SUM(p.n)::bigint, SUM(p.total),
       SUM(p.pairs)::bigint, SUM(p.num), SUM(p.den), {extras}
  FROM parts p
  JOIN ancestors a ON a.grp = p.grp
 GROUP BY 1, 2
"""
EXTRA_SUMS = """MIN(p.low), MAX(p.high),
       COALESCE(SUM(p.svw), 0), COALESCE(SUM(p.sw), 0), COALESCE(SUM(p.tvw), 0), COALESCE(SUM(p.tw), 0)"""
NO_EXTRA_SUMS = "NULL, NULL, 0, 0, 0, 0"  # no row needs them: skip 200 k empty aggregate steps
EXTRA_RULES = {Indicator.Aggregation.MIN, Indicator.Aggregation.MAX, Indicator.Aggregation.WEIGHTED_MEAN}
ZERO = Decimal(0)
NO_PARTIAL = (0, 0, None, 0, None, None, None, None, ZERO, ZERO, ZERO, ZERO)


def _figure(sums: tuple, rule: str, multiplier: Decimal, weight_field: str | None, expected: int) -> Figure:
    """The figure `aggregate` gives for the leaves these sums describe, divisions and rounding done the same way."""
    reported, count, total, pairs, numerator, denominator, low, high, svw, sw, tvw, tw = sums
    if rule == RATIO:  # reported: the entities inside Σnum/Σden (`_reported`)
        if not pairs:
            return Figure(None, None, None, 0, expected)
        value = _q(numerator / denominator * multiplier) if denominator else None
        return Figure(value, numerator, denominator, pairs, expected)
    value = None
    if count and rule != NONE:
        if rule == SUM:
            value = total
        elif rule == MEAN:
            value = _q(total / count)
        elif rule == MIN:
            value = low
        elif rule == MAX:
            value = high
        elif rule == WEIGHTED_MEAN:
            weighted, weights = {"student_count": (svw, sw), "teacher_count": (tvw, tw)}.get(
                weight_field, (ZERO, ZERO)
            )
            value = _q(weighted / Decimal(weights)) if weights else None
        else:
            raise ValueError(rule)
    return Figure(value, None, None, reported, expected)


def _owed_sql(rows: list[IndicatorRow]) -> tuple[str, list]:
    """A school's value counts only for a row that concerns the school (the SQL twin of `concerns_fields`)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for row in rows:
        groups[audience_key(row)].append(row.pk)
    parts, params = [], []
    for (levels, types), row_ids in groups.items():
        wanted = levels if (levels or types) else LEVELS
        schools = [f"e.{OrgNode._meta.get_field(OrgNode.LEVEL_FIELDS[level]).column}" for level in wanted]
        if types:
            schools.append("e.school_type = ANY(%s)")
        parts.append(f"(v.row_id = ANY(%s) AND ({' OR '.join(schools)}))")
        params += [row_ids, *([list(types)] if types else [])]
    return " OR ".join(parts) or "FALSE", params


def _partials_sql(
    period: Period, rows: list[IndicatorRow], nodes: list[OrgNode]
) -> dict[tuple[int, int], tuple]:
    """(row id, node id) → the sums of the reported leaves of that row below that node, from one query."""
    if not rows or not nodes:
        return {}
    roots = sorted({node.path for node in nodes})
    kept = [path for i, path in enumerate(roots) if not any(path.startswith(p) for p in roots[:i])]
    tables = {
        "value": Value._meta.db_table,
        "node": OrgNode._meta.db_table,
        "submission": Submission._meta.db_table,
        "paths": " OR ".join(["e.path LIKE %s"] * len(kept)) or "FALSE",
    }
    extra_rows = [row.pk for row in rows if row.indicator.aggregation in EXTRA_RULES]
    branches, params = [], []
    owed, owed_params = _owed_sql(rows)
    for columns, row_ids in [(COMMON_COLUMNS, [row.pk for row in rows]), (EXTRA_COLUMNS, extra_rows)]:
        if not row_ids:
            continue
        for group, kind in [("e.parent_id", "="), ("e.id", "<>")]:
            branches.append(BRANCH_SQL.format(group=group, columns=columns, kind=kind, owed=owed, **tables))
            params += [
                period.pk,
                list(Submission.REPORTED),
                row_ids,
                *[f"{path}%" for path in kept],
                *owed_params,
            ]
    sql = PARTIALS_SQL.format(
        branches="\n UNION ALL\n".join(branches),
        node=tables["node"],
        extras=EXTRA_SUMS if extra_rows else NO_EXTRA_SUMS,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, [node.pk for node in nodes]])
        return {(found[0], found[1]): found[2:] for found in cursor.fetchall()}


def rollup_sql(
    period: Period,
    nodes: list[OrgNode],
    rows: list[IndicatorRow] | None = None,
    *,
    expected: dict | None = None,
) -> dict[tuple[int, int], Figure]:
    """The roll-up aggregated in SQL (PostgreSQL, nodes above the school level); same figures as `rollup_python`."""
    if any(node.kind == OrgNode.Kind.SCHOOL for node in nodes):
        raise ValueError("rollup_sql groups schools by district: ask rollup_python for a school's own figure")
    rows = _plan_rows(period, rows)
    partials = _partials_sql(period, rows, nodes)
    expected = expected if expected is not None else _expected_counts(nodes, rows)
    node_keys = [(node.pk, str(node.kind)) for node in nodes]
    figures = {}
    for row in rows:
        indicator = row.indicator
        kind = leaf_kind(indicator)
        weight_field = WEIGHT_FIELDS.get(indicator.weight_name)
        audience = _audience(row, kind)
        rule = str(indicator.aggregation)
        row_pk, multiplier = row.pk, ratio_multiplier(indicator.unit)
        for node_pk, node_kind in node_keys:
            figures[(row_pk, node_pk)] = _figure(
                partials.get((row_pk, node_pk), NO_PARTIAL),
                _effective_rule(rule, kind, node_kind),
                multiplier,
                weight_field,
                expected.get((kind, audience, node_pk), 0),
            )
    return figures
