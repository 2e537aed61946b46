"""The expected answers of the authorization matrix: reports.

Written from docs/access.md (the tables of "The expected table" say the same, checked by
tests/security/test_access_docs.py). For each rule, the users of the scope world (tests/support/security.py)
by the positions they reach (tests/security/expected/reaches.py); a user not named reaches nothing.
"""

from __future__ import annotations

from tests.security.expected.reaches import ALL, CHILD, OWN, SUBTREE, UP_DOWN

# fmt: off
POLICIES = {
    "report of a node: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "scorecard: view": {
        ALL: "sysadmin",
        UP_DOWN: "province_manager planning_officer unit_manager other_manager",
        OWN: "district_manager district_planner outsider",
    },
    "report job: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "report job: publish": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager outsider other_manager",
    },
    "publication: revoke": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager outsider other_manager",
    },
    "review meeting: edit": {
        ALL: "sysadmin",
        SUBTREE: "district_manager planning_officer district_planner other_manager",
        OWN: "province_manager",
    },
    "indicator card: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "ministry report: generate": {
        SUBTREE: (
            "province_manager planning_officer province_coordinator other_manager assistant "
            "strategy_office"
        ),
        OWN: "district_manager district_planner district_coordinator outsider supervisor",
        CHILD: "sysadmin",
    },
    "ministry report job: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator outsider other_manager assistant supervisor strategy_office"
        ),
    },
}
# Pages without an object id: the users who may open them at all.
GATES = {
    "ministry report: list": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator outsider other_manager assistant supervisor "
        "strategy_office"
    ),
}
# fmt: on
