"""Helpers of the bulk-entry tests: download a template, post a filled copy, read the stored values."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from izlem.monitoring.models import BulkUpload, Value
from izlem.plans.models import IndicatorRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row_of(code, level=""):
    """The indicator row of an indicator code (and level)."""
    return IndicatorRow.objects.get(indicator__code=code, level=level)


def template_of(client, user, period):
    """The bulk template the user downloads for the period, as an openpyxl workbook."""
    client.force_login(user)
    response = client.get(reverse("monitoring:bulk-template", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def post_file(client, period, content: bytes, name="veri.xlsx"):
    """Post a file to the period's bulk page as the logged-in user."""
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(reverse("monitoring:bulk", args=[period.pk]), {"file": upload})


def upload_workbook(client, period, workbook) -> BulkUpload:
    """Upload a workbook and return its upload, after the redirect to its status page."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_file(client, period, buffer.getvalue())
    upload = BulkUpload.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert response.url == reverse("monitoring:bulk-status", args=[upload.pk])
    return upload


def values_stored():
    """Every stored value as (entity code, row, value, numerator, denominator), sorted."""
    return sorted(
        (v.entity.code, str(v.row), v.value, v.numerator, v.denominator)
        for v in Value.objects.select_related("entity", "row__indicator")
    )
