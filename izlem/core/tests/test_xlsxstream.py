"""The streamed XLSX writer: a valid workbook for two independent readers (openpyxl, calamine)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from izlem.core.xlsxstream import xlsx_stream


def naive(*parts) -> dt.datetime:
    """A wall-clock moment as a workbook holds it (Excel has no time zones)."""
    return dt.datetime(*parts)  # noqa: DTZ001


ROWS = [
    ["Atatürk Ortaokulu", Decimal("66.2966"), 3, True, naive(2026, 12, 7, 14, 5)],
    ["=SUM(A1)", Decimal("-4.2500"), None, False, None],
    ["  boşluklu <ve> & \x01işaretli  ", Decimal("120.0000"), 2.5, None, naive(2016, 1, 1)],
]


def build(rows, **kwargs) -> bytes:
    return b"".join(
        xlsx_stream(
            sheet_title="Değerler",
            header=["Ad", "Değer", "Sayı", "Evet", "Zaman"],
            widths=[30, 10, 8, 6, 17],
            rows=iter(rows),
            **kwargs,
        )
    )


def test_two_readers_read_the_same_cells():
    data = build(ROWS)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    sheet = load_workbook(io.BytesIO(data))["Değerler"]
    got = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert got[0] == ["Ad", "Değer", "Sayı", "Evet", "Zaman"]
    assert got[1] == ["Atatürk Ortaokulu", 66.2966, 3, True, naive(2026, 12, 7, 14, 5)]
    assert got[2] == ["'=SUM(A1)", -4.25, None, False, None]  # a formula is neutralised, never a formula
    assert got[3] == ["  boşluklu <ve> & işaretli  ", 120, 2.5, None, naive(2016, 1, 1)]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E4"
    assert sheet["A1"].font.b and sheet["E2"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet.column_dimensions["A"].width == 30
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert calamine.sheet_names == ["Değerler"]
    lines = calamine.get_sheet_by_name("Değerler").to_python()
    assert lines[1][:4] == ["Atatürk Ortaokulu", 66.2966, 3, True]
    assert lines[2][0] == "'=SUM(A1)" and lines[3][0] == "  boşluklu <ve> & işaretli  "


def test_sheets_break_at_the_row_limit_with_the_header_again():
    data = build([[f"satır {n}", n, None, None, None] for n in range(5)], sheet_rows=2)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Değerler", "Değerler 2", "Değerler 3"]
    assert [[c.value for c in row][:2] for row in workbook["Değerler 3"].iter_rows()] == [
        ["Ad", "Değer"],
        ["satır 4", 4],
    ]
    assert workbook["Değerler 2"].auto_filter.ref == "A1:E3"


def test_no_rows_is_a_sheet_with_its_header():
    sheet = load_workbook(io.BytesIO(build([]))).active
    assert [c.value for c in sheet[1]] == ["Ad", "Değer", "Sayı", "Evet", "Zaman"] and sheet.max_row == 1
