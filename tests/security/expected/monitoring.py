"""The expected answers of the authorization matrix: monitoring.

Written from docs/access.md (the tables of "The expected table" say the same, checked by
tests/security/test_access_docs.py). For each rule, the users of the scope world (tests/support/security.py)
by the positions they reach (tests/security/expected/reaches.py); a user not named reaches nothing.
"""

from __future__ import annotations

from tests.security.expected.reaches import ALL, CHILD, OWN, PARENT, SUBTREE, UP, UP_DOWN

# fmt: off
POLICIES = {
    "plan: edit": {
        ALL: "sysadmin",
        SUBTREE: "planning_officer district_planner",
    },
    "period: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "period: manage": {
        ALL: "sysadmin",
        SUBTREE: "planning_officer district_planner",
    },
    "period at a node: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "values at a node: enter": {
        ALL: "sysadmin",
        OWN: "district_manager planning_officer district_planner unit_manager principal outsider",
    },
    "submission: enter": {
        ALL: "sysadmin",
        OWN: "district_manager planning_officer district_planner unit_manager principal outsider",
    },
    "submission: decide": {
        ALL: "sysadmin",
        UP_DOWN: "province_manager other_manager",
        CHILD: "district_manager planning_officer district_planner outsider",
    },
    "deviation: explain": {
        ALL: "sysadmin",
        SUBTREE: "planning_officer district_planner",
        OWN: "unit_manager",
    },
    "measure progress: report": {
        ALL: "sysadmin",
        SUBTREE: "planning_officer district_planner",
    },
    "measure evidence: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "principal outsider other_manager"
        ),
    },
    "bulk entry: open": {
        ALL: "sysadmin",
        UP_DOWN: "district_manager planning_officer district_planner",
        UP: "unit_manager",
        PARENT: "principal outsider",
    },
    "bulk entry: template": {
        ALL: "sysadmin",
        UP_DOWN: "planning_officer district_planner",
        PARENT: "principal",
    },
    "bulk upload: view": {
        ALL: "sysadmin",
        OWN: "planning_officer district_planner principal other_manager",
    },
}
# Pages without an object id: the users who may open them at all.
GATES = {
    "monitoring: use": (
        "sysadmin province_manager district_manager planning_officer district_planner unit_manager "
        "principal outsider other_manager"
    ),
}
# fmt: on
