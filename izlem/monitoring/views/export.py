"""The long export of values on the web: a form, and the file it asks for (izlem/monitoring/export.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from izlem.core.forms import attach_service_errors
from izlem.monitoring import access
from izlem.monitoring.export import export_response, export_scope, header, unknown_indicator
from izlem.monitoring.forms import ValueExportForm
from izlem.org.models import OrgNode


def _node_choices(user) -> list[OrgNode]:
    """The units offered in the form: provinces and districts of the user's scope, or the user's schools
    when the scope holds nothing above a school (a principal). Any other unit of the scope is exported by
    its id (the dashboard's button, the API)."""
    nodes = access.monitoring_nodes(user).order_by("path")
    above = list(nodes.exclude(kind=OrgNode.Kind.SCHOOL))
    return above or list(nodes)


@login_required
def value_export(request):
    """The export form; with a format chosen, the file (CSV streamed, XLSX written in constant memory)."""
    if not access.can_use_monitoring(request.user):
        raise Http404
    periods = (
        access.periods_visible(request.user).select_related("plan").order_by("plan__title", "year", "half")
    )
    asked = "format" in request.GET
    form = ValueExportForm(
        request.GET if asked else None,
        initial=request.GET.dict() if not asked else None,
        periods=periods,
        nodes=_node_choices(request.user),
    )
    if asked and form.is_valid():
        data = form.cleaned_data
        try:
            scope = export_scope(
                request.user,
                period_from=data["period_from"],
                period_to=data["period_to"],
                node=data["node"],
                indicator=data["indicator"],
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            message = unknown_indicator(scope)
            if message is None:
                return export_response(request.user, scope, data["format"])
            form.add_error("indicator", message)
    return render(request, "monitoring/value_export.html", {"form": form, "columns": header()})
