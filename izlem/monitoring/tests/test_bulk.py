"""Bulk XLSX entry: the template, the upload check (every kind of bad file) and the all-or-nothing write."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from izlem.monitoring.bulk.upload import upload_progress, write_progress_key
from izlem.monitoring.models import BulkUpload, Period, Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.org.models import Unit
from izlem.plans.models import Goal, IndicatorRow, Plan, Target
from tests.support.monitoring import make_indicator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _bulk_settings(settings, tmp_path):
    """Tasks run at once, uploads go to a temporary folder, messages are the English source."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"


def _row(code, level=""):
    return IndicatorRow.objects.get(indicator__code=code, level=level)


def _template(client, user, period):
    client.force_login(user)
    response = client.get(reverse("monitoring:bulk-template", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def _post(client, period, content: bytes, name="veri.xlsx"):
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(reverse("monitoring:bulk", args=[period.pk]), {"file": upload})


def _upload(client, period, workbook) -> BulkUpload:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _post(client, period, buffer.getvalue())
    upload = BulkUpload.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert response.url == reverse("monitoring:bulk-status", args=[upload.pk])
    return upload


def _values():
    return sorted(
        (v.entity.code, str(v.row), v.value, v.numerator, v.denominator)
        for v in Value.objects.select_related("entity", "row__indicator")
    )


# --- the template ------------------------------------------------------------------------------------
def test_principal_template_holds_only_their_school_with_its_rows(world, period, client):
    # given
    middle, count = _row("1.1.1", "middle"), _row("1.1.2")
    # when
    workbook = _template(client, world.principal, period)
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
        row=_row("1.1.1", "middle"),
        numerator=Decimal("30.5"),
        denominator=Decimal(40),
    )
    entry_services.value_save(
        by=world.principal, submission=submission, row=_row("1.1.2"), value=Decimal(110)
    )
    # when
    sheet = _template(client, world.principal, period)["Schools"]
    # then
    assert [cell.value for cell in sheet[3]][:-1] == ["700001", "Atatürk Ortaokulu", 30.5, 40, 110, None]


def test_planner_template_opens_only_the_cells_that_apply(world, period, client):
    # when
    sheet = _template(client, world.district_planner, period)["Schools"]
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
    workbook = _template(client, world.planning_officer, period)
    assert workbook.sheetnames == ["Schools", "Province", "Instructions"]
    assert [c.value for c in workbook["Schools"]["A"]][2:] == ["700001", "700002", "700003"]
    province = workbook["Province"]
    assert [c.value for c in province[1]][:-1] == ["Code", "Name", "1.1.3", "Note"]
    assert [c.value for c in province[3]][:-1] == ["24", "Erzincan", None, None]


def test_submitted_school_is_prefilled_and_locked(world, period, client):
    # given
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=_row("1.1.2"), value=Decimal(110)
    )
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    # when
    sheet = _template(client, world.principal, period)["Schools"]
    # then
    assert [cell.value for cell in sheet[3]][:-1] == ["700001", "Atatürk Ortaokulu", None, None, 110, None]
    assert all(cell.protection.locked for cell in sheet[3])
    assert sheet["E3"].fill.fgColor.rgb == "00EDEDED"


