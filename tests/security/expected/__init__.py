"""The authorization matrix's expected answers, written as data per domain from the documented policy
(docs/access.md, "The expected table"), independent of the access modules they check.

`POLICIES[rule][username]` is the reach (tests/security/expected/reaches.py) of a user of the scope world
under a rule ("plan: view", "submission: decide" …); `GATES[rule]` is the set of users who may open a
page without an object id. tests/security/matrix/ maps every URL name to one of these rules.
"""

from __future__ import annotations

from tests.security.expected import api, harezmi, monitoring, org, plans, reports
from tests.security.expected.reaches import NONE, Reach
from tests.support.security import USERNAMES

DOMAINS = {
    "org": org,
    "plans": plans,
    "monitoring": monitoring,
    "reports": reports,
    "harezmi": harezmi,
    "api": api,
}


def _users(names: str) -> list[str]:
    users = names.split()
    unknown = set(users) - set(USERNAMES)
    assert not unknown, f"not a user of the scope world: {unknown}"
    return users


def _policies() -> dict[str, dict[str, Reach]]:
    table: dict[str, dict[str, Reach]] = {}
    for module in DOMAINS.values():
        for rule, by_reach in module.POLICIES.items():
            assert rule not in table, f"rule {rule!r} written twice"
            row = dict.fromkeys(USERNAMES, NONE)
            for reach, names in by_reach.items():
                for user in _users(names):
                    assert row[user] is NONE, f"{rule}: {user} given two reaches"
                    row[user] = reach
            table[rule] = row
    return table


def _gates() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for module in DOMAINS.values():
        for rule, names in module.GATES.items():
            assert rule not in table, f"gate {rule!r} written twice"
            table[rule] = frozenset(_users(names))
    return table


POLICIES = _policies()
GATES = _gates()


def reaches(rule: str, username: str, where: str) -> bool:
    """True if the rule lets the user at an object in position `where`."""
    return where in POLICIES[rule][username]


def opens(gate: str, username: str) -> bool:
    """True if the user may open the page without an object id."""
    return username in GATES[gate]
