"""The plan as a readable PDF document: goals, targets, indicators with baselines and targets, measures,
costs and analyses, rendered from the same complete data as the JSON export (izlem.plans.plan_json)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from izlem.core.pdf import render_pdf
from izlem.plans import access as plans_access
from izlem.plans.exchange import plan_filename
from izlem.plans.models import CostLine, Indicator, SwotItem
from izlem.plans.plan_json import plan_json


def plan_document_context(plan) -> dict:
    """The plan's content for the PDF template, with the years of its tables and the units' names."""
    data = plan_json(plan)
    baseline_years = sorted(
        {
            int(year)
            for goal in data["goals"]
            for target in goal["targets"]
            for indicator in target["indicators"]
            for row in indicator["rows"]
            for year in row["baselines"]
        }
    )
    units = dict(Indicator.UnitKind.choices)
    for goal in data["goals"]:
        for target in goal["targets"]:
            for indicator in target["indicators"]:
                indicator["unit_label"] = units.get(indicator["unit"], indicator["unit"])
                for row in indicator["rows"]:
                    row["baseline_list"] = [row["baselines"].get(str(year)) for year in baseline_years]
    categories = dict(SwotItem.Category.choices)
    for item in data["swot"]:
        item["category_label"] = categories[item["category"]]
    kinds = dict(CostLine.Kind.choices)
    for line in data["costs"]:
        line["label"] = (
            f"{kinds[line['kind']]} {line['key']}"
            if line["kind"] in ("target", "goal")
            else kinds[line["kind"]]
        )
    return {"plan": plan, "data": data, "baseline_years": baseline_years, "title": plan.title}


@login_required
@require_GET
def plan_pdf(request, pk: int):
    """The plan document as PDF, for whoever may read the plan."""
    plan = plans_access.plan_for(request.user, pk)
    content = render_pdf("reports/pdf/plan.html", plan_document_context(plan))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, plan_filename(plan, "pdf"))
    return response
