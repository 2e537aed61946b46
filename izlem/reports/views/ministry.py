"""The Harezmi report to the Ministry: choose the level, generate in the background, follow, download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from izlem.core.filenames import job_name
from izlem.core.files import protected_file_response
from izlem.harezmi import access as harezmi_access
from izlem.harezmi.views.common import year_from
from izlem.reports import access, ministry_report
from izlem.reports.models import ReportJob


@login_required
def ministry_index(request):
    """The levels whose report the user may make (the province, their districts) and the recent jobs."""
    year = year_from(request)
    nodes = harezmi_access.harezmi_ministry_report_nodes(request.user, year).order_by("path")
    if not nodes.exists():
        raise Http404
    jobs = (
        ReportJob.objects.filter(kind=ReportJob.Kind.MINISTRY, program_year=year, node__in=nodes)
        .select_related("node")
        .order_by("-created_at")[:20]
    )
    return render(request, "reports/ministry_index.html", {"year": year, "nodes": nodes, "jobs": jobs})


@login_required
@require_POST
def ministry_generate(request, node_pk: int):
    """Queue (or reuse) the report of a level and go to its progress page."""
    year = year_from(request)
    node = get_object_or_404(harezmi_access.harezmi_ministry_report_nodes(request.user, year), pk=node_pk)
    try:
        job = ministry_report.ministry_job_request(by=request.user, program_year=year, node=node)
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("reports:ministry-job", pk=job.pk)


@login_required
def ministry_job(request, pk: int):
    """A Ministry report job: progress while it runs, the files when done."""
    job = access.harezmi_ministry_job_for(request.user, pk)
    context = {"job": job, "year": job.program_year}
    if job.state == ReportJob.State.DONE and job.data and job.data.get("node", {}).get("id"):
        context |= ministry_report.ministry_figure_lines(job.data, job.program_year_id)
    return render(request, "reports/ministry_job.html", context)


@login_required
def ministry_job_progress(request, pk: int):
    """The progress fragment that the job page polls."""
    job = access.harezmi_ministry_job_for(request.user, pk)
    return render(request, "reports/_ministry_progress.html", {"job": job})


@login_required
def ministry_job_file(request, pk: int, fmt: str):
    """Download a finished job's PDF or XLSX."""
    job = access.harezmi_ministry_job_for(request.user, pk)
    field = {"pdf": job.pdf, "xlsx": job.xlsx}.get(fmt)
    if field is None or job.state != ReportJob.State.DONE:
        raise Http404
    return protected_file_response(field, download_name=job_name(job, fmt))
