"""Locked data: once a submission is approved, or its period closed, no path changes a value —
the entry form, the htmx line save, the bulk XLSX upload, the API (PUT and POST) or the admin."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from izlem.monitoring import services
from izlem.monitoring.models import BulkUpload, Period, Submission, Value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCKS = ("approved", "closed")
PATHS = ("form", "htmx", "sysadmin_form", "bulk", "api_put", "api_post", "api_patch", "admin")


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    """Tasks (the bulk import) run at once; uploads go to a temporary folder; English messages."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"


def snapshot() -> list[tuple]:
    """Every stored value with its version (what must not move)."""
    return sorted(
        Value.objects.values_list("pk", "entity_id", "row_id", "value", "numerator", "denominator", "version")
    )


def lock(kind: str, world, data) -> None:
    """Approve school A1's submission, or close the period."""
    if kind == "approved":
        services.submission_submit(by=world.principal, submission=data.school_submission)
        services.submission_approve(by=world.district_manager, submission=data.school_submission)
        assert Submission.objects.get(pk=data.school_submission.pk).state == Submission.State.APPROVED
    else:
        Period.objects.filter(pk=data.period.pk).update(state=Period.State.CLOSED)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("kind", LOCKS)
def test_no_path_changes_a_locked_value(world, plan_data, api, client, kind, path):
    # given school A1's count value, and (for the bulk path) a template filled before the lock
    data = plan_data
    value = Value.objects.get(entity=world.school_a1, row=data.count_row)
    save_url = reverse("monitoring:value-save", args=[data.period.pk, world.school_a1.pk, data.count_row.pk])
    workbook = None
    if path == "bulk":
        client.force_login(world.principal)
        template = client.get(reverse("monitoring:bulk-template", args=[data.period.pk]))
        workbook = load_workbook(io.BytesIO(template.content))
    lock(kind, world, data)
    before = snapshot()
    uploads_before = BulkUpload.objects.count()
    # when someone tries to change it
    if path in ("form", "htmx"):
        client.force_login(world.principal)
        extra = {"HTTP_HX_REQUEST": "true"} if path == "htmx" else {}
        response = client.post(save_url, {"value": "999", "version": value.version}, **extra)
        assert response.status_code in (200, 302, 400, 404)
    elif path == "sysadmin_form":
        from django_otp.plugins.otp_static.models import StaticDevice

        client.force_login(world.sysadmin)
        device = StaticDevice.objects.create(user=world.sysadmin, name="t", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        response = client.post(save_url, {"value": "999", "version": value.version})
        assert response.status_code in (200, 302, 400, 404)
    elif path == "bulk":
        sheet = workbook["Schools"]
        row_number = next(
            r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == world.school_a1.code
        )
        column = next(
            c for c in range(1, sheet.max_column + 1) if str(sheet.cell(1, c).value or "").startswith("1.1.2")
        )
        sheet.cell(row_number, column).value = 999
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("veri.xlsx", buffer.getvalue(), content_type=XLSX)
        response = client.post(reverse("monitoring:bulk", args=[data.period.pk]), {"file": upload})
        assert response.status_code in (200, 302, 404)
        if BulkUpload.objects.count() > uploads_before:  # the upload was taken, and refused
            assert BulkUpload.objects.order_by("-pk").first().state != BulkUpload.State.DONE
    elif path == "api_put":
        response = api(world.principal).put(
            f"/api/v1/values/{value.pk}/", {"value": "999", "version": value.version}, format="json"
        )
        assert 400 <= response.status_code < 500
        assert response.json()["message"]
    elif path == "api_patch":
        response = api(world.principal).patch(
            f"/api/v1/values/{value.pk}/", {"value": "999", "version": value.version}, format="json"
        )
        assert 400 <= response.status_code < 500
    elif path == "api_post":
        response = api(world.principal).post(
            "/api/v1/values/",
            {
                "period": data.period.pk,
                "entity": world.school_a1.pk,
                "row": data.count_row.pk,
                "value": "999",
            },
            format="json",
        )
        assert 400 <= response.status_code < 500
        assert response.json()["message"]
    else:  # the admin: values, submissions and periods are not registered, so it cannot reach them
        assert not any(admin.site.is_registered(model) for model in (Value, Submission, Period))
        world.sysadmin.is_staff = world.sysadmin.is_superuser = True
        world.sysadmin.save()
        client.force_login(world.sysadmin)
        change = f"/admin/monitoring/value/{value.pk}/change/"
        assert client.post(change, {"value": "999"}).status_code in (302, 404)
    # then nothing changed
    assert snapshot() == before
    assert Value.objects.get(pk=value.pk).value == Decimal(110)


@pytest.mark.parametrize("kind", LOCKS)
def test_the_refusal_says_why(world, plan_data, api, kind):
    # given a locked value
    value = Value.objects.get(entity=world.school_a1, row=plan_data.count_row)
    lock(kind, world, plan_data)
    # when the API is asked to change it
    response = api(world.principal).put(
        f"/api/v1/values/{value.pk}/", {"value": "999", "version": value.version}, format="json"
    )
    # then the message names the lock
    message = response.json()["message"].lower()
    assert response.status_code in (400, 403, 409)
    expected = ("approved", "submitted") if kind == "approved" else ("not open", "closed")
    assert any(word in message for word in expected), message
