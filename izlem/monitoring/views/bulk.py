"""Bulk entry pages: the template download, the upload form and the upload's progress and outcome.

Views parse the request, fetch objects through `izlem.monitoring.access` and call `bulk`; the check and the
write happen in a background task (`tasks.bulk_upload_process`).
"""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy

from izlem.core.files import validate_spreadsheet_upload
from izlem.core.workbook import SPREADSHEET_SUFFIXES
from izlem.monitoring import access
from izlem.monitoring.bulk.scope import scope_load, sheet_title
from izlem.monitoring.bulk.template import template_filename, template_write
from izlem.monitoring.bulk.upload import upload_progress, upload_start
from izlem.monitoring.models import BulkUpload, Period

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BulkUploadForm(forms.Form):
    """The filled template: a spreadsheet (.xlsx, .xlsm, .xls or .ods) within the upload size limit."""

    file = forms.FileField(
        label=gettext_lazy("Filled template (.xlsx, .xlsm, .xls or .ods)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SPREADSHEET_SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_spreadsheet_upload(upload)
        return upload


def _period(request, period_pk: int) -> Period:
    """The period, if the user may read it and has something to fill in its plan; else Http404."""
    period = access.period_for(request.user, period_pk)
    if not access.bulk_entry_entities(request.user, under=period.plan.owner).exists():
        raise Http404
    return period


@login_required
def bulk_entry(request, period_pk: int):
    """The bulk-entry page: what the template holds, the download, the upload form and my last uploads."""
    period = _period(request, period_pk)
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = upload_start(
            by=request.user,
            period=period,
            file=form.cleaned_data["file"],
            language=translation.get_language(),
        )
        return redirect("monitoring:bulk-status", pk=upload.pk)
    sheets = scope_load(user=request.user, period=period).sheets()
    return render(
        request,
        "monitoring/bulk.html",
        {
            "period": period,
            "form": form,
            "sheets": [
                {"title": sheet_title(s.kind), "entities": len(s.entities), "rows": len(s.rows)}
                for s in sheets
            ],
            "uploads": BulkUpload.objects.filter(period=period, by=request.user)[:10],
        },
    )


@login_required
def bulk_template(request, period_pk: int):
    """Download the pre-filled template of the user's scope."""
    period = _period(request, period_pk)
    scope = scope_load(user=request.user, period=period)
    if not scope.sheets():
        raise Http404
    buffer = io.BytesIO()
    template_write(scope, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, template_filename(period))
    return response


@login_required
def bulk_status(request, pk: int):
    """An upload's progress (htmx polls the fragment every second until it is done or refused)."""
    upload = access.bulk_upload_for(request.user, pk)
    context = {"upload": upload, "period": upload.period, "progress": upload_progress(upload)}
    if request.htmx:
        return render(request, "monitoring/bulk_progress.html", context)
    return render(request, "monitoring/bulk_status.html", context)
