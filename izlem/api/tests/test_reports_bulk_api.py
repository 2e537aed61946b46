"""Report jobs (generate, poll, download, publish, revoke), bulk XLSX value entry and measure evidence:
the same access checks as the pages, files only after them, and nothing changed on a refusal."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from izlem.monitoring import bulk
from izlem.monitoring.models import BulkUpload, MeasureProgress, Period, Value
from izlem.reports.models import Publication, ReportJob
from tests.support.api import ids, results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    """Uploads and generated files go to a temporary folder; tasks run at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pdf(name: str = "kanit.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


# --- report jobs -----------------------------------------------------------------------------------------


def test_officer_generates_polls_and_downloads_a_report(
    world, api, plan_data, django_capture_on_commit_callbacks
):
    client = api(world.planning_officer)
    body = {"period": plan_data.period.pk, "node": world.province.pk}
    # when the report is asked for (the worker runs it at once here)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/api/v1/report-jobs/", body)
    assert r.status_code == 201, r.content
    job = client.get(f"/api/v1/report-jobs/{r.json()['id']}/").json()
    # then it is done, with its files, and the same data reuses the job
    assert (job["state"], job["progress"]) == ("done", 100)
    assert job["pdf_url"] == f"/api/v1/report-jobs/{job['id']}/pdf/"
    again = client.post("/api/v1/report-jobs/", body)
    assert again.status_code == 200 and again.json()["id"] == job["id"] and ReportJob.objects.count() == 1
    pdf_file = client.get(job["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert pdf_file.status_code == 200 and pdf_file["Content-Type"] == "application/pdf"
    assert b"".join(pdf_file.streaming_content).startswith(b"%PDF")
    xlsx = client.get(job["xlsx_url"])
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == XLSX
    # another district does not see it (404, JSON even when a PDF is asked for)
    outsider = api(world.outsider)
    assert results(outsider.get("/api/v1/report-jobs/")) == []
    refused = outsider.get(job["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"


def test_a_job_out_of_scope_cannot_be_asked_for(world, api, plan_data):
    r = api(world.outsider).post(
        "/api/v1/report-jobs/", {"period": plan_data.period.pk, "node": world.province.pk}
    )
    assert r.status_code == 400 and "node" in r.json()["fields"]
    assert not ReportJob.objects.exists()


@pytest.fixture
def finished_job(world, plan_data):
    """A finished job of the province's report (files stored, no generation)."""
    job = ReportJob.objects.create(
        kind="six_month",
        period=plan_data.period,
        node=world.province,
        fingerprint="x",
        state="done",
        progress=100,
        data={"title": "6 Aylık İzleme Raporu"},
        requested_by=world.planning_officer,
    )
    job.pdf.save("rapor.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return job


def test_publishing_needs_a_closed_period_and_a_top_manager(world, api, plan_data, finished_job):
    url = f"/api/v1/report-jobs/{finished_job.pk}/publish/"
    open_period = api(world.province_manager).post(url)
    assert open_period.status_code == 409 and "closed period" in open_period.json()["message"]
    Period.objects.filter(pk=plan_data.period.pk).update(state="closed")
    assert api(world.planning_officer).post(url).status_code == 403
    assert not Publication.objects.exists()
    published = api(world.province_manager).post(url)
    assert published.status_code == 201 and published.json()["is_active"]
    pk = published.json()["id"]
    # stakeholders read the publication; only a top manager revokes it
    assert ids(api(world.stakeholder).get("/api/v1/publications/")) == {pk}
    assert api(world.stakeholder).post(f"/api/v1/publications/{pk}/revoke/").status_code == 403
    assert Publication.objects.get().revoked_at is None
    assert api(world.other_manager).post(f"/api/v1/publications/{pk}/revoke/").status_code == 404
    revoked = api(world.province_manager).post(f"/api/v1/publications/{pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert results(api(world.stakeholder).get("/api/v1/publications/")) == []


# --- bulk entry ---------------------------------------------------------------------------------------------


def _template(client, period) -> bytes:
    r = client.get(f"/api/v1/bulk-uploads/template/?period={period.pk}")
    assert r.status_code == 200 and r["Content-Type"] == XLSX, r.content
    return r.content


def test_principal_fills_the_template_and_uploads_it(world, api, period):
    client = api(world.principal)
    workbook = load_workbook(io.BytesIO(_template(client, period)))
    sheet = workbook["Schools"]
    sheet["C3"], sheet["D3"], sheet["E3"] = 30, 40, 125
    buffer = io.BytesIO()
    workbook.save(buffer)
    r = client.post(
        "/api/v1/bulk-uploads/",
        {"period": period.pk, "file": SimpleUploadedFile("veri.xlsx", buffer.getvalue(), content_type=XLSX)},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    upload = client.get(f"/api/v1/bulk-uploads/{r.json()['id']}/").json()
    assert (upload["state"], upload["phase"], upload["written"], upload["errors"]) == ("done", "done", 2, [])
    assert Value.objects.filter(entity=world.school_a1).count() == 2
    assert ids(client.get("/api/v1/bulk-uploads/")) == {upload["id"]}
    assert api(world.district_manager).get(f"/api/v1/bulk-uploads/{upload['id']}/").status_code == 404


def test_a_file_that_is_not_a_workbook_is_refused_at_once(world, api, period):
    r = api(world.principal).post(
        "/api/v1/bulk-uploads/", {"period": period.pk, "file": pdf()}, format="multipart"
    )
    assert r.status_code == 400 and "file" in r.json()["fields"]
    assert not BulkUpload.objects.exists()


def test_bulk_entry_is_for_those_who_enter(world, api, period):
    content = _template(api(world.principal), period)
    teacher = api(world.teacher)
    assert teacher.get(f"/api/v1/bulk-uploads/template/?period={period.pk}").status_code == 404
    refused = teacher.post(
        "/api/v1/bulk-uploads/",
        {"period": period.pk, "file": SimpleUploadedFile("veri.xlsx", content, content_type=XLSX)},
        format="multipart",
    )
    assert refused.status_code == 400 and "period" in refused.json()["fields"]  # no period in sight
    unit = api(world.district_coordinator).get(f"/api/v1/bulk-uploads/template/?period={period.pk}")
    assert unit.status_code == 404
    assert not BulkUpload.objects.exists()


def test_bulk_upload_answers_the_failed_cells(world, api, period):
    client = api(world.principal)
    workbook = load_workbook(io.BytesIO(_template(client, period)))
    workbook["Schools"]["E3"] = "çok"
    buffer = io.BytesIO()
    workbook.save(buffer)
    r = client.post(
        "/api/v1/bulk-uploads/",
        {"period": period.pk, "file": SimpleUploadedFile("veri.xlsx", buffer.getvalue(), content_type=XLSX)},
        format="multipart",
    )
    upload = client.get(f"/api/v1/bulk-uploads/{r.json()['id']}/").json()
    assert (
        upload["phase"] == "failed"
        and len(upload["errors"]) == 1
        and "row 3, column E" in upload["errors"][0]
    )
    assert not Value.objects.filter(entity=world.school_a1).exists()
    assert bulk.upload_progress(BulkUpload.objects.get()).phase == "failed"


# --- measure progress evidence --------------------------------------------------------------------------------


def test_unit_manager_attaches_evidence_and_readers_download_it(world, api, plan_data):
    url = f"/api/v1/measure-progress/{plan_data.progress.pk}/evidence/"
    r = api(world.unit_manager).post(url, {"file": pdf()}, format="multipart")
    assert r.status_code == 200, r.content
    assert r.json()["has_evidence"] and (r.json()["status"], r.json()["percent"]) == ("in_progress", 40)
    download = api(world.district_manager).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert api(world.other_manager).get(url).status_code == 404


def test_evidence_is_refused_to_others_and_on_a_closed_period(world, api, plan_data):
    url = f"/api/v1/measure-progress/{plan_data.progress.pk}/evidence/"
    assert api(world.district_manager).post(url, {"file": pdf()}, format="multipart").status_code == 403
    Period.objects.filter(pk=plan_data.period.pk).update(state="closed")
    locked = api(world.unit_manager).post(url, {"file": pdf()}, format="multipart")
    assert locked.status_code == 409 and locked.json()["code"] == "locked"
    assert not MeasureProgress.objects.get().evidence
    assert api(world.unit_manager).get(url).status_code == 404  # no file yet
