"""Helpers shared by the Harezmi views."""

from __future__ import annotations

from django.http import Http404

from izlem.harezmi import selectors
from izlem.harezmi.models import ProgramYear


def year_from(request) -> ProgramYear:
    """The program year of the page: `?year=<id>` (checked through the access module) or the current one."""
    raw = request.GET.get("year") or request.POST.get("year") or ""
    year = selectors.program_year_current(request.user, int(raw) if raw.isdigit() else None)
    if year is None:
        raise Http404
    return year
