"""Read CSV and XLSX files as rows of named cells, with the sheet and row number for messages."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook


@dataclass
class Row:
    """One data row of a sheet: cells by normalised header, and where it came from."""

    sheet: str
    number: int  # 1-based row number as the user sees it in the file
    cells: dict[str, object]

    def where(self, column: str | None = None) -> str:
        """Describe the location for a message: sheet, row and (if given) column."""
        if column:
            return _("sheet %(sheet)s, row %(row)d, column %(column)s") % {
                "sheet": self.sheet,
                "row": self.number,
                "column": column,
            }
        return _("sheet %(sheet)s, row %(row)d") % {"sheet": self.sheet, "row": self.number}


class TabularError(ValueError):
    """The file cannot be read as a table at all."""


def normalise_header(text: object) -> str:
    """Lower-case a header the Turkish way and join words with underscores."""
    value = str(text or "").strip().replace("I", "ı").replace("İ", "i").lower().replace("/", " ")
    return "_".join(value.split())


def read_table(path: str | Path, *, sheet: str | None = None) -> list[Row]:
    """Read the first (or the named) sheet of an XLSX file, or a CSV file (UTF-8, `,` or `;`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, sheet)
    if suffix == ".csv":
        return _read_csv(path)
    raise TabularError(_("Unsupported file type %(suffix)s: use .xlsx or .csv.") % {"suffix": suffix or "?"})


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


def _read_xlsx(path: Path, sheet: str | None) -> list[Row]:
    """Read one sheet of an XLSX workbook whose first row holds the headers."""
    from django.core.exceptions import ValidationError

    from izlem.core.files import check_office_archive

    try:
        with open(path, "rb") as handle:
            check_office_archive(handle)  # no zip bombs or macros reach openpyxl
    except ValidationError as exc:
        raise TabularError(exc.messages[0]) from exc
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise TabularError(_("The file cannot be opened as an XLSX workbook.")) from exc
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    except KeyError as exc:
        raise TabularError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet}) from exc
    lines = [list(row) for row in worksheet.iter_rows(values_only=True)]
    workbook.close()
    if not lines:
        raise TabularError(_("The sheet %(sheet)s is empty.") % {"sheet": worksheet.title})
    headers = [normalise_header(cell) for cell in lines[0]]
    return _rows(worksheet.title, headers, lines[1:])


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
