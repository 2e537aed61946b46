"""Reads of the plan browser: plan trees, indicator tables, analyses, costing and search.

Callers pass objects they already fetched through `izlem.plans.access`; the functions here only shape
them for pages (and later reports), with a fixed number of queries however large the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from izlem.core.formats import places_for_unit
from izlem.plans import access
from izlem.plans.models import (
    Goal,
    Indicator,
    IndicatorRow,
    Measure,
    MeasureUnit,
    PestItem,
    Plan,
    SwotItem,
    Target,
    TowsStrategy,
    YearValue,
)

CENT = Decimal("0.01")
SEARCH_LIMIT = 50
CODE_QUERY = re.compile(r"^\d+(\.\d+)*\.?$")


# --- Plans and their tree --------------------------------------------------------------------------


def _count_of(model, **filters) -> Coalesce:
    """A correlated COUNT subquery of `model` rows of the outer plan (no join fan-out)."""
    counted = (
        model.objects.filter(plan=OuterRef("pk"), **filters)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plan_list(*, user) -> QuerySet[Plan]:
    """The plans the user may read, with the counts the list shows."""
    return (
        access.plans_visible(user)
        .select_related("owner")
        .annotate(
            goal_count=_count_of(Goal),
            target_count=_count_of(Target),
            indicator_count=_count_of(Indicator),
            measure_count=_count_of(Measure),
        )
    )


@dataclass
class TargetBranch:
    """A target with its indicators and measures."""

    target: Target
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class GoalBranch:
    """A goal with its targets."""

    goal: Goal
    targets: list[TargetBranch] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return sum(len(branch.indicators) for branch in self.targets)

    @property
    def measure_count(self) -> int:
        return sum(len(branch.measures) for branch in self.targets)


@dataclass
class ThemeBranch:
    """A theme (None for goals the plan files under no theme) with its goals."""

    theme: object | None
    goals: list[GoalBranch] = field(default_factory=list)


def plan_tree(*, plan: Plan) -> list[ThemeBranch]:
    """Theme → goal → target → indicators and measures, in plan order (five queries in all)."""
    themes = {theme.pk: ThemeBranch(theme) for theme in plan.themes.all()}
    loose = ThemeBranch(None)
    goals = {}
    for goal in plan.goals.all():
        goals[goal.pk] = GoalBranch(goal)
        themes.get(goal.theme_id, loose).goals.append(goals[goal.pk])
    targets = {}
    for target in plan.targets.all():
        targets[target.pk] = TargetBranch(target)
        goals[target.goal_id].targets.append(targets[target.pk])
    for indicator in plan.indicators.all():
        targets[indicator.target_id].indicators.append(indicator)
    for measure in plan.measures.all():
        targets[measure.target_id].measures.append(measure)
    branches = list(themes.values())
    if loose.goals:
        branches.append(loose)
    return branches


def plan_committees(*, plan: Plan) -> list:
    """The preparation committees with their members (two queries)."""
    return list(plan.committees.prefetch_related("members"))


# --- Indicators ------------------------------------------------------------------------------------


def value_places(indicator: Indicator) -> int:
    """Decimal places an indicator's values are shown with: counts whole, everything else two."""
    return places_for_unit(indicator.unit)


@dataclass
class YearLine:
    """One year of an indicator row: its baseline and/or target."""

    year: int
    baseline: YearValue | None = None
    target: YearValue | None = None
    is_plan_end: bool = False

    @property
    def target_editable(self) -> bool:
        """Yearly targets are edited here; the plan-end target is the plan document's own figure."""
        return self.target is not None and not self.is_plan_end


@dataclass
class RowTable:
    """An indicator row (breakdown) with its values by year."""

    row: IndicatorRow
    baselines: dict[int, YearValue]
    targets: dict[int, YearValue]
    plan_end_year: int
    baseline_cells: list[YearValue | None] = field(default_factory=list)  # aligned to a page's years

    @property
    def plan_end(self) -> YearValue | None:
        return self.targets.get(self.plan_end_year)

    @property
    def last_baseline(self) -> YearValue | None:
        known = [value for _year, value in sorted(self.baselines.items()) if value.value is not None]
        return known[-1] if known else None

    @property
    def lines(self) -> list[YearLine]:
        years = sorted(set(self.baselines) | set(self.targets))
        return [
            YearLine(
                year=year,
                baseline=self.baselines.get(year),
                target=self.targets.get(year),
                is_plan_end=year == self.plan_end_year,
            )
            for year in years
        ]


