"""Writing XLSX cells safely: real numbers with Turkish-displayed formats, and no formula injection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.styles import Font

# Excel stores format codes in the en-US notation; a Turkish Excel shows them as 19.704.600,00.
NUMBER_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "DD.MM.YYYY"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def safe_value(value):
    """A value for a cell: numbers as numbers, text that a spreadsheet would run as a formula
    (starting with =, +, -, @, tab or carriage return) prefixed with an apostrophe."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """Undo `safe_value` for text read back from a workbook this module wrote."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text


def number_format_for(value) -> str | None:
    """The display format of a value's cell."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float | Decimal):
        return NUMBER_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def append_row(worksheet, values, *, bold: bool = False) -> None:
    """Append a row to a (normal or write-only) worksheet with safe values and number formats."""
    from openpyxl.cell import WriteOnlyCell

    if getattr(worksheet, "_write_only", False) or worksheet.__class__.__name__ == "WriteOnlyWorksheet":
        cells = []
        for value in values:
            cell = WriteOnlyCell(worksheet, value=safe_value(value))
            fmt = number_format_for(value)
            if fmt:
                cell.number_format = fmt
            if bold:
                cell.font = BOLD
            cells.append(cell)
        worksheet.append(cells)
        return
    worksheet.append([safe_value(value) for value in values])
    for cell, value in zip(worksheet[worksheet.max_row], values, strict=False):
        fmt = number_format_for(value)
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = BOLD
