"""API of the strategic plan: plans, goals, targets, indicators (rows, baselines, yearly targets),
measures, costs and the analyses (SWOT, TOWS, PEST, stakeholders, problem areas, architecture).

Everything is read inside `access.plans_visible(user)`; single objects come through
`access.plan_for` / `access.plan_part_for`. The two edits the plan pages allow — an indicator's
attributes and a yearly target — go through `izlem.plans.services` (planning officers; 403 for
someone who may read the plan but not edit it).
"""

from izlem.api.plans.analyses import (
    ArchitectureViewSet,
    PestItemViewSet,
    ProblemAreaViewSet,
    StakeholderViewSet,
    SwotItemViewSet,
    TowsStrategyViewSet,
)
from izlem.api.plans.indicators import IndicatorViewSet, YearValueViewSet
from izlem.api.plans.measures import CostLineViewSet, MeasureViewSet
from izlem.api.plans.plan import GoalViewSet, PlanViewSet, TargetViewSet

__all__ = [
    "ArchitectureViewSet",
    "CostLineViewSet",
    "GoalViewSet",
    "IndicatorViewSet",
    "MeasureViewSet",
    "PestItemViewSet",
    "PlanViewSet",
    "ProblemAreaViewSet",
    "StakeholderViewSet",
    "SwotItemViewSet",
    "TargetViewSet",
    "TowsStrategyViewSet",
    "YearValueViewSet",
]
