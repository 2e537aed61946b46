"""The authorization matrix's table: every URL name → the rule of the expected table that decides it.

A page with an object id is in a RULES table of rules_<domain>.py, made with
`on(kind, kwargs, policy)` (`kind`: a ScopeWorld object type, tests/security/scope_world.py; `kwargs`: the
URL's arguments for an object; `policy`: a rule of tests/security/expected/) — for the API with a second
policy for its write actions (refused with 403 on an object the user may see). A page without an object
id is in a GATES table (URL name → a gate of the expected table); PUBLIC and the admin prefix are below.
"""

from __future__ import annotations

from tests.security.matrix import (
    rules_api,
    rules_api_harezmi,
    rules_harezmi,
    rules_monitoring,
    rules_org,
    rules_plans,
    rules_reports,
)
from tests.security.matrix.kinds import On

_MODULES = (
    rules_org,
    rules_plans,
    rules_monitoring,
    rules_reports,
    rules_harezmi,
    rules_api,
    rules_api_harezmi,
)

# Pages and endpoints that need no object and no role (sign-in, language, health, the API's own docs,
# stylesheets), or whose token is the capability (a published report's share link, tested separately).
PUBLIC = {
    "login", "logout", "password_change", "password_change_done", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "otp-setup", "otp-verify", "set_language", "healthz",
    "favicon",
    "api:schema", "api:docs", "plans:chart-css", "reports:chart-css", "reports:publication-page",
    "reports:publication-pdf",
}  # fmt: skip
# Gates that only take a POST: the matrix posts an empty form (a reader gets its 400 or its form again).
POST_ONLY_GATES = {"api:plan-import-list", "api:plan-import-apply", "plans:plan-import-confirm"}
ADMIN_PREFIX = "admin:"  # the Django admin: staff only (no world user is staff) — test_admin_is_staff_only
UNNAMED = {r"api/v1/^[\s\S]*$", "admin/(?P<url>.*)$"}  # catch-alls answering 404 (JSON for the API)


def _merge(attribute: str) -> dict:
    table: dict = {}
    for module in _MODULES:
        part = getattr(module, attribute)
        assert not set(part) & set(table), set(part) & set(table)
        table.update(part)
    return table


RULES: dict[str, On | tuple[On, ...]] = _merge("RULES")
GATES: dict[str, str] = _merge("GATES")
