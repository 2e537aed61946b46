"""Plan exchange: the XLSX round trip and messages for bad workbooks (JSON: test_plan_json.py)."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from izlem.plans.exchange.reader import PlanWorkbookError, read_plan_workbook
from izlem.plans.exchange.writer import write_plan_workbook
from izlem.plans.importers.loader.load import plan_import_document
from izlem.plans.models import Indicator, Plan, YearValue
from izlem.plans.plan_json.writer import plan_json as plan_to_json


def _workbook_bytes(plan) -> bytes:
    buffer = io.BytesIO()
    write_plan_workbook(plan, buffer)
    return buffer.getvalue()


def test_xlsx_round_trip_gives_an_identical_plan(world, seed_plan):
    # given a planner's edit, so the round trip also carries non-default yearly targets
    value = YearValue.objects.get(
        row__indicator__plan=seed_plan, row__indicator__code="1.1.3", kind="target", year=2017
    )
    value.value, value.is_default = Decimal("95.5"), False
    value.save()
    before = plan_to_json(seed_plan)
    # when the workbook is read back into the same plan
    document = read_plan_workbook(io.BytesIO(_workbook_bytes(seed_plan)))
    result = plan_import_document(document)
    # then nothing changed
    assert result.plan.pk == seed_plan.pk and result.changes == 0
    assert plan_to_json(result.plan) == before
    # and into another owner it builds an equal plan
    copy = plan_import_document(document, owner=world.other_province).plan
    after = plan_to_json(copy)
    for data in (before, after):
        data["plan"].pop("province_name")
    assert after == before
    edited = YearValue.objects.get(
        row__indicator__plan=copy, row__indicator__code="1.1.3", kind="target", year=2017
    )
    assert edited.is_default is False and edited.value == Decimal("95.5")


def test_xlsx_numbers_are_numbers_and_formula_text_is_neutralised(seed_plan):
    seed_plan.mission = '=HYPERLINK("http://x")'
    seed_plan.save()
    workbook = load_workbook(io.BytesIO(_workbook_bytes(seed_plan)))
    rows = list(workbook["Göstergeler"].iter_rows(values_only=True))
    assert isinstance(rows[1][5], float)  # a baseline cell
    mission = dict(list(workbook["Plan"].iter_rows(values_only=True))[1:])["Misyon"]
    assert mission.startswith("'=")
    assert read_plan_workbook(io.BytesIO(_workbook_bytes(seed_plan))).mission == '=HYPERLINK("http://x")'


def test_bad_workbook_gets_per_cell_messages_and_nothing_is_written(seed_plan, tmp_path, capsys):
    # given a workbook with a text in a number cell, an unknown unit and a target that does not exist
    workbook = load_workbook(io.BytesIO(_workbook_bytes(seed_plan)))
    sheet = workbook["Göstergeler"]
    sheet["F2"] = "elli iki"
    sheet["D3"] = "kilogram"
    sheet["B4"] = "9.9"
    path = tmp_path / "bozuk.xlsx"
    workbook.save(path)
    name_before = Indicator.objects.get(plan=seed_plan, code="1.1.1").name
    history_before = Indicator.history.count()
    # when
    with pytest.raises(CommandError):
        call_command("import_plan", str(path))
    # then
    err = capsys.readouterr().err
    for fragment in ("Göstergeler", "2", "elli iki", "kilogram", "9.9", "Başlangıç 2012", "Birim", "Hedef"):
        assert fragment in err
    assert Indicator.history.count() == history_before
    assert Indicator.objects.get(plan=seed_plan, code="1.1.1").name == name_before
    assert Plan.objects.count() == 1


def test_workbook_without_a_sheet_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "bos.xlsx"
    Workbook().save(path)
    with pytest.raises(PlanWorkbookError) as error:
        read_plan_workbook(path)
    assert any("Göstergeler" in message for message in error.value.messages)


def test_export_unknown_plan_is_a_clear_error(db):
    with pytest.raises(CommandError):
        call_command("export_plan", "999", "--format", "json")


def test_calibrated_bounds_travel_through_the_workbook_exactly(world, seed_plan):
    # given a row with a valid range of 12,5 to 99,75 and another with only a largest value
    from izlem.plans.models import IndicatorRow

    rows = list(IndicatorRow.objects.filter(indicator__plan=seed_plan).order_by("pk")[:2])
    IndicatorRow.objects.filter(pk=rows[0].pk).update(valid_min=Decimal("12.5"), valid_max=Decimal("99.75"))
    IndicatorRow.objects.filter(pk=rows[1].pk).update(valid_max=Decimal(400))
    before = plan_to_json(seed_plan)
    # when the workbook is read back into another owner
    document = read_plan_workbook(io.BytesIO(_workbook_bytes(seed_plan)))
    copy = plan_import_document(document, owner=world.other_province).plan
    # then the bounds are the same numbers, and the plans' JSON is equal
    copied = IndicatorRow.objects.filter(indicator__plan=copy)
    assert copied.get(uid=rows[0].uid).valid_min == Decimal("12.5")
    assert copied.get(uid=rows[0].uid).valid_max == Decimal("99.75")
    assert (copied.get(uid=rows[1].uid).valid_min, copied.get(uid=rows[1].uid).valid_max) == (None, 400)
    after = plan_to_json(copy)
    for data in (before, after):
        data["plan"].pop("province_name")
    assert after == before
    # and clearing a bound in the workbook clears it on import (an empty cell: no bound)
    workbook = load_workbook(io.BytesIO(_workbook_bytes(seed_plan)))
    sheet = workbook["Göstergeler"]
    headers = [cell.value for cell in sheet[1]]
    row_id = headers.index("Satır kimliği (değiştirmeyin)")
    for line in sheet.iter_rows(min_row=2):
        if line[row_id].value == str(rows[0].uid):
            line[headers.index("Geçerli en küçük değer")].value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan_import_document(read_plan_workbook(io.BytesIO(buffer.getvalue())))
    assert result.plan.pk == seed_plan.pk
    again = IndicatorRow.objects.get(pk=rows[0].pk)
    assert (again.valid_min, again.valid_max) == (None, Decimal("99.75"))


def test_a_workbook_without_the_bound_columns_keeps_the_stored_bounds(seed_plan):
    from izlem.plans.models import IndicatorRow

    row = IndicatorRow.objects.filter(indicator__plan=seed_plan).order_by("pk").first()
    IndicatorRow.objects.filter(pk=row.pk).update(valid_min=Decimal(1), valid_max=Decimal(2))
    workbook = load_workbook(io.BytesIO(_workbook_bytes(seed_plan)))
    sheet = workbook["Göstergeler"]
    headers = [cell.value for cell in sheet[1]]
    for name in ("Geçerli en büyük değer", "Geçerli en küçük değer"):
        sheet.delete_cols(headers.index(name) + 1)
        headers = [cell.value for cell in sheet[1]]
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan_import_document(read_plan_workbook(io.BytesIO(buffer.getvalue())))
    assert result.changes == 0
    row.refresh_from_db()
    assert (row.valid_min, row.valid_max) == (1, 2)
