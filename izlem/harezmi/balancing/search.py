"""The balancing's exact search (branch and bound over a flow relaxation) and its proposal, `balance`."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _

from izlem.harezmi.balancing import (
    DAYS,
    Move,
    Proposal,
    Session,
    block_label,
    day_name,
    loads,
    overlap,
    violations,
)
from izlem.harezmi.balancing.flow import Network
from izlem.harezmi.constants import LESSONS_PER_SESSION

# Relaxations one search may solve (see docs/harezmi.md): deciding a cap on the busiest day, finding the
# fewest moves under it (each a min-cost flow, the slower), one coordinator's week without a cap.
FEASIBILITY_BUDGET = 100
COST_BUDGET = 40
COORDINATOR_BUDGET = 20_000


def _groups(starts: set[int]) -> list[frozenset[int]]:
    """The maximal groups of pairwise-overlapping start hours (one per lesson hour whose set is maximal).

    Lesson blocks are intervals, so a set of them overlaps pairwise exactly when they share one hour
    (Helly): two blocks overlap exactly when some group holds both.
    """
    covers = {
        frozenset(s for s in starts if s <= hour < s + LESSONS_PER_SESSION)
        for hour in range(min(starts), max(starts) + LESSONS_PER_SESSION)
    }
    return sorted((c for c in covers if c and not any(c < other for other in covers)), key=min)


class _Search:
    """Branch and bound for one balancing problem (sessions, days); exact for any start hours.

    A *gate* (coordinator, group, day) lets at most one session through: exactly the rule for a
    session in one group only. A session in two or more groups (e.g. 3–6 between 1–4 and 5–8) is
    relaxed to its first group until it breaks a rule; then it is branched on: fixed to each usable
    day in turn, which closes every one of its groups on that day.
    """

    def __init__(
        self,
        sessions: Sequence[Session],
        days: Sequence[int],
        budget: int = FEASIBILITY_BUDGET,
        cost_budget: int = COST_BUDGET,
    ):
        self.sessions = list(sessions)
        self.budget = budget
        self.cost_budget = cost_budget
        self.days = list(days)
        self.n = len(self.sessions)
        self.move_weight = self.n * self.n + 1  # one move outweighs any difference in Σ load² (≤ n²)
        starts: dict[int, set[int]] = defaultdict(set)
        for session in self.sessions:
            if session.coordinator is not None:
                starts[session.coordinator].add(session.first_lesson)
        groups = {coordinator: _groups(values) for coordinator, values in starts.items()}
        self.gates: list[tuple[tuple[int, int], ...]] = []
        for session in self.sessions:
            if session.coordinator is None:
                self.gates.append(())
            else:
                self.gates.append(
                    tuple(
                        (session.coordinator, index)
                        for index, group in enumerate(groups[session.coordinator])
                        if session.first_lesson in group
                    )
                )
        self.usable = [sorted(session.allowed_days & set(self.days)) for session in self.sessions]
        self.rivals: list[list[int]] = [[] for _ in self.sessions]  # same coordinator, overlapping hours
        for i, first in enumerate(self.sessions):
            for j in range(i + 1, self.n):
                second = self.sessions[j]
                if (
                    first.coordinator is not None
                    and first.coordinator == second.coordinator
                    and overlap(first.first_lesson, second.first_lesson)
                ):
                    self.rivals[i].append(j)
                    self.rivals[j].append(i)
        self.nodes = 0  # relaxations solved, for the measurements in the docs

    def _relax(self, largest: int, fixed: dict[int, int], costed: bool) -> tuple[int, dict[int, int]] | None:
        """The best week of the relaxation with `fixed` days and each day capped at `largest` (None if none)."""
        self.nodes += 1
        fixed_load = dict.fromkeys(self.days, 0)
        closed = set()
        cost = 0
        for i, day in fixed.items():
            fixed_load[day] += 1
            closed.update((gate, day) for gate in self.gates[i])
            if day != self.sessions[i].day:
                cost += self.move_weight
        if any(load > largest for load in fixed_load.values()):
            return None
        cost += sum(load * load for load in fixed_load.values())
        free = [i for i in range(self.n) if i not in fixed]
        day_node = {day: 2 + index for index, day in enumerate(self.days)}
        node_of_session = {i: 2 + len(self.days) + index for index, i in enumerate(free)}
        gate_node: dict[tuple[tuple[int, int], int], int] = {}
        edges: list[tuple[int, int, int, int]] = []
        size = 2 + len(self.days) + len(free)
        for i in free:
            session = self.sessions[i]
            edges.append((0, node_of_session[i], 1, 0))
            for day in sorted(self.usable[i], key=lambda d: d != session.day):  # paths try staying first
                if any((gate, day) in closed for gate in self.gates[i]):
                    continue
                move = 0 if day == session.day else self.move_weight
                if self.gates[i]:
                    key = (self.gates[i][0], day)
                    if key not in gate_node:
                        gate_node[key] = size
                        size += 1
                        edges.append((gate_node[key], day_node[day], 1, 0))
                    target = gate_node[key]
                else:
                    target = day_node[day]
                edges.append((node_of_session[i], target, 1, move if costed else 0))
        net = Network(size)
        for edge in edges:
            net.add(*edge)
        for day, node in day_node.items():
            if costed:  # the k-th session on a day costs 2k − 1: a day with load l costs l² in all
                for k in range(fixed_load[day] + 1, largest + 1):
                    net.add(node, 1, 1, 2 * k - 1)
            elif largest > fixed_load[day]:
                net.add(node, 1, largest - fixed_load[day])
        if costed:
            flow, flow_cost = net.min_cost_flow(0, 1, len(free))
        else:
            flow, flow_cost = net.max_flow(0, 1, len(free)), 0
        if flow < len(free):
            return None
        node_day = {node: day for day, node in day_node.items()}
        node_day.update({node: day for (_gate, day), node in gate_node.items()})
        assignment = dict(fixed)
        for i in free:
            for target, capacity, _cost, _rev in net.graph[node_of_session[i]]:
                if capacity == 0 and target in node_day:
                    assignment[i] = node_day[target]
                    break
        return cost + flow_cost, assignment

    def _broken(self, assignment: dict[int, int], fixed: dict[int, int]) -> int | None:
        """A relaxed session (in two groups or more) that shares its day with a rival, if any."""
        for i in range(self.n):
            if i in fixed or len(self.gates[i]) < 2:
                continue
            if any(assignment[j] == assignment[i] for j in self.rivals[i]):
                return i
        return None

    def cost(self, assignment: dict[int, int]) -> int:
        """The objective of a valid week: moves outweigh Σ load² (the busiest day is capped apart)."""
        week_loads = dict.fromkeys(self.days, 0)
        for day in assignment.values():
            week_loads[day] += 1
        moves = sum(1 for i, day in assignment.items() if day != self.sessions[i].day)
        return moves * self.move_weight + sum(load * load for load in week_loads.values())

    def best(
        self, largest: int, *, costed: bool, start: dict[int, int] | None = None
    ) -> tuple[bool, dict[int, int] | None]:
        """(proven, week): the best valid week with every day ≤ `largest` (any valid one if not `costed`).

        `start` is a known valid week to beat. The search stops after its budget of relaxations: then
        `proven` is False and the week is the best found so far (valid, perhaps not the best).
        """
        incumbent: list = [math.inf, None] if start is None else [self.cost(start), dict(start)]
        seen: set[frozenset] = set()
        steps = [0]

        def visit(fixed: dict[int, int]) -> bool:
            """False when the budget ran out (the search stops)."""
            key = frozenset(fixed.items())
            if key in seen:
                return True
            seen.add(key)
            steps[0] += 1
            if steps[0] > (self.cost_budget if costed else self.budget):
                return False
            relaxed = self._relax(largest, fixed, costed)
            if relaxed is None or relaxed[0] >= incumbent[0]:
                return True
            cost, assignment = relaxed
            i = self._broken(assignment, fixed)
            if i is None:  # the relaxed week breaks no rule: the best of this branch
                incumbent[:] = [cost, assignment]
                return True
            for day in sorted(self.usable[i], key=lambda d: (d != assignment[i], d)):
                if any(fixed.get(j) == day for j in self.rivals[i]):
                    continue
                if not visit({**fixed, i: day}):
                    return False
                if not costed and incumbent[1] is not None:
                    return True
            return True

        if not costed and start is not None:
            return True, dict(start)
        proven = visit({})
        return proven, incumbent[1]


def _any_week(sessions: Sequence[Session], days: Sequence[int]) -> dict[str, int] | None:
    """A valid week with no cap on a day (None if none exists), found coordinator by coordinator.

    Without a cap the coordinators do not interact, so each one's few sessions are searched alone.
    """
    week: dict[str, int] = {}
    by_coordinator: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        usable = sorted(session.allowed_days & set(days))
        if not usable:
            return None
        if session.coordinator is None:
            week[session.key] = session.day if session.day in usable else usable[0]
        else:
            by_coordinator[session.coordinator].append(session)
    for members in by_coordinator.values():
        search = _Search(members, days, budget=COORDINATOR_BUDGET)
        _proven, found = search.best(len(members), costed=False)
        if found is None:
            return None
        week.update({search.sessions[i].key: day for i, day in found.items()})
    return week


def _feasible(sessions: Sequence[Session], days: Sequence[int]) -> bool:
    """True if some valid week exists for these sessions (no cap on a day)."""
    return _any_week(sessions, days) is not None


def _explain_infeasible(sessions: Sequence[Session], days: Sequence[int], names: dict[int, str]) -> list[str]:
    """Why no valid week exists: a school with no usable day, or a smallest set of one coordinator's
    sessions that cannot all be attended, with the pairs of them whose lesson hours really overlap."""
    reasons = []
    usable = []
    for session in sessions:
        if not session.allowed_days & set(days):
            reasons.append(
                _("%(session)s: the school has marked every weekday as unavailable.")
                % {"session": session.label or session.key}
            )
        else:
            usable.append(session)
    by_coordinator: dict[int, list[Session]] = defaultdict(list)
    for session in usable:
        if session.coordinator is not None:
            by_coordinator[session.coordinator].append(session)
    for coordinator, members in sorted(by_coordinator.items()):
        if _feasible(members, days):
            continue
        core = list(members)  # deletion filter: what is left cannot be attended, minus any one can
        for session in list(core):
            trial = [other for other in core if other is not session]
            if not _feasible(trial, days):
                core = trial
        pairs = [
            f"{first.label or first.key} ({block_label(first.first_lesson)}) / "
            f"{second.label or second.key} ({block_label(second.first_lesson)})"
            for index, first in enumerate(core)
            for second in core[index + 1 :]
            if overlap(first.first_lesson, second.first_lesson)
        ]
        free_days = sorted(set().union(*(s.allowed_days for s in core)) & set(days))
        reasons.append(
            _(
                "%(coordinator)s cannot attend all of %(count)d sessions (%(sessions)s): between them their "
                "schools can only use %(days)s, and these overlap in lesson hours: %(pairs)s. One "
                "coordinator can attend at most %(fit)d of them. Free another day at one of these schools, "
                "move one to other hours, or give one to another coordinator."
            )
            % {
                "coordinator": names.get(coordinator, str(coordinator)),
                "count": len(core),
                "sessions": ", ".join(s.label or s.key for s in core),
                "days": ", ".join(day_name(day) for day in free_days) or "—",
                "pairs": "; ".join(pairs),
                "fit": len(core) - 1,
            }
        )
    return reasons


def balance(
    sessions: Sequence[Session], days: Sequence[int] = DAYS, coordinator_names: dict[int, str] | None = None
) -> Proposal:
    """Propose the best valid week: least busiest day, then fewest moves, then the most even spread."""
    sessions = sorted(sessions, key=lambda s: s.key)
    current = {session.key: session.day for session in sessions}
    before = loads(current, days)
    n = len(sessions)
    lower = -(-n // len(days)) if n else 0
    if not sessions:
        return Proposal(
            True, {}, [], before, before, 0, [_("The week is already balanced: nothing to change.")]
        )
    found = _any_week(sessions, days)
    if found is None:
        return Proposal(
            False, {}, [], before, before, lower, _explain_infeasible(sessions, days, coordinator_names or {})
        )
    search = _Search(sessions, days)
    index = {session.key: i for i, session in enumerate(sessions)}
    week = {index[key]: day for key, day in found.items()}
    current_valid = all(day in days for day in current.values()) and not violations(sessions, current)
    current_week = {index[key]: day for key, day in current.items()}
    if current_valid and max(before.values()) <= max(loads(found, days).values()):
        week = current_week  # a valid current week is the week to beat
    proven = True
    floor = lower  # no valid week has a busier-day count below this (proven)
    low, high = lower, max(loads(week, days).values())
    while low < high:  # the least busiest day: a week with `high` is known
        middle = (low + high) // 2
        finished, better = search.best(middle, costed=False)
        if better is not None:
            high, week = middle, better
        else:
            proven = proven and finished
            low = middle + 1
            floor = low if finished else floor  # only a finished search proves that `middle` is too few
    if current_valid and max(before.values()) <= low:
        week = current_week  # no move is needed
    finished, week = search.best(low, costed=True, start=week)
    proven = proven and finished
    assignment = {sessions[i].key: day for i, day in week.items()}
    moves = [
        Move(session.key, session.label, session.day, assignment[session.key])
        for session in sessions
        if assignment[session.key] != session.day
    ]
    explanation = [] if moves else [_("The week is already balanced: nothing to change.")]
    if not proven:
        explanation.append(
            _(
                "This week is valid and never busier than a valid current week, but the search stopped "
                "before proving that no better week exists (too many schools at overlapping hours to "
                "try every arrangement)."
            )
        )
    return Proposal(True, assignment, moves, before, loads(assignment, days), floor, explanation, proven)
