"""Writes to the organisation: nodes, users and role assignments. Each checks access first."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.org import access
from izlem.org.models import OrgNode, Role, RoleAssignment, Unit, User

NODE_EDITABLE_FIELDS = [
    "name",
    "school_type",
    "level_preschool",
    "level_primary",
    "level_middle",
    "level_secondary",
    "is_public",
    "setting",
    "student_count",
    "teacher_count",
    "is_active",
]


@transaction.atomic
def node_update(*, node: OrgNode, by: User, **changes) -> OrgNode:
    """Change a node's attributes (not its place in the tree); audited.

    `is_active` only by top managers, planning officers and administrators (PermissionDenied with a
    message for anyone else, nothing changed).
    """
    if not access.can_change_node(by, node):
        raise PermissionDenied
    unknown = set(changes) - set(NODE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    access.refuse_node_fields(by, node, changes)  # switching a school off is not its principal's call
    for field, value in changes.items():
        setattr(node, field, value)
    node.full_clean(exclude=["parent", "path"])
    node._change_reason = "node_update"
    node.save(update_fields=[*changes, "updated_at"])
    return node


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    title: str = "",
    password: str | None = None,
) -> User:
    """Create a user account; the creator must manage people somewhere. No roles yet."""
    if not access.can_manage_people(by):
        raise PermissionDenied
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with this user name already exists.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, title=title)
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


# Roles of the Harezmi program, given only by its coordinator appointment (issue 19).
PROGRAM_ROLES = frozenset(
    {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT, Role.DISTRICT_COORDINATOR}
)


@transaction.atomic
def role_assign(
    *,
    by: User | None,
    user: User,
    role: str,
    node: OrgNode,
    unit: Unit | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    approval_reference: str = "",
    via_appointment: bool = False,
) -> RoleAssignment:
    """Give `user` a role at `node` (and `unit`); `by=None` is the system itself (demo, commands).

    A Harezmi coordinator role is given by a person only through the coordinator appointment
    (`via_appointment`), which checks the in-service training and the approvals; the generic role
    assignment (page or API) would bypass them.
    """
    if by is not None and not access.can_grant(by, role, node):
        raise PermissionDenied
    if by is not None and role in PROGRAM_ROLES and not via_appointment:
        raise ValidationError(
            {
                "role": _(
                    "The %(role)s role is given only by a Harezmi coordinator appointment (Harezmi → "
                    "Coordinators), which checks the in-service training and the approvals."
                )
                % {"role": Role(role).label}
            }
        )
    access.refuse_self_grant(by, user)
    assignment = RoleAssignment(
        user=user,
        role=role,
        node=node,
        unit=unit,
        start_date=start_date or timezone.localdate(),
        end_date=end_date,
        approval_reference=approval_reference,
        granted_by=by,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def role_end(*, by: User, assignment: RoleAssignment, end_date: dt.date | None = None) -> RoleAssignment:
    """End a role assignment (kept for the record, never deleted).

    Ended today (the default) or earlier, the role stops granting access at once (`ended_at`), also a
    role granted today; a later `end_date` only schedules the end.
    """
    locked = RoleAssignment.objects.select_for_update().select_related("node").get(pk=assignment.pk)
    if not access.can_grant(by, locked.role, locked.node):
        raise PermissionDenied
    if locked.is_over:
        raise ValidationError(_("This role has already ended."))
    today = timezone.localdate()
    day = end_date or today
    if end_date is None and locked.start_date > today:
        day = locked.start_date  # revoking a role that has not started yet: it never starts
    if day < locked.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    locked.end_date = day
    fields = ["end_date", "updated_at"]
    if day <= today or end_date is None:
        locked.ended_at = timezone.now()
        fields.append("ended_at")
    locked.save(update_fields=fields)
    for field in fields:  # the caller's copy says what was saved
        setattr(assignment, field, getattr(locked, field))
    return assignment


@transaction.atomic
def user_create_with_role(*, by: User, user_data: dict, role_data: dict) -> User:
    """Create a user and give them their first role in one step; both or neither."""
    if not access.can_grant(by, role_data["role"], role_data["node"]):
        raise PermissionDenied
    user = user_create(by=by, **user_data)
    role_assign(by=by, user=user, **role_data)
    return user
