"""Bulk XLSX entry: the template each person downloads, pre-filled and locked where nothing may change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from izlem.monitoring.models import Submission
from izlem.monitoring.services import entry as entry_services
from tests.support.bulk import row_of, template_of

pytestmark = pytest.mark.usefixtures("bulk_settings")


# --- the template ------------------------------------------------------------------------------------
def test_principal_template_holds_only_their_school_with_its_rows(world, period, client):
    # given
    middle, count = row_of("1.1.1", "middle"), row_of("1.1.2")
    # when
    workbook = template_of(client, world.principal, period)
    # then
    assert workbook.sheetnames == ["Schools", "Instructions"]
    sheet = workbook["Schools"]
    lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    versions = lines[2].pop()  # the hidden, signed record of what the line held (nothing yet)
    assert lines == [
        ["Code", "Name", "1.1.1 Ortaokul — numerator", "1.1.1 Ortaokul — denominator", "1.1.2", "Note", None],
        [
            f"izlem-bulk/{period.pk}/school",
            "name",
            f"{middle.pk}/numerator",
            f"{middle.pk}/denominator",
            f"{count.pk}/value",
            "note",
            "versions",
        ],
        ["700001", "Atatürk Ortaokulu", None, None, None, None],
    ]
    assert versions.startswith(":")  # no stored value: an empty record, signed
    assert sheet.protection.sheet is True and sheet.row_dimensions[2].hidden is True
    assert sheet.column_dimensions["G"].hidden is True
    assert [cell.protection.locked for cell in sheet[3]] == [True, True, False, False, False, False, True]


def test_template_is_prefilled_with_the_current_values(world, period, client):
    # given
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=row_of("1.1.1", "middle"),
        numerator=Decimal("30.5"),
        denominator=Decimal(40),
    )
    entry_services.value_save(
        by=world.principal, submission=submission, row=row_of("1.1.2"), value=Decimal(110)
    )
    # when
    sheet = template_of(client, world.principal, period)["Schools"]
    # then
    assert [cell.value for cell in sheet[3]][:-1] == ["700001", "Atatürk Ortaokulu", 30.5, 40, 110, None]


def test_planner_template_opens_only_the_cells_that_apply(world, period, client):
    # when
    sheet = template_of(client, world.district_planner, period)["Schools"]
    # then
    assert [cell.value for cell in sheet[1]][:-1] == [  # the last column: hidden versions
        "Code",
        "Name",
        "1.1.1 İlkokul — numerator",
        "1.1.1 İlkokul — denominator",
        "1.1.1 Ortaokul — numerator",
        "1.1.1 Ortaokul — denominator",
        "1.1.2",
        "Note",
    ]
    assert [cell.value for cell in sheet["A"]][2:] == ["700001", "700002"]  # Tercan's school is not theirs
    open_a1 = [not cell.protection.locked for cell in sheet[3]][:-1]
    open_a2 = [not cell.protection.locked for cell in sheet[4]][:-1]
    assert open_a1 == [False, False, False, False, True, True, True, True]  # ortaokul: no İlkokul row
    assert open_a2 == [False, False, True, True, False, False, True, True]  # ilkokul: no Ortaokul row
    assert sheet["C3"].fill.fgColor.rgb == "00BFBFBF" and sheet["E4"].fill.fgColor.rgb == "00BFBFBF"


def test_province_planner_gets_every_school_and_the_province_rows(world, period, client):
    workbook = template_of(client, world.planning_officer, period)
    assert workbook.sheetnames == ["Schools", "Province", "Instructions"]
    assert [c.value for c in workbook["Schools"]["A"]][2:] == ["700001", "700002", "700003"]
    province = workbook["Province"]
    assert [c.value for c in province[1]][:-1] == ["Code", "Name", "1.1.3", "Note"]
    assert [c.value for c in province[3]][:-1] == ["24", "Erzincan", None, None]


def test_submitted_school_is_prefilled_and_locked(world, period, client):
    # given
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=row_of("1.1.2"), value=Decimal(110)
    )
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    # when
    sheet = template_of(client, world.principal, period)["Schools"]
    # then
    assert [cell.value for cell in sheet[3]][:-1] == ["700001", "Atatürk Ortaokulu", None, None, 110, None]
    assert all(cell.protection.locked for cell in sheet[3])
    assert sheet["E3"].fill.fgColor.rgb == "00EDEDED"


def test_template_queries_do_not_grow_with_the_schools(world, period, client, django_assert_max_num_queries):
    client.force_login(world.planning_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:bulk-template", args=[period.pk]))
    assert response.status_code == 200
