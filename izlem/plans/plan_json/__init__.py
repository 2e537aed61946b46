"""The plan as JSON, format `izlem-plan/1`: complete, deterministic, versioned and importable.

`plan_json(plan)` writes every part of a plan the system holds, nested the way the plan is read
(goals → targets → indicators → rows, targets → measures), and `read_plan_json` reads it back into a
`PlanDocument` for the one loader. The shape is the JSON Schema `izlem/plans/schemas/izlem-plan-1.schema.json`
(docs/plan-import.md, "JSON format"); a file is validated against it and every violation is reported
with its place ("goals[2].targets[0].code: …").

Deterministic: records in the plan's own order, keys in a fixed order, numbers as strings with `.` as
the decimal mark (`plain_decimal`), so export → import into an empty database → export gives the same
bytes. The field marked `readOnly` in the schema (a row's education level, which the system derives
from its breakdown) is written for readers and derived again on import; who owes a row travels (a
planning officer's choice differs from what izlem derives and is kept as one), and so does a new
indicator's record source.

The submodules: `schema` (the format and its error), `writer`, `reader`. Code in izlem.plans imports from
them; the entry points other apps use are re-exported here.
"""

from izlem.plans.plan_json.reader import read_plan_json
from izlem.plans.plan_json.schema import FORMAT, PlanJsonError, plan_json_schema
from izlem.plans.plan_json.writer import plan_json, plan_json_text

__all__ = ["FORMAT", "PlanJsonError", "plan_json", "plan_json_schema", "plan_json_text", "read_plan_json"]