def _row_table(row: IndicatorRow, plan_end_year: int) -> RowTable:
    values = list(row.year_values.all())
    baselines = {value.year: value for value in values if value.kind == YearValue.Kind.BASELINE}
    targets = {value.year: value for value in values if value.kind == YearValue.Kind.TARGET}
    if targets and plan_end_year not in targets:  # a plan whose targets stop early: its last one
        plan_end_year = max(targets)
    return RowTable(row=row, baselines=baselines, targets=targets, plan_end_year=plan_end_year)


def rows_prefetch() -> Prefetch:
    """Prefetch an indicator's rows with their yearly values (two queries for any number of rows)."""
    return Prefetch("rows", queryset=IndicatorRow.objects.prefetch_related("year_values"))


def indicator_tables(*, indicator: Indicator) -> list[RowTable]:
    """The indicator's rows as year tables; `indicator` must come with `rows_prefetch()`."""
    return [_row_table(row, indicator.plan.period_end) for row in indicator.rows.all()]


def derived_direction(tables: list[RowTable]) -> str | None:
    """Higher or lower is better, read from the last baseline and the plan-end target of the first row
    that has both; None when they are equal or missing."""
    for table in tables:
        base, end = table.last_baseline, table.plan_end
        if base is not None and end is not None and end.value is not None and end.value != base.value:
            return Indicator.Direction.HIGHER if end.value > base.value else Indicator.Direction.LOWER
    return None


@dataclass
class IndicatorBlock:
    """An indicator on a target page, with its row tables."""

    indicator: Indicator
    tables: list[RowTable]
    places: int


def target_indicator_blocks(*, target: Target) -> tuple[list[IndicatorBlock], list[int]]:
    """The target's indicators with their rows, and the baseline years the table shows (three queries)."""
    indicators = target.indicators.select_related("responsible_unit").prefetch_related(rows_prefetch())
    blocks, years = [], set()
    for indicator in indicators:
        tables = [_row_table(row, target.plan.period_end) for row in indicator.rows.all()]
        for table in tables:
            years |= set(table.baselines)
        blocks.append(IndicatorBlock(indicator, tables, value_places(indicator)))
    years = sorted(years)
    for block in blocks:
        for table in block.tables:
            table.baseline_cells = [table.baselines.get(year) for year in years]
    return blocks, years


# --- Measures --------------------------------------------------------------------------------------


def measure_units_prefetch() -> Prefetch:
    """Prefetch a measure's responsible units with their unit records."""
    return Prefetch("unit_links", queryset=MeasureUnit.objects.select_related("unit"))


def measure_units(*, measure: Measure) -> dict[str, list[MeasureUnit]]:
    """The measure's main and other responsible units, in document order."""
    grouped: dict[str, list[MeasureUnit]] = {MeasureUnit.Role.MAIN: [], MeasureUnit.Role.OTHER: []}
    for link in measure.unit_links.all():
        grouped.setdefault(link.role, []).append(link)
    return grouped


# --- Analyses --------------------------------------------------------------------------------------

SWOT_ORDER = [
    SwotItem.Category.STRENGTH,
    SwotItem.Category.WEAKNESS,
    SwotItem.Category.OPPORTUNITY,
    SwotItem.Category.THREAT,
]


@dataclass
class SwotGrid:
    """The SWOT items of one theme ('' = no theme) as a 2×2 grid."""

    theme: str
    cells: dict[str, list[SwotItem]]

    @property
    def quadrants(self) -> list[tuple[str, str, list[SwotItem]]]:
        labels = dict(SwotItem.Category.choices)
        return [(category, labels[category], self.cells.get(category, [])) for category in SWOT_ORDER]


