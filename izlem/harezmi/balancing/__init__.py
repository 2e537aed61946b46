"""Balancing a district's weekly application days across the weekdays (pure Python, no database).

The unit is a *session*: the teams of one school that meet on the same day at the same lesson hours
(one visit for the coordinator). Each session has its school's usable weekdays, its fixed lesson
hours (the school's timetable decides them) and the coordinator who follows the school.

Constraints: a session goes on one of its usable days; two sessions with the same coordinator whose
real lesson ranges overlap (1–4 and 3–6 do, 1–4 and 5–8 do not) are never on the same day (the
coordinator could not attend both). Teams of one school at the same day and hours are one session; a
school's separate sessions stay separate visits (the balancing never merges them).

Objective, in this order: (1) minimise the largest weekday load (number of sessions on a day);
(2) among those, move as few sessions as possible; (3) among those, minimise the sum of squared
loads (spread the rest evenly). The result is exact for any start hours: branch and bound over the
days of the sessions whose block overlaps two different groups of a coordinator's blocks, with a
flow network that is exact for every other session as the relaxation. The method, its proof and
its cost are in docs/harezmi.md.

This package: the week and its rules (here); the exact search and the proposal, `balance`
(`balancing/search.py`); the min-cost flow network it relaxes to (`balancing/flow.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from izlem.harezmi.constants import LESSONS_PER_SESSION

DAYS: tuple[int, ...] = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Session:
    """One school's application block to place on a weekday."""

    key: str
    school: int
    first_lesson: int
    allowed_days: frozenset[int]
    coordinator: int | None = None
    day: int | None = None
    label: str = ""
    team_count: int = 1


@dataclass(frozen=True)
class Move:
    """A proposed change of one session's day."""

    key: str
    label: str
    from_day: int | None
    to_day: int


@dataclass
class Proposal:
    """The balancing result: the new day of every session, the moves, and the loads before and after.

    `lower_bound` is the busiest day of the best valid week: no valid week does better (when feasible).
    """

    feasible: bool
    assignment: dict[str, int]
    moves: list[Move]
    loads_before: dict[int, int]
    loads_after: dict[int, int]
    lower_bound: int
    explanation: list[str] = field(default_factory=list)
    proven: bool = True

    @property
    def max_before(self) -> int:
        return max(self.loads_before.values(), default=0)

    @property
    def max_after(self) -> int:
        return max(self.loads_after.values(), default=0)

    @property
    def already_balanced(self) -> bool:
        """True if the current week is valid and no valid week is better: nothing to change."""
        return self.feasible and not self.moves


def overlap(first_a: int, first_b: int) -> bool:
    """True if two 4-lesson blocks starting at these lesson hours share an hour."""
    return abs(first_a - first_b) < LESSONS_PER_SESSION


def block_label(first: int) -> str:
    """The block's lesson range, e.g. "1–4"."""
    return f"{first}–{first + LESSONS_PER_SESSION - 1}"


def loads(assignment: dict[str, int | None], days: Iterable[int] = DAYS) -> dict[int, int]:
    """Sessions per weekday."""
    result = dict.fromkeys(days, 0)
    for day in assignment.values():
        if day in result:
            result[day] += 1
    return result


def conflicts(sessions: Sequence[Session], assignment: dict[str, int | None]) -> set[frozenset[str]]:
    """Pairs of sessions a coordinator could not both attend under `assignment`."""
    by_slot: dict[tuple[int, int], list[Session]] = defaultdict(list)
    for session in sessions:
        day = assignment.get(session.key)
        if session.coordinator is not None and day is not None:
            by_slot[(session.coordinator, day)].append(session)
    found = set()
    for group in by_slot.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if overlap(first.first_lesson, second.first_lesson):
                    found.add(frozenset((first.key, second.key)))
    return found


def violations(sessions: Sequence[Session], assignment: dict[str, int | None]) -> list[str]:
    """Every broken constraint of `assignment`, as sentences (empty if it is valid)."""
    problems = []
    by_key = {session.key: session for session in sessions}
    for session in sessions:
        day = assignment.get(session.key)
        if day is None:
            problems.append(_("%(session)s has no day.") % {"session": session.label or session.key})
        elif day not in session.allowed_days:
            problems.append(
                _("%(session)s is on a day its school cannot use.")
                % {"session": session.label or session.key}
            )
    for pair in sorted(conflicts(sessions, assignment), key=sorted):
        first, second = (by_key[key] for key in sorted(pair))
        problems.append(
            _("%(first)s and %(second)s overlap for the same coordinator.")
            % {"first": first.label or first.key, "second": second.label or second.key}
        )
    return problems


def day_name(day: int) -> str:
    """The weekday's name in the active language."""
    from izlem.harezmi.models.program import Weekday

    return str(Weekday(day).label)
