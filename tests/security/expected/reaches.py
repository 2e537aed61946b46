"""The named reaches of the expected table: which object positions (tests/security/scope_world.py) a user
reaches under a rule.

A position is where an object's anchor node lies seen from the node where the user holds their role: the
user's own node, a child (below it), a parent (above it), a sibling (same province, neither above nor
below) or another province ("other"). Each reach is a set of positions; the matrix expects a user to be
let in exactly at the positions of their reach (a position the world has no object at for that user is
not tried).
"""

from __future__ import annotations

from dataclasses import dataclass

POSITIONS = ("own", "child", "sibling", "parent", "other")


@dataclass(frozen=True)
class Reach:
    """A named set of positions."""

    name: str  # as the tables of docs/access.md write it
    positions: frozenset[str]

    def __contains__(self, where: str) -> bool:
        return where in self.positions


def reach(name: str, *positions: str) -> Reach:
    assert set(positions) <= set(POSITIONS), positions
    return Reach(name, frozenset(positions))


NONE = reach("—")  # nothing
ALL = reach("all", *POSITIONS)  # every position, other provinces included
PROVINCE = reach("province", "own", "child", "parent", "sibling")  # the user's whole province
UP_DOWN = reach("up-down", "own", "child", "parent")  # own node, below and above it (never a sibling)
SUBTREE = reach("subtree", "own", "child")  # own node and below it
UP = reach("up", "own", "parent")  # own node and above it
OWN = reach("own", "own")  # the user's own node only
CHILD = reach("child", "child")  # below the user's node, not the node itself
PARENT = reach("parent", "parent")  # above the user's node only

REACHES = {r.name: r for r in (NONE, ALL, PROVINCE, UP_DOWN, SUBTREE, UP, OWN, CHILD, PARENT)}