def test_template_queries_do_not_grow_with_the_schools(world, period, client, django_assert_max_num_queries):
    client.force_login(world.planning_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:bulk-template", args=[period.pk]))
    assert response.status_code == 200


# --- uploads that are written ------------------------------------------------------------------------
def test_upload_writes_exactly_the_values(world, period, client):
    # given
    workbook = _template(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, "1.250"  # Turkish thousands grouping as text
    # when
    upload = _upload(client, period, workbook)
    # then
    assert (upload.state, upload.errors, upload.written) == ("done", [], 2)
    assert (upload.processed, upload.total) == (2, 2)
    assert _values() == [
        ("700001", "1.1.1 Ortaokul", Decimal("75.0000"), Decimal("30.0000"), Decimal("40.0000")),
        ("700001", "1.1.2", Decimal("1250.0000"), None, None),
    ]
    assert set(Value.objects.values_list("entered_by", flat=True)) == {world.principal.pk}


def test_sending_the_prefilled_template_back_changes_nothing(world, period, client):
    # given
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=_row("1.1.2"), value=Decimal(110)
    )
    workbook = _template(client, world.principal, period)
    # when
    upload = _upload(client, period, workbook)
    # then
    assert (upload.state, upload.written, upload.processed, upload.total) == ("done", 0, 1, 1)
    assert Value.objects.get().version == 1


def test_outlier_needs_the_line_note_and_is_then_accepted(world, period, small_plan, client):
    # given: last period's value was 100
    earlier = Period.objects.create(
        plan=small_plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 1, 1),
        school_due=dt.date(2016, 7, 1),
        district_due=dt.date(2016, 7, 2),
    )
    old = Submission.objects.create(period=earlier, entity=world.school_a1, state="approved")
    Value.objects.create(period=earlier, entity=world.school_a1, submission=old, row=_row("1.1.2"), value=100)
    workbook = _template(client, world.principal, period)
    workbook["Schools"]["E3"] = 500
    # when: no note
    refused = _upload(client, period, workbook)
    # then
    assert refused.state == "failed" and refused.errors == [
        "sheet Schools, row 3, column E (1.1.2): The value differs from the last one (100) by more than 50 %. "
        "To keep the value, explain it in the column F (Note) of this line."
    ]
    assert Value.objects.filter(period=period).count() == 0
    # when: with a note
    workbook["Schools"]["F3"] = "Yeni bina açıldı"
    accepted = _upload(client, period, workbook)
    # then
    value = Value.objects.get(period=period)
    assert (accepted.state, accepted.written) == ("done", 1)
    assert (value.value, value.note, value.outlier_confirmed) == (
        Decimal("500.0000"),
        "Yeni bina açıldı",
        True,
    )


def test_district_planner_fills_their_schools_in_one_file(world, period, client):
    # needs entry_services.value_save(via_bulk=True) to accept access.can_bulk_enter_row
    # given
    workbook = _template(client, world.district_planner, period)
    sheet = workbook["Schools"]
    sheet["E3"], sheet["F3"], sheet["G3"] = 30, 40, 110  # Atatürk Ortaokulu
    sheet["C4"], sheet["D4"], sheet["G4"] = 9, 10, 90  # Gazi İlkokulu
    # when
    upload = _upload(client, period, workbook)
    # then
    assert (upload.state, upload.errors, upload.written) == ("done", [], 4)
    assert _values() == [
        ("700001", "1.1.1 Ortaokul", Decimal("75.0000"), Decimal("30.0000"), Decimal("40.0000")),
        ("700001", "1.1.2", Decimal("110.0000"), None, None),
        ("700002", "1.1.1 İlkokul", Decimal("90.0000"), Decimal("9.0000"), Decimal("10.0000")),
        ("700002", "1.1.2", Decimal("90.0000"), None, None),
    ]
    assert Submission.objects.filter(period=period, state="draft").count() == 2


# --- bad files: each reported by place, nothing written ----------------------------------------------
@pytest.fixture
def stored(world, period):
    """One value already stored, so that 'nothing written' means it is also left alone."""
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=_row("1.1.2"), value=Decimal(110)
    )
    return Value.objects.get()


def _assert_refused(upload, errors, stored):
    assert (upload.state, upload.errors, upload.written) == ("failed", errors, 0)
    assert Value.objects.count() == 1
    value = Value.objects.get()
    assert (value.value, value.version) == (stored.value, stored.version)


