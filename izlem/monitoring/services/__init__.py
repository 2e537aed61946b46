"""Monitoring writes: periods, value entry, the submission workflow, deviations, measure progress.

Every function checks access itself, runs in one transaction and records who did what. Approved
submissions and closed periods accept no change from any path (pages, bulk upload, API), because
every path goes through `value_save`.

The writes live in the submodules (`periods`, `entry`, `workflow`, `deviations`, `measures`,
`meetings`, `spending`); code inside monitoring imports from them. The entry points other apps call are re-exported here.
"""

from izlem.monitoring.services.deviations import deviation_explain, deviation_follow_up, deviations_detect
from izlem.monitoring.services.entry import (
    EntryOutcome,
    SaveResult,
    ValueInput,
    entry_save,
    same_numbers,
    submission_get_or_create,
    value_save,
    values_save_many,
)
from izlem.monitoring.services.errors import ConflictError
from izlem.monitoring.services.measures import due_date_reminders_send, measure_progress_save
from izlem.monitoring.services.meetings import meeting_save
from izlem.monitoring.services.periods import period_close, period_create, period_open, period_reopen
from izlem.monitoring.services.spending import spending_save
from izlem.monitoring.services.workflow import (
    missing_rows,
    submission_approve,
    submission_return,
    submission_submit,
    submissions_approve_many,
)

__all__ = [
    "ConflictError",
    "EntryOutcome",
    "SaveResult",
    "ValueInput",
    "deviation_explain",
    "deviation_follow_up",
    "deviations_detect",
    "due_date_reminders_send",
    "entry_save",
    "measure_progress_save",
    "meeting_save",
    "missing_rows",
    "period_close",
    "period_create",
    "period_open",
    "period_reopen",
    "same_numbers",
    "spending_save",
    "submission_approve",
    "submission_get_or_create",
    "submission_return",
    "submission_submit",
    "submissions_approve_many",
    "value_save",
    "values_save_many",
]
