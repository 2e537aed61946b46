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
reported against those the row applies to (e.g. only schools with an ortaokul level for an
Ortaokul row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow

from .models import Period, Submission, Value

FOUR = Decimal("0.0001")
HUNDRED = Decimal(100)
WEIGHT_FIELDS = {"students": "student_count", "teachers": "teacher_count"}
LEVEL_FILTERS = {
    IndicatorRow.Level.ALL: Q(level_preschool=True)
    | Q(level_primary=True)
    | Q(level_middle=True)
    | Q(level_secondary=True),
    IndicatorRow.Level.PRESCHOOL: Q(level_preschool=True),
    IndicatorRow.Level.PRIMARY: Q(level_primary=True),
    IndicatorRow.Level.MIDDLE: Q(level_middle=True),
    IndicatorRow.Level.SECONDARY: Q(level_secondary=True),
    IndicatorRow.Level.BASIC: Q(level_primary=True) | Q(level_middle=True),
}


def level_applies(level: str, school: OrgNode) -> bool:
    """Whether a row of this education level is reported by the school (the Python twin of LEVEL_FILTERS)."""
    levels = set(school.levels)
    return {
        IndicatorRow.Level.ALL: bool(levels),
        IndicatorRow.Level.PRESCHOOL: "preschool" in levels,
        IndicatorRow.Level.PRIMARY: "primary" in levels,
        IndicatorRow.Level.MIDDLE: "middle" in levels,
        IndicatorRow.Level.SECONDARY: "secondary" in levels,
        IndicatorRow.Level.BASIC: bool(levels & {"primary", "middle"}),
    }[level]


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


def applicable_entities(row: IndicatorRow, under: OrgNode):
    """The entities below (or at) `under` that report `row`."""
    kind = leaf_kind(row.indicator)
    entities = OrgNode.objects.filter(kind=kind, is_active=True, path__startswith=under.path)
    if kind == OrgNode.Kind.SCHOOL:
        entities = entities.filter(LEVEL_FILTERS[row.level])
    return entities


def _expected_counts(nodes: list[OrgNode]) -> dict[tuple[str, str, int], int]:
    """(leaf kind, row level, node id) → number of applicable entities, from one grouped query."""
    annotations = {
        f"n_{level or 'all'}": Count("id", filter=condition) for level, condition in LEVEL_FILTERS.items()
    }
    roots = Q()
    for node in nodes:
        roots |= Q(path__startswith=node.path)
    per_district = list(
        OrgNode.objects.filter(roots, kind=OrgNode.Kind.SCHOOL, is_active=True)
        .values("parent_id", "parent__path")
        .annotate(**annotations)
        .order_by()
    )
    districts = list(
        OrgNode.objects.filter(roots, kind=OrgNode.Kind.DISTRICT, is_active=True).values_list(
            "path", flat=True
        )
    )
    counts: dict[tuple[str, str, int], int] = {}
    for node in nodes:
        if node.kind == OrgNode.Kind.SCHOOL:  # a school's own figure: 1 if the row applies to it
            for level in LEVEL_FILTERS:
                counts[(OrgNode.Kind.SCHOOL, level, node.pk)] = int(
                    node.is_active and level_applies(level, node)
                )
            continue
        for level in LEVEL_FILTERS:
            key = f"n_{level or 'all'}"
            counts[(OrgNode.Kind.SCHOOL, level, node.pk)] = sum(
                row[key] for row in per_district if row["parent__path"].startswith(node.path)
            )
        counts[(OrgNode.Kind.DISTRICT, "", node.pk)] = sum(
            1 for path in districts if path.startswith(node.path)
        )
        counts[(OrgNode.Kind.PROVINCE, "", node.pk)] = 1 if node.kind == OrgNode.Kind.PROVINCE else 0
    return counts


def rollup(
    period: Period, nodes: list[OrgNode], rows: list[IndicatorRow] | None = None
) -> dict[tuple[int, int], Figure]:
    """Figures for every (row, node) pair: each node's figure aggregates the reported leaves below it."""
    rows = (
        rows
        if rows is not None
        else list(IndicatorRow.objects.filter(indicator__plan=period.plan).select_related("indicator"))
    )
    raw: dict[int, list[tuple]] = defaultdict(list)
    weight_fields = sorted(set(WEIGHT_FIELDS.values()))
    queryset = Value.objects.filter(
        period=period, row__in=[r.pk for r in rows], submission__state__in=Submission.REPORTED
    ).values_list(
        "row_id",
        "entity__path",
        "entity_id",
        "value",
        "numerator",
        "denominator",
        *[f"entity__{name}" for name in weight_fields],
    )
    for row_id, path, entity_id, value, numerator, denominator, *weights in queryset:
        raw[row_id].append(
            (path, entity_id, value, numerator, denominator, dict(zip(weight_fields, weights, strict=True)))
        )
    expected = _expected_counts(nodes)
    figures = {}
    for row in rows:
        indicator = row.indicator
        kind = leaf_kind(indicator)
        weight_field = WEIGHT_FIELDS.get(indicator.weight_name)
        level = row.level if kind == OrgNode.Kind.SCHOOL else ""
        for node in nodes:
            leaves = [
                Leaf(entity_id, value, numerator, denominator, _weight(weights, weight_field))
                for path, entity_id, value, numerator, denominator, weights in raw.get(row.pk, [])
                if path.startswith(node.path)
            ]
            rule = indicator.aggregation
            if kind == OrgNode.Kind.PROVINCE or (node.kind == kind):
                rule = Indicator.Aggregation.SUM if rule == Indicator.Aggregation.NONE else rule
            value, numerator, denominator = aggregate(rule, indicator.unit, leaves)
            figures[(row.pk, node.pk)] = Figure(
                value, numerator, denominator, len(leaves), expected.get((kind, level, node.pk), 0)
            )
    return figures


def _weight(weights: dict, field: str | None) -> Decimal | None:
    """An entity's weight for a weighted mean (students or teachers), if the indicator uses one."""
    if field is None or weights.get(field) is None:
        return None
    return Decimal(weights[field])