def test_text_in_a_number_cell_is_refused(world, period, client, stored):
    workbook = _template(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, "çok"
    upload = _upload(client, period, workbook)
    _assert_refused(upload, ["sheet Schools, row 3, column E (1.1.2): “çok” is not a number."], stored)
    assert (upload.processed, upload.total) == (2, 2)


def test_numerator_above_denominator_is_refused_for_a_percentage(world, period, client, stored):
    workbook = _template(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 50, 40, 120
    upload = _upload(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 3, column C (1.1.1 Ortaokul — numerator): The numerator cannot be greater "
            "than the denominator for a percentage."
        ],
        stored,
    )


def test_a_school_out_of_scope_is_refused(world, period, client, stored):
    workbook = _template(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["E3"] = 120
    sheet.append(["700002", "Gazi İlkokulu", None, None, 95])
    upload = _upload(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 4, column A (Code): “700002” is not the code of a unit whose values you may "
            "enter on this sheet."
        ],
        stored,
    )


def test_a_submitted_school_is_locked(world, period, client, stored):
    workbook = _template(client, world.principal, period)
    Submission.objects.filter(entity=world.school_a1).update(state=Submission.State.SUBMITTED)
    workbook["Schools"]["E3"] = 120
    upload = _upload(client, period, workbook)
    _assert_refused(
        upload,
        [
            "sheet Schools, row 3, column E (1.1.2): the data of Atatürk Ortaokulu is submitted and cannot be changed."
        ],
        stored,
    )


def test_a_cell_that_does_not_apply_is_refused(world, period, client, stored):
    workbook = _template(client, world.district_planner, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["G4"] = 5, 10, 90  # İlkokul row for an ortaokul
    upload = _upload(client, period, workbook)
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
    workbook = _template(client, world.principal, period)
    sheet = workbook["Schools"]
    # then its cell is locked in the template (the others stay open)
    assert sheet["E3"].protection.locked and not sheet["C3"].protection.locked
    # when the principal types a number into it anyway (and a valid pair elsewhere)
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, 120
    upload = _upload(client, period, workbook)
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
    workbook = _template(client, world.unit_manager, period)
    sheet = workbook["Province"]
    assert [cell.value for cell in sheet[1]][:-1] == ["Code", "Name", "1.1.4", "Note"]
    # when: a column of 1.1.3 is slipped in
    sheet["C2"], sheet["C3"] = f"{_row('1.1.3').pk}/value", 12
    upload = _upload(client, period, workbook)
    # then
    _assert_refused(
        upload, ["sheet Province, row 3, column C (1.1.4): you may not enter 1.1.3 for Erzincan."], stored
    )


def test_a_workbook_without_template_sheets_is_refused(world, period, client, stored):
    client.force_login(world.principal)
    workbook = Workbook()
    workbook.active.append(["Okul", "Değer"])
    workbook.active.append(["700001", 5])
    upload = _upload(client, period, workbook)
    _assert_refused(
        upload,
        [
            "The file is not an izlem bulk-entry template: none of its sheets has the template's hidden key row. "
            "Download the template and fill it in."
        ],
        stored,
    )


def test_changed_columns_are_refused(world, period, client, stored):
    workbook = _template(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["E2"], sheet["C3"], sheet["D3"] = "999999/value", 30, 40
    upload = _upload(client, period, workbook)
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
    workbook = _template(client, world.principal, other)
    workbook["Schools"]["E3"] = 120
    upload = _upload(client, period, workbook)
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
    response = _post(client, period, buffer.getvalue())
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
    response = _post(client, period, content, name=name)
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert not BulkUpload.objects.exists() and Value.objects.count() == 1


def test_an_upload_to_a_closed_period_is_refused(world, period, client, stored):
    workbook = _template(client, world.principal, period)
    workbook["Schools"]["E3"] = 120
    Period.objects.filter(pk=period.pk).update(state=Period.State.CLOSED)
    upload = _upload(client, period, workbook)
    _assert_refused(
        upload, ["The period 2016 second half (year-end) is not open: no value can be entered."], stored
    )


# --- pages and permissions ---------------------------------------------------------------------------
def test_status_page_shows_the_result_and_stops_polling(world, period, client):
    workbook = _template(client, world.principal, period)
    workbook["Schools"]["E3"] = "abc"
    upload = _upload(client, period, workbook)
    response = client.get(reverse("monitoring:bulk-status", args=[upload.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "every 1s" not in body
    assert "sheet Schools, row 3, column E (1.1.2): “abc” is not a number." in body


def test_a_queued_upload_is_polled_every_second(world, period, client):
    client.force_login(world.principal)
    upload = BulkUpload.objects.create(period=period, by=world.principal, file="uploads/x.xlsx")
    response = client.get(reverse("monitoring:bulk-status", args=[upload.pk]))
    assert response.status_code == 200 and 'hx-trigger="every 1s"' in response.content.decode()


def test_bulk_page_links_the_template(world, period, client):
    client.force_login(world.principal)
    response = client.get(reverse("monitoring:bulk", args=[period.pk]))
    assert response.status_code == 200
    assert reverse("monitoring:bulk-template", args=[period.pk]) in response.content.decode()


@pytest.fixture
def district_period(world):
    """An open period of Merkez's own plan (district A)."""
    plan = Plan.objects.create(
        owner=world.district_a, title="Merkez planı", period_start=2015, period_end=2019
    )
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılım")
    make_indicator(plan, target, "1.1.1", unit="count", aggregation="sum")
    return Period.objects.create(
        plan=plan,
        year=2016,
        half="H2",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )


@pytest.mark.parametrize("name", ["bulk", "bulk-template"])
def test_outsider_gets_404_for_another_districts_period(world, district_period, client, name):
    client.force_login(world.outsider)  # top manager of Tercan
    assert client.get(reverse(f"monitoring:{name}", args=[district_period.pk])).status_code == 404
    client.force_login(world.principal)  # Merkez's principal may use it
    assert client.get(reverse(f"monitoring:{name}", args=[district_period.pk])).status_code == 200


@pytest.mark.parametrize("user", ["other_manager", "teacher", "stakeholder"])
def test_people_without_entry_get_404(world, period, client, user):
    client.force_login(getattr(world, user))
    assert client.get(reverse("monitoring:bulk", args=[period.pk])).status_code == 404
    assert client.get(reverse("monitoring:bulk-template", args=[period.pk])).status_code == 404


def test_someone_elses_upload_is_404_and_an_outsiders_post_writes_nothing(world, period, client):
    workbook = _template(client, world.principal, period)
    workbook["Schools"]["E3"] = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = _upload(client, period, workbook)
    client.force_login(world.district_planner)
    assert client.get(reverse("monitoring:bulk-status", args=[upload.pk])).status_code == 404
    client.force_login(world.other_manager)
    assert _post(client, period, buffer.getvalue()).status_code == 404
    assert BulkUpload.objects.count() == 1


def test_done_page_tells_how_many_values_were_written(world, period, client):
    workbook = _template(client, world.principal, period)
    workbook["Schools"]["C3"], workbook["Schools"]["D3"] = 30, 40
    upload = _upload(client, period, workbook)
    response = client.get(reverse("monitoring:bulk-status", args=[upload.pk]))
    body = response.content.decode()
    assert "Every cell is right: 1 value was written." in body and "every 1s" not in body


def test_write_progress_comes_from_the_cache_while_the_transaction_runs(world, period):
    # given: every cell checked; the writing transaction has done 2 of 5 values
    upload = BulkUpload.objects.create(
        period=period, by=world.principal, file="uploads/x.xlsx", state="running", total=5, processed=5
    )
    cache.set(write_progress_key(upload.pk), (2, 5))
    # when
    progress = upload_progress(upload)
    # then
    assert (progress.phase, progress.percent, progress.done, progress.of) == ("writing", 40, 2, 5)
    cache.delete(write_progress_key(upload.pk))
    assert upload_progress(upload).percent is None  # writing, amount unknown
