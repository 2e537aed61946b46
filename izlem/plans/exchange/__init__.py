"""Plan exchange: an XLSX workbook (one sheet per kind) for editing a plan in bulk (JSON: izlem.plans.plan_json).

The workbook is written from the database (`writer`) and read back into a `PlanDocument` (`reader`),
which goes through the same loader as the Ministry text. Export then import gives the same plan. Bad
workbooks get one Turkish message per bad cell (sheet, row, column) and nothing is written. The
layout both sides share is in `sheets`.

Code in izlem.plans imports from the submodules; the entry points other apps use are re-exported here.
"""

from izlem.plans.exchange.reader import PlanWorkbookError, read_plan_workbook
from izlem.plans.exchange.sheets import plan_filename
from izlem.plans.exchange.writer import write_plan_workbook

__all__ = ["PlanWorkbookError", "plan_filename", "read_plan_workbook", "write_plan_workbook"]
