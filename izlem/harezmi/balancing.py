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
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from izlem.harezmi.constants import LESSONS_PER_SESSION

DAYS: tuple[int, ...] = (1, 2, 3, 4, 5)
# Relaxations one search may solve (see docs/harezmi.md): deciding a cap on the busiest day, finding the
# fewest moves under it (each a min-cost flow, the slower), one coordinator's week without a cap.
FEASIBILITY_BUDGET = 100
COST_BUDGET = 40
COORDINATOR_BUDGET = 20_000


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


# --- flow network ---------------------------------------------------------------------------------


class _Network:
    """A directed flow network with integer capacities and costs (min-cost flow)."""

    def __init__(self, size: int):
        self.graph: list[list[list[int]]] = [[] for _ in range(size)]  # edge = [to, cap, cost, rev]

    def add(self, source: int, target: int, capacity: int, cost: int = 0) -> None:
        self.graph[source].append([target, capacity, cost, len(self.graph[target])])
        self.graph[target].append([source, 0, -cost, len(self.graph[source]) - 1])

    def max_flow(self, source: int, sink: int, need: int) -> int:
        """Edmonds-Karp (shortest augmenting paths), stopping at `need` units; every path carries one unit."""
        flow = 0
        while flow < need:
            parent: list[tuple[int, int] | None] = [None] * len(self.graph)
            parent[source] = (source, -1)
            queue = deque([source])
            while queue and parent[sink] is None:
                node = queue.popleft()
                for index, (target, capacity, _cost, _rev) in enumerate(self.graph[node]):
                    if capacity > 0 and parent[target] is None:
                        parent[target] = (node, index)
                        queue.append(target)
            if parent[sink] is None:
                return flow
            self._push(source, sink, parent)
            flow += 1
        return flow

    def min_cost_flow(self, source: int, sink: int, need: int) -> tuple[int, int]:
        """Successive shortest paths with Dijkstra and potentials (all initial costs are ≥ 0): (flow, cost)."""
        size = len(self.graph)
        potential = [0] * size
        total_cost = flow = 0
        while flow < need:
            dist = [math.inf] * size
            dist[source] = 0
            parent: list[tuple[int, int] | None] = [None] * size
            heap = [(0, source)]
            while heap:
                distance, node = heapq.heappop(heap)
                if node == sink:  # enough: the capped potentials below stay valid
                    break
                if distance > dist[node]:
                    continue
                for index, (target, capacity, cost, _rev) in enumerate(self.graph[node]):
                    if capacity <= 0:
                        continue
                    candidate = distance + cost + potential[node] - potential[target]
                    if candidate < dist[target]:
                        dist[target] = candidate
                        parent[target] = (node, index)
                        heapq.heappush(heap, (candidate, target))
            if dist[sink] == math.inf:
                return flow, total_cost
            for node in range(size):  # capped update keeps every residual reduced cost ≥ 0
                potential[node] += min(dist[node], dist[sink])
            total_cost += self._push(source, sink, parent)
            flow += 1
        return flow, total_cost

    def _push(self, source: int, sink: int, parent: list[tuple[int, int] | None]) -> int:
        """Send one unit along the parent path; its cost."""
        cost = 0
        node = sink
        while node != source:
            previous, index = parent[node]
            edge = self.graph[previous][index]
            edge[1] -= 1
            self.graph[node][edge[3]][1] += 1
            cost += edge[2]
            node = previous
        return cost


# --- the exact search -----------------------------------------------------------------------------


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
        net = _Network(size)
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


def day_name(day: int) -> str:
    """The weekday's name in the active language."""
    from izlem.harezmi.models.program import Weekday

    return str(Weekday(day).label)


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
