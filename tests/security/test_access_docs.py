"""The documented policy and the matrix's expected answers say the same: every rule of the tables of
docs/access.md ("The expected table") is in tests/security/expected/ with the same reach for every person,
and every rule of the test data is documented."""

from __future__ import annotations

import re
from pathlib import Path

from tests.security import expected
from tests.support.security import USERNAMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
ABBREVIATIONS = [
    "sa",
    "pm",
    "dm",
    "po",
    "dp",
    "um",
    "pc",
    "dc",
    "pr",
    "te",
    "st",
    "out",
    "om",
    "as",
    "su",
    "so",
    "no",
]


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def documented() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], list[str]]:
    """The rules and page rules of the section "The expected table": rule → person → cell; and the persons."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## The expected table\n", 1)[1].split("\n## ", 1)[0]
    rules: dict[str, dict[str, str]] = {}
    gates: dict[str, dict[str, str]] = {}
    persons: list[str] = []
    header: list[str] | None = None
    for line in section.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        row = cells(line)
        if row[0] == "column":  # the legend: column → person
            header = row
        elif header and header[0] == "column" and not set(row[0]) <= {"-"}:
            persons.append(row[1])
        if row[0] in ("rule", "page rule"):
            header = row
            assert row[1:] == ABBREVIATIONS, row
            continue
        match = re.fullmatch(r"`([^`]+)`", row[0])
        if header and header[0] in ("rule", "page rule") and match:
            table = rules if header[0] == "rule" else gates
            assert match[1] not in table, f"{match[1]} documented twice"
            table[match[1]] = dict(zip(USERNAMES, row[1:], strict=True))
    return rules, gates, persons


def test_the_columns_are_the_people_of_the_test_world():
    # given the legend of the tables
    _rules, _gates, persons = documented()
    # then its people are the users the matrix signs in as, in the same order as the columns
    assert persons == USERNAMES


def test_each_documented_rule_is_the_test_data():
    # given the documented tables
    rules, gates, _persons = documented()
    # then they hold exactly the rules of the test data
    assert set(rules) == set(expected.POLICIES), set(rules) ^ set(expected.POLICIES)
    assert set(gates) == set(expected.GATES), set(gates) ^ set(expected.GATES)
    # and each person's reach is the same
    differences = [
        f"{rule} / {user}: docs {cell}, data {expected.POLICIES[rule][user].name}"
        for rule, row in rules.items()
        for user, cell in row.items()
        if cell != expected.POLICIES[rule][user].name
    ]
    differences += [
        f"{rule} / {user}: docs {cell}"
        for rule, row in gates.items()
        for user, cell in row.items()
        if (cell == "yes") != (user in expected.GATES[rule]) or cell not in ("yes", "—")
    ]
    assert not differences, "\n".join(differences)
