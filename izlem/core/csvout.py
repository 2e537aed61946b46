"""Writing CSV that a Turkish Excel opens right, streamed line by line.

Turkish Windows sets the list separator to `;` and the decimal mark to `,`, and Excel opens a CSV
file with those settings when double-clicked: so izlem writes `;` between cells and a decimal comma
(`66,2966`), with no thousands dots (a program reading the file needs no locale to parse it:
replace `,` by `.`). The file starts with a UTF-8 byte order mark, without which Excel reads the
text as Windows-1254 and garbles ı, ş, ğ. Text a spreadsheet would run as a formula is neutralised
with the same rule as the XLSX exports (`izlem.core.xlsx.FORMULA_PREFIXES`); numbers are written as
numbers, so a negative value stays `-5,2`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from izlem.core.formats import format_date, format_datetime
from izlem.core.xlsx import FORMULA_PREFIXES

BOM = "\ufeff"
DELIMITER = ";"
CHUNK_CHARS = 64 * 1024  # what one yielded piece holds: few enough pieces, small enough to stay flat


def decimal_text(value: Decimal) -> str:
    """A decimal exactly, with a decimal comma and no trailing zeros: 66,2966, 120, -0,5."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def csv_cell(value) -> str:
    """One cell's text: numbers with a decimal comma, moments as 07.12.2026 14:05, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, float):
        return decimal_text(Decimal(repr(value)))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_stream(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    """The CSV file as UTF-8 pieces of about 64 KB: a byte order mark, the header, then every row.

    Rows are consumed as they come (a generator stays a generator), so memory does not grow with them.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
