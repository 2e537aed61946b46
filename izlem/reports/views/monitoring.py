"""Report pages: the monitoring reports (page, PDF, XLSX), generation jobs, publications, inputs."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.filenames import job_name
from izlem.core.files import protected_file_response
from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.monitoring import access as monitoring_access
from izlem.monitoring.models import EvaluationMeeting, Spending
from izlem.monitoring.services.meetings import meeting_save
from izlem.monitoring.services.spending import spending_save
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User
from izlem.plans import access as plans_access
from izlem.reports import access, services
from izlem.reports.forms import MeetingForm
from izlem.reports.models import Publication, ReportJob
from izlem.reports.monitoring_report import build_report, report_kind_for
from izlem.reports.render import with_charts


@login_required
def report_index(request, period_pk: int):
    """The reports of a period the user may produce: their node and the districts below it."""
    period = monitoring_access.period_for(request.user, period_pk)
    nodes = (
        monitoring_access.monitoring_nodes(request.user)
        .filter(
            path__startswith=period.plan.owner.path, kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT]
        )
        .order_by("path")
    )
    jobs = ReportJob.objects.filter(period=period, node__in=nodes).select_related("node")[:20]
    return render(
        request,
        "reports/index.html",
        {
            "period": period,
            "nodes": nodes,
            "jobs": jobs,
            "kind": report_kind_for(period),
            "can_meeting": access.can_edit_meeting(request.user, period),
            "can_spending": plans_access.can_edit_plan(request.user, period.plan),
        },
    )


@login_required
def report_page(request, period_pk: int, node_pk: int):
    """The report as a web page, built from the current data."""
    period = monitoring_access.period_for(request.user, period_pk)
    node = access.report_node_for(request.user, node_pk)
    data = with_charts(build_report(report_kind_for(period), period, node))
    return render(request, "reports/report_page.html", {"report": data, "period": period, "node": node})


@login_required
@require_POST
def report_generate(request, period_pk: int, node_pk: int):
    """Queue (or reuse) the PDF and XLSX generation and go to its progress page."""
    period = monitoring_access.period_for(request.user, period_pk)
    node = access.report_node_for(request.user, node_pk)
    job = services.job_request(by=request.user, period=period, node=node)
    return redirect("reports:job-detail", pk=job.pk)


@login_required
def job_detail(request, pk: int):
    """A generation job: progress while it runs, the files when done, publishing for top managers."""
    job = access.report_job_for(request.user, pk)
    return render(
        request,
        "reports/job_detail.html",
        {
            "job": job,
            "can_publish": access.can_publish(request.user, job.node),
            "publications": job.publications.filter(revoked_at__isnull=True),
        },
    )


@login_required
def job_progress(request, pk: int):
    """The progress fragment that the job page polls."""
    job = access.report_job_for(request.user, pk)
    return render(request, "reports/_job_progress.html", {"job": job})


@login_required
def job_file(request, pk: int, fmt: str):
    """Download a finished job's PDF or XLSX."""
    job = access.report_job_for(request.user, pk)
    field = {"pdf": job.pdf, "xlsx": job.xlsx}.get(fmt)
    if field is None or job.state != ReportJob.State.DONE:
        raise Http404
    return protected_file_response(field, download_name=job_name(job, fmt))


@login_required
@require_POST
def job_publish(request, pk: int):
    """Publish a finished report as a frozen snapshot."""
    job = access.report_job_for(request.user, pk)
    try:
        publication = services.publish(by=request.user, job=job)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:job-detail", pk=job.pk)
    messages.success(
        request,
        _("Published. Share this link with stakeholders: %(url)s")
        % {"url": request.build_absolute_uri(publication_url(publication))},
    )
    return redirect("reports:publication-list")


def publication_url(publication: Publication) -> str:
    from django.urls import reverse

    return reverse("reports:publication-page", args=[publication.token])


@login_required
def publication_list(request):
    """Published reports in the user's reach (stakeholders read only these)."""
    publications = access.publications_visible(request.user).select_related("published_by")
    return render(
        request,
        "reports/publication_list.html",
        {
            "publications": publications,
            "revocable": {p.pk for p in publications if access.can_publish(request.user, p.node)},
        },
    )


@login_required
@require_POST
def publication_revoke(request, pk: int):
    """Withdraw a publication."""
    publication = get_object_or_404(access.publications_visible(request.user), pk=pk)
    try:
        services.revoke(by=request.user, publication=publication)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The publication was withdrawn; its link no longer works."))
    return redirect("reports:publication-list")


def _active_publication(token: str) -> Publication:
    return get_object_or_404(Publication.objects.filter(revoked_at__isnull=True), token=token)


def publication_page(request, token: str):
    """The frozen, read-only page of a published report (no sign-in: the link is the key)."""
    publication = _active_publication(token)
    return render(
        request,
        "reports/report_page.html",
        {"report": with_charts(publication.data), "publication": publication},
    )


def publication_pdf(request, token: str):
    """The PDF of a published report."""
    publication = _active_publication(token)
    return protected_file_response(publication.pdf, download_name=job_name(publication.job, "pdf"))


@login_required
def meeting_edit(request, period_pk: int):
    """Record the evaluation meeting of a period."""
    period = monitoring_access.period_for(request.user, period_pk)
    if not access.can_edit_meeting(request.user, period):
        raise Http404
    owner = period.plan.owner
    chairs = scope.holders([Role.TOP_MANAGER], at=owner) if owner is not None else User.objects.none()
    instance = EvaluationMeeting.objects.filter(period=period).first()
    form = MeetingForm(request.POST or None, instance=instance, chairs=chairs)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_save(by=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("reports:index", period_pk=period.pk)
    return render(request, "reports/meeting_form.html", {"period": period, "form": form})


@login_required
def spending_edit(request, plan_pk: int):
    """Actual spending per target and year, beside the plan's estimate."""
    plan = plans_access.plan_for(request.user, plan_pk, action="edit")
    targets = list(plan.targets.select_related("goal"))
    years = plan.years
    current = {(s.target_id, s.year): s.amount for s in Spending.objects.filter(plan=plan)}
    errors = []
    if request.method == "POST":
        entries = []
        for target in targets:
            for year in years:
                text = request.POST.get(f"s-{target.pk}-{year}", "")
                try:
                    entries.append((target, year, parse_decimal(text)))
                except NumberFormatError:
                    errors.append(
                        _("Target %(code)s, %(year)d: “%(value)s” is not a number.")
                        % {"code": target.code, "year": year, "value": text}
                    )
        if not errors:
            try:
                spending_save(by=request.user, plan=plan, entries=entries)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The spending was saved."))
                return redirect("reports:spending-edit", plan_pk=plan.pk)
    planned = {line.key: line.amount for line in plan.cost_lines.filter(kind="target")}
    grid = [
        {
            "target": t,
            "planned": planned.get(t.code),
            "cells": [
                (year, request.POST.get(f"s-{t.pk}-{year}") if errors else current.get((t.pk, year)))
                for year in years
            ],
            "total": sum((current.get((t.pk, y)) or Decimal(0) for y in years), Decimal(0)),
        }
        for t in targets
    ]
    return render(
        request, "reports/spending_form.html", {"plan": plan, "years": years, "grid": grid, "errors": errors}
    )
