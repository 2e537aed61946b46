"""The six-month and year-end reports: figures, PDF, XLSX, background generation, reuse, publishing."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from izlem.monitoring import services as monitoring
from izlem.monitoring.models import EvaluationMeeting, Period, Spending, Submission
from izlem.plans.models import IndicatorRow
from izlem.reports import services
from izlem.reports.models import Publication, ReportJob
from izlem.reports.monitoring_report import build_report
from izlem.reports.render import report_pdf, report_xlsx


def _rows(data):
    return {
        (row["code"], row["breakdown"]): row for g in data["goals"] for t in g["targets"] for row in t["rows"]
    }


def test_year_end_report_figures_equal_hand_computed_ones(world, reported):
    data = build_report("year_end", reported, world.province)
    rows = _rows(data)
    count = rows[("1.1.2", "")]
    # 70 + 50 from two of three schools; baseline 100, 2016 target 120, plan target 150
    assert (count["actual"], count["reported"], count["expected"]) == ("120", 2, 3)
    assert count["year_target"] == "120" and count["rate"] == "100"
    middle = rows[("1.1.1", "Ortaokul")]
    assert middle["actual"] == "75" and middle["rate"] == "312.5"  # (75 − 50) / (58 − 50) × 100
    assert data["costs"]["targets"] == [
        {"code": "1.1", "planned": "1000000", "spent": "250000", "share": "25"}
    ]
    assert data["costs"]["total_spent"] == "250000" and data["costs"]["total_share"] == "16.67"
    assert data["meeting"]["decisions"] == ["Devamsızlık için eylem planı", "Kurs sayısı artırılacak"]


def test_district_report_holds_only_the_district(world, reported):
    data = build_report("year_end", reported, world.district_b)
    count = _rows(data)[("1.1.2", "")]
    assert (count["actual"], count["reported"], count["expected"]) == (None, 0, 1)
    assert data["node"]["name"] == "Tercan"


def test_pdf_is_valid_with_turkish_headings_and_numbers(world, reported):
    pdf = report_pdf(build_report("year_end", reported, world.province))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert pdf.startswith(b"%PDF") and len(reader.pages) >= 3
    for fragment in (
        "ERZİNCAN İL MİLLÎ EĞİTİM MÜDÜRLÜĞÜ",
        "1.000.000,00",
        "250.000,00",
        "Devamsızlık için eylem planı",
        "1.1.2",
    ):
        assert fragment in text, fragment


def test_xlsx_cells_are_numbers_with_formats_and_text_is_neutralised(world, reported):
    IndicatorRow.objects.filter(indicator__code="1.1.2").update(breakdown="=HYPERLINK(1)")
    workbook = load_workbook(io.BytesIO(report_xlsx(build_report("year_end", reported, world.province))))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=False))
    count = next(r for r in rows if r[2].value == "1.1.2")
    assert count[9].value == 120 and count[9].number_format == "#,##0"  # a count: whole
    ratio = next(r for r in rows if r[2].value == "1.1.1" and r[9].value is not None)
    assert ratio[9].number_format == "#,##0.00"  # a percentage indicator: two decimals
    assert count[4].value == "'=HYPERLINK(1)"
    costs = next(sheet for sheet in workbook.worksheets if sheet.title in ("Costs", "Maliyetler"))
    assert any(isinstance(c.value, float | int) and c.value == 1000000 for r in costs.iter_rows() for c in r)


def test_background_generation_reuses_the_finished_file(
    world, reported, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_request(by=world.planning_officer, period=reported, node=world.province)
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100) and job.pdf and job.xlsx and job.seconds is not None
    again = services.job_request(by=world.planning_officer, period=reported, node=world.province)
    assert again.pk == job.pk and ReportJob.objects.count() == 1
    # a change of the data gives a new job
    monitoring.value_save(
        by=world.planning_officer,
        submission=monitoring.submission_get_or_create(period=reported, entity=world.province),
        row=IndicatorRow.objects.get(indicator__code="1.1.3"),
        value=Decimal(12),
    )
    with django_capture_on_commit_callbacks(execute=True):
        newer = services.job_request(by=world.planning_officer, period=reported, node=world.province)
    assert newer.pk != job.pk


def test_job_page_shows_progress_then_files(world, reported, client):
    job = ReportJob.objects.create(
        kind="year_end",
        period=reported,
        node=world.province,
        fingerprint="x",
        state="running",
        progress=40,
        step="Hesaplanıyor",
    )
    client.force_login(world.planning_officer)
    fragment = client.get(reverse("reports:job-progress", args=[job.pk])).content.decode()
    assert 'aria-valuenow="40"' in fragment and "every 1s" in fragment
    client.force_login(world.other_manager)
    assert client.get(reverse("reports:job-detail", args=[job.pk])).status_code == 404


def _done_job(world, period):
    data = build_report("year_end", period, world.province)
    job = ReportJob.objects.create(
        kind="year_end",
        period=period,
        node=world.province,
        fingerprint="f",
        state="done",
        progress=100,
        data=data,
    )
    from django.core.files.base import ContentFile

    job.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"))
    return job


def test_publish_needs_a_closed_period_and_a_top_manager(world, reported):
    job = _done_job(world, reported)
    with pytest.raises(ValidationError):
        services.publish(by=world.province_manager, job=job)
    Period.objects.filter(pk=reported.pk).update(state="closed")
    job.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.publish(by=world.planning_officer, job=job)
    with pytest.raises(PermissionDenied):
        services.publish(by=world.district_manager, job=job)
    assert not Publication.objects.exists()
    publication = services.publish(by=world.province_manager, job=job)
    assert len(publication.token) >= 40


def test_snapshot_is_frozen_and_revocable(world, reported, client):
    Period.objects.filter(pk=reported.pk).update(state="closed")
    job = _done_job(world, reported)
    job.refresh_from_db()
    publication = services.publish(by=world.province_manager, job=job)
    url = reverse("reports:publication-page", args=[publication.token])
    before = client.get(url).content.decode()
    assert "120" in before and "Tercan" not in before
    # a later change does not reach the snapshot
    IndicatorRow.objects.filter(indicator__code="1.1.2").update(breakdown="Sonradan değişti")
    Submission.objects.filter(entity=world.school_a2).update(state="draft")
    after = client.get(url).content.decode()
    assert "Sonradan değişti" not in after and "120" in after
    # stakeholders see it in their list; the other province does not
    client.force_login(world.stakeholder)
    assert publication.title in client.get(reverse("reports:publication-list")).content.decode()
    client.force_login(world.other_manager)
    assert publication.title not in client.get(reverse("reports:publication-list")).content.decode()
    # revocation
    services.revoke(by=world.province_manager, publication=publication)
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:publication-pdf", args=[publication.token])).status_code == 404


def test_report_page_in_scope_and_out(world, reported, client):
    client.force_login(world.district_manager)
    assert (
        client.get(reverse("reports:report-page", args=[reported.pk, world.district_a.pk])).status_code == 200
    )
    assert (
        client.get(reverse("reports:report-page", args=[reported.pk, world.province.pk])).status_code == 404
    )
    client.force_login(world.stakeholder)
    assert (
        client.get(reverse("reports:report-page", args=[reported.pk, world.province.pk])).status_code == 404
    )


def test_meeting_and_spending_inputs(world, reported, client):
    client.force_login(world.province_manager)
    response = client.post(
        reverse("reports:meeting-edit", args=[reported.pk]),
        {
            "date": "2017-01-30",
            "place": "Salon",
            "chair": world.province_manager.pk,
            "attendees": "A\nB",
            "minutes": "",
            "decisions": "Karar 1",
        },
    )
    assert response.status_code == 302 and EvaluationMeeting.objects.get().decision_list == ["Karar 1"]
    client.force_login(world.planning_officer)
    target = reported.plan.targets.get()
    response = client.post(
        reverse("reports:spending-edit", args=[reported.plan.pk]),
        {f"s-{target.pk}-2017": "12.500,50", f"s-{target.pk}-2015": "150.000,00", f"s-{target.pk}-2016": ""},
    )
    assert response.status_code == 302
    assert dict(Spending.objects.values_list("year", "amount")) == {
        2015: Decimal("150000.00"),
        2017: Decimal("12500.50"),
    }
    client.force_login(world.principal)
    assert client.get(reverse("reports:spending-edit", args=[reported.plan.pk])).status_code == 404
    bad = Spending.objects.count()
    client.force_login(world.planning_officer)
    response = client.post(
        reverse("reports:spending-edit", args=[reported.plan.pk]), {f"s-{target.pk}-2017": "on iki"}
    )
    assert response.status_code == 200 and Spending.objects.count() == bad
