"""The expected answers of the authorization matrix: strategic plans.

Written from docs/access.md (the tables of "The expected table" say the same, checked by
tests/security/test_access_docs.py). For each rule, the users of the scope world (tests/support/security.py)
by the positions they reach (tests/security/expected/reaches.py); a user not named reaches nothing.
"""

from __future__ import annotations

from tests.security.expected.reaches import ALL, SUBTREE, UP_DOWN

# fmt: off
POLICIES = {
    "plan: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "plan part: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "plan part: edit": {
        ALL: "sysadmin",
        SUBTREE: "planning_officer district_planner",
    },
}
# Pages without an object id: the users who may open them at all.
GATES = {
    "plans: browse": (
        "sysadmin province_manager district_manager planning_officer district_planner unit_manager "
        "province_coordinator district_coordinator principal teacher outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "plans: import": "sysadmin planning_officer district_planner",
    # confirming applies a staged file whose signed token names the person who previewed it: without
    # that token it is a missing page for everyone (tokens of others: izlem/plans/tests/test_views_import.py)
    "plan import: confirm without token": "",
}
# fmt: on
