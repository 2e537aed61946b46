"""The flow network of the balancing's relaxation: integer capacities and costs, max flow and min-cost flow."""

from __future__ import annotations

import heapq
import math
from collections import deque


class Network:
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
