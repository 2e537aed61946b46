"""Bulk entry (SPEC §3 "Bulk entry"): a pre-filled XLSX template of a period for the user's scope, and
the check and write of a filled copy uploaded back (as .xlsx, .xlsm, .xls or .ods: the template may be
filled in Excel or LibreOffice and saved in either's format; `izlem.core.workbook` reads them all).

Who: the template covers every entity whose values the user may fill (`access.bulk_entry_entities`):
a principal gets their school; a district's top manager or planning officer the district's own rows;
the province's planning officer or unit managers the province rows (unit managers: their unit's
indicators); planning officers of a district or of the province also get every school below them,
because they consolidate the schools' figures in one file (`access.can_bulk_enter_row`).

The workbook: one sheet per collection level (schools, districts, province). Row 1 holds the headers
people read; row 2 (hidden) holds keys: A2 names the period and the level (`izlem-bulk/<period>/<kind>`),
the other cells the indicator row and part of each column (`<row id>/value`, `<row id>/numerator`,
`<row id>/denominator`, `note`). From row 3 on, one line per entity: code, name, values, a note. An
upload maps columns by these keys, never by the (translated) headers. Cells an entity does not report
are locked and dark grey; cells whose data is submitted, approved or in a closed period are locked,
light grey and show the stored value. The sheet protection only guides: the upload checks it all again.

A hidden last column (`versions`) records, per line and signed, what each pre-filled cell held and the
stored value's version at the download (`versions_sign`).

Reading back:
* an empty cell changes nothing (a value is cleared on the entry page);
* a cell still holding what the template pre-filled is never written, even when the stored value
  changed since the download (a stale template never overwrites a newer value); a cell equal to the
  stored value changes nothing, so pre-filled locked cells come back harmlessly;
* a changed cell whose stored value changed since the download (its version differs) is refused at
  its cell, and the version is checked again under the row locks when the file is written; a template
  without the versions column (made before it existed) may only fill values that are still empty;
* a line's note goes with every value changed on that line and confirms its unusual values (an outlier
  is accepted only when the note is filled);
* every cell is checked first (number format, unit range, numerator ≤ denominator, entity in scope,
  cell applies, data editable, period open, outliers); when anything is wrong nothing is written and
  each bad cell is reported by sheet, row and column. Otherwise every changed value is written in ONE
  transaction through `services.value_save`; if it refuses any cell (a submission sent in the
  meantime, …) everything is rolled back and those cells are reported.


The parts: `scope` (the user's sheets and entities), `template`, `versions` (what the template
pre-filled), `check` (reading an upload back) and `upload` (writing it, the upload's life); code inside
monitoring imports from them. The entry points other apps call are re-exported here.
"""

from izlem.monitoring.bulk.check import Change, Check, upload_check
from izlem.monitoring.bulk.scope import (
    VERSIONS,
    Scope,
    Sheet,
    column_header,
    is_ratio,
    parts_of,
    row_label,
    scope_load,
    sheet_title,
    where,
)
from izlem.monitoring.bulk.template import template_filename, template_write
from izlem.monitoring.bulk.upload import (
    Progress,
    changes_write,
    upload_process,
    upload_progress,
    upload_start,
    write_progress_key,
)
from izlem.monitoring.bulk.versions import Prefilled, versions_read, versions_sign

__all__ = [
    "Change",
    "Check",
    "Prefilled",
    "Progress",
    "Scope",
    "Sheet",
    "VERSIONS",
    "changes_write",
    "column_header",
    "is_ratio",
    "parts_of",
    "row_label",
    "scope_load",
    "sheet_title",
    "template_filename",
    "template_write",
    "upload_check",
    "upload_process",
    "upload_progress",
    "upload_start",
    "versions_read",
    "versions_sign",
    "where",
    "write_progress_key",
]
