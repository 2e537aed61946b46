"""Plan files on the web: import (upload → preview of the change plan → confirm) and export
(workbook, JSON; the PDF is a report: izlem.reports.views.plan).

Import is for planning officers (`access.plan_import_owners`); the preview is a dry run and confirming
applies exactly the previewed change plan (izlem.plans.staging). Exports are for whoever reads the plan.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from izlem.plans import access, staging
from izlem.plans.exchange.sheets import plan_filename
from izlem.plans.exchange.writer import write_plan_workbook
from izlem.plans.forms import PlanImportForm
from izlem.plans.importers.files import accepted_formats_sentence, accepted_suffixes
from izlem.plans.plan_json.writer import plan_json_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _importer(user) -> None:
    """Only planning officers (and system administrators) import plans; others get what a missing page gets."""
    if not access.can_import_plans(user):
        raise Http404


def _owner_of(user, token: str):
    """The owner a staged import names, if the user may still import for it (else Http404)."""
    owner_id = staging.staged_owner_id(token)
    if owner_id is None:
        raise Http404
    return access.plan_import_owner_for(user, owner_id)


@login_required
def plan_import(request):
    """Upload a plan file and choose its owner; then the preview."""
    _importer(request.user)
    owners = access.plan_import_owners(request.user)
    initial = {}
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        plan = access.plan_for(request.user, int(plan_id), action="edit")
        initial["owner"] = plan.owner_id
    posted = request.method == "POST"
    form = PlanImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        owners=owners,
        accept=accepted_suffixes(),
        initial=initial,
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        token = staging.plan_import_stage(
            by=request.user, name=upload.name, data=upload.read(), owner=form.cleaned_data["owner"]
        )
        preview = staging.plan_import_preview(by=request.user, token=token, owner=form.cleaned_data["owner"])
        return _render_preview(request, preview)
    return render(
        request,
        "plans/plan_import.html",
        {"form": form, "formats": accepted_formats_sentence()},
    )


def _render_preview(request, preview, *, changed: bool = False, status: int = 200):
    return render(
        request,
        "plans/plan_import_preview.html",
        {"preview": preview, "changed_meanwhile": changed},
        status=status,
    )


@login_required
@require_POST
def plan_import_confirm(request):
    """Apply the previewed import if its change plan is unchanged; otherwise show the new preview."""
    _importer(request.user)
    token = request.POST.get("token", "")
    owner = _owner_of(request.user, token)
    try:
        preview, applied = staging.plan_import_apply(
            by=request.user, token=token, owner=owner, digest=request.POST.get("digest", "")
        )
    except staging.StagedImportError as exc:
        messages.error(request, str(exc))
        return redirect("plans:plan-import")
    if not applied:
        return _render_preview(request, preview, changed=True, status=409)
    if preview.created:
        messages.success(request, _("The plan was imported."))
    else:
        messages.success(
            request,
            _("The plan was updated: %(count)d changes applied.")
            % {"count": sum(c.action != "kept" for c in preview.changes)},
        )
    return redirect("plans:plan-detail", preview.plan.pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def plan_export_xlsx(request, pk: int):
    """The plan as an editable workbook (import reads it back)."""
    plan = access.plan_for(request.user, pk)
    buffer = io.BytesIO()
    write_plan_workbook(plan, buffer)
    return _download(buffer.getvalue(), XLSX, plan_filename(plan, "xlsx"))


@login_required
@require_GET
def plan_export_json(request, pk: int):
    """The plan as JSON in the format izlem-plan/1."""
    plan = access.plan_for(request.user, pk)
    return _download(
        plan_json_text(plan).encode("utf-8"), "application/json; charset=utf-8", plan_filename(plan, "json")
    )
