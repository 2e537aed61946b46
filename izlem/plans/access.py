"""Strategic plans: who may read, edit and import them (built on `izlem.org.scope`).

A plan belongs to a province or district. Everyone who works under that node (and above it) may
read it; planning officers at the owner node or above (and system administrators) may edit it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.org.access import ORG_VIEW_ROLES, assignment_for, node_for, user_for
from izlem.org.models import OrgNode, Role
from izlem.org.scope import is_sysadmin, nodes_where
from izlem.org.scope import subtree as _subtree

PLAN_VIEW_ROLES = ORG_VIEW_ROLES
PLAN_EDIT_ROLES = frozenset({Role.SYSADMIN, Role.PLANNING_OFFICER})


def _plan_owner_filter(user, roles: Iterable[str], *, include_ancestors: bool) -> Q:
    """Plans whose owner is at/below (and, if asked, above) the nodes where the user holds `roles`."""
    condition = Q(pk__in=[])
    for node in nodes_where(user, roles):
        condition |= Q(owner__path__startswith=node.path)
        if include_ancestors:
            ancestor_ids = [int(part) for part in node.path.strip("/").split("/")]
            condition |= Q(owner_id__in=ancestor_ids)
    return condition


def plans_visible(user):
    """Plans the user may read: those of their node, of the nodes above it and of those below it."""
    from izlem.plans.models import Plan

    if is_sysadmin(user):
        return Plan.objects.all()
    return Plan.objects.filter(_plan_owner_filter(user, PLAN_VIEW_ROLES, include_ancestors=True))


def plans_editable(user):
    """Plans the user may edit: planning officers for plans owned at or below their node."""
    from izlem.plans.models import Plan

    if is_sysadmin(user):
        return Plan.objects.all()
    return Plan.objects.filter(_plan_owner_filter(user, PLAN_EDIT_ROLES, include_ancestors=False))


def plan_for(user, pk: int, *, action: str = "view"):
    """Return the plan if the user may `action` ("view" or "edit") it, else raise Http404."""
    queryset = {"view": plans_visible, "edit": plans_editable}[action](user)
    return get_object_or_404(queryset, pk=pk)


def can_edit_plan(user, plan) -> bool:
    """True if the user may edit this plan and everything in it."""
    return plans_editable(user).filter(pk=plan.pk).exists()


def plan_part_for(user, model, pk: int, *, action: str = "view"):
    """Return a goal, target, indicator, measure … of a plan the user may `action`, else Http404."""
    plans = {"view": plans_visible, "edit": plans_editable}[action](user)
    plan_field = (
        "indicator__plan"
        if model.__name__ in {"IndicatorRow"}
        else "row__indicator__plan"
        if model.__name__ == "YearValue"
        else "plan"
    )
    return get_object_or_404(model.objects.filter(**{f"{plan_field}__in": plans}), pk=pk)


def history_object_for(user, model_label: str, pk: int):
    """Return an object whose audit history the user may read, else raise Http404.

    Only objects the user may view are readable; each model's own access function decides.
    """
    from django.apps import apps

    getters = {
        "org.orgnode": lambda: node_for(user, pk),
        "org.user": lambda: user_for(user, pk),
        "org.roleassignment": lambda: assignment_for(user, pk),
    }
    getter = getters.get(model_label)
    if getter is not None:
        return getter()
    if model_label.startswith("plans."):
        try:
            model = apps.get_model(model_label)
        except LookupError as exc:
            raise Http404 from exc
        if model.__name__ == "Plan":
            return plan_for(user, pk)
        if hasattr(model, "plan") or model.__name__ in {"IndicatorRow", "YearValue"}:
            return plan_part_for(user, model, pk)
    raise Http404


def can_browse_plans(user) -> bool:
    """True if the user may use the plan browser at all (stakeholders read published reports only)."""
    return is_sysadmin(user) or bool(nodes_where(user, PLAN_VIEW_ROLES))


# Importing a plan file (web, API, docs/plan-import.md): the same people who edit plans — planning
# officers and system administrators — for a province or district at or below where they hold the
# role. The owner is always chosen from these, so an import can only create or change plans the
# person may edit. Exporting a plan (workbook, JSON, PDF) is reading it: `plan_for(user, pk)`.
def plan_import_owners(user) -> QuerySet[OrgNode]:
    """Provinces and districts the user may import a plan for (at or below their planning role)."""
    kinds = [OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT]
    return _subtree(user, PLAN_EDIT_ROLES).filter(kind__in=kinds).order_by("path")


def plan_import_owner_for(user, pk: int) -> OrgNode:
    """Return the province or district if the user may import a plan for it, else raise Http404."""
    return get_object_or_404(plan_import_owners(user), pk=pk)


def can_import_plans(user) -> bool:
    """True if the user may import a plan file somewhere."""
    return plan_import_owners(user).exists()
