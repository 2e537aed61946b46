"""Who holds which role where: the one place that asks the role assignments.

Every question "who holds role X at node Y" and "where does this user hold role X" is answered
here, and always from the assignments in force (`RoleAssignment.objects.active(on)`): an ended
assignment grants nothing. The per-app access modules (`izlem.<app>.access`) build their rules on
these helpers; services and selectors that need the holders of a role call them too, never
`RoleAssignment.objects` directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from izlem.org.models import OrgNode, Role, RoleAssignment, User


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
    """The roles the user holds today, anywhere (kept with the assignments they come from)."""
    assignments = active_assignments(user)
    cached = getattr(user, "_izlem_roles", None)
    if cached is None or cached[0] is not assignments:  # a bulk upload asks ~3 times a value
        cached = (assignments, frozenset(assignment.role for assignment in assignments))
        if assignments:
            user._izlem_roles = cached
    return cached[1]


def is_sysadmin(user) -> bool:
    """True for a system administrator (a sysadmin assignment, or a Django superuser)."""
    return bool(getattr(user, "is_superuser", False)) or Role.SYSADMIN in roles_of(user)


def nodes_where(user, roles: Iterable[str]) -> list[OrgNode]:
    """The nodes at which the user holds any of `roles` today."""
    wanted = set(roles)
    return [assignment.node for assignment in active_assignments(user) if assignment.role in wanted]


def subtree(user, roles: Iterable[str]) -> QuerySet[OrgNode]:
    """Nodes at or below the nodes where the user holds one of `roles`; all nodes for a sysadmin."""
    if is_sysadmin(user):
        return OrgNode.objects.all()
    return OrgNode.objects.subtree_of(*nodes_where(user, roles))


# --- Who holds a role: the queries for notifications, candidate lists and checks ---------------------
# Every caller asks through these, so none forgets that an assignment may have ended (`ended_at`, `end_date`).
def assignments_in_force(
    *, on: dt.date | None = None, roles=None, at=None, under=None
) -> QuerySet[RoleAssignment]:
    """Role assignments in force on `on` (default today): of `roles`, at the node(s) `at`, below node `under`."""
    assignments = RoleAssignment.objects.active(on)
    if roles is not None:
        assignments = assignments.filter(role__in=list(roles))
    if at is not None:
        assignments = (
            assignments.filter(node=at) if isinstance(at, OrgNode) else assignments.filter(node__in=at)
        )
    if under is not None:
        assignments = assignments.filter(node__path__startswith=under.path)
    return assignments


def holders(roles=None, *, at=None, under=None, on: dt.date | None = None) -> QuerySet[User]:
    """People holding one of `roles` (any role when None) at `at` or below `under`, in force on `on`."""
    return User.objects.filter(
        pk__in=assignments_in_force(on=on, roles=roles, at=at, under=under).values("user_id")
    )


def holds(user, roles=None, *, at=None, on: dt.date | None = None) -> bool:
    """True if `user` holds one of `roles` (any role when None) at `at` on `on` (one query, no cache)."""
    return assignments_in_force(on=on, roles=roles, at=at).filter(user=user).exists()


def assignments_between(start: dt.date, end: dt.date) -> QuerySet[RoleAssignment]:
    """Role assignments in force on at least one day from `start` to `end` (figures over a period)."""
    return RoleAssignment.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
