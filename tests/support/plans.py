"""Fixtures for plan tests: the seed plan imported into the test world, the parsed plan texts, and
lookups in a parsed plan."""

from decimal import Decimal
from pathlib import Path

import pytest

from izlem.plans.importers.document import IndicatorDoc, MeasureDoc, PlanDocument
from izlem.plans.importers.loader import plan_import_document
from izlem.plans.importers.ministry_text import parse_plan_file

PLANS = Path(__file__).resolve().parents[2] / "izlem" / "plans"
SEED = PLANS / "seed" / "erzincan_2015_2019.txt"
KARS = PLANS / "tests" / "data" / "kars_2020_2024.txt"


@pytest.fixture(scope="session")
def seed_document():
    """The parsed seed (parsing is pure, so once per session is safe)."""
    return parse_plan_file(SEED)


@pytest.fixture
def seed_plan(world, seed_document):
    """The Erzincan 2015-2019 plan, imported for the test world's Erzincan province."""
    return plan_import_document(seed_document, source_name=SEED.name).plan


@pytest.fixture(scope="session")
def kars_document():
    """The parsed Kars 2020-2024 test plan (parsing is pure, so once per session is safe)."""
    return parse_plan_file(KARS)


# Lookups in a parsed plan (the Ministry text reader's tests).


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
