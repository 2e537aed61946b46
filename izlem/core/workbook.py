"""Reading spreadsheets: the one reader of every workbook izlem accepts, and the one located-cell message.

Formats: `.xlsx`, `.xlsm`, `.xls` (Excel 97-2003) and `.ods` (LibreOffice), read with python-calamine
(Rust calamine; about ten times faster than openpyxl, see docs/performance.md). The format is told
from the file's first bytes, not from its name, so a renamed file still reads.

What a reader gets: every sheet in workbook order, each line as a list of plain values (`None` for an
empty cell; whole numbers as `int`, other numbers as `float`, text as `str`, booleans, dates), with
1-based row and column numbers, so every message can say where a cell is (`cell_where`).

Formulas are never evaluated: a formula cell gives the value the spreadsheet program stored with it
(Excel and LibreOffice always store one). A formula without a stored value — written by a program that
does not calculate, such as a script — would read as an empty cell and silently change nothing, so it
is refused with its sheet, row and column (`WorkbookError`). `.xls` files always store a formula's
result, so only `.xlsx`/`.xlsm` and `.ods` need the check.

Safety: zip-based files go through `izlem.core.files.check_office_archive` first (damaged archives and
zip bombs are refused before anything unpacks). Macros are never run: calamine reads cell values
only. `.xlsm` and `.xls` may carry a macro project (it is ignored); an `.xlsx` or `.ods` that holds one
is refused, because such a file is not what it claims to be.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MACRO_SUFFIXES = (".xlsm", ".xls")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) compound document
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def cell_where(sheet: str, row: int | None = None, column: int | str | None = None) -> str:
    """Where a cell is, for a message: "sheet Okullar, row 3, column C (1.1.2)".

    `column` is a 1-based number (shown as its letter) or a name as the reader knows it (a header).
    """
    if isinstance(column, int):
        column = get_column_letter(column)
    if row is None:
        if column:
            return _("sheet %(sheet)s, column %(column)s") % {"sheet": sheet, "column": column}
        return _("sheet %(sheet)s") % {"sheet": sheet}
    if column:
        return _("sheet %(sheet)s, row %(row)d, column %(column)s") % {
            "sheet": sheet,
            "row": row,
            "column": column,
        }
    return _("sheet %(sheet)s, row %(row)d") % {"sheet": sheet, "row": row}


def column_label(column: int, header: object = None) -> str:
    """A column as messages name it: its letter, and its header when it has one ("C (1.1.2)")."""
    letter = get_column_letter(column)
    text = "" if header is None else str(header).strip()
    return f"{letter} ({text})" if text else letter


class WorkbookError(ValueError):
    """The file cannot be read as a workbook, or holds cells that cannot be trusted; `messages` says why."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Cell:
    """One cell's value and where it is (1-based row and column)."""

    sheet: str
    row: int
    column: int
    value: object

    @property
    def letter(self) -> str:
        return get_column_letter(self.column)

    def where(self, header: object = None) -> str:
        return cell_where(self.sheet, self.row, column_label(self.column, header))


@dataclass
class Sheet:
    """One worksheet: its title and its lines from row 1 (a line holds the values of columns A, B, …)."""

    title: str
    lines: list[list[object]]

    def value(self, row: int, column: int) -> object:
        """The value at a 1-based row and column (None outside the data)."""
        if 1 <= row <= len(self.lines):
            line = self.lines[row - 1]
            if 1 <= column <= len(line):
                return line[column - 1]
        return None

    def cell(self, row: int, column: int) -> Cell:
        return Cell(self.title, row, column, self.value(row, column))

    def cells(self) -> Iterator[Cell]:
        """Every non-empty cell, row by row."""
        for row, line in enumerate(self.lines, start=1):
            for column, value in enumerate(line, start=1):
                if value is not None:
                    yield Cell(self.title, row, column, value)

    def numbered(self, start: int = 1) -> Iterator[tuple[int, list[object]]]:
        """(row number, line) from row `start` on."""
        return enumerate(self.lines[start - 1 :], start=start)


def read_workbook(source: str | Path | IO[bytes], *, name: str | None = None) -> list[Sheet]:
    """Every sheet of a spreadsheet file, in workbook order; raises WorkbookError with located messages.

    `source` is a path or a binary stream; `name` is the file's name as uploaded (its suffix decides
    whether a macro project is allowed; a path's own name is used when none is given).
    """
    data = _read_bytes(source)
    suffix = Path(name if name is not None else (source if isinstance(source, str | Path) else "")).suffix
    kind = _kind(data)
    if kind in ("xlsx", "ods"):
        _check_archive(data, allow_macros=suffix.lower() in MACRO_SUFFIXES)
    try:
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own errors and ValueError/OSError for damaged files
        raise WorkbookError([_unreadable()]) from exc
    with workbook:
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets hold no cells
            try:
                raw = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except Exception as exc:  # a damaged sheet part
                raise WorkbookError([_unreadable()]) from exc
            sheets.append(Sheet(meta.name, [_line(line) for line in raw]))
    uncached = _uncached_formulas(data, kind, sheets)
    if uncached:
        raise WorkbookError(
            [
                _(
                    "%(where)s: the cell holds a formula without a calculated value; open the file in a "
                    "spreadsheet program, let it calculate and save it again, or type the number."
                )
                % {"where": cell_where(title, row, get_column_letter(column))}
                for title, row, column in uncached
            ]
        )
    return sheets


