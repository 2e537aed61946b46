"""Plan browser pages: plans, targets, indicators, measures, analyses, costs, search, and the edits
planning officers make (indicator attributes, yearly targets, which schools owe a row).

Every object comes through `izlem.plans.access` (404 for missing and forbidden alike); reads are shaped
by `izlem.plans.selectors`, writes go through `izlem.plans.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from izlem.core.forms import attach_service_errors
from izlem.plans import access, applicability, charts, record_sources, selectors, services
from izlem.plans.forms import IndicatorForm, RowApplicabilityForm, RowBoundsForm, YearlyTargetForm
from izlem.plans.models import Indicator, IndicatorRow, Measure, Target, YearValue


def _browsing(user) -> None:
    """Stakeholders (and people without a role) have no plan browser: they read published reports."""
    if not access.can_browse_plans(user):
        raise Http404


@login_required
def plan_list(request):
    """The plans the user may read, with their size."""
    _browsing(request.user)
    plans = selectors.plan_list(user=request.user)
    context = {"plans": plans, "can_import": access.can_import_plans(request.user)}
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, pk: int):
    """A plan: mission, vision, values, the goal tree and the preparation record."""
    _browsing(request.user)
    plan = access.plan_for(request.user, pk)
    tree = selectors.plan_tree(plan=plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": tree,
            "committees": selectors.plan_committees(plan=plan),
            "section": "overview",
            "can_import": access.can_edit_plan(request.user, plan),
        },
    )


@login_required
def plan_analyses(request, pk: int):
    """The plan's situation analyses: SWOT, TOWS, PEST, stakeholders, problem areas, architecture."""
    _browsing(request.user)
    plan = access.plan_for(request.user, pk)
    context = {"plan": plan, "section": "analyses", **selectors.plan_analyses(plan=plan)}
    return render(request, "plans/plan_analyses.html", context)


@login_required
def plan_costs(request, pk: int):
    """The costing table: printed figures next to the system's sums and shares."""
    _browsing(request.user)
    plan = access.plan_for(request.user, pk)
    return render(
        request,
        "plans/plan_costs.html",
        {"plan": plan, "section": "costs", "table": selectors.cost_table(plan=plan)},
    )


@login_required
def plan_search(request):
    """Goals, targets, indicators and measures by code or words, in the plans the user may read."""
    _browsing(request.user)
    plan_id = request.GET.get("plan", "")
    plan = access.plan_for(request.user, int(plan_id)) if plan_id.isdigit() else None
    query = request.GET.get("q", "").strip()[:200]
    results = selectors.plan_search(user=request.user, query=query, plan=plan)
    return render(
        request,
        "plans/plan_search.html",
        {
            "plan": plan,
            "query": query,
            "results": results,
            "section": "search",
            "limit": selectors.SEARCH_LIMIT,
        },
    )


@login_required
def target_detail(request, pk: int):
    """A target: its three narratives, its indicators with baselines and plan-end target, its measures."""
    _browsing(request.user)
    target = access.plan_part_for(request.user, Target, pk)
    target = Target.objects.select_related("plan", "goal__theme").get(pk=target.pk)
    blocks, baseline_years = selectors.target_indicator_blocks(target=target)
    measures = target.measures.prefetch_related(selectors.measure_units_prefetch())
    return render(
        request,
        "plans/target_detail.html",
        {
            "plan": target.plan,
            "target": target,
            "blocks": blocks,
            "baseline_years": baseline_years,
            "measures": measures,
        },
    )


def _indicator(user, pk: int, *, action: str = "view") -> Indicator:
    """The indicator with everything its page shows, fetched through the access module."""
    allowed = access.plan_part_for(user, Indicator, pk, action=action)
    return (
        Indicator.objects.select_related("plan", "target__goal", "responsible_unit")
        .prefetch_related(selectors.rows_prefetch())
        .get(pk=allowed.pk)
    )


@login_required
def indicator_detail(request, pk: int):
    """An indicator: its attributes, a year table and a chart per row (breakdown)."""
    _browsing(request.user)
    indicator = _indicator(request.user, pk)
    tables = selectors.indicator_tables(indicator=indicator)
    places = selectors.value_places(indicator)
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
            "derived_direction": selectors.derived_direction(tables),
            "can_edit": access.can_edit_plan(request.user, indicator.plan),
            "computed_source": source,
            "computed_records_url": source.records_url_for(request.user) if source else None,
            "computed_choices": record_sources.source_choices(),
        },
    )


@login_required
def indicator_edit(request, pk: int):
    """Change how an indicator is described, collected and judged (planning officers; audited)."""
    _browsing(request.user)
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


@login_required
def row_applicability_edit(request, pk: int):
    """Set which schools owe an indicator row (planning officers; audited; re-imports keep it)."""
    _browsing(request.user)
    allowed = access.plan_part_for(request.user, IndicatorRow, pk, action="edit")
    row = IndicatorRow.objects.select_related("indicator__plan").get(pk=allowed.pk)
    indicator = row.indicator
    back = reverse("plans:indicator-detail", args=[indicator.pk]) + f"#row-{row.pk}"
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
    _browsing(request.user)
    allowed = access.plan_part_for(request.user, IndicatorRow, pk, action="edit")
    row = IndicatorRow.objects.select_related("indicator__plan").get(pk=allowed.pk)
    indicator = row.indicator
    back = reverse("plans:indicator-detail", args=[indicator.pk]) + f"#row-{row.pk}"
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


def _year_line(year_value: YearValue) -> selectors.YearLine:
    """The year line of one target value, with the row's baseline for that year (one query)."""
    baseline = YearValue.objects.filter(
        row=year_value.row, kind=YearValue.Kind.BASELINE, year=year_value.year
    ).first()
    return selectors.YearLine(year=year_value.year, baseline=baseline, target=year_value, is_plan_end=False)


@login_required
def yearly_target_edit(request, pk: int):
    """Set one yearly target by hand (planning officers; audited; it stops being the computed default).

    With htmx the year's table row is swapped in place (form, then the saved row); without it this is
    an ordinary page whose form returns to the indicator page.
    """
    _browsing(request.user)
    allowed = access.plan_part_for(request.user, YearValue, pk, action="edit")
    year_value = YearValue.objects.select_related("row__indicator__plan").get(pk=allowed.pk)
    indicator = year_value.row.indicator
    if year_value.kind != YearValue.Kind.TARGET or year_value.year == indicator.plan.period_end:
        raise Http404  # baselines and the plan-end target are the plan document's own figures
    back = reverse("plans:indicator-detail", args=[indicator.pk]) + f"#row-{year_value.row_id}"
    row_context = {
        "indicator": indicator,
        "places": selectors.value_places(indicator),
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


@login_required
def measure_detail(request, pk: int):
    """A measure: its text, target, main and other responsible units and timing."""
    _browsing(request.user)
    allowed = access.plan_part_for(request.user, Measure, pk)
    measure = (
        Measure.objects.select_related("plan", "target__goal")
        .prefetch_related(selectors.measure_units_prefetch())
        .get(pk=allowed.pk)
    )
    return render(
        request,
        "plans/measure_detail.html",
        {"plan": measure.plan, "measure": measure, "units": selectors.measure_units(measure=measure)},
    )


@require_GET
def chart_css(request):
    """The stylesheet of the plan charts (the CSP forbids the inline <style> pygal would embed)."""
    response = HttpResponse(charts.chart_css(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
