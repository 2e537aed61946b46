"""The matrix's rules: reports URLs → the object kind, the URL's arguments and the expected
policy (tests/security/expected/); for the API, a second policy decides its write actions (403 when refused)."""

from __future__ import annotations

from tests.security.matrix.kinds import On, node_pk, on, period_node, period_pk, pk, pk_pdf, plan_pk

RULES: dict[str, On | tuple[On, ...]] = {
    "reports:plan-pdf": on("plan", pk, "plan: view"),
    "reports:index": on("period", period_pk, "period: view"),
    "reports:report-page": on("period_node", period_node, "report of a node: view"),
    "reports:report-generate": on("period_node", period_node, "report of a node: view"),
    "reports:scorecard": on("period_node", period_node, "scorecard: view"),
    "reports:scorecard-pdf": on("period_node", period_node, "scorecard: view"),
    "reports:scorecard-xlsx": on("period_node", period_node, "scorecard: view"),
    "reports:job-detail": on("job", pk, "report job: view"),
    "reports:job-progress": on("job", pk, "report job: view"),
    "reports:job-file": on("job", pk_pdf, "report job: view"),
    "reports:job-publish": on("job", pk, "report job: publish"),
    "reports:publication-revoke": on("publication", pk, "publication: revoke"),
    "reports:meeting-edit": on("period", period_pk, "review meeting: edit"),
    "reports:spending-edit": on("plan", plan_pk, "plan: edit"),
    "reports:indicator-card": on("indicator", pk, "indicator card: view"),
    "reports:ministry-generate": on("node", node_pk, "ministry report: generate"),
    "reports:ministry-job": on("ministryjob", pk, "ministry report job: view"),
    "reports:ministry-job-progress": on("ministryjob", pk, "ministry report job: view"),
    "reports:ministry-job-file": on("ministryjob", pk_pdf, "ministry report job: view"),
    "reports:indicator-card-pdf": on("indicator", pk, "indicator card: view"),
    "reports:indicator-card-xlsx": on("indicator", pk, "indicator card: view"),
}
GATES: dict[str, str] = {
    "reports:publication-list": "signed in",
    "reports:dashboard-pdf": "monitoring: use",
    "reports:dashboard-xlsx": "monitoring: use",
    "reports:ministry": "ministry report: list",
}
