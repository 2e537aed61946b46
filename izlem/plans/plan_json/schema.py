"""The format `izlem-plan/1`: its name, its JSON Schema (committed in izlem/plans/schemas), and its error."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FORMAT = "izlem-plan/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "izlem-plan-1.schema.json"
STAKEHOLDER_ROLES = ("core_partner", "strategic_partner", "supplier", "beneficiary")
MAX_MESSAGES = 50  # a wholly wrong file would otherwise list thousands of lines


class PlanJsonError(ValueError):
    """A JSON plan that cannot be read; `messages` name the place of each problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@cache
def plan_json_schema() -> dict:
    """The JSON Schema of `izlem-plan/1` (committed in izlem/plans/schemas)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
