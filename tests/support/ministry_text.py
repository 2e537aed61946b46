"""Helpers for the tests of the Ministry-template plan text reader (izlem/plans/tests/test_ministry_text*.py).

The seed is kept in the package (`izlem/plans/seed/`, a copy of shared/seeds/000_…txt); the second plan
is in `izlem/plans/tests/data`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from izlem.plans.importers.document import IndicatorDoc, MeasureDoc, PlanDocument

PLANS = Path(__file__).resolve().parents[2] / "izlem" / "plans"
SEED = PLANS / "seed" / "erzincan_2015_2019.txt"  # the seed, kept in the repo
KARS = PLANS / "tests" / "data" / "kars_2020_2024.txt"


def indicator(plan: PlanDocument, code: str) -> IndicatorDoc:
    """The indicator with this code."""
    return next(i for i in plan.indicators if i.code == code)


def measure(plan: PlanDocument, number: int) -> MeasureDoc:
    """The measure with this number."""
    return next(m for m in plan.measures if m.number == number)


def row_values(plan: PlanDocument, code: str, breakdown: str | None = None) -> list[Decimal | None]:
    """Baselines in year order followed by the target, for one row of an indicator."""
    row = next(r for r in indicator(plan, code).rows if r.breakdown == breakdown)
    return [*(row.baselines[year] for year in sorted(row.baselines)), row.target]


def D(text: str) -> Decimal:
    """Shorthand for an exact Decimal."""
    return Decimal(text)
