"""API of monitoring and evaluation: periods (and their state changes), submissions (and their
workflow), values (read and write, one by one or as a bulk XLSX upload), roll-ups with evaluation,
deviations and measure progress (with its evidence file).

Scope comes from `izlem.monitoring.access` (`periods_visible`, `period_for`, `monitoring_nodes`,
`submission_for`, `deviation_for`, `can_enter` …); every write goes through
`izlem.monitoring.services`, which checks rights and locks again. Status codes of writes:

| status | code | when |
|---|---|---|
| 400 | invalid | a field or business rule failed (`fields` says which) |
| 403 | permission_denied | the record is visible to you but the action is not yours |
| 409 | locked | the data is submitted/approved, or the period is not open |
| 409 | conflict | a stale `version`, a decision already taken, a transition the state does not allow |
| 422 | needs_confirmation | an unusual value: send it again with `confirm_outlier: true` and a `note` |
"""

from izlem.api.monitoring.bulk import BulkUploadViewSet
from izlem.api.monitoring.entry import SubmissionViewSet, ValueViewSet
from izlem.api.monitoring.export import ValueExportViewSet
from izlem.api.monitoring.follow_up import DeviationViewSet, MeasureProgressViewSet
from izlem.api.monitoring.periods import PeriodViewSet

__all__ = [
    "BulkUploadViewSet",
    "DeviationViewSet",
    "MeasureProgressViewSet",
    "PeriodViewSet",
    "SubmissionViewSet",
    "ValueExportViewSet",
    "ValueViewSet",
]
