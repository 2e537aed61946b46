"""Write a `PlanDocument` to the database: one path for every input format, all or nothing, idempotent.

Goals, targets, indicators, indicator rows and measures are matched by their stable id (`uid`, which
the plan workbook carries) and else by their natural key (code, breakdown label, measure number);
the other records by their natural keys (cost kind and key, SWOT category and number …). A record is
saved only when a field really changed, so importing the same document twice writes nothing and
adds no audit rows.

Every change is recorded in a `ChangePlan` (izlem.plans.importers.changes) while the import runs in
one transaction. Removing or re-levelling anything that holds monitoring data, changing the unit of
an indicator with values, or matching a measure or indicator by number alone when its text no longer
matches while it holds data, is refused: the whole import is then rolled back (`PlanImportError`).
Fields a planner edited (`Indicator.edited_fields`, yearly targets with `is_default=False`) are kept
and the difference is reported.

The submodules: `load` (the import of one document), `records` (saving only what differs, matching
records), `goals`, `indicators` and `parts` (each part of the plan). Code in izlem.plans imports from
them; the entry points other apps use are re-exported here.
"""

from izlem.plans.importers.loader.load import (
    PlanImportError,
    PlanImportResult,
    check_structure,
    plan_import_document,
)

__all__ = ["PlanImportError", "PlanImportResult", "check_structure", "plan_import_document"]
