"""The matrix's rules: monitoring URLs → the object kind, the URL's arguments and the expected
policy (tests/security/expected/); for the API, a second policy decides its write actions (403 when refused)."""

from __future__ import annotations

from tests.security.matrix.kinds import (
    On,
    approve_decision,
    entry_row,
    on,
    period_close,
    period_entity,
    period_measure,
    period_node,
    period_pk,
    pk,
    plan_pk,
)

RULES: dict[str, On | tuple[On, ...]] = {
    "monitoring:period-create": on("plan", plan_pk, "plan: edit"),
    "monitoring:period-detail": on("period", pk, "period: view"),
    "monitoring:period-action": on("period", period_close, "period: manage"),
    "monitoring:entry": on("period_node", period_entity, "period at a node: view"),
    "monitoring:value-save": on("period_node", entry_row, "values at a node: enter"),
    "monitoring:submission-submit": on("submission", pk, "submission: enter"),
    "monitoring:submission-decide": on("submission", approve_decision, "submission: decide"),
    # approving chosen submissions: any period reader may post; the service decides each one (all or none)
    "monitoring:submissions-approve": on("period", period_pk, "period: view"),
    "monitoring:rollup": on("period_node", period_node, "period at a node: view"),
    "monitoring:school-realization": on("period_node", period_node, "period at a node: view"),
    "monitoring:deviation-list": on("period", period_pk, "period: view"),
    "monitoring:deviation-explain": on("deviation", pk, "deviation: explain"),
    "monitoring:measure-list": on("period", period_pk, "period: view"),
    "monitoring:measure-progress": on("progress", period_measure, "measure progress: report"),
    "monitoring:measure-evidence": on("progress", pk, "measure evidence: view"),
    "monitoring:indicator-source": on("indicator", pk, "plan part: edit"),
    "monitoring:bulk": on("period", period_pk, "bulk entry: open"),
    "monitoring:bulk-template": on("period", period_pk, "bulk entry: template"),
    "monitoring:bulk-status": on("bulk", pk, "bulk upload: view"),
}
GATES: dict[str, str] = {
    "monitoring:home": "monitoring: use",
    # the long export's form (its file needs a period: scoped, izlem/monitoring/tests/test_value_export.py)
    "monitoring:value-export": "monitoring: use",
}
