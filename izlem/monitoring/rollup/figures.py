"""The roll-up's rules: leaves and figures, aggregation per rule, the leaf level, coverage counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from izlem.monitoring.models import Period
from izlem.org.models import OrgNode
from izlem.plans.applicability import LEVELS, concerns_fields, concerns_q
from izlem.plans.models import Indicator, IndicatorRow

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


def _effective_rule(rule: str, kind: str, node_kind: str) -> str:
    """The rule at a node of `node_kind` for leaves of `kind`: a top-only (none) row is summed where it is entered."""
    if rule == NONE and (kind == OrgNode.Kind.PROVINCE or node_kind == kind):
        return SUM
    return rule


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
