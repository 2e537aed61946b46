"""The Harezmi report to the Ministry: the background job, its PDF and XLSX, reuse and who may make it."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from izlem.harezmi.models import Session
from izlem.reports import ministry_report
from izlem.reports.models import ReportJob

# Uploads in a temporary folder, English texts: as in every Harezmi test.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")


@pytest.fixture(autouse=True)
def _tasks(settings):
    """Tasks run at once (the worker's job, in the test's process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _pdf_text(job, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    job.pdf.open("rb")
    try:
        path.write_bytes(job.pdf.read())
    finally:
        job.pdf.close()
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return " ".join(text.split())  # table cells wrap: compare words, not lines


def _generate(client, user, program_year, node, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:ministry-generate", args=[node.pk]) + f"?year={program_year.pk}")


def test_job_runs_and_the_pdf_has_the_expected_figures(
    world, stats_world, client, tmp_path, django_capture_on_commit_callbacks
):
    # when
    response = _generate(
        client,
        world.province_coordinator,
        stats_world.year,
        world.province,
        django_capture_on_commit_callbacks,
    )
    # then
    job = ReportJob.objects.get(kind="ministry")
    assert response.status_code == 302 and response.url == reverse("reports:ministry-job", args=[job.pk])
    assert (job.state, job.progress, job.program_year, job.node, job.period) == (
        "done",
        100,
        stats_world.year,
        world.province,
        None,
    )
    summary = job.data["summary"]
    assert (summary["schools"], summary["teams"], summary["students"], summary["sessions_held"]) == (
        2,
        3,
        4,
        2,
    )
    assert (
        summary["visits_done"],
        summary["visits_unplanned"],
        summary["trainings"],
        summary["projects"],
        summary["student_mobility"],
    ) == (1, 1, 3, 3, 5)  # 1 planned visit made; the province's unplanned visit apart
    assert [row["name"] for row in job.data["rows"]] == ["Merkez", "Tercan", "Erzincan (own records)"]
    for key in ("trainings", "projects", "teacher_mobility", "student_mobility", "teachers", "participants"):
        assert summary[key] == sum(row[key] for row in job.data["rows"]), key
    text = _pdf_text(job, tmp_path)
    assert "report to the Ministry" in text
    for expected in (
        "Merkez",
        "Tercan",
        "Merkez Harezmi eğitimi",
        "erasmus projesi",
        "Approved by",
        "Prepared by",
    ):
        assert expected in text, expected
    assert "By district" in text and "Sessions" in text and "Field visits" in text
    workbook = load_workbook(io.BytesIO(job.xlsx.read()))
    assert workbook.sheetnames == ["Summary", "By district", "Trainings", "Projects", "Information"]
    rows = list(workbook["By district"].iter_rows(values_only=True))
    assert rows[1][:5] == ("Merkez", "2401", 1, 2, 2) and rows[-1][:3] == ("Total", "24", 2)


def test_the_same_data_reuses_the_job_and_a_change_makes_a_new_one(
    world, stats_world, client, django_capture_on_commit_callbacks
):
    program_year, node = stats_world.year, world.district_a
    _generate(client, world.district_coordinator, program_year, node, django_capture_on_commit_callbacks)
    _generate(client, world.district_coordinator, program_year, node, django_capture_on_commit_callbacks)
    assert ReportJob.objects.filter(kind="ministry").count() == 1
    Session.objects.filter(state=Session.State.NOT_HELD).update(state=Session.State.HELD)
    session = Session.objects.filter(team__school=world.school_a1).first()
    session.save()  # an edit through the model moves the latest change
    _generate(client, world.district_coordinator, program_year, node, django_capture_on_commit_callbacks)
    jobs = ReportJob.objects.filter(kind="ministry").order_by("pk")
    assert jobs.count() == 2 and jobs.last().data["summary"]["sessions_held"] == 2  # Merkez: both A1 sessions


def test_progress_and_files_are_served_to_readers_only(
    world, stats_world, client, django_capture_on_commit_callbacks
):
    _generate(
        client,
        world.district_coordinator,
        stats_world.year,
        world.district_a,
        django_capture_on_commit_callbacks,
    )
    job = ReportJob.objects.get(kind="ministry")
    for name, args in (
        ("reports:ministry-job", [job.pk]),
        ("reports:ministry-job-progress", [job.pk]),
        ("reports:ministry-job-file", [job.pk, "pdf"]),
        ("reports:ministry-job-file", [job.pk, "xlsx"]),
    ):
        client.force_login(world.district_coordinator)
        assert client.get(reverse(name, args=args)).status_code == 200
        client.force_login(world.province_coordinator)  # above: reads it
        assert client.get(reverse(name, args=args)).status_code == 200
        for outsider in (world.outsider, world.principal, world.teacher, world.other_manager):
            client.force_login(outsider)
            assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("user", ["principal", "teacher", "outsider", "other_manager", "stakeholder"])
def test_others_cannot_generate_merkez_and_nothing_is_queued(
    world, stats_world, client, user, django_capture_on_commit_callbacks
):
    response = _generate(
        client, getattr(world, user), stats_world.year, world.district_a, django_capture_on_commit_callbacks
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_district_coordinator_cannot_generate_the_province_report(
    world, stats_world, client, django_capture_on_commit_callbacks
):
    response = _generate(
        client,
        world.district_coordinator,
        stats_world.year,
        world.province,
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()
    client.force_login(world.district_coordinator)
    index = client.get(reverse("reports:ministry"), {"year": stats_world.year.pk})
    assert index.status_code == 200
    assert f"/generate/{world.district_a.pk}/" in index.content.decode()
    assert f"/generate/{world.province.pk}/" not in index.content.decode()


def test_ministry_jobs_stay_out_of_the_monitoring_job_lists(world, stats_world):
    from izlem.reports import access

    job = ministry_report.ministry_job_request(
        by=world.planning_officer, program_year=stats_world.year, node=world.province
    )
    assert job.kind == "ministry"
    assert not access.report_jobs_visible(world.planning_officer).filter(pk=job.pk).exists()
