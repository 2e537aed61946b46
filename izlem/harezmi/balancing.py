"""Balancing a district's weekly application days across the weekdays (pure Python, no database).

The unit is a *session*: the teams of one school that meet on the same day at the same lesson hours
(one visit for the coordinator). Each session has its school's usable weekdays, its fixed lesson
hours (the school's timetable decides them) and the coordinator who follows the school.

Constraints: a session goes on one of its usable days; two sessions with the same coordinator never
overlap in time on the same day (the coordinator could not attend both). Teams of one school at the
same day and hours are one session; a school's separate sessions stay separate visits (the balancing
never merges them), so they too are kept apart when their hours overlap.

Objective, in this order: (1) minimise the largest weekday load (number of sessions on a day);
(2) among those, minimise the sum of squared loads (spread the rest evenly); (3) among those, move
as few sessions as possible. The method and its optimality proof are in docs/harezmi.md:
bisection on the largest load with a max-flow feasibility test, then a min-cost flow with convex
day costs. Exact whenever each coordinator's overlapping lesson blocks are identical (the usual
case: blocks 1-4 and 5-8); otherwise chains of partly overlapping blocks are treated as one block,
which is stricter than needed: the proposal still never breaks a constraint and is never worse than
a valid current week.
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
    """The balancing result: the new day of every session, the moves, and the loads before and after."""

    feasible: bool
    assignment: dict[str, int]
    moves: list[Move]
    loads_before: dict[int, int]
    loads_after: dict[int, int]
    lower_bound: int
    explanation: list[str] = field(default_factory=list)

    @property
    def max_before(self) -> int:
        return max(self.loads_before.values(), default=0)

    @property
    def max_after(self) -> int:
        return max(self.loads_after.values(), default=0)


def overlap(first_a: int, first_b: int) -> bool:
    """True if two 4-lesson blocks starting at these lesson hours share an hour."""
    return abs(first_a - first_b) < LESSONS_PER_SESSION


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
    """A directed flow network with integer capacities and costs (max flow, min-cost flow)."""

    def __init__(self, size: int):
        self.graph: list[list[list[int]]] = [[] for _ in range(size)]  # edge = [to, cap, cost, rev]

    def add(self, source: int, target: int, capacity: int, cost: int = 0) -> None:
        self.graph[source].append([target, capacity, cost, len(self.graph[target])])
        self.graph[target].append([source, 0, -cost, len(self.graph[source]) - 1])

    def max_flow(self, source: int, sink: int) -> int:
        """Edmonds-Karp: shortest augmenting paths."""
        flow = 0
        while True:
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
            node = sink
            while node != source:
                previous, index = parent[node]
                edge = self.graph[previous][index]
                edge[1] -= 1
                self.graph[node][edge[3]][1] += 1
                node = previous
            flow += 1  # every path carries one unit: the source edges have capacity 1

    def min_cost_flow(self, source: int, sink: int, need: int) -> int:
        """Successive shortest paths with Dijkstra and potentials (all initial costs are ≥ 0)."""
        size = len(self.graph)
        potential = [0] * size
        total_cost = 0
        for _unit in range(need):
            dist = [math.inf] * size
            dist[source] = 0
            parent: list[tuple[int, int] | None] = [None] * size
            heap = [(0, source)]
            while heap:
                distance, node = heapq.heappop(heap)
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
                raise ValueError("not enough capacity")  # cannot happen: the caller checked feasibility
            for node in range(size):  # capped update keeps every residual reduced cost ≥ 0
                potential[node] += min(dist[node], dist[sink])
            node = sink
            while node != source:
                previous, index = parent[node]
                edge = self.graph[previous][index]
                edge[1] -= 1
                self.graph[node][edge[3]][1] += 1
                total_cost += edge[2]
                node = previous
        return total_cost


def _block_groups(sessions: Sequence[Session]) -> dict[str, tuple[int, int]]:
    """Each coordinated session's gate: (coordinator, block group). Overlapping starts are joined."""
    starts: dict[int, set[int]] = defaultdict(set)
    for session in sessions:
        if session.coordinator is not None:
            starts[session.coordinator].add(session.first_lesson)
    group_of: dict[tuple[int, int], int] = {}
    for coordinator, values in starts.items():
        group = -1
        previous = None
        for start in sorted(values):  # sorted starts: a chain of overlaps is a run of close values
            if previous is None or not overlap(previous, start):
                group += 1
            group_of[(coordinator, start)] = group
            previous = start
    return {
        session.key: (session.coordinator, group_of[(session.coordinator, session.first_lesson)])
        for session in sessions
        if session.coordinator is not None
    }


