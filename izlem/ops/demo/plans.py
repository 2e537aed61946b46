"""Demo plan: the Erzincan 2015-2019 strategic plan from the seed document."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

SEED_PLAN = Path(settings.BASE_DIR) / "izlem" / "plans" / "seed" / "erzincan_2015_2019.txt"


def load_demo_plan():
    """Import the seed plan (idempotent) and return it."""
    from izlem.plans.importers.loader import plan_import_document
    from izlem.plans.importers.ministry_text import parse_plan_file

    result = plan_import_document(parse_plan_file(SEED_PLAN), source_name=SEED_PLAN.name)
    return result.plan
