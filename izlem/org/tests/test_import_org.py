"""`izlem import_org`: valid files, bad rows with clear messages, all or nothing."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from izlem.org.models import OrgNode, Unit

HEADERS = [
    "Tür",
    "Kod",
    "Ad",
    "Üst Kod",
    "Okul Türü",
    "Kademeler",
    "Resmi/Özel",
    "Yerleşim",
    "Öğrenci Sayısı",
    "Öğretmen Sayısı",
    "Diğer Adlar",
]
GOOD = [
    ["il", "25", "Erzurum", "", "", "", "", "", "", "", ""],
    ["ilçe", "2501", "Yakutiye", "25", "", "", "", "", "", "", ""],
    [
        "okul",
        "900001",
        "Yakutiye Atatürk İlkokulu",
        "2501",
        "ilkokul",
        "okul öncesi; ilkokul",
        "resmi",
        "şehir",
        "412",
        "24",
        "",
    ],
    ["okul", "900002", "Dumlu Köyü Ortaokulu", "2501", "ortaokul", "ortaokul", "özel", "köy", "38", "5", ""],
    ["birim", "proje", "Proje Koordinasyon", "", "", "", "", "", "", "", "AB Projeleri; Proje Ofisi"],
]


def _write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kurumlar"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _write_csv(path, rows):
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def test_valid_xlsx_is_imported(db, tmp_path):
    # when
    call_command("import_org", str(_write_xlsx(tmp_path / "org.xlsx", GOOD)))
    # then
    school = OrgNode.objects.get(code="900001")
    assert school.parent.name == "Yakutiye" and school.parent.parent.name == "Erzurum"
    assert (
        school.levels == ["preschool", "primary"]
        and school.setting == "urban"
        and school.student_count == 412
    )
    assert (
        OrgNode.objects.get(code="900002").setting == "rural"
        and OrgNode.objects.get(code="900002").is_public is False
    )
    assert Unit.objects.get(code="proje").alias_list == ["AB Projeleri", "Proje Ofisi"]
    assert OrgNode.objects.get(code="900001").is_public is True


def test_valid_csv_is_imported_and_a_second_run_duplicates_nothing(db, tmp_path):
    path = _write_csv(tmp_path / "org.csv", GOOD)
    call_command("import_org", str(path))
    counts = OrgNode.objects.count(), Unit.objects.count()
    call_command("import_org", str(path))
    assert (OrgNode.objects.count(), Unit.objects.count()) == counts


def test_bad_rows_are_reported_and_nothing_is_written(db, tmp_path, capsys):
    # given a file with one good row and several bad ones
    rows = [
        GOOD[0],
        ["ilçe", "2501", "Yakutiye", "99", "", "", "", "", "", "", ""],  # unknown parent
        ["okul", "900001", "", "2501", "ilkokul", "", "", "", "", "", ""],  # empty name
        ["okul", "900003", "X Okulu", "2501", "uzay okulu", "ilkokul", "resmi", "şehir", "on iki", "", ""],
        ["mahalle", "1", "Y", "", "", "", "", "", "", "", ""],
    ]
    nodes_before = OrgNode.objects.count()
    # when
    with pytest.raises(CommandError):
        call_command("import_org", str(_write_xlsx(tmp_path / "bad.xlsx", rows)))
    # then
    err = capsys.readouterr().err
    assert "Kurumlar" in err and "3" in err  # sheet name and row numbers are named
    assert "99" in err and "uzay okulu" in err and "on iki" in err and "mahalle" in err
    assert OrgNode.objects.count() == nodes_before


def test_unsupported_file_type(db, tmp_path):
    path = tmp_path / "org.txt"
    path.write_text("x")
    with pytest.raises(CommandError):
        call_command("import_org", str(path))


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_a_libreoffice_file_is_imported(db, suffix):
    """LibreOffice's .ods and .xls (izlem/core/tests/data/make_spreadsheets.py): codes and counts typed as
    numbers, the teachers of the first school as a formula (=20+4) with its stored value."""
    from pathlib import Path

    call_command("import_org", str(Path(__file__).parent / "data" / f"org{suffix}"))
    school = OrgNode.objects.get(code="900001")
    assert (school.parent.code, school.parent.parent.code) == ("2501", "25")
    assert (school.levels, school.student_count, school.teacher_count) == (["preschool", "primary"], 412, 24)
    assert OrgNode.objects.get(code="900002").is_public is False


# --- units that `migrate` creates (issue 17 finding 8) -----------------------------------------------------
@pytest.fixture
def built_in_units(db):
    """The units `migrate` creates (tests build the schema without migrations)."""
    from izlem.org.standard_units import STANDARD_UNITS

    for code, name, aliases in STANDARD_UNITS:
        Unit.objects.get_or_create(code=code, defaults={"name": name, "aliases": "\n".join(aliases)})


def test_a_unit_named_like_a_built_in_one_is_a_row_error_not_a_crash(built_in_units, tmp_path, capsys):
    # given a new unit code with the name of the built-in Strateji Geliştirme, and a good row
    rows = [GOOD[0], ["birim", "arge", "Strateji Geliştirme", "", "", "", "", "", "", "", ""]]
    units_before, nodes_before = Unit.objects.count(), OrgNode.objects.count()
    # when
    with pytest.raises(CommandError):
        call_command("import_org", str(_write_xlsx(tmp_path / "org.xlsx", rows)))
    # then: one located message, nothing written
    err = capsys.readouterr().err
    assert "Kurumlar" in err and "3" in err and "strateji" in err and "Traceback" not in err
    assert (Unit.objects.count(), OrgNode.objects.count()) == (units_before, nodes_before)


def test_a_built_in_unit_is_updated_by_its_code(built_in_units, tmp_path):
    rows = [["birim", "strateji", "Strateji Geliştirme", "", "", "", "", "", "", "", "AR-GE; Strateji"]]
    call_command("import_org", str(_write_xlsx(tmp_path / "org.xlsx", rows)))
    assert Unit.objects.get(code="strateji").alias_list == ["AR-GE", "Strateji"]


def test_two_units_of_one_name_in_a_file_are_refused(db, tmp_path, capsys):
    rows = [
        ["birim", "proje", "Proje Koordinasyon", "", "", "", "", "", "", "", ""],
        ["birim", "proje2", "proje koordinasyon", "", "", "", "", "", "", "", ""],
    ]
    before = Unit.objects.count()
    with pytest.raises(CommandError):
        call_command("import_org", str(_write_csv(tmp_path / "org.csv", rows)))
    assert "Traceback" not in capsys.readouterr().err
    assert Unit.objects.count() == before and not Unit.objects.filter(code__startswith="proje").exists()


def test_the_docs_list_every_built_in_unit():
    from pathlib import Path

    from izlem.org.standard_units import STANDARD_UNITS

    text = (Path(__file__).resolve().parents[3] / "docs" / "import-org.md").read_text()
    for code, name, _aliases in STANDARD_UNITS:
        assert f"`{code}`" in text and name in text, code
