"""The matrix's rules: plans URLs → the object kind, the URL's arguments and the expected
policy (tests/security/expected/); for the API, a second policy decides its write actions (403 when refused)."""

from __future__ import annotations

from tests.security.matrix.kinds import On, on, pk

RULES: dict[str, On | tuple[On, ...]] = {
    "plans:plan-detail": on("plan", pk, "plan: view"),
    "plans:plan-export-xlsx": on("plan", pk, "plan: view"),
    "plans:plan-export-json": on("plan", pk, "plan: view"),
    "plans:plan-analyses": on("plan", pk, "plan: view"),
    "plans:plan-costs": on("plan", pk, "plan: view"),
    "plans:target-detail": on("target", pk, "plan part: view"),
    "plans:indicator-detail": on("indicator", pk, "plan part: view"),
    "plans:indicator-edit": on("indicator", pk, "plan part: edit"),
    "plans:yearly-target-edit": on("yearvalue", pk, "plan part: edit"),
    "plans:row-applicability-edit": on("indicatorrow", pk, "plan part: edit"),
    "plans:row-bounds-edit": on("indicatorrow", pk, "plan part: edit"),
    "plans:measure-detail": on("measure", pk, "plan part: view"),
}
GATES: dict[str, str] = {
    "plans:plan-list": "plans: browse",
    "plans:search": "plans: browse",
    # plan import (upload → preview → confirm): planning officers and administrators, for owners at or
    # below their role (izlem/plans/tests/test_views_import.py, api/tests/test_plan_files_api.py)
    "plans:plan-import": "plans: import",
    "plans:plan-import-confirm": "plan import: confirm without token",
}
