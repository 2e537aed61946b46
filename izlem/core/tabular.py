"""Read CSV files and spreadsheets as rows of named cells, with the sheet and row number for messages.

Spreadsheets (.xlsx, .xlsm, .xls, .ods) go through the one workbook reader, `izlem.core.workbook`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from izlem.core.workbook import SPREADSHEET_SUFFIXES, WorkbookError, cell_where, read_workbook


@dataclass
class Row:
    """One data row of a sheet: cells by normalised header, and where it came from."""

    sheet: str
    number: int  # 1-based row number as the user sees it in the file
    cells: dict[str, object]

    def where(self, column: str | None = None) -> str:
        """Describe the location for a message: sheet, row and (if given) column."""
        return cell_where(self.sheet, self.number, column)


class TabularError(ValueError):
    """The file cannot be read as a table at all."""


def normalise_header(text: object) -> str:
    """Lower-case a header the Turkish way and join words with underscores."""
    value = str(text or "").strip().replace("I", "ı").replace("İ", "i").lower().replace("/", " ")
    return "_".join(value.split())


def read_table(path: str | Path, *, sheet: str | None = None) -> list[Row]:
    """Read the first (or the named) sheet of a spreadsheet, or a CSV file (UTF-8, `,` or `;`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(path, sheet)
    if suffix == ".csv":
        return _read_csv(path)
    raise TabularError(
        _("Unsupported file type %(suffix)s: use one of %(formats)s.")
        % {"suffix": suffix or "?", "formats": ", ".join((*SPREADSHEET_SUFFIXES, ".csv"))}
    )


def _read_csv(path: Path) -> list[Row]:
    """Read a CSV file whose first line holds the headers."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TabularError(_("The file is not UTF-8 encoded text.")) from exc
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    reader = csv.reader(io.StringIO(text), dialect)
    lines = list(reader)
    if not lines:
        raise TabularError(_("The file is empty."))
    headers = [normalise_header(cell) for cell in lines[0]]
    return _rows(path.stem, headers, lines[1:])


def _read_spreadsheet(path: Path, sheet: str | None) -> list[Row]:
    """Read one sheet of a workbook whose first row holds the headers."""
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        raise TabularError("\n".join(exc.messages)) from exc
    found = next((s for s in sheets if s.title == sheet), None) if sheet else (sheets[0] if sheets else None)
    if found is None:
        raise TabularError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet or "?"})
    if not found.lines:
        raise TabularError(_("The sheet %(sheet)s is empty.") % {"sheet": found.title})
    headers = [normalise_header(cell) for cell in found.lines[0]]
    return _rows(found.title, headers, found.lines[1:])


def _rows(sheet: str, headers: list[str], lines: list[list[object]]) -> list[Row]:
    """Pair cells with headers, skipping wholly empty lines (numbers stay as the user sees them)."""
    rows = []
    for offset, line in enumerate(lines, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in line):
            continue
        cells = {header: (line[i] if i < len(line) else None) for i, header in enumerate(headers) if header}
        rows.append(Row(sheet=sheet, number=offset, cells=cells))
    return rows


def cell_text(value: object) -> str:
    """A cell as stripped text ('' for empty); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