def _by_theme(items, plan_themes: list[str]) -> list[tuple[str, list]]:
    """Group items by their `theme` text: the plan's themes first, others after, no theme last."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.theme.strip(), []).append(item)
    order = {title: index for index, title in enumerate(plan_themes)}
    return sorted(groups.items(), key=lambda pair: (pair[0] == "", order.get(pair[0], len(order)), pair[0]))


def plan_analyses(*, plan: Plan) -> dict:
    """SWOT per theme, TOWS by kind, PEST by category, stakeholders, problem areas, architecture."""
    theme_titles = [theme.title for theme in plan.themes.all()]
    swot = list(plan.swot_items.all())
    grids = []
    for theme, items in _by_theme(swot, theme_titles):
        cells: dict[str, list[SwotItem]] = {}
        for item in sorted(items, key=lambda i: i.number):
            cells.setdefault(item.category, []).append(item)
        grids.append(SwotGrid(theme, cells))
    tows_labels = dict(TowsStrategy.Kind.choices)
    tows: dict[str, list[TowsStrategy]] = {kind: [] for kind in TowsStrategy.Kind.values}
    for strategy in plan.tows_strategies.prefetch_related("cites"):
        strategy.cited = sorted(
            strategy.cites.all(), key=lambda item: (SWOT_ORDER.index(item.category), item.number)
        )
        tows.setdefault(strategy.kind, []).append(strategy)
    pest_labels = dict(PestItem.Category.choices)
    pest: dict[str, list[PestItem]] = {}
    for item in plan.pest_items.all():
        pest.setdefault(item.category, []).append(item)
    architecture = list(plan.architecture.all())
    for component in architecture:
        component.depth = component.code.count(".")
    return {
        "swot_grids": grids,
        "tows": [(kind, tows_labels[kind], strategies) for kind, strategies in tows.items() if strategies],
        "pest": [
            (category, pest_labels.get(category, category), pest[category])
            for category in PestItem.Category.values
            if category in pest
        ],
        "stakeholders": list(plan.stakeholders.all()),
        "problem_areas": _by_theme(plan.problem_areas.all(), theme_titles),
        "architecture": architecture,
    }


# --- Costing ---------------------------------------------------------------------------------------


@dataclass
class CostRow:
    """A costing line: printed figures next to the system's sums and shares."""

    kind: str
    key: str
    label: str
    printed_amount: Decimal | None
    computed_amount: Decimal | None
    printed_share: Decimal | None
    computed_share: Decimal | None = None
    yearly: dict[int, Decimal] = field(default_factory=dict)
    yearly_cells: list[Decimal | None] = field(default_factory=list)  # aligned to the table's years

    @staticmethod
    def _differs(printed: Decimal | None, computed: Decimal | None) -> bool:
        return (
            printed is not None and computed is not None and printed.quantize(CENT) != computed.quantize(CENT)
        )

    @property
    def amount_differs(self) -> bool:
        return self._differs(self.printed_amount, self.computed_amount)

    @property
    def share_differs(self) -> bool:
        return self._differs(self.printed_share, self.computed_share)

    @property
    def is_sum(self) -> bool:
        return self.kind != "target"


@dataclass
class CostTable:
    """The costing table of a plan with its cross-check."""

    rows: list[CostRow]
    years: list[int]

    @property
    def mismatch_count(self) -> int:
        return sum(row.amount_differs + row.share_differs for row in self.rows)


def _goal_of(target_key: str) -> str:
    return target_key.split(".")[0]


