"""Who may see or do what: every access decision of izlem lives here.

Pages, exports, commands and the API fetch protected objects only through these functions. A role
held at a node reaches that node and everything below it — never a sibling or a parent. A denied
object is answered exactly like a missing one (Http404), so that denials reveal nothing.

Organisation policy (docs/access.md holds the same table):

| role                          | view org nodes  | change org nodes          | manage people and roles               |
|-------------------------------|-----------------|---------------------------|---------------------------------------|
| system administrator          | everything      | everything                | every role everywhere                 |
| top manager                   | own subtree     | own subtree               | every role but sysadmin, own subtree  |
| planning officer              | own subtree     | own subtree               | —                                     |
| unit manager, coordinators    | own subtree     | —                         | —                                     |
| school principal              | own school      | own school                | teachers of own school                |
| teacher                       | own school      | —                         | —                                     |
| stakeholder                   | —               | —                         | —                                     |
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.org.models import OrgNode, Role, RoleAssignment, User

ORG_VIEW_ROLES = frozenset(set(Role) - {Role.STAKEHOLDER})
ORG_CHANGE_ROLES = frozenset({Role.SYSADMIN, Role.TOP_MANAGER, Role.PLANNING_OFFICER, Role.PRINCIPAL})
# Which roles each managing role may grant, inside its own subtree.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.SYSADMIN: frozenset(Role),
    Role.TOP_MANAGER: frozenset(set(Role) - {Role.SYSADMIN}),
    Role.PRINCIPAL: frozenset({Role.TEACHER}),
}


def active_assignments(user) -> list[RoleAssignment]:
    """The user's role assignments in force today (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_izlem_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.active().filter(user=user).select_related("node", "unit"))
        user._izlem_assignments = cached
    return cached


def roles_of(user) -> set[str]:
    """The roles the user holds today, anywhere."""
    return {assignment.role for assignment in active_assignments(user)}


def is_sysadmin(user) -> bool:
    """True for a system administrator (a sysadmin assignment, or a Django superuser)."""
    return bool(getattr(user, "is_superuser", False)) or Role.SYSADMIN in roles_of(user)


def nodes_where(user, roles: Iterable[str]) -> list[OrgNode]:
    """The nodes at which the user holds any of `roles` today."""
    wanted = set(roles)
    return [assignment.node for assignment in active_assignments(user) if assignment.role in wanted]


def _subtree(user, roles: Iterable[str]) -> QuerySet[OrgNode]:
    """Nodes at or below the nodes where the user holds one of `roles`; all nodes for a sysadmin."""
    if is_sysadmin(user):
        return OrgNode.objects.all()
    return OrgNode.objects.subtree_of(*nodes_where(user, roles))


def nodes_visible(user) -> QuerySet[OrgNode]:
    """Organisation nodes the user may view."""
    return _subtree(user, ORG_VIEW_ROLES)


def nodes_changeable(user) -> QuerySet[OrgNode]:
    """Organisation nodes whose attributes the user may change."""
    return _subtree(user, ORG_CHANGE_ROLES)


def node_for(user, pk: int, *, action: str = "view") -> OrgNode:
    """Return the node if the user may `action` ("view" or "change") it, else raise Http404."""
    queryset = {"view": nodes_visible, "change": nodes_changeable}[action](user)
    return get_object_or_404(queryset, pk=pk)


def can_change_node(user, node: OrgNode) -> bool:
    """True if the user may change this node's attributes."""
    return nodes_changeable(user).filter(pk=node.pk).exists()


def grantable_roles(user, node: OrgNode) -> set[str]:
    """The roles the user may grant (or end) at `node`."""
    if is_sysadmin(user):
        return set(Role)
    granted: set[str] = set()
    for assignment in active_assignments(user):
        if assignment.role in GRANTABLE_ROLES and node.is_within(assignment.node):
            granted |= GRANTABLE_ROLES[assignment.role]
    return granted


def can_grant(user, role: str, node: OrgNode) -> bool:
    """True if the user may grant `role` at `node`."""
    return role in grantable_roles(user, node)


def manager_nodes(user) -> QuerySet[OrgNode]:
    """Nodes inside which the user manages people."""
    return _subtree(user, GRANTABLE_ROLES.keys())


def users_manageable(user) -> QuerySet[User]:
    """Users the user may see and manage: those holding a role inside the user's managed subtree."""
    if is_sysadmin(user):
        return User.objects.all()
    nodes = manager_nodes(user)
    return User.objects.filter(assignments__node__in=nodes).distinct()


def user_for(user, pk: int) -> User:
    """Return a user the requester may manage, else raise Http404."""
    return get_object_or_404(users_manageable(user), pk=pk)


def assignment_for(user, pk: int) -> RoleAssignment:
    """Return a role assignment the requester may end or change, else raise Http404."""
    assignment = get_object_or_404(RoleAssignment.objects.select_related("node", "user", "unit"), pk=pk)
    if not can_grant(user, assignment.role, assignment.node):
        raise Http404
    return assignment


def can_manage_people(user) -> bool:
    """True if the user may manage users and roles somewhere."""
    return is_sysadmin(user) or bool(nodes_where(user, GRANTABLE_ROLES.keys()))


# --- Strategic plans -------------------------------------------------------------------------------
# A plan belongs to a province or district. Everyone who works under that node (and above it) may
# read it; planning officers at the owner node or above (and system administrators) may edit it.
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
