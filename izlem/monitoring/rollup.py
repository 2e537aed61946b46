"""Roll-up (SPEC §3): district and province figures from the level below, exact and reproducible.

Figures are computed on read from the values that count — those of entities whose submission is
submitted or approved — so they are correct after any edit, submission, return or reopening by
construction; `tests/test_rollup_property.py` proves it against a from-scratch computation.

Rules per indicator: sum; ratio = Σ numerators / Σ denominators (× 100 for percentages — never the
mean of percentages); mean; weighted mean (by students or teachers of each entity); min; max; none
(entered at the top only). District and province figures are both computed from the leaf entities
(schools, or districts for district-collected indicators), which for every rule but the mean equals
rolling up the district figures; for the mean it is the statistically right one (each school counts
once). Division results are rounded half-up to four decimals. Coverage counts the entities that
reported (for a ratio: those with a numerator and a denominator, the ones inside the figure) against
those that owe the row (e.g. only schools with an ortaokul level for an Ortaokul row:
`izlem.plans.applicability`); a school's value of a row that does not concern it (kept from before a
planning officer narrowed the row) counts neither in the figure nor in the coverage.

On PostgreSQL the leaves are aggregated in SQL (`_partials_sql`): one query groups the values per row
and district (or per entity above the school level) into exact, decomposable sums — count, Σ value,
min, max, Σ numerator and Σ denominator of complete pairs, Σ value×weight and Σ weight — and adds
those partials up into every requested node on each group's path, so Python receives one row per
(row, node) and only does the final division and half-up rounding, exactly as `aggregate` does
(numeric sums are exact in PostgreSQL; SQLite sums decimals as floats, so SQLite keeps the Python path).
`tests/test_rollup_sql.py` checks that both paths give identical figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Q

from izlem.org.models import OrgNode
from izlem.plans.applicability import LEVELS, concerns_fields, concerns_q
from izlem.plans.models import Indicator, IndicatorRow

from .models import Period, Submission, Value

FOUR = Decimal("0.0001")
HUNDRED = Decimal(100)
# every Indicator.Weight choice has its field (tests/test_weights.py): a weighted mean always has a figure
WEIGHT_FIELDS = {Indicator.Weight.STUDENTS: "student_count", Indicator.Weight.TEACHERS: "teacher_count"}
# the rules as plain strings: `_figure` runs for every (row, node), and enum look-ups showed in the profile
RATIO, SUM, MEAN, MIN, MAX, WEIGHTED_MEAN, NONE = (
    str(rule.value)
    for rule in (
        Indicator.Aggregation.RATIO,
        Indicator.Aggregation.SUM,
        Indicator.Aggregation.MEAN,
        Indicator.Aggregation.MIN,
        Indicator.Aggregation.MAX,
        Indicator.Aggregation.WEIGHTED_MEAN,
        Indicator.Aggregation.NONE,
    )
)
LEVEL_COLUMNS = [OrgNode.LEVEL_FIELDS[level] for level in LEVELS]  # in LEVELS order


def audience_key(row: IndicatorRow) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The schools a row concerns as a hashable key: (levels, school types); rows with equal keys share counts."""
    return tuple(row.applicable_levels), tuple(row.applicable_school_types)


def _audience(row: IndicatorRow, kind: str):
    """The coverage key of a row: its audience for school-collected rows, else "" (every entity of the kind)."""
    return audience_key(row) if kind == OrgNode.Kind.SCHOOL else ""


@dataclass(frozen=True)
class Leaf:
    """One reported value as the roll-up sees it."""

    entity_id: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    weight: Decimal | None = None


@dataclass
class Figure:
    """A rolled-up figure with its coverage."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    reported: int
    expected: int

    @property
    def coverage_percent(self) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(self.reported) * HUNDRED / Decimal(self.expected)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def ratio_multiplier(unit: str) -> Decimal:
    """Percentages are Σnum/Σden × 100; ratios and per-student figures are plain quotients."""
    return HUNDRED if unit == Indicator.UnitKind.PERCENT else Decimal(1)


def _q(value: Decimal) -> Decimal:
    return value.quantize(FOUR, rounding=ROUND_HALF_UP)


def aggregate(
    rule: str, unit: str, leaves: list[Leaf]
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(value, Σ numerator, Σ denominator) of `leaves` under `rule`; None where nothing can be said."""
    if rule == Indicator.Aggregation.RATIO:
        pairs = [
            (leaf.numerator, leaf.denominator)
            for leaf in leaves
            if leaf.numerator is not None and leaf.denominator is not None
        ]
        if not pairs:
            return None, None, None
        numerator = sum((n for n, _d in pairs), Decimal(0))
        denominator = sum((d for _n, d in pairs), Decimal(0))
        value = _q(numerator / denominator * ratio_multiplier(unit)) if denominator else None
        return value, numerator, denominator
    values = [leaf.value for leaf in leaves if leaf.value is not None]
    if not values or rule == Indicator.Aggregation.NONE:
        return None, None, None
    if rule == Indicator.Aggregation.SUM:
        return sum(values, Decimal(0)), None, None
    if rule == Indicator.Aggregation.MEAN:
        return _q(sum(values, Decimal(0)) / len(values)), None, None
    if rule == Indicator.Aggregation.MIN:
        return min(values), None, None
    if rule == Indicator.Aggregation.MAX:
        return max(values), None, None
    if rule == Indicator.Aggregation.WEIGHTED_MEAN:
        weighted = [(leaf.value, leaf.weight) for leaf in leaves if leaf.value is not None and leaf.weight]
        total = sum((w for _v, w in weighted), Decimal(0))
        return (_q(sum((v * w for v, w in weighted), Decimal(0)) / total) if total else None), None, None
    raise ValueError(rule)


