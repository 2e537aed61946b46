"""Reads of the analyses page: SWOT grids per theme, TOWS, PEST, stakeholders, problem areas, architecture."""

from __future__ import annotations

from dataclasses import dataclass

from izlem.plans.models import PestItem, Plan, SwotItem, TowsStrategy

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
