"""The expected answers of the authorization matrix: organisation, people, the person's own credentials.

Written from docs/access.md (the tables of "The expected table" say the same, checked by
tests/security/test_access_docs.py). For each rule, the users of the scope world (tests/support/security.py)
by the positions they reach (tests/security/expected/reaches.py); a user not named reaches nothing.
"""

from __future__ import annotations

from tests.security.expected.reaches import ALL, OWN, SUBTREE, UP_DOWN

# fmt: off
POLICIES = {
    "org unit: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "org unit: change": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner principal outsider "
            "other_manager"
        ),
    },
    # issue 16, finding 3: is_active (and kind, parent, official code) — not the principal's call
    "org unit: switch off": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager planning_officer district_planner outsider other_manager",
    },
    "person: view": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager principal outsider other_manager",
    },
    "role assignment: end": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager outsider other_manager",
    },
    "own credential: remove": {
        OWN: "sysadmin province_manager district_manager principal outsider other_manager",
    },
    "history: org.orgnode": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "history: plans.plan": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "history: plans.indicator": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
}
# Pages without an object id: the users who may open them at all.
GATES = {
    "signed in": (
        "sysadmin province_manager district_manager planning_officer district_planner unit_manager "
        "province_coordinator district_coordinator principal teacher stakeholder outsider "
        "other_manager assistant supervisor strategy_office nobody"
    ),
    "people: manage": "sysadmin province_manager district_manager principal outsider other_manager",
}
# fmt: on