def leaf_kind(indicator: Indicator) -> str:
    """Which entities enter an indicator's values."""
    return {Indicator.Level.SCHOOL: OrgNode.Kind.SCHOOL, Indicator.Level.DISTRICT: OrgNode.Kind.DISTRICT}.get(
        indicator.collection_level, OrgNode.Kind.PROVINCE
    )


def _roots(nodes: list[OrgNode], field: str = "path") -> Q:
    """One prefix condition on `field` per subtree that is not already inside another requested node's subtree."""
    roots = Q()
    kept: list[str] = []
    for path in sorted({node.path for node in nodes}):
        if not any(path.startswith(parent) for parent in kept[-1:]):  # sorted: an ancestor comes just before
            kept.append(path)
            roots |= Q(**{f"{field}__startswith": path})
    return roots


def _prefixes(path: str) -> list[str]:
    """The paths of a node and of every node above it: "1/5/23/" → ["1/", "1/5/", "1/5/23/"]."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _expected_counts(nodes: list[OrgNode], rows: list[IndicatorRow]) -> dict[tuple, int]:
    """(leaf kind, audience, node id) → number of entities below the node that owe rows of that audience.

    One grouped query counts every audience of the school rows per district (a count per distinct
    (levels, school types) pair: a plan has a handful)."""
    audiences = sorted({audience_key(row) for row in rows if leaf_kind(row.indicator) == OrgNode.Kind.SCHOOL})
    annotations = {
        f"n_{i}": Count("id", filter=concerns_q(levels=list(levels), school_types=list(types)))
        for i, (levels, types) in enumerate(audiences)
    }
    roots = _roots(nodes)
    per_district = (
        list(
            OrgNode.objects.filter(roots, kind=OrgNode.Kind.SCHOOL, is_active=True)
            .values("parent_id", "parent__path")
            .annotate(**annotations)
            .order_by()
        )
        if audiences
        else []
    )
    districts = list(
        OrgNode.objects.filter(roots, kind=OrgNode.Kind.DISTRICT, is_active=True).values_list(
            "path", flat=True
        )
    )
    by_path = defaultdict(list)
    for node in nodes:
        if node.kind != OrgNode.Kind.SCHOOL:
            by_path[node.path].append(node)
    # each district's schools count for every requested node above it (a walk up its path, not a scan)
    school_counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(audiences))
    for row in per_district:
        for prefix in _prefixes(row["parent__path"]):
            for node in by_path.get(prefix, ()):
                totals = school_counts[node.pk]
                for i in range(len(audiences)):
                    totals[i] += row[f"n_{i}"]
    district_counts: dict[int, int] = defaultdict(int)
    for path in districts:
        for prefix in _prefixes(path):
            for node in by_path.get(prefix, ()):
                district_counts[node.pk] += 1
    counts: dict[tuple, int] = {}
    for node in nodes:
        if node.kind == OrgNode.Kind.SCHOOL:  # a school's own figure: 1 if it owes the row
            for levels, types in audiences:
                counts[(OrgNode.Kind.SCHOOL, (levels, types), node.pk)] = int(
                    node.is_active
                    and concerns_fields(
                        levels=levels,
                        school_types=types,
                        taught=set(node.levels),
                        school_type=node.school_type,
                    )
                )
            continue
        for i, audience in enumerate(audiences):
            counts[(OrgNode.Kind.SCHOOL, audience, node.pk)] = school_counts[node.pk][i]
        counts[(OrgNode.Kind.DISTRICT, "", node.pk)] = district_counts[node.pk]
        counts[(OrgNode.Kind.PROVINCE, "", node.pk)] = 1 if node.kind == OrgNode.Kind.PROVINCE else 0
    return counts


def _plan_rows(period: Period, rows: list[IndicatorRow] | None) -> list[IndicatorRow]:
    return (
        rows
        if rows is not None
        else list(IndicatorRow.objects.filter(indicator__plan=period.plan).select_related("indicator"))
    )


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


def _effective_rule(rule: str, kind: str, node_kind: str) -> str:
    """The rule at a node of `node_kind` for leaves of `kind`: a top-only (none) row is summed where it is entered."""
    if rule == NONE and (kind == OrgNode.Kind.PROVINCE or node_kind == kind):
        return SUM
    return rule


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


def _reported(rule: str, leaves: list[Leaf]) -> int:
    """The entities inside the figure: for a ratio only those with a numerator and a denominator.

    A ratio row's value without its pair (entered before every path required the pair) is not in
    Σ numerators / Σ denominators, so it must not count as reported either: coverage and the figure
    describe the same entities.
    """
    if rule == RATIO:
        return sum(1 for leaf in leaves if leaf.numerator is not None and leaf.denominator is not None)
    return len(leaves)


def _weight(weights: dict, field: str | None) -> Decimal | None:
    """An entity's weight for a weighted mean (students or teachers), if the indicator uses one."""
    if field is None or weights.get(field) is None:
        return None
    return Decimal(weights[field])
