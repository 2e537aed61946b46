"""An XLSX file written as a stream of bytes, for exports of millions of lines in constant memory.

openpyxl's write-only mode keeps memory flat but builds a cell object per cell: about 20,000 cells a
second on this machine, so a national export (5.7 million lines × 21 columns) would take hours. This
writer formats each row's XML directly (about as fast as the CSV) and hands the ZIP pieces out as they
are compressed, so a download starts at once and no file is kept. It writes what a long table needs:
inline strings (no shared-string table to hold), numbers as numbers (decimals exactly as given),
moments as dates, a bold frozen header, an autofilter and column widths per sheet. A sheet is closed
and the next one opened (with the header again) at Excel's row limit, or before its XML passes 1 GB,
so no part needs ZIP64 (which some Excel versions warn about).

Text is neutralised like every other export (`izlem.core.xlsx.safe_value`): a cell starting with =, +,
-, @, tab or carriage return gets a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter

from izlem.core.xlsx import FORMULA_PREFIXES

MAX_ROWS = 1_048_576  # Excel's limit, the header row included
MAX_SHEET_BYTES = 1 << 30
EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001  (Excel serial dates are naive, local time)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLE_DATETIME, STYLE_HEADER = 1, 2


class _Sink:
    """A write-only, unseekable file for zipfile: it collects the compressed bytes until taken."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def _text(value: str) -> str:
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    value = _ILLEGAL.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<is><t{space}>{value}</t></is>"


def _cell(ref: str, value) -> str:
    """One cell's XML ('' for an empty cell)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr">{_text(value)}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{ref}"><v>{format(value.normalize(), "f")}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{serial!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr">{_text(str(value))}</c>'


def xlsx_stream(
    *,
    sheet_title: str,
    header: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence],
    datetime_format: str = "DD.MM.YYYY HH:MM",
    sheet_rows: int = MAX_ROWS - 1,
) -> Iterator[bytes]:
    """The XLSX file in pieces: sheets named `sheet_title`, `sheet_title 2` … each with the `header` row
    (bold, frozen, with an autofilter) and the `rows` (consumed one by one, never collected), at most
    `sheet_rows` of them a sheet."""
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
    last = letters[-1]
    counts: list[int] = []
    rows = iter(rows)
    pending = next(rows, None)
    while True:
        number = len(counts) + 1
        with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
            part.write(_sheet_top(widths, letters, header).encode("utf-8"))
            written, row_number = 0, 1
            while pending is not None and row_number <= sheet_rows and written < MAX_SHEET_BYTES:
                row_number += 1
                cells = "".join(
                    _cell(f"{letter}{row_number}", value)
                    for letter, value in zip(letters, pending, strict=False)
                )
                data = f'<row r="{row_number}">{cells}</row>'.encode()
                part.write(data)
                written += len(data)
                pending = next(rows, None)
                if len(sink.parts) > 16:
                    yield sink.take()
            part.write(f'</sheetData><autoFilter ref="A1:{last}{row_number}"/></worksheet>'.encode())
        counts.append(row_number)
        if pending is None:
            break
    titles = [sheet_title if n == 1 else f"{sheet_title} {n}" for n in range(1, len(counts) + 1)]
    archive.writestr("xl/workbook.xml", _workbook(titles, counts, last))
    archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(titles)))
    archive.writestr("xl/styles.xml", _styles(datetime_format))
    archive.writestr("_rels/.rels", _ROOT_RELS)
    archive.writestr("[Content_Types].xml", _content_types(len(titles)))
    archive.close()
    yield sink.take()


def _sheet_top(widths: Sequence[float], letters: list[str], header: Sequence[str]) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(widths, start=1)
    )
    titles = "".join(
        f'<c r="{letter}1" s="{STYLE_HEADER}" t="inlineStr">{_text(str(title))}</c>'
        for letter, title in zip(letters, header, strict=True)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData><row r="1">{titles}</row>'
    )


def _workbook(titles: list[str], counts: list[int], last: str) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"'{title.replace(chr(39), chr(39) * 2)}'!$A$1:${last}${count}</definedName>"
        for n, (title, count) in enumerate(zip(titles, counts, strict=True))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets><definedNames>{names}</definedNames>"
        "</workbook>"
    )


def _workbook_rels(count: int) -> str:
    sheet = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    styles = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{sheet}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{items}<Relationship Id="rId{count + 1}" Type="{styles}" Target="styles.xml"/></Relationships>'
    )


def _styles(datetime_format: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode={quoteattr(datetime_format)}/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def _content_types(count: int) -> str:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet}"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )
