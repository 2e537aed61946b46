"""Report files that open clean, for the Harezmi reports: the statistics and the report to the Ministry
(workbooks read back, PDFs tagged, meaningful Turkish download names). See test_report_files.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from izlem.reports.models import ReportJob

from .test_report_files import assert_attachment, assert_opens_clean, columns

# Uploads in a temporary folder, English texts: as in every Harezmi test.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def turkish(client, settings):
    """The client asks for Turkish pages and files."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "tr"
    return client


def test_statistics_workbook_opens_clean_with_counts_and_percentages(world, stats_world, turkish):
    turkish.force_login(world.planning_officer)
    response = turkish.get(reverse("harezmi:statistics-xlsx"), {"year": stats_world.year.pk})
    workbook = assert_opens_clean(response.content)
    assert workbook.sheetnames[-1] == "Bilgi"
    table = workbook.worksheets[0]
    col = columns(table)
    merkez = next(row for row in table.iter_rows(min_row=2) if row[0].value == "Merkez")
    teachers = next(index for label, index in col.items() if label.startswith("Öğretmen"))
    assert merkez[teachers].number_format == "#,##0" and isinstance(merkez[teachers].value, int)
    rates = [index for label, index in col.items() if label.endswith("(%)")]
    assert rates and all(merkez[index].number_format == "0.00" for index in rates)
    assert merkez[col["Kod"]].value == "2401"  # a code stays text
    assert_attachment(
        response,
        "Erzincan-2025-2026-Harezmi-istatistikleri.xlsx",
        "Erzincan-2025-2026-Harezmi-istatistikleri.xlsx",
    )
    pdf = turkish.get(reverse("harezmi:statistics-pdf"), {"year": stats_world.year.pk})
    assert 'filename="Erzincan-2025-2026-Harezmi-istatistikleri.pdf"' in pdf["Content-Disposition"]
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]


def test_ministry_report_files_open_clean_and_are_named(
    world, stats_world, turkish, django_capture_on_commit_callbacks
):
    turkish.force_login(world.province_coordinator)
    url = reverse("reports:ministry-generate", args=[world.province.pk]) + f"?year={stats_world.year.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        turkish.post(url)
    job = ReportJob.objects.get(kind="ministry")
    assert job.state == "done" and "Erzincan-2025-2026-Harezmi-Bakanlik-raporu" in job.xlsx.name
    xlsx = turkish.get(reverse("reports:ministry-job-file", args=[job.pk, "xlsx"]))
    workbook = assert_opens_clean(b"".join(xlsx.streaming_content))
    info = {row[0].value: row[1].value for row in workbook["Bilgi"].iter_rows(min_row=2)}
    assert info["Program yılı"] == "2025-2026"
    assert isinstance(info["Verilerin kapsadığı son tarih"], dt.datetime)  # a real date, not text
    trainings = workbook.worksheets[2]
    starts = [row[columns(trainings)["Başlangıç tarihi"]] for row in trainings.iter_rows(min_row=2)]
    assert starts and all(
        isinstance(c.value, dt.datetime) and c.number_format == "dd.mm.yyyy" for c in starts
    )
    assert_attachment(
        xlsx,
        "Erzincan-2025-2026-Harezmi-Bakanlik-raporu.xlsx",
        "Erzincan-2025-2026-Harezmi-Bakanlık-raporu.xlsx",
    )
    pdf = turkish.get(reverse("reports:ministry-job-file", args=[job.pk, "pdf"]))
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "tr"
