"""Indicator pages and the edits planning officers make: indicator attributes, which schools owe a
row, a row's calibrated range, yearly targets.

Every object comes through `izlem.plans.access` (404 for missing and forbidden alike); reads are shaped
by `izlem.plans.selectors`, writes go through `izlem.plans.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.forms import attach_service_errors
from izlem.plans import access, applicability, charts, record_sources, services
from izlem.plans.forms import IndicatorForm, RowApplicabilityForm, RowBoundsForm, YearlyTargetForm
from izlem.plans.models import Indicator, IndicatorRow, YearValue
from izlem.plans.selectors import indicators as indicator_selectors
from izlem.plans.views.browse import browsing


def _indicator(user, pk: int, *, action: str = "view") -> Indicator:
    """The indicator with everything its page shows, fetched through the access module."""
    allowed = access.plan_part_for(user, Indicator, pk, action=action)
    return (
        Indicator.objects.select_related("plan", "target__goal", "responsible_unit")
        .prefetch_related(indicator_selectors.rows_prefetch())
        .get(pk=allowed.pk)
    )


@login_required
def indicator_detail(request, pk: int):
    """An indicator: its attributes, a year table and a chart per row (breakdown)."""
    browsing(request.user)
    indicator = _indicator(request.user, pk)
    tables = indicator_selectors.indicator_tables(indicator=indicator)
    places = indicator_selectors.value_places(indicator)
    multiple = len(tables) > 1
    panels = []
    for table in tables:
        title = f"{indicator.code} {indicator.name}"
        if table.row.breakdown:
            title = f"{title} — {table.row.breakdown}"
        panels.append({"table": table, "chart": charts.row_chart(table=table, title=title, places=places)})
    source = record_sources.source_for(indicator)
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "plan": indicator.plan,
            "indicator": indicator,
            "panels": panels,
            "multiple": multiple,
            "places": places,
            "derived_direction": indicator_selectors.derived_direction(tables),
            "can_edit": access.can_edit_plan(request.user, indicator.plan),
            "computed_source": source,
            "computed_records_url": source.records_url_for(request.user) if source else None,
            "computed_choices": record_sources.source_choices(),
        },
    )


@login_required
def indicator_edit(request, pk: int):
    """Change how an indicator is described, collected and judged (planning officers; audited)."""
    browsing(request.user)
    indicator = _indicator(request.user, pk, action="edit")
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if changes:
                services.indicator_update(by=request.user, indicator=indicator, **changes)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            indicator.refresh_from_db()
            attach_service_errors(form, error, plain_to="value")
        else:
            if changes:
                messages.success(request, _("The changes were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("plans:indicator-detail", pk=indicator.pk)
    return render(
        request, "plans/indicator_edit.html", {"plan": indicator.plan, "indicator": indicator, "form": form}
    )


def _editable_row(user, pk: int) -> tuple[IndicatorRow, str]:
    """The indicator row a planning officer edits (through the access module) and the link back to it."""
    allowed = access.plan_part_for(user, IndicatorRow, pk, action="edit")
    row = IndicatorRow.objects.select_related("indicator__plan").get(pk=allowed.pk)
    return row, reverse("plans:indicator-detail", args=[row.indicator.pk]) + f"#row-{row.pk}"


@login_required
def row_applicability_edit(request, pk: int):
    """Set which schools owe an indicator row (planning officers; audited; re-imports keep it)."""
    browsing(request.user)
    row, back = _editable_row(request.user, pk)
    indicator = row.indicator
    initial = {"levels": row.applicable_levels, "school_types": row.applicable_school_types}
    levels, school_types = applicability.derive(indicator_name=indicator.name, breakdown=row.breakdown)
    form = RowApplicabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and ("derive" in request.POST or form.is_valid()):
        try:
            if "derive" in request.POST:
                services.row_applicability_derive(by=request.user, row=row)
            else:
                services.row_applicability_update(by=request.user, row=row, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            attach_service_errors(form, error, plain_to="value")
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(back)
    return render(
        request,
        "plans/row_applicability_edit.html",
        {
            "plan": indicator.plan,
            "indicator": indicator,
            "row": row,
            "form": form,
            "back": back,
            "current": applicability.describe(
                levels=row.applicable_levels, school_types=row.applicable_school_types
            ),
            "derived": applicability.describe(levels=levels, school_types=school_types),
        },
    )


@login_required
def row_bounds_edit(request, pk: int):
    """Set an indicator row's calibrated range: values outside it are refused at entry (audited)."""
    browsing(request.user)
    row, back = _editable_row(request.user, pk)
    indicator = row.indicator
    form = RowBoundsForm(
        request.POST or None, initial={"valid_min": row.valid_min, "valid_max": row.valid_max}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.row_bounds_update(by=request.user, row=row, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(back)
    return render(
        request,
        "plans/row_bounds_edit.html",
        {"plan": indicator.plan, "indicator": indicator, "row": row, "form": form, "back": back},
    )


def _year_line(year_value: YearValue) -> indicator_selectors.YearLine:
    """The year line of one target value, with the row's baseline for that year (one query)."""
    baseline = YearValue.objects.filter(
        row=year_value.row, kind=YearValue.Kind.BASELINE, year=year_value.year
    ).first()
    return indicator_selectors.YearLine(
        year=year_value.year, baseline=baseline, target=year_value, is_plan_end=False
    )


@login_required
def yearly_target_edit(request, pk: int):
    """Set one yearly target by hand (planning officers; audited; it stops being the computed default).

    With htmx the year's table row is swapped in place (form, then the saved row); without it this is
    an ordinary page whose form returns to the indicator page.
    """
    browsing(request.user)
    allowed = access.plan_part_for(request.user, YearValue, pk, action="edit")
    year_value = YearValue.objects.select_related("row__indicator__plan").get(pk=allowed.pk)
    indicator = year_value.row.indicator
    if year_value.kind != YearValue.Kind.TARGET or year_value.year == indicator.plan.period_end:
        raise Http404  # baselines and the plan-end target are the plan document's own figures
    back = reverse("plans:indicator-detail", args=[indicator.pk]) + f"#row-{year_value.row_id}"
    row_context = {
        "indicator": indicator,
        "places": indicator_selectors.value_places(indicator),
        "can_edit": True,
        "row": year_value.row,
    }
    if request.htmx and request.method == "GET" and "cancel" in request.GET:
        return render(request, "plans/_year_line.html", {**row_context, "line": _year_line(year_value)})
    form = YearlyTargetForm(request.POST or None, year_value=year_value)
    if request.method == "POST" and form.is_valid():
        try:
            services.yearly_target_update(
                by=request.user, year_value=year_value, value=form.cleaned_data["value"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            attach_service_errors(form, error, plain_to="value")
        else:
            if request.htmx:
                return render(
                    request,
                    "plans/_year_line.html",
                    {**row_context, "line": _year_line(year_value), "saved": True},
                )
            messages.success(request, _("The target was saved."))
            return redirect(back)
    context = {**row_context, "plan": indicator.plan, "year_value": year_value, "form": form, "back": back}
    if request.htmx:
        return render(request, "plans/_year_line_form.html", {**context, "line": _year_line(year_value)})
    return render(request, "plans/yearly_target_edit.html", context)
