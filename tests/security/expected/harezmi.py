"""The expected answers of the authorization matrix: Harezmi (docs/harezmi.md for the roles).

Written from docs/access.md (the tables of "The expected table" say the same, checked by
tests/security/test_access_docs.py). For each rule, the users of the scope world (tests/support/security.py)
by the positions they reach (tests/security/expected/reaches.py); a user not named reaches nothing.
"""

from __future__ import annotations

from tests.security.expected.reaches import ALL, CHILD, OWN, SUBTREE, UP_DOWN

# fmt: off
POLICIES = {
    "harezmi year: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "harezmi year: manage": {
        ALL: "sysadmin",
        SUBTREE: "province_manager province_coordinator other_manager assistant",
    },
    "harezmi calendar event: add": {
        ALL: "sysadmin",
        UP_DOWN: "district_manager district_coordinator outsider",
        SUBTREE: "province_manager province_coordinator other_manager assistant",
    },
    "harezmi holiday: manage": {
        ALL: "sysadmin",
        SUBTREE: "province_manager province_coordinator other_manager assistant",
    },
    "harezmi document: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi letter: evaluate": {
        ALL: "sysadmin",
        CHILD: "strategy_office",
    },
    "harezmi history: team": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi history: student": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi history: application": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi history: programyear": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner unit_manager "
            "province_coordinator district_coordinator principal teacher outsider other_manager "
            "assistant supervisor strategy_office"
        ),
    },
    "harezmi appointment: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi appointment: request_departure": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager district_coordinator other_manager",
        OWN: "province_coordinator",
    },
    "harezmi appointment: approve_departure": {
        ALL: "sysadmin",
        SUBTREE: "province_manager district_manager other_manager",
    },
    "harezmi application: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi application: edit": {
        ALL: "sysadmin",
        OWN: "principal",
    },
    "harezmi application: review": {
        ALL: "sysadmin",
        CHILD: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi application: decide": {
        ALL: "sysadmin",
        CHILD: "province_manager province_coordinator other_manager assistant",
    },
    "harezmi application: school settings": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager province_coordinator district_coordinator principal "
            "outsider other_manager assistant"
        ),
    },
    "harezmi team: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi team: edit": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager province_coordinator district_coordinator principal "
            "outsider other_manager assistant"
        ),
    },
    "harezmi teacher assignment: approve": {
        ALL: "sysadmin",
        CHILD: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi teacher assignment: depart": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager province_coordinator district_coordinator principal "
            "outsider other_manager assistant"
        ),
    },
    "harezmi student: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi student: edit": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager province_coordinator district_coordinator principal "
            "teacher outsider other_manager assistant"
        ),
    },
    "harezmi district week: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator outsider other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi district week: balance": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi program meeting: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi program meeting: edit": {
        ALL: "sysadmin",
        SUBTREE: "province_manager province_coordinator principal other_manager assistant",
        OWN: "district_manager district_coordinator outsider",
    },
    "harezmi session: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi session: log": {
        OWN: "teacher",
    },
    "harezmi absence: edit": {
        ALL: "sysadmin",
        OWN: "principal teacher",
    },
    "harezmi absence: document": {
        UP_DOWN: "district_manager outsider",
        OWN: "principal teacher",
    },
    "harezmi visit plan: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi visit plan: edit": {
        OWN: "province_coordinator district_coordinator",
    },
    "harezmi visit: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal other_manager assistant supervisor strategy_office"
        ),
    },
    "harezmi visit: edit": {
        CHILD: "province_coordinator",
    },
    "harezmi follow-up: done": {
        CHILD: "province_coordinator other_manager",
    },
    "harezmi training held: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi training held: edit": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi training need: edit": {
        ALL: "sysadmin",
        CHILD: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi material request: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal outsider other_manager assistant supervisor "
            "strategy_office"
        ),
    },
    "harezmi material request: edit": {
        ALL: "sysadmin",
        OWN: "principal",
    },
    "harezmi material request: decide": {
        ALL: "sysadmin",
        CHILD: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi material request: deliver": {
        ALL: "sysadmin",
        CHILD: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "other_manager assistant"
        ),
    },
    "harezmi project: edit": {
        ALL: "sysadmin",
        OWN: (
            "province_manager district_manager province_coordinator district_coordinator principal "
            "outsider other_manager assistant"
        ),
    },
    "harezmi task: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager province_coordinator district_coordinator "
            "other_manager assistant"
        ),
    },
    "harezmi research report: view": {
        ALL: "sysadmin",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator assistant supervisor strategy_office"
        ),
    },
    "harezmi research report: edit": {
        OWN: "province_coordinator district_coordinator",
    },
    "harezmi cooperation: view": {
        ALL: "sysadmin",
        UP_DOWN: "outsider",
        SUBTREE: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator assistant supervisor strategy_office"
        ),
    },
    "harezmi cooperation: edit": {
        ALL: "sysadmin",
        OWN: (
            "province_manager district_manager province_coordinator district_coordinator outsider "
            "assistant"
        ),
    },
    "harezmi announcement: view": {
        ALL: "sysadmin",
        UP_DOWN: (
            "province_manager district_manager planning_officer district_planner province_coordinator "
            "district_coordinator principal teacher outsider assistant supervisor strategy_office"
        ),
    },
    "harezmi task: give": {
        ALL: "sysadmin",
        SUBTREE: "province_coordinator",
        CHILD: "other_manager",
    },
    "harezmi task: complete": {
        OWN: "district_coordinator assistant",
    },
    "harezmi activity: edit": {
        ALL: "sysadmin",
        OWN: (
            "province_manager district_manager province_coordinator district_coordinator principal "
            "outsider other_manager assistant"
        ),
    },
    "harezmi award: edit": {
        ALL: "sysadmin",
        OWN: "principal",
    },
}
# Pages without an object id: the users who may open them at all.
GATES = {
    "harezmi: use": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator principal teacher outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "harezmi year: create": "sysadmin province_manager province_coordinator other_manager assistant",
    "harezmi training held: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "outsider other_manager assistant"
    ),
    "harezmi year: read any": (
        "sysadmin province_manager district_manager planning_officer district_planner unit_manager "
        "province_coordinator district_coordinator principal teacher outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "harezmi appointment: create": "sysadmin province_manager district_manager outsider other_manager",
    "harezmi application: create": "principal",
    "harezmi team: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "principal outsider other_manager assistant"
    ),
    "harezmi letter inbox: read": "sysadmin strategy_office",
    "harezmi student: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "principal teacher outsider other_manager assistant"
    ),
    "harezmi parent meeting: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "principal teacher outsider other_manager assistant"
    ),
    "harezmi list: read": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator principal teacher outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "harezmi program meeting: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "principal outsider other_manager assistant"
    ),
    "harezmi training held: create (II)": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "outsider other_manager assistant"
    ),
    "harezmi list: read as manager": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator principal outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "harezmi training need: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "outsider other_manager assistant"
    ),
    "harezmi material request: create": "sysadmin principal",
    "harezmi project record: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "principal outsider other_manager assistant"
    ),
    "harezmi task list: read": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "outsider other_manager assistant"
    ),
    "harezmi research report: create": "sysadmin province_coordinator district_coordinator assistant",
    "harezmi cooperation: create": (
        "sysadmin province_manager district_manager province_coordinator district_coordinator "
        "outsider other_manager assistant"
    ),
    "harezmi announcement: create": "sysadmin province_coordinator district_coordinator assistant",
    "harezmi task: give": "sysadmin province_manager province_coordinator other_manager",
    "harezmi statistics: read": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator principal outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "harezmi absence: report": "sysadmin principal teacher",
    "harezmi visits: read": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator outsider other_manager assistant supervisor "
        "strategy_office"
    ),
    "harezmi visit list: read": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator principal outsider other_manager assistant "
        "supervisor strategy_office"
    ),
    "harezmi visits: record": "province_coordinator district_coordinator assistant",
    "harezmi week: open": (
        "sysadmin province_manager district_manager planning_officer district_planner "
        "province_coordinator district_coordinator outsider other_manager assistant supervisor "
        "strategy_office"
    ),
}
# fmt: on
