"""The strategic plan (SPEC §2): plan → theme → goal → target → indicator, target → measure, costs, analyses.

The models live in submodules by topic; Django and the other apps find every one of them here.
"""

from izlem.plans.models.analyses import (
    ArchitectureComponent,
    PestItem,
    ProblemArea,
    Stakeholder,
    SwotItem,
    TowsStrategy,
)
from izlem.plans.models.goals import Goal, Measure, MeasureUnit, Target, Theme
from izlem.plans.models.indicators import Indicator, IndicatorRow, YearValue, code_sort_key
from izlem.plans.models.plan import Committee, CommitteeMember, CostLine, Plan

__all__ = [
    "ArchitectureComponent",
    "Committee",
    "CommitteeMember",
    "CostLine",
    "Goal",
    "Indicator",
    "IndicatorRow",
    "Measure",
    "MeasureUnit",
    "PestItem",
    "Plan",
    "ProblemArea",
    "Stakeholder",
    "SwotItem",
    "Target",
    "Theme",
    "TowsStrategy",
    "YearValue",
    "code_sort_key",
]
