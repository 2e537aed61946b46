"""Who may see or do what with the organisation: users, roles and nodes.

Each app keeps its own rules in `izlem.<app>.access` (plans, monitoring, harezmi, reports), built
on `izlem.org.scope` (who holds which role where, in force). Pages, exports, commands and the API
fetch protected objects only through these functions. A role
held at a node reaches that node and everything below it — never a sibling or a parent. A denied
object is answered exactly like a missing one (Http404), so that denials reveal nothing.

Organisation policy (docs/access.md holds the same table):

| role                          | view org nodes  | change org nodes          | manage people and roles               |
|-------------------------------|-----------------|---------------------------|---------------------------------------|
| system administrator          | everything      | everything                | every role everywhere                 |
| top manager                   | own subtree     | own subtree               | every role but sysadmin, own subtree  |
| planning officer              | own subtree     | own subtree               | —                                     |
| unit manager, coordinators,   | own subtree     | —                         | —                                     |
| Harezmi supervisor, strategy  |                 |                           |                                       |
| office                        |                 |                           |                                       |
| school principal              | own school      | own school, details only  | teachers of own school                |
| teacher                       | own school      | —                         | —                                     |
| stakeholder                   | —               | —                         | —                                     |

A node's place and life (`is_active`, kind, parent, code) are changed only by top managers, planning
officers and system administrators; a principal keeps the school's details (type, levels, counts …).
A people manager sees and ends only the role assignments held at nodes inside the subtree they manage.

Separation of duties: nobody grants a role to themselves (`refuse_self_grant`), and nobody approves
or returns a monitoring submission they submitted or entered values in
(`izlem.monitoring.access.made_submission`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from izlem.org.models import OrgNode, Role, RoleAssignment, User
from izlem.org.scope import active_assignments, is_sysadmin, nodes_where, roles_of
from izlem.org.scope import subtree as _subtree

ORG_VIEW_ROLES = frozenset(set(Role) - {Role.STAKEHOLDER})
ORG_CHANGE_ROLES = frozenset({Role.SYSADMIN, Role.TOP_MANAGER, Role.PLANNING_OFFICER, Role.PRINCIPAL})
# Which roles each managing role may grant, inside its own subtree.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.SYSADMIN: frozenset(Role),
    Role.TOP_MANAGER: frozenset(set(Role) - {Role.SYSADMIN}),
    Role.PRINCIPAL: frozenset({Role.TEACHER}),
}


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


def visible_node_ids(user, nodes) -> set[int]:
    """The ids among `nodes` the user may open (breadcrumbs link only those)."""
    return set(nodes_visible(user).filter(pk__in=[n.pk for n in nodes]).values_list("pk", flat=True))


def can_change_node(user, node: OrgNode) -> bool:
    """True if the user may change this node's attributes."""
    return nodes_changeable(user).filter(pk=node.pk).exists()


# A node's place in the tree and whether it exists for the directorate at all: switching a school off
# drops it from progress tables and reminders, so the school's own principal may not do it.
NODE_STRUCTURE_FIELDS = frozenset({"is_active", "kind", "parent", "code"})
NODE_STRUCTURE_ROLES = frozenset({Role.SYSADMIN, Role.TOP_MANAGER, Role.PLANNING_OFFICER})
NODE_STRUCTURE_REFUSED = _(
    "Only top managers, planning officers and system administrators may change these fields: %(fields)s."
)


def can_change_node_structure(user, node: OrgNode) -> bool:
    """True if the user may switch the node on or off, or change its kind, parent or code."""
    return _subtree(user, NODE_STRUCTURE_ROLES).filter(pk=node.pk).exists()


def refuse_node_fields(user, node: OrgNode, fields: Iterable[str]) -> None:
    """Raise PermissionDenied (with the fields named) if `fields` include one the user may not change."""
    forbidden = sorted(set(fields) & NODE_STRUCTURE_FIELDS)
    if forbidden and not can_change_node_structure(user, node):
        names = ", ".join(str(OrgNode._meta.get_field(name).verbose_name) for name in forbidden)
        raise PermissionDenied(NODE_STRUCTURE_REFUSED % {"fields": names})


def grantable_roles(user, node: OrgNode) -> set[str]:
    """The roles the user may grant (or end) at `node`."""
    if is_sysadmin(user):
        return set(Role)
    granted: set[str] = set()
    for assignment in active_assignments(user):
        if assignment.role in GRANTABLE_ROLES and node.is_within(assignment.node):
            granted |= GRANTABLE_ROLES[assignment.role]
    return granted


# Harezmi's program roles are given only by an appointment (izlem.harezmi.services.coordinators), which
# checks the training, the official documents and their dates; the generic role pages and API refuse them.
APPOINTED_ROLES = frozenset(
    {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT, Role.DISTRICT_COORDINATOR}
)
APPOINTMENT_ONLY = _(
    "Harezmi coordinators are appointed on the Harezmi appointment page, which checks their training and "
    "official documents; this role cannot be given here."
)


def refuse_unappointed_program_role(by, role: str, *, appointment: bool) -> None:
    """Raise ValidationError if a person (not the system) gives a Harezmi program role outside an appointment."""
    if by is not None and role in APPOINTED_ROLES and not appointment:
        raise ValidationError({"role": APPOINTMENT_ONLY})


def roles_grantable_somewhere(user) -> set[str]:
    """The roles the user may grant at some node they manage (the role forms offer these; `can_grant` decides)."""
    if is_sysadmin(user):
        return set(GRANTABLE_ROLES[Role.SYSADMIN])
    return set().union(*(GRANTABLE_ROLES[role] for role in roles_of(user) if role in GRANTABLE_ROLES))


def can_grant(user, role: str, node: OrgNode) -> bool:
    """True if the user may grant `role` at `node`."""
    return role in grantable_roles(user, node)


SELF_GRANT_REFUSED = _("Nobody may give a role to themselves: another manager must give it.")


def is_self_grant(by, person) -> bool:
    """True if `by` would give a role to themselves (separation of duties forbids it)."""
    return by is not None and person is not None and by.pk is not None and by.pk == person.pk


def refuse_self_grant(by, person) -> None:
    """Raise PermissionDenied (with a message) if `by` would give a role to themselves."""
    if is_self_grant(by, person):
        raise PermissionDenied(SELF_GRANT_REFUSED)


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


def assignments_visible(user) -> QuerySet[RoleAssignment]:
    """Role assignments a people manager sees: those held at nodes inside the subtree they manage.

    A person's roles elsewhere (another school, another district) stay hidden, even from a manager who
    sees the person because of one role in their subtree.
    """
    if is_sysadmin(user):
        return RoleAssignment.objects.all()
    return RoleAssignment.objects.filter(node__in=manager_nodes(user))


def assignment_for(user, pk: int) -> RoleAssignment:
    """Return a role assignment the requester may end or change, else raise Http404."""
    assignment = get_object_or_404(assignments_visible(user).select_related("node", "user", "unit"), pk=pk)
    if not can_grant(user, assignment.role, assignment.node):
        raise Http404
    return assignment


def can_manage_people(user) -> bool:
    """True if the user may manage users and roles somewhere."""
    return is_sysadmin(user) or bool(nodes_where(user, GRANTABLE_ROLES.keys()))
