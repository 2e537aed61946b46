"""Reads of the costing page: printed figures next to the system's sums and shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from izlem.plans.models import Plan

CENT = Decimal("0.01")


@dataclass
class CostRow:
    """A costing line: printed figures next to the system's sums and shares."""

    kind: str
    key: str
    label: str
    printed_amount: Decimal | None
    computed_amount: Decimal | None
    printed_share: Decimal | None
    computed_share: Decimal | None = None
    yearly: dict[int, Decimal] = field(default_factory=dict)
    yearly_cells: list[Decimal | None] = field(default_factory=list)  # aligned to the table's years

    @staticmethod
    def _differs(printed: Decimal | None, computed: Decimal | None) -> bool:
        return (
            printed is not None and computed is not None and printed.quantize(CENT) != computed.quantize(CENT)
        )

    @property
    def amount_differs(self) -> bool:
        return self._differs(self.printed_amount, self.computed_amount)

    @property
    def share_differs(self) -> bool:
        return self._differs(self.printed_share, self.computed_share)

    @property
    def is_sum(self) -> bool:
        return self.kind != "target"


@dataclass
class CostTable:
    """The costing table of a plan with its cross-check."""

    rows: list[CostRow]
    years: list[int]

    @property
    def mismatch_count(self) -> int:
        return sum(row.amount_differs + row.share_differs for row in self.rows)


def _goal_of(target_key: str) -> str:
    return target_key.split(".")[0]


def cost_table(*, plan: Plan) -> CostTable:
    """Recompute the costing table from the stored lines (three queries).

    Goal sum = Σ its targets' amounts (a goal without target lines keeps its printed amount);
    goals total = Σ goal sums; grand total = goals total + general administration; each share =
    amount / computed grand total × 100, rounded half-up to two places.
    """
    lines = list(plan.cost_lines.all())
    targets = {target.code: target for target in plan.targets.all()}
    goals = {goal.code: goal for goal in plan.goals.all()}
    target_sums: dict[str, Decimal] = {}
    for line in lines:
        if line.kind == "target" and line.amount is not None:
            goal = _goal_of(line.key)
            target_sums[goal] = target_sums.get(goal, Decimal(0)) + line.amount
    goal_amounts = dict(target_sums)
    for line in lines:
        if line.kind == "goal" and line.key not in goal_amounts and line.amount is not None:
            goal_amounts[line.key] = line.amount
    goals_total = sum(goal_amounts.values(), Decimal(0)) if goal_amounts else None
    admin = next((line.amount for line in lines if line.kind == "general_admin"), None)
    grand = None
    if goals_total is not None or admin is not None:
        grand = (goals_total or Decimal(0)) + (admin or Decimal(0))
    rows, years = [], set()
    for line in lines:
        if line.kind == "target":
            computed = line.amount
            target = targets.get(line.key)
            label = target.statement if target else ""
        elif line.kind == "goal":
            computed = target_sums.get(line.key, line.amount)
            goal = goals.get(line.key)
            label = goal.title if goal else ""
        elif line.kind == "goals_total":
            computed, label = goals_total, ""
        elif line.kind == "total":
            computed, label = grand, ""
        else:
            computed, label = line.amount, ""
        yearly = {int(year): Decimal(amount) for year, amount in (line.yearly or {}).items()}
        years |= set(yearly)
        share = None
        if computed is not None and grand:
            share = (computed * 100 / grand).quantize(CENT, rounding=ROUND_HALF_UP)
        rows.append(
            CostRow(
                kind=line.kind,
                key=line.key,
                label=label,
                printed_amount=line.amount,
                computed_amount=computed,
                printed_share=line.share_printed,
                computed_share=share,
                yearly=yearly,
            )
        )
    years = sorted(years)
    for row in rows:
        row.yearly_cells = [row.yearly.get(year) for year in years]
    return CostTable(rows=rows, years=years)
