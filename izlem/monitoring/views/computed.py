"""Binding a plan indicator to a record source (computed indicators; planning officers only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.monitoring.computed import indicator_bind
from izlem.plans import access as plans_access
from izlem.plans.models import Indicator
from izlem.plans.record_sources import source_for


@login_required
@require_POST
def indicator_source(request, pk: int):
    """Bind the indicator to a named source, or unbind it (empty source); back to the indicator page."""
    indicator = plans_access.plan_part_for(request.user, Indicator, pk, action="edit")
    try:
        indicator_bind(by=request.user, indicator=indicator, source=request.POST.get("source", ""))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        source = source_for(indicator)
        if source:
            messages.success(
                request,
                _("%(code)s is now computed from: %(source)s.")
                % {"code": indicator.code, "source": source.label},
            )
        else:
            messages.success(request, _("%(code)s is entered by hand again.") % {"code": indicator.code})
    return redirect("plans:indicator-detail", pk=indicator.pk)
