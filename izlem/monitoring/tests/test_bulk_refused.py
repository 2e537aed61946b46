"""Bulk XLSX entry: every kind of bad file or cell is refused, reported by its place, and nothing is written."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils.html import escape
from openpyxl import Workbook

from izlem.monitoring.models import BulkUpload, Period, Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.org.models import Unit
from tests.support.bulk import post_file, row_of, template_of, upload_workbook
from tests.support.monitoring import make_indicator

pytestmark = pytest.mark.usefixtures("bulk_settings")


# --- bad files: each reported by place, nothing written ----------------------------------------------
@pytest.fixture
def stored(world, period):
    """One value already stored, so that 'nothing written' means it is also left alone."""
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=row_of("1.1.2"), value=Decimal(110)
    )
    return Value.objects.get()


def _assert_refused(upload, errors, stored):
    assert (upload.state, upload.errors, upload.written) == ("failed", errors, 0)
    assert Value.objects.count() == 1
    value = Value.objects.get()
    assert (value.value, value.version) == (stored.value, stored.version)


def test_text_in_a_number_cell_is_refused(world, period, client, stored):
    workbook = template_of(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, "çok"
    upload = upload_workbook(client, period, workbook)
    _assert_refused(upload, ["sheet Schools, row 3, column E (1.1.2): “çok” is not a number."], stored)
    assert (upload.processed, upload.total) == (2, 2)


def test_numerator_above_denominator_is_refused_for_a_percentage(world, period, client, stored):
    workbook = template_of(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 50, 40, 120
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 3, column C (1.1.1 Ortaokul — numerator): The numerator cannot be greater "
            "than the denominator for a percentage."
        ],
        stored,
    )


def test_a_school_out_of_scope_is_refused(world, period, client, stored):
    workbook = template_of(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["E3"] = 120
    sheet.append(["700002", "Gazi İlkokulu", None, None, 95])
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 4, column A (Code): “700002” is not the code of a unit whose values you may "
            "enter on this sheet."
        ],
        stored,
    )


def test_a_submitted_school_is_locked(world, period, client, stored):
    workbook = template_of(client, world.principal, period)
    Submission.objects.filter(entity=world.school_a1).update(state=Submission.State.SUBMITTED)
    workbook["Schools"]["E3"] = 120
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 3, column E (1.1.2): the data of Atatürk Ortaokulu is submitted and cannot be changed."
        ],
        stored,
    )


def test_a_cell_that_does_not_apply_is_refused(world, period, client, stored):
    workbook = template_of(client, world.district_planner, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["G4"] = 5, 10, 90  # İlkokul row for an ortaokul
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 3, column C (1.1.1 İlkokul — numerator): 1.1.1 İlkokul is not collected from "
            "Atatürk Ortaokulu."
        ],
        stored,
    )


def test_a_computed_indicator_is_locked_in_the_template_and_refused_where_it_was_typed(
    world, period, client, stored
):
    # given: 1.1.2 is computed from the system's records
    from izlem.plans.models import Indicator

    Indicator.objects.filter(code="1.1.2").update(computed_source="trainings_held")
    workbook = template_of(client, world.principal, period)
    sheet = workbook["Schools"]
    # then its cell is locked in the template (the others stay open)
    assert sheet["E3"].protection.locked and not sheet["C3"].protection.locked
    # when the principal types a number into it anyway (and a valid pair elsewhere)
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, 120
    upload = upload_workbook(client, period, workbook)
    # then the upload is refused at that very cell, and nothing is written
    _assert_refused(
        upload,
        [
            "sheet Schools, row 3, column E (1.1.2): 1.1.2 is computed from the system's records and cannot "
            "be entered by hand."
        ],
        stored,
    )


def test_a_unit_manager_may_fill_only_their_units_rows(world, period, small_plan, client, stored):
    # given: 1.1.4 is Temel Eğitim's (the unit manager's), 1.1.3 Strateji's
    make_indicator(
        small_plan,
        small_plan.targets.get(),
        "1.1.4",
        unit="count",
        aggregation="none",
        level="province",
        responsible=Unit.objects.get(code="temel-egitim"),
    )
    workbook = template_of(client, world.unit_manager, period)
    sheet = workbook["Province"]
    assert [cell.value for cell in sheet[1]][:-1] == ["Code", "Name", "1.1.4", "Note"]
    # when: a column of 1.1.3 is slipped in
    sheet["C2"], sheet["C3"] = f"{row_of('1.1.3').pk}/value", 12
    upload = upload_workbook(client, period, workbook)
    # then
    _assert_refused(
        upload, ["sheet Province, row 3, column C (1.1.4): you may not enter 1.1.3 for Erzincan."], stored
    )


def test_a_workbook_without_template_sheets_is_refused(world, period, client, stored):
    client.force_login(world.principal)
    workbook = Workbook()
    workbook.active.append(["Okul", "Değer"])
    workbook.active.append(["700001", 5])
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "The file is not an izlem bulk-entry template: none of its sheets has the template's hidden key row. "
            "Download the template and fill it in."
        ],
        stored,
    )


def test_changed_columns_are_refused(world, period, client, stored):
    workbook = template_of(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["E2"], sheet["C3"], sheet["D3"] = "999999/value", 30, 40
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, column E (1.1.2): the column is not part of the template (its hidden key “999999/value” "
            "is unknown); download the template again."
        ],
        stored,
    )


def test_the_template_of_another_period_is_refused(world, period, small_plan, client, stored):
    other = Period.objects.create(
        plan=small_plan,
        year=2017,
        half="H1",
        open_date=dt.date(2017, 1, 1),
        school_due=dt.date(2099, 7, 1),
        district_due=dt.date(2099, 7, 2),
        state="open",
    )
    workbook = template_of(client, world.principal, other)
    workbook["Schools"]["E3"] = 120
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools: this is the template of another period; download the template of "
            "2016 second half (year-end)."
        ],
        stored,
    )


def test_a_file_that_only_looks_like_a_workbook_is_refused(world, period, client, stored):
    client.force_login(world.principal)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    response = post_file(client, period, buffer.getvalue())
    upload = BulkUpload.objects.get()
    assert response.status_code == 302
    _assert_refused(
        upload, ["The file cannot be opened as a spreadsheet; use one of: .xlsx, .xlsm, .xls, .ods."], stored
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("veri.xlsx", b"Okul;Deger\n700001;5\n", "The file's content does not match its type .xlsx."),
        ("veri.xls", b"Okul;Deger\n700001;5\n", "The file's content does not match its type .xls."),
        (
            "veri.csv",
            b"Okul;Deger\n700001;5\n",
            "Upload the file as a spreadsheet: one of .xlsx, .xlsm, .xls, .ods.",
        ),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_at_once(world, period, client, stored, name, content, message):
    client.force_login(world.principal)
    response = post_file(client, period, content, name=name)
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert not BulkUpload.objects.exists() and Value.objects.count() == 1


def test_an_upload_to_a_closed_period_is_refused(world, period, client, stored):
    workbook = template_of(client, world.principal, period)
    workbook["Schools"]["E3"] = 120
    Period.objects.filter(pk=period.pk).update(state=Period.State.CLOSED)
    upload = upload_workbook(client, period, workbook)
    _assert_refused(
        upload, ["The period 2016 second half (year-end) is not open: no value can be entered."], stored
    )
