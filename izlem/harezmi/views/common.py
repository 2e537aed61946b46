"""Helpers shared by the Harezmi views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, selectors
from izlem.harezmi.models import ProgramYear


def year_from(request) -> ProgramYear:
    """The program year of the page: `?year=<id>` (checked through the access module) or the current one."""
    raw = request.GET.get("year") or request.POST.get("year") or ""
    year = selectors.program_year_current(request.user, int(raw) if raw.isdigit() else None)
    if year is None:
        raise Http404
    return year


def page_of(request, rows, per_page: int = 50):
    """The page of `rows` asked for by `?page=` (50 a page)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def form_page(request, form, *, save, then, message, title, back_url, **context):
    """The simple form page: on a valid POST `save(cleaned_data)` runs the service (its errors go on the form),
    then a success `message` (text, or a function of what was saved) and a redirect to `then(saved)`.
    `context` adds to the page's context (`year`, `intro`, `multipart`)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, message(saved) if callable(message) else message)
            return redirect(then(saved))
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, **context, "title": title, "back_url": back_url},
    )


def year_records_of_kind(request, visible, kinds):
    """A manager's list of the year's records in `visible`, narrowed by `?kind=` to one of `kinds`:
    (year, records, kind)."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    records = visible.filter(program_year=year)
    kind = request.GET.get("kind", "")
    if kind in kinds.values:
        records = records.filter(kind=kind)
    return year, records, kind
