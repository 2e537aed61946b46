"""Monitoring pages: a period's measures, their progress and evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from izlem.monitoring import access
from izlem.monitoring.forms import (
    MeasureProgressForm,
)
from izlem.monitoring.models import MeasureProgress
from izlem.monitoring.selectors.evaluation import overdue_measures
from izlem.monitoring.services import measures as measures_services
from izlem.monitoring.views.common import _nav_top
from izlem.plans.models import Measure


@login_required
def measure_list(request, period_pk: int):
    """Every measure's progress in the period; overdue ones flagged."""
    period = access.period_for(request.user, period_pk)
    measures = period.plan.measures.select_related("target").prefetch_related("unit_links__unit")
    progress = {p.measure_id: p for p in MeasureProgress.objects.filter(period=period)}
    overdue = {m.pk for m in overdue_measures(period)}
    rows = [
        {
            "measure": m,
            "progress": progress.get(m.pk),
            "overdue": m.pk in overdue,
            "can_report": access.can_report_measure(request.user, m),
        }
        for m in measures
    ]
    return render(
        request,
        "monitoring/measure_list.html",
        {"period": period, "top": _nav_top(request.user, period), "rows": rows},
    )


@login_required
def measure_progress_edit(request, period_pk: int, measure_pk: int):
    """A responsible unit reports a measure's progress."""
    period = access.period_for(request.user, period_pk)
    measure = get_object_or_404(
        Measure.objects.filter(plan=period.plan).prefetch_related("unit_links"), pk=measure_pk
    )
    if not access.can_report_measure(request.user, measure):
        raise Http404
    instance = MeasureProgress.objects.filter(period=period, measure=measure).first()
    form = MeasureProgressForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measures_services.measure_progress_save(
                by=request.user,
                period=period,
                measure=measure,
                status=data["status"],
                percent=data["percent"],
                note=data["note"],
                evidence=request.FILES.get("evidence"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress was saved."))
            return redirect("monitoring:measure-list", period_pk=period.pk)
    return render(
        request,
        "monitoring/measure_form.html",
        {"period": period, "measure": measure, "form": form, "progress": instance},
    )


@login_required
def measure_evidence(request, pk: int):
    """Download a measure's evidence file (only for those who may read the period)."""
    from izlem.core.files import protected_file_response

    progress = get_object_or_404(MeasureProgress, pk=pk)
    access.period_for(request.user, progress.period_id)
    return protected_file_response(progress.evidence)