def cost_table(*, plan: Plan) -> CostTable:
    """Recompute the costing table from the stored lines (three queries).

    Goal sum = Σ its targets' amounts (a goal without target lines keeps its printed amount);
    goals total = Σ goal sums; grand total = goals total + general administration; each share =
    amount / computed grand total × 100, rounded half-up to two places.
    """
    lines = list(plan.cost_lines.all())
    targets = {target.code: target for target in plan.targets.all()}
    goals = {goal.code: goal for goal in plan.goals.all()}
    target_sums: dict[str, Decimal] = {}
    for line in lines:
        if line.kind == "target" and line.amount is not None:
            goal = _goal_of(line.key)
            target_sums[goal] = target_sums.get(goal, Decimal(0)) + line.amount
    goal_amounts = dict(target_sums)
    for line in lines:
        if line.kind == "goal" and line.key not in goal_amounts and line.amount is not None:
            goal_amounts[line.key] = line.amount
    goals_total = sum(goal_amounts.values(), Decimal(0)) if goal_amounts else None
    admin = next((line.amount for line in lines if line.kind == "general_admin"), None)
    grand = None
    if goals_total is not None or admin is not None:
        grand = (goals_total or Decimal(0)) + (admin or Decimal(0))
    rows, years = [], set()
    for line in lines:
        if line.kind == "target":
            computed = line.amount
            target = targets.get(line.key)
            label = target.statement if target else ""
        elif line.kind == "goal":
            computed = target_sums.get(line.key, line.amount)
            goal = goals.get(line.key)
            label = goal.title if goal else ""
        elif line.kind == "goals_total":
            computed, label = goals_total, ""
        elif line.kind == "total":
            computed, label = grand, ""
        else:
            computed, label = line.amount, ""
        yearly = {int(year): Decimal(amount) for year, amount in (line.yearly or {}).items()}
        years |= set(yearly)
        share = None
        if computed is not None and grand:
            share = (computed * 100 / grand).quantize(CENT, rounding=ROUND_HALF_UP)
        rows.append(
            CostRow(
                kind=line.kind,
                key=line.key,
                label=label,
                printed_amount=line.amount,
                computed_amount=computed,
                printed_share=line.share_printed,
                computed_share=share,
                yearly=yearly,
            )
        )
    years = sorted(years)
    for row in rows:
        row.yearly_cells = [row.yearly.get(year) for year in years]
    return CostTable(rows=rows, years=years)


# --- Search ----------------------------------------------------------------------------------------


def _case_variants(word: str) -> set[str]:
    """The word as typed, in Turkish lower case, upper case and capitalised (SQLite folds ASCII only)."""
    lower = word.replace("I", "ı").replace("İ", "i").lower()
    upper = word.replace("i", "İ").replace("ı", "I").upper()
    capital = lower[:1].replace("i", "İ").replace("ı", "I").upper() + lower[1:]
    return {word, lower, upper, capital}


def _words_filter(field_name: str, words: list[str]) -> Q:
    """Every word must occur in the field, in any Turkish letter case."""
    condition = Q()
    for word in words:
        any_case = Q()
        for variant in _case_variants(word):
            any_case |= Q(**{f"{field_name}__icontains": variant})
        condition &= any_case
    return condition


@dataclass
class SearchResults:
    """What a plan search found, by kind."""

    query: str
    goals: list[Goal] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.goals) + len(self.targets) + len(self.indicators) + len(self.measures)


def plan_search(*, user, query: str, plan: Plan | None = None, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Goals, targets, indicators and measures of the plans the user may read, by code or by words.

    A query shaped like a code (`1.1.2`, `2.1`) matches that code and the codes below it; a bare
    number also matches the measure with that number. Anything else is split into words, all of
    which must occur (in any letter case) in the title, statement, name or text.
    """
    query = " ".join(query.split())
    results = SearchResults(query=query)
    if not query:
        return results
    plans = access.plans_visible(user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    scope = {"plan__in": plans}
    if CODE_QUERY.match(query):
        code = query.rstrip(".")
        by_code = Q(code=code) | Q(code__startswith=f"{code}.")
        goals = Goal.objects.filter(by_code, **scope)
        targets = Target.objects.filter(by_code, **scope)
        indicators = Indicator.objects.filter(by_code, **scope)
        measures = (
            Measure.objects.filter(number=int(code), **scope) if code.isdigit() else Measure.objects.none()
        )
    else:
        words = query.split()
        goals = Goal.objects.filter(_words_filter("title", words), **scope)
        targets = Target.objects.filter(_words_filter("statement", words), **scope)
        indicators = Indicator.objects.filter(_words_filter("name", words), **scope)
        measures = Measure.objects.filter(_words_filter("text", words), **scope)
    results.goals = list(goals.select_related("plan")[:limit])
    results.targets = list(targets.select_related("plan")[:limit])
    results.indicators = list(indicators.select_related("plan", "target")[:limit])
    results.measures = list(measures.select_related("plan", "target")[:limit])
    return results
