"""Writing XLSX files: the one table writer of every report workbook, and cells safe from formula injection.

A report workbook is a list of `Sheet`s, each a table: the header in row 1 (bold, frozen, with an
autofilter), one line per row below it, columns as wide as their content (capped). Nothing stands
above the header: the report's title, scope and date go to a last sheet, "Bilgi" (Information), and to
the document properties. Every column has a kind that decides how its cells are written:

| kind      | cell                     | format        | shows (Turkish Excel / LibreOffice) |
|-----------|--------------------------|---------------|-------------------------------------|
| `text`    | text (formula-safe)      | —             | Erzincan                            |
| `code`    | text, even "0123"        | —             | 1.1.2                               |
| `year`    | integer                  | `0`           | 2016 (never 2.016)                  |
| `integer` | integer (ranks, numbers) | `0`           | 12                                  |
| `count`   | number                   | `#,##0`       | 4.142                               |
| `decimal` | number                   | `#,##0.00`    | 3,71                                |
| `percent` | number (75.5 = 75,5 %)   | `0.00`        | 75,50                               |
| `money`   | number                   | `#,##0.00`    | 1.000.000,00                        |
| `date`    | date                     | `dd.mm.yyyy`  | 25.01.2017                          |

A cell may override its column's kind with `Cell(value, kind)` (an indicator's values take the
kind of its unit: `kind_for_unit`). Numbers given as text (the report data keeps '52.75') are
written as numbers; dates given as text ('25.01.2017' or ISO) as dates.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from izlem.core.formats import format_date, format_decimal, parse_date, places_for_unit

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")

TEXT, CODE, YEAR, INTEGER, COUNT, DECIMAL, PERCENT, MONEY, DATE = (
    "text",
    "code",
    "year",
    "integer",
    "count",
    "decimal",
    "percent",
    "money",
    "date",
)
# Excel stores format codes in the en-US notation; a Turkish Excel or LibreOffice shows them the Turkish way.
FORMATS = {
    YEAR: "0",
    INTEGER: "0",
    COUNT: "#,##0",
    DECIMAL: "#,##0.00",
    PERCENT: "0.00",
    MONEY: "#,##0.00",
    DATE: "dd.mm.yyyy",
}
NUMBER_KINDS = {COUNT, DECIMAL, PERCENT, MONEY}
MIN_WIDTH, MAX_WIDTH = 6, 60
MAX_TEXT = 32767  # Excel's limit of a cell
SHEET_TITLE_FORBIDDEN = "[]:*?/\\"


def safe_value(value):
    """A value for a cell: numbers as numbers, text that a spreadsheet would run as a formula
    (starting with =, +, -, @, tab or carriage return) prefixed with an apostrophe."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def kind_for_unit(unit: str | None) -> str:
    """The column kind of an indicator's values: counts whole, every other unit two decimals."""
    return COUNT if places_for_unit(unit) == 0 else DECIMAL


def sheet_title(text: str) -> str:
    """A worksheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in str(text) if ch not in SHEET_TITLE_FORBIDDEN).strip()[:31] or "Sheet"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header and the kind of its cells."""

    title: str
    kind: str = TEXT


@dataclass(frozen=True)
class Cell:
    """A value whose kind differs from its column's (e.g. a count's figures in a column of values)."""

    value: object
    kind: str | None = None


@dataclass
class Sheet:
    """One table of a workbook: a named sheet, its columns and its rows (bold rows: totals)."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    bold: set[int] = field(default_factory=set)  # indexes into `rows`

    def add(self, values, *, bold: bool = False) -> None:
        """Append a row (one value per column; a `Cell` overrides the column's kind)."""
        if bold:
            self.bold.add(len(self.rows))
        self.rows.append(list(values))


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return number if number.is_finite() else None
    if isinstance(value, str) and value.strip():
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _text(value) -> str:
    """Text for a cell: formula-safe, without the control characters a workbook cannot hold (text pasted
    from Word may carry them; openpyxl refuses them), at most Excel's 32 767 characters."""
    return safe_value(ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_TEXT])


