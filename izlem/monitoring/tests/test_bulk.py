"""Bulk XLSX entry: uploads written all or nothing, the pages and who may use them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from izlem.monitoring.bulk.upload import upload_progress, write_progress_key
from izlem.monitoring.models import BulkUpload, Period, Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.plans.models import Goal, Plan, Target
from tests.support.bulk import post_file, row_of, template_of, upload_workbook, values_stored
from tests.support.monitoring import make_indicator

pytestmark = pytest.mark.usefixtures("bulk_settings")


# --- uploads that are written ------------------------------------------------------------------------
def test_upload_writes_exactly_the_values(world, period, client):
    # given
    workbook = template_of(client, world.principal, period)
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, "1.250"  # Turkish thousands grouping as text
    # when
    upload = upload_workbook(client, period, workbook)
    # then
    assert (upload.state, upload.errors, upload.written) == ("done", [], 2)
    assert (upload.processed, upload.total) == (2, 2)
    assert values_stored() == [
        ("700001", "1.1.1 Ortaokul", Decimal("75.0000"), Decimal("30.0000"), Decimal("40.0000")),
        ("700001", "1.1.2", Decimal("1250.0000"), None, None),
    ]
    assert set(Value.objects.values_list("entered_by", flat=True)) == {world.principal.pk}


def test_sending_the_prefilled_template_back_changes_nothing(world, period, client):
    # given
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=row_of("1.1.2"), value=Decimal(110)
    )
    workbook = template_of(client, world.principal, period)
    # when
    upload = upload_workbook(client, period, workbook)
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
    Value.objects.create(
        period=earlier, entity=world.school_a1, submission=old, row=row_of("1.1.2"), value=100
    )
    workbook = template_of(client, world.principal, period)
    workbook["Schools"]["E3"] = 500
    # when: no note
    refused = upload_workbook(client, period, workbook)
    # then
    assert refused.state == "failed" and refused.errors == [
        "sheet Schools, row 3, column E (1.1.2): The value differs from the last one (100) by more than 50 %. "
        "To keep the value, explain it in the column F (Note) of this line."
    ]
    assert Value.objects.filter(period=period).count() == 0
    # when: with a note
    workbook["Schools"]["F3"] = "Yeni bina açıldı"
    accepted = upload_workbook(client, period, workbook)
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
    workbook = template_of(client, world.district_planner, period)
    sheet = workbook["Schools"]
    sheet["E3"], sheet["F3"], sheet["G3"] = 30, 40, 110  # Atatürk Ortaokulu
    sheet["C4"], sheet["D4"], sheet["G4"] = 9, 10, 90  # Gazi İlkokulu
    # when
    upload = upload_workbook(client, period, workbook)
    # then
    assert (upload.state, upload.errors, upload.written) == ("done", [], 4)
    assert values_stored() == [
        ("700001", "1.1.1 Ortaokul", Decimal("75.0000"), Decimal("30.0000"), Decimal("40.0000")),
        ("700001", "1.1.2", Decimal("110.0000"), None, None),
        ("700002", "1.1.1 İlkokul", Decimal("90.0000"), Decimal("9.0000"), Decimal("10.0000")),
        ("700002", "1.1.2", Decimal("90.0000"), None, None),
    ]
    assert Submission.objects.filter(period=period, state="draft").count() == 2


# --- pages and permissions ---------------------------------------------------------------------------
def test_status_page_shows_the_result_and_stops_polling(world, period, client):
    workbook = template_of(client, world.principal, period)
    workbook["Schools"]["E3"] = "abc"
    upload = upload_workbook(client, period, workbook)
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
    workbook = template_of(client, world.principal, period)
    workbook["Schools"]["E3"] = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = upload_workbook(client, period, workbook)
    client.force_login(world.district_planner)
    assert client.get(reverse("monitoring:bulk-status", args=[upload.pk])).status_code == 404
    client.force_login(world.other_manager)
    assert post_file(client, period, buffer.getvalue()).status_code == 404
    assert BulkUpload.objects.count() == 1


def test_done_page_tells_how_many_values_were_written(world, period, client):
    workbook = template_of(client, world.principal, period)
    workbook["Schools"]["C3"], workbook["Schools"]["D3"] = 30, 40
    upload = upload_workbook(client, period, workbook)
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
