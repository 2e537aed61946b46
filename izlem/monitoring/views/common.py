"""Helpers shared by the monitoring pages: service errors as messages, the top node a user sees in a period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from izlem.monitoring import access
from izlem.monitoring.models import Period
from izlem.org import scope
from izlem.org.models import OrgNode


def _errors(error: ValidationError) -> list[str]:
    return error.messages


def _top_node(user, period: Period) -> OrgNode:
    """The highest node of the user's monitoring scope inside the period's plan (the plan owner for sysadmins)."""
    owner = period.plan.owner
    if scope.is_sysadmin(user) or owner is None:
        return owner
    nodes = access.monitoring_nodes(user).filter(path__startswith=owner.path).order_by("path")
    node = nodes.first()
    if node is None:
        raise Http404
    return node


def _nav_top(user, period: Period) -> OrgNode | None:
    """The node the period's tabs (results, schools, scorecard) open for the user; None when there is none."""
    try:
        return _top_node(user, period)
    except Http404:
        return None