class _Model:
    """The flow network of a balancing problem for a given largest load."""

    def __init__(self, sessions: Sequence[Session], days: Sequence[int]):
        self.sessions = sessions
        self.days = list(days)
        self.gates = _block_groups(sessions)
        gate_keys = sorted({(gate, day) for key, gate in self.gates.items() for day in self.days})
        self.source, self.sink = 0, 1
        self.day_node = {day: 2 + index for index, day in enumerate(self.days)}
        first_session = 2 + len(self.days)
        self.session_node = {session.key: first_session + index for index, session in enumerate(sessions)}
        first_gate = first_session + len(sessions)
        self.gate_node = {key: first_gate + index for index, key in enumerate(gate_keys)}
        self.size = first_gate + len(gate_keys)

    def network(self, largest: int, *, convex: bool) -> _Network:
        """Edges: source → session → (gate of the coordinator's block on that day) → day → sink."""
        net = _Network(self.size)
        bump = len(self.sessions) + 1  # one unit of Σ load² outweighs every possible move
        for session in self.sessions:
            node = self.session_node[session.key]
            net.add(self.source, node, 1)
            for day in self.days:
                if day not in session.allowed_days:
                    continue
                cost = 0 if day == session.day else 1
                gate = self.gates.get(session.key)
                target = self.day_node[day] if gate is None else self.gate_node[(gate, day)]
                net.add(node, target, 1, cost)
        for (_gate, day), node in self.gate_node.items():
            net.add(node, self.day_node[day], 1)
        for node in self.day_node.values():
            if convex:  # the k-th session on a day costs bump·(2k − 1): the day costs bump·load²
                for k in range(1, largest + 1):
                    net.add(node, self.sink, 1, bump * (2 * k - 1))
            else:
                net.add(node, self.sink, largest)
        return net

    def feasible(self, largest: int) -> bool:
        return self.network(largest, convex=False).max_flow(self.source, self.sink) == len(self.sessions)

    def solve(self, largest: int) -> dict[str, int]:
        """The assignment of the min-cost flow with every day capped at `largest`."""
        net = self.network(largest, convex=True)
        net.min_cost_flow(self.source, self.sink, len(self.sessions))
        node_day = {node: day for day, node in self.day_node.items()}
        gate_day = {node: day for (_gate, day), node in self.gate_node.items()}
        result = {}
        for session in self.sessions:
            for target, capacity, _cost, _rev in net.graph[self.session_node[session.key]]:
                if capacity == 0 and (target in node_day or target in gate_day):
                    result[session.key] = node_day.get(target, gate_day.get(target))
                    break
        return result


def _explain_infeasible(sessions: Sequence[Session], days: Sequence[int], names: dict[int, str]) -> list[str]:
    """Why no valid week exists: a school with no usable day, or more sessions than days (Hall)."""
    reasons = []
    for session in sessions:
        if not session.allowed_days & set(days):
            reasons.append(
                _("%(session)s: the school has marked every weekday as unavailable.")
                % {"session": session.label or session.key}
            )
    gates = _block_groups(sessions)
    groups: dict[tuple[int, int], list[Session]] = defaultdict(list)
    for session in sessions:
        if session.key in gates and session.allowed_days:
            groups[gates[session.key]].append(session)
    for (coordinator, _block), members in sorted(groups.items()):
        stuck = _hall_violator(members, days)
        if stuck:
            usable = sorted(set().union(*(s.allowed_days for s in stuck)) & set(days))
            reasons.append(
                _(
                    "%(coordinator)s follows %(count)d sessions at overlapping hours (%(sessions)s) that can "
                    "only use %(days)s between them: one coordinator can attend at most %(fit)d of them. "
                    "Free another day at one of these schools, move one to other hours, or give one to "
                    "another coordinator."
                )
                % {
                    "coordinator": names.get(coordinator, str(coordinator)),
                    "count": len(stuck),
                    "sessions": ", ".join(s.label or s.key for s in stuck),
                    "days": ", ".join(day_name(day) for day in usable) or "—",
                    "fit": len(usable),
                }
            )
    return reasons


def _hall_violator(members: list[Session], days: Sequence[int]) -> list[Session]:
    """A set of sessions with fewer usable days than sessions (empty if they all fit, one per day)."""
    match_of_day: dict[int, Session] = {}

    def augment(session: Session, seen: set[int]) -> bool:
        for day in sorted(session.allowed_days & set(days)):
            if day in seen:
                continue
            seen.add(day)
            if day not in match_of_day or augment(match_of_day[day], seen):
                match_of_day[day] = session
                return True
        return False

    for session in members:
        if not augment(session, set()):
            # the alternating tree from this session: its sessions have only the tree's days
            tree, frontier, seen_days = [session], [session], set()
            while frontier:
                current = frontier.pop()
                for day in current.allowed_days & set(days):
                    if day not in seen_days:
                        seen_days.add(day)
                        tree.append(match_of_day[day])
                        frontier.append(match_of_day[day])
            return sorted(tree, key=lambda s: s.key)
    return []


def day_name(day: int) -> str:
    """The weekday's name in the active language."""
    from izlem.harezmi.models.program import Weekday

    return str(Weekday(day).label)


def balance(
    sessions: Sequence[Session], days: Sequence[int] = DAYS, coordinator_names: dict[int, str] | None = None
) -> Proposal:
    """Propose the most balanced valid week (see the module docstring for the objective)."""
    sessions = sorted(sessions, key=lambda s: s.key)
    current = {session.key: session.day for session in sessions}
    before = loads(current, days)
    n = len(sessions)
    lower = -(-n // len(days)) if n else 0
    model = _Model(sessions, days)
    if not sessions:
        return Proposal(True, {}, [], before, before, 0)
    input_valid = all(day is not None for day in current.values()) and not violations(sessions, current)
    if not model.feasible(n):
        if input_valid:  # only with chained blocks (see the module docstring): keep the valid current week
            note = _("The current week is already the best this method can offer.")
            return Proposal(True, dict(current), [], before, before, lower, [note])
        return Proposal(
            False, {}, [], before, before, lower, _explain_infeasible(sessions, days, coordinator_names or {})
        )
    low, high = lower, n  # feasible(high) holds; find the least feasible largest load
    while low < high:
        middle = (low + high) // 2
        if model.feasible(middle):
            high = middle
        else:
            low = middle + 1
    assignment = model.solve(low)
    explanation = []
    if input_valid and max(loads(assignment, days).values()) > max(before.values()):
        # only possible when a coordinator's blocks chain (see docstring): keep the valid current week
        assignment = dict(current)
        explanation.append(_("The current week is already the best this method can offer."))
    moves = [
        Move(session.key, session.label, session.day, assignment[session.key])
        for session in sessions
        if assignment[session.key] != session.day
    ]
    return Proposal(True, assignment, moves, before, loads(assignment, days), lower, explanation)
