"""Monitoring pages: a period's deviations, their explanation and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from izlem.core.forms import attach_service_errors
from izlem.monitoring import access
from izlem.monitoring.forms import (
    DeviationForm,
    FollowUpForm,
)
from izlem.monitoring.models import Deviation
from izlem.monitoring.services import deviations as deviations_services
from izlem.monitoring.views.common import _nav_top


@login_required
def deviation_list(request, period_pk: int):
    """Deviations of a period, and open corrective actions carried from earlier periods."""
    period = access.period_for(request.user, period_pk)
    deviations = Deviation.objects.filter(period=period).select_related(
        "row__indicator", "unit", "explained_by"
    )
    carried = (
        Deviation.objects.filter(
            period__plan=period.plan, action_state=Deviation.ActionState.OPEN, state=Deviation.State.EXPLAINED
        )
        .exclude(period=period)
        .select_related("row__indicator", "unit", "period")
    )
    carried = [d for d in carried if (d.period.year, d.period.half) < (period.year, period.half)]
    return render(
        request,
        "monitoring/deviation_list.html",
        {
            "period": period,
            "top": _nav_top(request.user, period),
            "deviations": deviations,
            "carried": carried,
            "explainable": {d.pk for d in list(deviations) + carried if access.can_explain(request.user, d)},
        },
    )


@login_required
def deviation_explain(request, pk: int):
    """The responsible unit explains a deviation, or follows up its corrective action."""
    deviation = access.deviation_for(request.user, pk, action="explain")
    form = DeviationForm(request.POST or None, instance=Deviation.objects.get(pk=deviation.pk), prefix="d")
    follow = FollowUpForm(
        request.POST or None,
        prefix="f",
        initial={"done": deviation.action_state == "done", "note": deviation.follow_up},
    )
    if request.method == "POST":
        try:
            if "follow_up" in request.POST and follow.is_valid():
                deviations_services.deviation_follow_up(
                    by=request.user, deviation=deviation, **follow.cleaned_data
                )
            elif "follow_up" not in request.POST and form.is_valid():
                deviations_services.deviation_explain(
                    by=request.user, deviation=deviation, **form.cleaned_data
                )
            else:
                raise ValidationError(_("Correct the marked fields."))
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("monitoring:deviation-list", period_pk=deviation.period_id)
    return render(
        request, "monitoring/deviation_form.html", {"deviation": deviation, "form": form, "follow": follow}
    )
