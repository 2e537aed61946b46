"""The matrix's rules: org URLs → the object kind, the URL's arguments and the expected
policy (tests/security/expected/); for the API, a second policy decides its write actions (403 when refused)."""

from __future__ import annotations

from tests.security.matrix.kinds import On, history, on, pk

RULES: dict[str, On | tuple[On, ...]] = {
    "org:node-detail": on("node", pk, "org unit: view"),
    "org:node-edit": on("node", pk, "org unit: change"),
    "org:user-detail": on("user", pk, "person: view"),
    "org:user-role-new": on("user", pk, "person: view"),
    "org:assignment-end": on("assignment", pk, "role assignment: end"),
    "tokens:revoke": on("token", pk, "own credential: remove"),
    "otp-device-remove": on("totp-device", pk, "own credential: remove"),
    "object-history": (
        history("org.orgnode", "node"),
        history("plans.plan", "plan"),
        history("plans.indicator", "indicator"),
    ),
}
GATES: dict[str, str] = {
    "home": "signed in",
    "notifications": "signed in",
    "tokens:list": "signed in",
    "otp-manage": "signed in",
    "otp-recovery-codes": "signed in",
    "org:node-list": "signed in",
    "org:user-list": "people: manage",
    "org:user-create": "people: manage",
}
