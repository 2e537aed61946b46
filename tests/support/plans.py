"""Fixtures for plan tests: the seed plan imported into the test world."""

from pathlib import Path

import pytest

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
