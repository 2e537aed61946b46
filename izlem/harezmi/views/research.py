"""Research, reports and suggestions shared by a province or district: list, share, change, detail, file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.core.files import protected_file_response
from izlem.harezmi import access, services
from izlem.harezmi.forms.duties import ReportForm
from izlem.harezmi.models import ResearchReport
from izlem.harezmi.services.duties import REPORT_FIELDS
from izlem.harezmi.views.common import form_page, page_of, year_from, year_records_of_kind
from izlem.org.models import OrgNode


def _detail_url(report) -> str:
    return reverse("harezmi:report-detail", args=[report.pk])


@login_required
def report_list(request):
    """The year's research, reports and suggestions the user reads (their level and the levels below)."""
    year, reports, kind = year_records_of_kind(
        request, access.harezmi_reports_visible(request.user), ResearchReport.Kind
    )
    return render(
        request,
        "harezmi/reports_list.html",
        {
            "year": year,
            "page": page_of(request, reports.select_related("node", "author").order_by("-created_at", "-pk")),
            "kind": kind,
            "kinds": ResearchReport.Kind.choices,
            "can_write": access.harezmi_report_nodes(request.user)
            .filter(path__startswith=year.province.path)
            .exists(),
        },
    )


@login_required
def report_create(request):
    """Share a research, report or suggestion from the user's province or district."""
    year = year_from(request)
    nodes = access.harezmi_report_nodes(request.user).filter(path__startswith=year.province.path)
    if not nodes.exists():
        raise Http404
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        nodes=nodes.order_by("kind", turkish("name")),
        initial={"node": nodes.first()},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.report_share(by=request.user, program_year=year, **data),
        then=_detail_url,
        message=_("The document was shared."),
        year=year,
        title=_("Share a research, report or suggestion"),
        intro=_(
            "A district coordinator's document is read by the district and the province; the province's by the province."
        ),
        back_url=f"{reverse('harezmi:report-list')}?year={year.pk}",
        multipart=True,
    )


@login_required
def report_edit(request, pk: int):
    """The author changes the document; a new file replaces the shown one."""
    report = access.harezmi_report_for(request.user, pk, action="edit")
    initial = {field: getattr(report, field) for field in REPORT_FIELDS} | {"node": report.node}
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        nodes=OrgNode.objects.filter(pk=report.node_id),
        initial=initial,
    )
    form.fields["node"].disabled = True  # a document stays with its level
    return form_page(
        request,
        form,
        save=lambda data: services.report_update(
            by=request.user,
            report=report,
            file=data["file"],
            **{field: data[field] for field in REPORT_FIELDS},
        ),
        then=lambda _saved: _detail_url(report),
        message=_("The changes were saved."),
        year=report.program_year,
        title=_("Change the document"),
        back_url=_detail_url(report),
        multipart=True,
    )


@login_required
def report_detail(request, pk: int):
    """A research, report or suggestion: who wrote it, at which level, its summary and file."""
    report = access.harezmi_report_for(request.user, pk)
    return render(
        request,
        "harezmi/reports_detail.html",
        {
            "report": report,
            "year": report.program_year,
            "can_edit": report.author_id == request.user.pk
            and access.harezmi_report_nodes(request.user).filter(pk=report.node_id).exists(),
        },
    )


@login_required
def report_file(request, pk: int):
    """Download the document's file (after the access check)."""
    report = access.harezmi_report_for(request.user, pk)
    if not report.file:
        raise Http404
    return protected_file_response(report.file)
