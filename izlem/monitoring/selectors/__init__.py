"""Monitoring reads: who owes what, evaluated figures per node, submission progress, school realization,
overdue measures, the long export of values.

The reads live in `owed`, `evaluation` and `export`; code inside monitoring imports from them. The
entry points other apps call are re-exported here.
"""

from izlem.monitoring.selectors.evaluation import (
    EntityProgress,
    EvaluatedRow,
    RowPlan,
    SchoolRealization,
    evaluations,
    overdue_measures,
    province_evaluations,
    row_plans,
    school_realization,
    status_counts,
    submission_progress,
)
from izlem.monitoring.selectors.export import LongValue, export_periods, value_long_rows
from izlem.monitoring.selectors.owed import (
    owes,
    owing_q,
    plan_rows,
    row_scales,
    rows_owed,
    suggested_denominator,
)

__all__ = [
    "EntityProgress",
    "EvaluatedRow",
    "LongValue",
    "RowPlan",
    "SchoolRealization",
    "evaluations",
    "export_periods",
    "overdue_measures",
    "owes",
    "owing_q",
    "plan_rows",
    "province_evaluations",
    "row_plans",
    "row_scales",
    "rows_owed",
    "school_realization",
    "status_counts",
    "submission_progress",
    "suggested_denominator",
    "value_long_rows",
]