def _unreadable() -> str:
    return _("The file cannot be opened as a spreadsheet; use one of: %(formats)s.") % {
        "formats": ", ".join(SPREADSHEET_SUFFIXES)
    }


def _read_bytes(source) -> bytes:
    if isinstance(source, str | Path):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise WorkbookError([_("The file cannot be read.")]) from exc
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read()


def _kind(data: bytes) -> str:
    """xlsx (also xlsm), ods or xls, from the first bytes; anything else is refused."""
    if data.startswith(OLE_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                    return "ods"
                if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            pass
        _check_archive(data, allow_macros=True)  # says "damaged" or "zip bomb" when it is one
    raise WorkbookError([_unreadable()])


def _check_archive(data: bytes, *, allow_macros: bool) -> None:
    from django.core.exceptions import ValidationError

    from izlem.core.files import check_office_archive

    try:
        check_office_archive(io.BytesIO(data), allow_macros=allow_macros)
    except ValidationError as exc:
        raise WorkbookError(exc.messages) from exc


def _plain(value: object) -> object:
    """A calamine value as readers expect it: empty text is no value, whole floats are ints."""
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _line(raw: list[object]) -> list[object]:
    line = [_plain(value) for value in raw]
    while line and line[-1] is None:
        line.pop()
    return line


# --- formulas without a stored value -----------------------------------------------------------------
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _uncached_formulas(data: bytes, kind: str, sheets: list[Sheet]) -> list[tuple[str, int, int]]:
    """(sheet, row, column) of every formula cell that has no stored value."""
    if kind == "xlsx":
        return _uncached_ooxml(data)
    if kind == "ods":
        return _uncached_ods(data)
    return []  # .xls: a FORMULA record always carries its result


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _ooxml_sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet title, part name) of each worksheet, from the workbook and its relationships."""
    rels = {}
    rels_xml = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels_xml:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        rels[rel.get("Id")] = part
    parts = []
    for element in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():
        if _local(element.tag) == "sheet":
            rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            if rel_id in rels:
                parts.append((element.get("name", ""), rels[rel_id]))
    return parts


def _uncached_ooxml(data: bytes) -> list[tuple[str, int, int]]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for title, part in _ooxml_sheet_parts(archive):
            if part not in names:
                continue
            xml = archive.read(part)
            if not FORMULA_TAG.search(xml):
                continue  # the usual case: no formula at all, no parse
            found += [(title, row, column) for row, column in _uncached_in_sheet(xml)]
    return found


def _uncached_in_sheet(xml: bytes) -> Iterator[tuple[int, int]]:
    """Cells of one worksheet part with a formula (<f>) and no value (<v> missing, or empty for a number)."""
    row, column = 0, 0
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row, column = int(element.get("r") or row + 1), 0
            continue
        if tag == "c":
            ref = CELL_REF.fullmatch(element.get("r", ""))
            column = _column_number(ref.group(1)) if ref else column + 1
            cell_row = int(ref.group(2)) if ref else row
            children = {_local(child.tag): child for child in element}
            if "f" in children:
                stored = children.get("v")
                empty_text_allowed = element.get("t") in ("str", "inlineStr")
                if stored is None or (not (stored.text or "") and not empty_text_allowed):
                    yield cell_row, column
            element.clear()
        elif tag == "row":
            element.clear()


ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _uncached_ods(data: bytes) -> list[tuple[str, int, int]]:
    """Cells of an ODS content.xml with a table:formula and no office:value-type (no stored result)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("content.xml")
    if b"table:formula" not in xml and b"}formula" not in xml:
        return []
    found = []
    table, row, column = "", 0, 0
    repeat_rows = f"{{{ODS_TABLE}}}number-rows-repeated"
    repeat_columns = f"{{{ODS_TABLE}}}number-columns-repeated"
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{{{ODS_TABLE}}}table":
                table, row = element.get(f"{{{ODS_TABLE}}}name", ""), 0
            elif tag == f"{{{ODS_TABLE}}}table-row":
                column = 0
            continue
        if tag in (f"{{{ODS_TABLE}}}table-cell", f"{{{ODS_TABLE}}}covered-table-cell"):
            repeat = int(element.get(repeat_columns, "1"))
            formula = element.get(f"{{{ODS_TABLE}}}formula")
            if formula and element.get(f"{{{ODS_OFFICE}}}value-type") is None:
                found += [(table, row + 1, column + i + 1) for i in range(repeat)]
            column += repeat
            element.clear()
        elif tag == f"{{{ODS_TABLE}}}table-row":
            row += int(element.get(repeat_rows, "1"))
            element.clear()
    return found
