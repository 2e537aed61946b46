"""Harezmi access: field visit plans, visits and follow-ups.

Field visits: a coordinator writes their own plans (province coordinator or assistant: monthly,
for the province; district coordinator: weekly, for the district) and their own visits to schools
of their node. Readers: the coordinator, the district's top manager and coordinators, province
roles and planning officers above, and the principal for visits to their own school.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.harezmi.access.program import (
    HAREZMI_DISTRICT_ROLES,
    HAREZMI_PROVINCE_ROLES,
    HAREZMI_READ_ROLES,
    _harezmi_nodes_of_kind,
    harezmi_principal_schools,
)
from izlem.org.models import OrgNode, Role
from izlem.org.scope import is_sysadmin, nodes_where

HAREZMI_VISIT_PROVINCE_ROLES = frozenset({Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT})
HAREZMI_VISIT_DISTRICT_ROLES = frozenset({Role.DISTRICT_COORDINATOR})


def harezmi_visit_nodes(user) -> list[OrgNode]:
    """Nodes where the user plans and makes field visits (their coordinator posts)."""
    provinces = _harezmi_nodes_of_kind(user, HAREZMI_VISIT_PROVINCE_ROLES, OrgNode.Kind.PROVINCE)
    return provinces + _harezmi_nodes_of_kind(user, HAREZMI_VISIT_DISTRICT_ROLES, OrgNode.Kind.DISTRICT)


def harezmi_visit_schools(user) -> QuerySet[OrgNode]:
    """Schools the user may visit as a coordinator (every school below their coordinator nodes)."""
    return OrgNode.objects.schools().subtree_of(*harezmi_visit_nodes(user))


def _harezmi_visit_read_nodes(user) -> QuerySet[OrgNode]:
    """Nodes whose visit plans and visits the user reads as a manager (not the principal's school)."""
    if is_sysadmin(user):
        return OrgNode.objects.all()
    roles = HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES
    return OrgNode.objects.subtree_of(*nodes_where(user, roles))


def harezmi_visit_plans_visible(user):
    """Visit plans the user may read: their own and those of the nodes they read as a manager."""
    from izlem.harezmi.models import VisitPlan

    return VisitPlan.objects.filter(Q(coordinator=user) | Q(node__in=_harezmi_visit_read_nodes(user)))


def harezmi_visit_plan_for(user, pk: int, *, action: str = "view"):
    """Return a visit plan the user may `action` ("view", or "edit": its own coordinator), else Http404."""
    from izlem.harezmi.models import VisitPlan

    if action == "view":
        queryset = harezmi_visit_plans_visible(user)
    elif action == "edit":
        queryset = VisitPlan.objects.filter(coordinator=user, node__in=harezmi_visit_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("coordinator", "node", "program_year"), pk=pk)


def harezmi_visits_visible(user):
    """Field visits the user may read: own, the nodes they read as a manager, a principal's own school."""
    from izlem.harezmi.models import Visit

    condition = (
        Q(coordinator=user)
        | Q(school__in=_harezmi_visit_read_nodes(user))
        | Q(school__in=harezmi_principal_schools(user))
    )
    return Visit.objects.filter(condition)


def harezmi_visit_for(user, pk: int, *, action: str = "view"):
    """Return a visit the user may `action` ("view", or "edit": its own coordinator), else Http404."""
    from izlem.harezmi.models import Visit

    if action == "view":
        queryset = harezmi_visits_visible(user)
    elif action == "edit":
        queryset = Visit.objects.filter(coordinator=user, school__in=harezmi_visit_schools(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("coordinator", "school", "program_year"), pk=pk)


def harezmi_follow_up_for(user, pk: int, *, action: str = "view"):
    """Return a follow-up the user may `action` ("view"; "done": the visit's coordinator or its owner)."""
    from izlem.harezmi.models import FollowUp

    if action == "view":
        queryset = FollowUp.objects.filter(visit__in=harezmi_visits_visible(user))
    elif action == "done":
        queryset = FollowUp.objects.filter(Q(visit__coordinator=user) | Q(owner=user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("visit__school", "visit__coordinator"), pk=pk)


def harezmi_reads_visits(user) -> bool:
    """True if the user has a visits page: a coordinator, or a manager reading visits (no query)."""
    roles = HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES
    return is_sysadmin(user) or bool(nodes_where(user, roles))


def harezmi_has_visit_list(user) -> bool:
    """True if the user has the visits list: a coordinator, a visits reader, or a principal (the visits
    to their school)."""
    return (
        bool(harezmi_visit_nodes(user))
        or harezmi_reads_visits(user)
        or bool(nodes_where(user, {Role.PRINCIPAL}))
    )
