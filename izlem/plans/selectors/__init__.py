"""Reads of the plan browser: plan trees, indicator tables, analyses, costing and search.

Callers pass objects they already fetched through `izlem.plans.access`; the functions here only shape
them for pages (and later reports), with a fixed number of queries however large the plan.

The submodules are the reads by topic (code in izlem.plans imports from them); the names other apps
use are re-exported here so that `from izlem.plans import selectors` keeps serving them.
"""

from izlem.plans.selectors.analyses import SwotGrid, plan_analyses
from izlem.plans.selectors.costs import CostRow, CostTable, cost_table
from izlem.plans.selectors.indicators import (
    IndicatorBlock,
    RowTable,
    YearLine,
    derived_direction,
    indicator_tables,
    rows_prefetch,
    target_indicator_blocks,
    value_places,
)
from izlem.plans.selectors.search import SEARCH_LIMIT, SearchResults, plan_search
from izlem.plans.selectors.tree import (
    GoalBranch,
    TargetBranch,
    ThemeBranch,
    measure_units,
    measure_units_prefetch,
    plan_committees,
    plan_list,
    plan_tree,
)

__all__ = [
    "SEARCH_LIMIT",
    "CostRow",
    "CostTable",
    "GoalBranch",
    "IndicatorBlock",
    "RowTable",
    "SearchResults",
    "SwotGrid",
    "TargetBranch",
    "ThemeBranch",
    "YearLine",
    "cost_table",
    "derived_direction",
    "indicator_tables",
    "measure_units",
    "measure_units_prefetch",
    "plan_analyses",
    "plan_committees",
    "plan_list",
    "plan_search",
    "plan_tree",
    "rows_prefetch",
    "target_indicator_blocks",
    "value_places",
]
