"""The one workbook reader: .xlsx, .xlsm, .xls and .ods files written by LibreOffice (committed fixtures made
by data/make_spreadsheets.py), stored formula values, formulas without one refused at their cell, and
the files that are refused before anything is read."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from izlem.core.workbook import Cell, WorkbookError, cell_where, column_label, read_workbook

DATA = Path(__file__).parent / "data"
SAMPLE_LINES = [
    ["Kod", "Ad", "Değer", "Toplam"],
    ["700001", "Atatürk Ortaokulu", 52.75, 105.5],  # D2 = C2*2, calculated by LibreOffice
    [700002, None, 3, 55.75],  # a code typed as a number is a whole number; D3 = SUM(C2:C3)
    [None, "Çayırlı İlkokulu", -1.5],
]
FORMULA_MESSAGE = (
    "the cell holds a formula without a calculated value; open the file in a spreadsheet program, let it "
    "calculate and save it again, or type the number."
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _rezip(path: Path, change: dict[str, callable], extra: dict[str, bytes] | None = None) -> bytes:
    """The archive at `path` with some members rewritten (name → function of the old bytes) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, change.get(item.filename, lambda b: b)(body))
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("suffix", [".ods", ".xlsx", ".xlsm", ".xls"])
def test_every_format_written_by_libreoffice_reads_the_same(suffix):
    # when
    sheets = read_workbook(DATA / f"sample{suffix}")
    # then: both sheets in order, stored formula results, empty cells as None, trailing blanks dropped
    assert [sheet.title for sheet in sheets] == ["Veriler", "İkinci"]
    assert sheets[0].lines == SAMPLE_LINES
    assert sheets[1].lines == [[], [None, "B2"]]


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_a_stream_reads_like_a_path_and_cells_carry_their_place(suffix):
    # given
    data = (DATA / f"sample{suffix}").read_bytes()
    # when
    sheets = read_workbook(io.BytesIO(data), name=f"upload{suffix}")
    # then
    assert sheets[0].cell(2, 4) == Cell("Veriler", 2, 4, 105.5)
    assert sheets[0].cell(9, 9) == Cell("Veriler", 9, 9, None)
    assert sheets[1].cell(2, 2).where() == "sheet İkinci, row 2, column B"
    assert [(c.row, c.letter, c.value) for c in sheets[1].cells()] == [(2, "B", "B2")]
    assert sheets[0].cell(2, 3).where("Değer") == "sheet Veriler, row 2, column C (Değer)"


def test_a_formula_without_a_stored_value_is_refused_at_its_cell_in_xlsx():
    # given: openpyxl writes formulas without calculating them
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Okullar"
    sheet.append(["Kod", "Değer"])
    sheet.append(["700001", "=1+1"])
    sheet["D5"] = "=SUM(B2:B3)"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # when
    with pytest.raises(WorkbookError) as refused:
        read_workbook(buffer, name="veri.xlsx")
    # then
    assert refused.value.messages == [
        f"sheet Okullar, row 2, column B: {FORMULA_MESSAGE}",
        f"sheet Okullar, row 5, column D: {FORMULA_MESSAGE}",
    ]


def test_a_formula_whose_stored_value_was_removed_is_refused_in_libreoffice_xlsx():
    # given: LibreOffice's own file with the stored result of D3 taken out
    def drop_value(xml: bytes) -> bytes:
        return re.sub(rb'(<c r="D3"[^>]*>\s*<f[^>]*>[^<]*</f>)\s*<v>[^<]*</v>', rb"\1", xml)

    data = _rezip(DATA / "sample.xlsx", {"xl/worksheets/sheet1.xml": drop_value})
    # when
    with pytest.raises(WorkbookError) as refused:
        read_workbook(io.BytesIO(data), name="veri.xlsx")
    # then
    assert refused.value.messages == [f"sheet Veriler, row 3, column D: {FORMULA_MESSAGE}"]


def test_a_formula_without_a_stored_value_is_refused_at_its_cell_in_ods():
    # given: the ODS formula cell of D2 without its value type (no stored result)
    def drop_value(xml: bytes) -> bytes:
        return re.sub(
            rb'(<table:table-cell table:formula="of:=\[\.C2\]\*2")[^>]*?(/?>)',
            rb"\1\2",
            xml,
        )

    data = _rezip(DATA / "sample.ods", {"content.xml": drop_value})
    # when
    with pytest.raises(WorkbookError) as refused:
        read_workbook(io.BytesIO(data), name="veri.ods")
    # then
    assert refused.value.messages == [f"sheet Veriler, row 2, column D: {FORMULA_MESSAGE}"]


def test_a_text_formula_with_an_empty_stored_result_is_read_as_empty():
    # given: a string formula whose stored result is the empty text
    def empty_text(xml: bytes) -> bytes:
        return re.sub(rb'<c r="D2"([^>]*)>.*?</c>', rb'<c r="D2" t="str"><f>""</f><v></v></c>', xml)

    data = _rezip(DATA / "sample.xlsx", {"xl/worksheets/sheet1.xml": empty_text})
    # when
    sheets = read_workbook(io.BytesIO(data), name="veri.xlsx")
    # then
    assert sheets[0].lines[1] == ["700001", "Atatürk Ortaokulu", 52.75]


def test_macros_are_ignored_in_xlsm_and_refused_in_xlsx():
    # given: the same workbook with a macro project
    data = _rezip(DATA / "sample.xlsm", {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    # when / then
    assert read_workbook(io.BytesIO(data), name="veri.xlsm")[0].lines == SAMPLE_LINES
    with pytest.raises(WorkbookError) as refused:
        read_workbook(io.BytesIO(data), name="veri.xlsx")
    assert refused.value.messages == [
        "The file contains macros; save it without macros (as .xlsx/.docx) and upload it again."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 broken archive", "The file is damaged or is not the office file it claims to be."),
        (
            b"Kod;Ad\n1;2\n",
            "The file cannot be opened as a spreadsheet; use one of: .xlsx, .xlsm, .xls, .ods.",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "The file cannot be opened as a spreadsheet"),
    ],
)
def test_what_is_not_a_spreadsheet_is_refused(content, message):
    with pytest.raises(WorkbookError) as refused:
        read_workbook(io.BytesIO(content), name="veri.xlsx")
    assert refused.value.messages[0].startswith(message)


def test_a_word_document_is_not_a_spreadsheet():
    data = _rezip(DATA / "sample.xlsx", {}, {})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name.replace("xl/", "word/"), body)
    with pytest.raises(WorkbookError) as refused:
        read_workbook(out, name="veri.xlsx")
    assert refused.value.messages == [
        "The file cannot be opened as a spreadsheet; use one of: .xlsx, .xlsm, .xls, .ods."
    ]


def test_the_one_located_cell_message():
    assert cell_where("Okullar", 3, 5) == "sheet Okullar, row 3, column E"
    assert cell_where("Okullar", 3, "kod") == "sheet Okullar, row 3, column kod"
    assert cell_where("Okullar", 3) == "sheet Okullar, row 3"
    assert cell_where("Okullar", None, column_label(5, "1.1.2")) == "sheet Okullar, column E (1.1.2)"
    assert cell_where("Okullar") == "sheet Okullar"
    with translation.override("tr"):
        assert cell_where("Okullar", 3, "E") == "Okullar sayfası, 3. satır, E sütunu"
