"""Monitoring pages: the rolled-up results of a node and the realization of its schools."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from izlem.core.collation import turkish
from izlem.monitoring import access
from izlem.monitoring.selectors.evaluation import evaluations, school_realization, status_counts
from izlem.org.models import OrgNode


# --- evaluation --------------------------------------------------------------------------------------
@login_required
def rollup_view(request, period_pk: int, node_pk: int):
    """Every indicator row at a node: figure with coverage, baseline, target, rate, status, forecast."""
    period = access.period_for(request.user, period_pk)
    node = get_object_or_404(access.monitoring_nodes(request.user), pk=node_pk)
    items = evaluations(period, node)
    children = OrgNode.objects.filter(parent=node, kind__in=[OrgNode.Kind.DISTRICT]).order_by(turkish("name"))
    return render(
        request,
        "monitoring/rollup.html",
        {
            "period": period,
            "node": node,
            "items": items,
            "children": children,
            "counts": status_counts(items),
            "breadcrumbs": [
                a for a in node.ancestors() if access.monitoring_nodes(request.user).filter(pk=a.pk).exists()
            ],
        },
    )


@login_required
def school_realization_view(request, period_pk: int, node_pk: int):
    """Schools ranked by the share of their applicable targets on track (for AR-GE)."""
    period = access.period_for(request.user, period_pk)
    node = get_object_or_404(access.monitoring_nodes(request.user), pk=node_pk)
    return render(
        request,
        "monitoring/school_realization.html",
        {"period": period, "node": node, "ranking": school_realization(period, node)},
    )