def cell_value(value, kind: str):
    """The value written for a cell of `kind` (see the module's table); None for an empty cell."""
    if value is None or value == "":
        return None
    if kind in (YEAR, INTEGER):
        number = _decimal(value)
        if number is not None and number == number.to_integral_value():
            return int(number)
        return _text(value)
    if kind in NUMBER_KINDS:
        number = _decimal(value)
        if number is None:
            return _text(value)
        if number == number.to_integral_value() and abs(number) < 2**53:
            return int(number)
        return float(number)
    if kind == DATE:  # a day (a spreadsheet reads it back as a datetime at midnight)
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                from django.utils import timezone

                value = timezone.localtime(value)
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            return _text(value)
    if isinstance(value, int | float | Decimal) and kind == TEXT:
        return safe_value(value)  # a number stays a number (a Decimal as a float)
    return _text(value)


def _shown_length(value, kind: str) -> int:
    """About how many characters a cell shows (for the column's width)."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return len(format_date(value))
    if isinstance(value, int | float) and kind in NUMBER_KINDS | {YEAR, INTEGER}:
        places = 0 if kind in (COUNT, YEAR, INTEGER) else 2
        return len(format_decimal(value, places, grouping=kind not in (YEAR, INTEGER)))
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_sheet(workbook, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell

    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    count = len(sheet.columns)
    lines = []
    for values in sheet.rows:
        cells = []
        for index, column in enumerate(sheet.columns):
            value = values[index] if index < len(values) else None
            kind = column.kind
            if isinstance(value, Cell):
                kind, value = value.kind or kind, value.value
            cells.append((cell_value(value, kind), kind))
        lines.append(cells)
    for index, column in enumerate(sheet.columns):
        longest = max(
            [len(column.title) + 3]  # the autofilter's button sits beside the header
            + [_shown_length(line[index][0], line[index][1]) + 1 for line in lines]
        )
        letter = get_column_letter(index + 1)
        worksheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, longest))
    worksheet.freeze_panes = "A2"
    trailing_totals = 0
    while trailing_totals < len(lines) and (len(lines) - 1 - trailing_totals) in sheet.bold:
        trailing_totals += 1
    last_row = 1 + len(lines) - trailing_totals  # a total line stays below the filtered rows
    worksheet.auto_filter.ref = f"A1:{get_column_letter(max(count, 1))}{last_row}"
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(worksheet, value=safe_value(column.title))
        cell.font, cell.fill = BOLD, HEADER_FILL
        header.append(cell)
    worksheet.append(header)
    for number, line in enumerate(lines):
        row = []
        for value, kind in line:
            cell = WriteOnlyCell(worksheet, value=value)
            if kind in FORMATS and isinstance(value, int | float | dt.date):
                cell.number_format = FORMATS[kind]
            if number in sheet.bold:
                cell.font = BOLD
            row.append(cell)
        worksheet.append(row)


def write_workbook(sheets: list[Sheet], *, title: str, info: list[tuple[str, object]] = ()) -> bytes:
    """The workbook of `sheets` (in order) and, last, the "Bilgi" sheet of `info` (label, value) pairs;
    `title` is also the document's title property. Sheet titles are made valid and unique."""
    from django.utils.translation import pgettext
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.title = title[:255]
    workbook.properties.creator = "izlem"
    workbook.properties.language = "tr-TR"
    info_sheet = Sheet(
        pgettext("workbook", "Information"),
        [Column(pgettext("workbook", "Field")), Column(pgettext("workbook", "Value"))],
    )
    for label, value in info:
        kind = DATE if isinstance(value, dt.date) else TEXT
        info_sheet.add([label, Cell(value, kind)])
    seen: set[str] = set()
    for sheet in [*sheets, info_sheet]:
        name = sheet_title(sheet.title)
        base, number = name, 2
        while name.lower() in seen:
            suffix = f" ({number})"
            name, number = base[: 31 - len(suffix)] + suffix, number + 1
        seen.add(name.lower())
        sheet.title = name
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
