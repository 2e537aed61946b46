"""Make the spreadsheet fixtures with LibreOffice (run by hand; the tests only read the committed files).

    apt-get install -y libreoffice-calc-nogui
    .venv/bin/python izlem/core/tests/data/make_spreadsheets.py

Each fixture is written as a flat OpenDocument file (.fods, plain XML, kept beside the results so that
what a fixture holds can be read) and converted by LibreOffice into .ods, .xlsx, .xlsm and .xls: the
files are LibreOffice's own dialect of each format, not openpyxl's, as a user's re-saved file would be.
Formulas are written without a value; LibreOffice calculates them and stores the result.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
MONITORING = HERE.parents[2] / "monitoring" / "tests" / "data"
FORMATS = {
    ".ods": "ods",
    ".xlsx": "xlsx",
    ".xlsm": "xlsm:Calc MS Excel 2007 VBA XML",
    ".xls": "xls:MS Excel 97",
}

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
  <style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
"""
TAIL = " </office:spreadsheet></office:body></office:document>\n"


class Formula(str):
    """A cell formula in OpenFormula notation, e.g. of:=100+20."""


def _cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, Formula):
        return f'<table:table-cell table:formula="{escape(value)}"/>'
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def fods(sheets: list[dict]) -> str:
    """A flat ODS document: sheets of {"title", "rows", "hidden_rows": {2}, "hidden": bool}."""
    parts = [HEAD]
    for sheet in sheets:
        style = "hidden" if sheet.get("hidden") else "shown"
        parts.append(f'  <table:table table:name="{escape(sheet["title"])}" table:style-name="{style}">\n')
        for number, row in enumerate(sheet["rows"], start=1):
            visibility = ' table:visibility="collapse"' if number in sheet.get("hidden_rows", ()) else ""
            parts.append(
                f"   <table:table-row{visibility}>{''.join(_cell(v) for v in row)}</table:table-row>\n"
            )
        parts.append("  </table:table>\n")
    parts.append(TAIL)
    return "".join(parts)


def convert(name: str, sheets: list[dict], folder: Path, formats=FORMATS) -> None:
    """Write `name`.fods into `folder` and convert it with LibreOffice into each format."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.fods"
    source.write_text(fods(sheets), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        for suffix, target in formats.items():
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                 "--outdir", out, str(source)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            produced = Path(out) / f"{name}{suffix}"
            shutil.move(produced, folder / f"{name}{suffix}")


# --- the reader's sample: two sheets, a calculated formula, a text code, a number code, gaps ---------------
SAMPLE = [
    {
        "title": "Veriler",
        "rows": [
            ["Kod", "Ad", "Değer", "Toplam"],
            ["700001", "Atatürk Ortaokulu", 52.75, Formula("of:=[.C2]*2")],
            [700002, None, 3, Formula("of:=SUM([.C2:.C3])")],
            [None, "Çayırlı İlkokulu", -1.5, None],
        ],
    },
    {"title": "İkinci", "rows": [[None, None], [None, "B2"]]},
]


def bulk_school_template() -> list[dict]:
    """A bulk-entry template of period 9001 filled in LibreOffice (see monitoring/tests/test_bulk_formats.py):
    1.1.2 (row 9102, a count) by a formula =100+20, 1.1.1 Ortaokul (row 9101, a percentage) as 45 / 50."""
    return [
        {
            "title": "Okullar",
            "hidden_rows": {2},
            "rows": [
                ["Kod", "Ad", "1.1.1 Ortaokul — pay", "1.1.1 Ortaokul — payda", "1.1.2", "Not"],
                [
                    "izlem-bulk/9001/school",
                    "name",
                    "9101/numerator",
                    "9101/denominator",
                    "9102/value",
                    "note",
                ],
                ["700001", "Atatürk Ortaokulu", 45, 50, Formula("of:=100+20"), "LibreOffice ile dolduruldu"],
            ],
        },
        {"title": "Açıklamalar", "rows": [["Beyaz hücreleri doldurun."]]},
    ]


def org_units() -> list[dict]:
    """An organisation file as a LibreOffice user types it: codes and counts as numbers (org/tests)."""
    headers = ["Tür", "Kod", "Ad", "Üst Kod", "Okul Türü", "Kademeler", "Resmi/Özel", "Yerleşim",
               "Öğrenci Sayısı", "Öğretmen Sayısı", "Diğer Adlar"]  # fmt: skip
    return [
        {
            "title": "Kurumlar",
            "rows": [
                headers,
                ["il", 25, "Erzurum"],
                ["ilçe", 2501, "Yakutiye", 25],
                [
                    "okul",
                    900001,
                    "Yakutiye Atatürk İlkokulu",
                    2501,
                    "ilkokul",
                    "okul öncesi; ilkokul",
                    "resmi",
                    "şehir",
                    412,
                    Formula("of:=20+4"),
                ],
                ["okul", 900002, "Dumlu Köyü Ortaokulu", 2501, "ortaokul", "ortaokul", "özel", "köy", 38, 5],
            ],  # fmt: skip
        }
    ]


def main() -> int:
    if not shutil.which("soffice"):
        print("LibreOffice is needed: apt-get install -y libreoffice-calc-nogui", file=sys.stderr)
        return 1
    convert("sample", SAMPLE, HERE)
    convert("bulk_school", bulk_school_template(), MONITORING)
    convert(
        "org",
        org_units(),
        HERE.parents[2] / "org" / "tests" / "data",
        {".ods": "ods", ".xls": "xls:MS Excel 97"},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
