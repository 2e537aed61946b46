"""The expected answers of the authorization matrix: rules only the API has (its own list queries; write actions refused with 403).

Written from docs/access.md (the tables of "The expected table" say the same, checked by
tests/security/test_access_docs.py). For each rule, the users of the scope world (tests/support/security.py)
by the positions they reach (tests/security/expected/reaches.py); a user not named reaches nothing.
"""

from __future__ import annotations

from tests.security.expected.reaches import ALL, OWN, PROVINCE, SUBTREE, UP_DOWN

# fmt: off
POLICIES = {
    "role assignment: view": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager principal outsider other_manager",
    },
    "submission: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "value: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "value: enter": {
        ALL: "sysadmin",
        OWN: "principal",
    },
    "deviation: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "measure progress: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "report: publish": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager outsider other_manager",
    },
    "publication: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher stakeholder outsider "
            "other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi teacher assignment: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi district week (API): view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator outsider other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi absence: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi follow-up: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi staff change: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi calendar event: view": {
        ALL: "sysadmin",
        PROVINCE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "harezmi training record: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi parent meeting: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi schedule change: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi training participant: view": {
        ALL: "sysadmin",
        PROVINCE: "principal teacher",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator outsider other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi training need: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi project: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi activity: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi award: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
}
# Pages without an object id: the users who may open them at all.
GATES = {
    "harezmi week (API): list": (
        "sysadmin province_manager district_manager planning_officer district_planner unit_manager "
        "province_coordinator district_coordinator principal teacher outsider other_manager assistant "
        "supervisor strategy_office"
    ),
}
# fmt: on
