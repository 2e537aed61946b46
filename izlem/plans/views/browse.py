"""Plan browser pages: plans, their analyses and costs, search, targets and measures.

Every object comes through `izlem.plans.access` (404 for missing and forbidden alike); reads are shaped
by `izlem.plans.selectors`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from izlem.plans import access, charts
from izlem.plans.models import Measure, Target
from izlem.plans.selectors import analyses as analyses_selectors
from izlem.plans.selectors import costs as cost_selectors
from izlem.plans.selectors import indicators as indicator_selectors
from izlem.plans.selectors import search as search_selectors
from izlem.plans.selectors import tree as tree_selectors


def browsing(user) -> None:
    """Stakeholders (and people without a role) have no plan browser: they read published reports."""
    if not access.can_browse_plans(user):
        raise Http404


@login_required
def plan_list(request):
    """The plans the user may read, with their size."""
    browsing(request.user)
    plans = tree_selectors.plan_list(user=request.user)
    context = {"plans": plans, "can_import": access.can_import_plans(request.user)}
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, pk: int):
    """A plan: mission, vision, values, the goal tree and the preparation record."""
    browsing(request.user)
    plan = access.plan_for(request.user, pk)
    tree = tree_selectors.plan_tree(plan=plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": tree,
            "committees": tree_selectors.plan_committees(plan=plan),
            "section": "overview",
            "can_import": access.can_edit_plan(request.user, plan),
        },
    )


@login_required
def plan_analyses(request, pk: int):
    """The plan's situation analyses: SWOT, TOWS, PEST, stakeholders, problem areas, architecture."""
    browsing(request.user)
    plan = access.plan_for(request.user, pk)
    context = {"plan": plan, "section": "analyses", **analyses_selectors.plan_analyses(plan=plan)}
    return render(request, "plans/plan_analyses.html", context)


@login_required
def plan_costs(request, pk: int):
    """The costing table: printed figures next to the system's sums and shares."""
    browsing(request.user)
    plan = access.plan_for(request.user, pk)
    return render(
        request,
        "plans/plan_costs.html",
        {"plan": plan, "section": "costs", "table": cost_selectors.cost_table(plan=plan)},
    )


@login_required
def plan_search(request):
    """Goals, targets, indicators and measures by code or words, in the plans the user may read."""
    browsing(request.user)
    plan_id = request.GET.get("plan", "")
    plan = access.plan_for(request.user, int(plan_id)) if plan_id.isdigit() else None
    query = request.GET.get("q", "").strip()[:200]
    results = search_selectors.plan_search(user=request.user, query=query, plan=plan)
    return render(
        request,
        "plans/plan_search.html",
        {
            "plan": plan,
            "query": query,
            "results": results,
            "section": "search",
            "limit": search_selectors.SEARCH_LIMIT,
        },
    )


@login_required
def target_detail(request, pk: int):
    """A target: its three narratives, its indicators with baselines and plan-end target, its measures."""
    browsing(request.user)
    target = access.plan_part_for(request.user, Target, pk)
    target = Target.objects.select_related("plan", "goal__theme").get(pk=target.pk)
    blocks, baseline_years = indicator_selectors.target_indicator_blocks(target=target)
    measures = target.measures.prefetch_related(tree_selectors.measure_units_prefetch())
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


@login_required
def measure_detail(request, pk: int):
    """A measure: its text, target, main and other responsible units and timing."""
    browsing(request.user)
    allowed = access.plan_part_for(request.user, Measure, pk)
    measure = (
        Measure.objects.select_related("plan", "target__goal")
        .prefetch_related(tree_selectors.measure_units_prefetch())
        .get(pk=allowed.pk)
    )
    return render(
        request,
        "plans/measure_detail.html",
        {"plan": measure.plan, "measure": measure, "units": tree_selectors.measure_units(measure=measure)},
    )


@require_GET
def chart_css(request):
    """The stylesheet of the plan charts (the CSP forbids the inline <style> pygal would embed)."""
    response = HttpResponse(charts.chart_css(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
