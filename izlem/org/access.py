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
| school principal              | own school      | own school, details only  | teachers of own school                |
| teacher                       | own school      | —                         | —                                     |
| stakeholder                   | —               | —                         | —                                     |

A node's place and life (`is_active`, kind, parent, code) are changed only by top managers, planning
officers and system administrators; a principal keeps the school's details (type, levels, counts …).
A people manager sees and ends only the role assignments held at nodes inside the subtree they manage.

Separation of duties: nobody grants a role to themselves, and nobody approves or returns a monitoring
submission they submitted or entered values in (`refuse_self_grant`, `made_submission`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from izlem.core.collation import turkish
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


# --- Harezmi ---------------------------------------------------------------------------------------
# Who may see or do what in the Harezmi program (docs/harezmi.md holds the same table):
#
# | role (where held)                                   | reads                 | does                                          |
# |-----------------------------------------------------|-----------------------|-----------------------------------------------|
# | system administrator                                | everything            | everything                                    |
# | top manager, province coordinator/assistant (il)    | the province          | program year, decisions, appointments (top     |
# |                                                     |                       | manager), anything a district may do           |
# | top manager, district coordinator (ilçe)            | the district          | reviews, Kaymakamlık Oluru, EBYS letters,       |
# |                                                     |                       | district coordinators (top manager), balancing |
# | planning officer (AR-GE)                            | own subtree           | —                                             |
# | school principal                                    | own school            | application, teams, teachers, students, hours  |
# | teacher                                             | own teams only        | students and consent of own teams, meetings    |
# Province and district Harezmi managers may also keep a school's teams and students up to date
# (seed §3 and §4: "okul, öğretmen ve öğrenci bilgilerinin güncel tutulmasını sağlar").
HAREZMI_PROVINCE_ROLES = frozenset(
    {Role.TOP_MANAGER, Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}
)
HAREZMI_DISTRICT_ROLES = frozenset({Role.TOP_MANAGER, Role.DISTRICT_COORDINATOR})
HAREZMI_READ_ROLES = frozenset({Role.PLANNING_OFFICER})
HAREZMI_APPOINTING_ROLES = frozenset({Role.TOP_MANAGER})


def _harezmi_nodes_of_kind(user, roles: Iterable[str], kind: str) -> list[OrgNode]:
    """Nodes of `kind` where the user holds one of `roles` today."""
    return [node for node in nodes_where(user, roles) if node.kind == kind]


def harezmi_province_nodes(user) -> QuerySet[OrgNode]:
    """Provinces whose Harezmi program the user runs (province coordinators, assistants, top manager)."""
    if is_sysadmin(user):
        return OrgNode.objects.provinces()
    nodes = _harezmi_nodes_of_kind(user, HAREZMI_PROVINCE_ROLES, OrgNode.Kind.PROVINCE)
    return OrgNode.objects.filter(pk__in=[node.pk for node in nodes])


def harezmi_district_nodes(user) -> QuerySet[OrgNode]:
    """Districts whose Harezmi work the user does: district roles there, or province roles above."""
    if is_sysadmin(user):
        return OrgNode.objects.districts()
    district_level = _harezmi_nodes_of_kind(user, HAREZMI_DISTRICT_ROLES, OrgNode.Kind.DISTRICT)
    province_level = _harezmi_nodes_of_kind(user, HAREZMI_PROVINCE_ROLES, OrgNode.Kind.PROVINCE)
    return OrgNode.objects.districts().subtree_of(*district_level, *province_level)


def harezmi_school_nodes(user) -> QuerySet[OrgNode]:
    """Schools whose Harezmi teams, teachers and students the user may keep up to date."""
    if is_sysadmin(user):
        return OrgNode.objects.schools()
    own = nodes_where(user, {Role.PRINCIPAL})
    managed = list(harezmi_district_nodes(user))
    return OrgNode.objects.schools().subtree_of(*own, *managed)


def harezmi_principal_schools(user) -> QuerySet[OrgNode]:
    """Schools whose application the user makes: the principal's own school."""
    if is_sysadmin(user):
        return OrgNode.objects.schools()
    return OrgNode.objects.filter(pk__in=[node.pk for node in nodes_where(user, {Role.PRINCIPAL})])


def harezmi_view_nodes(user) -> QuerySet[OrgNode]:
    """Nodes whose Harezmi records the user may read as a manager (teachers: see `harezmi_teams_visible`)."""
    if is_sysadmin(user):
        return OrgNode.objects.all()
    roles = HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES | {Role.PRINCIPAL}
    return OrgNode.objects.subtree_of(*nodes_where(user, roles))


def harezmi_reads_as_manager(user) -> bool:
    """True if the user reads Harezmi records beyond their own teams (no query: cached roles)."""
    roles = HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES | {Role.PRINCIPAL}
    return is_sysadmin(user) or bool(nodes_where(user, roles))


def harezmi_is_teacher_only(user) -> bool:
    """True if the user's only Harezmi role is teacher (their own teams are all they see)."""
    return not harezmi_reads_as_manager(user) and Role.TEACHER in roles_of(user)


def harezmi_has_access(user) -> bool:
    """True if the user has any Harezmi page to see (no query: cached roles)."""
    return harezmi_reads_as_manager(user) or Role.TEACHER in roles_of(user)


def _ancestor_ids(nodes) -> set[int]:
    """Ids of the nodes and of every node above them."""
    ids: set[int] = set()
    for node in nodes:
        ids |= {int(part) for part in node.path.strip("/").split("/") if part}
    return ids


def harezmi_years_visible(user):
    """Program years of the provinces the user works in (at, above or below the province)."""
    from izlem.harezmi.models import ProgramYear

    if is_sysadmin(user):
        return ProgramYear.objects.all()
    nodes = nodes_where(user, ORG_VIEW_ROLES)
    condition = Q(province_id__in=_ancestor_ids(nodes))
    for node in nodes:
        condition |= Q(province__path__startswith=node.path)
    return ProgramYear.objects.filter(condition)


def harezmi_year_for(user, pk: int, *, action: str = "view"):
    """Return a program year the user may `action` ("view" or "manage": calendar and rules), else Http404."""
    queryset = harezmi_years_visible(user)
    if action == "manage":
        queryset = queryset.filter(province__in=harezmi_province_nodes(user))
    elif action != "view":
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def harezmi_can_manage_year(user, program_year) -> bool:
    """True if the user runs the program year's province."""
    return harezmi_province_nodes(user).filter(pk=program_year.province_id).exists()


def harezmi_event_nodes(user, program_year) -> QuerySet[OrgNode]:
    """Where the user may put calendar events of the year: the province (province roles) or their districts."""
    nodes = harezmi_district_nodes(user).filter(parent_id=program_year.province_id)
    if harezmi_can_manage_year(user, program_year):
        nodes = nodes | OrgNode.objects.filter(pk=program_year.province_id)
    return nodes.order_by("kind", turkish("name"))


def harezmi_applications_visible(user):
    """Applications of schools the user reads as a manager or principal."""
    from izlem.harezmi.models import Application

    return Application.objects.filter(school__in=harezmi_view_nodes(user))


def harezmi_application_for(user, pk: int, *, action: str = "view"):
    """Return an application the user may `action`, else Http404.

    Actions: "view"; "edit" (the school's principal: draft, returned); "review" (the district:
    forward or return a submitted one); "decide" (the province: approve or reject a forwarded one).
    """
    from izlem.harezmi.models import Application

    if action == "view":
        queryset = harezmi_applications_visible(user)
    elif action == "edit":
        queryset = Application.objects.filter(school__in=harezmi_principal_schools(user))
    elif action == "review":
        queryset = Application.objects.filter(school__parent__in=harezmi_district_nodes(user))
    elif action == "decide":
        queryset = Application.objects.filter(program_year__province__in=harezmi_province_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("school", "program_year"), pk=pk)


def harezmi_can_appoint(user, kind: str, node: OrgNode) -> bool:
    """True if the user may appoint a coordinator of `kind` at `node`.

    Province posts: the province's top manager. District coordinators: the district's or the
    province's top manager (seed §2 and §4: appointed by the İlçe/İl MEM).
    """
    if is_sysadmin(user):
        return True
    return any(
        assignment.role in HAREZMI_APPOINTING_ROLES and node.is_within(assignment.node)
        for assignment in active_assignments(user)
    )


def harezmi_appointments_visible(user):
    """Coordinator appointments at, above or below the nodes where the user reads Harezmi records."""
    from izlem.harezmi.models import CoordinatorAppointment

    if is_sysadmin(user):
        return CoordinatorAppointment.objects.all()
    nodes = nodes_where(
        user, HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES | {Role.PRINCIPAL}
    )
    condition = Q(node_id__in=_ancestor_ids(nodes)) | Q(person=user)
    for node in nodes:
        condition |= Q(node__path__startswith=node.path)
    return CoordinatorAppointment.objects.filter(condition)


def harezmi_appointment_for(user, pk: int, *, action: str = "view"):
    """Return an appointment the user may `action`, else Http404.

    Actions: "view"; "request_departure" (the coordinator themselves or who may appoint them);
    "approve_departure" (who may appoint them).
    """

    appointment = get_object_or_404(
        harezmi_appointments_visible(user).select_related("node", "person", "program_year"), pk=pk
    )
    if action == "view":
        return appointment
    if action not in ("request_departure", "approve_departure"):
        raise Http404
    may_appoint = harezmi_can_appoint(user, appointment.kind, appointment.node)
    if may_appoint or (action == "request_departure" and appointment.person_id == user.pk):
        return appointment
    raise Http404


def _harezmi_own_team_ids(user, states):
    """Ids of the teams where the user is a teacher in one of `states`."""
    from izlem.harezmi.models import TeacherAssignment

    return TeacherAssignment.objects.filter(teacher=user, state__in=states).values("team_id")


def harezmi_teams_visible(user):
    """Teams the user may read: a teacher's own teams; everyone else's teams of the nodes they read."""
    from izlem.harezmi.models import TeacherAssignment, Team

    current = [
        TeacherAssignment.State.PENDING_APPROVAL,
        TeacherAssignment.State.ACTIVE,
        TeacherAssignment.State.DEPARTURE_PENDING,
    ]
    own = Q(pk__in=_harezmi_own_team_ids(user, current))
    return Team.objects.filter(Q(school__in=harezmi_view_nodes(user)) | own)


def harezmi_teams_editable(user):
    """Teams whose teachers and weekly time the user may change (principal, district, province)."""
    from izlem.harezmi.models import Team

    return Team.objects.filter(school__in=harezmi_school_nodes(user))


def harezmi_team_for(user, pk: int, *, action: str = "view"):
    """Return a team the user may `action` ("view", "edit": teachers and time, "students": register and
    place students), else Http404. A teacher may handle the students of their own teams."""
    if action == "view":
        queryset = harezmi_teams_visible(user)
    elif action == "edit":
        queryset = harezmi_teams_editable(user)
    elif action == "students":
        queryset = harezmi_teams_editable(user) | harezmi_teams_own(user)
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("school", "program_year"), pk=pk)


def harezmi_teams_own(user):
    """The teams in which the user is an active teacher (their students are theirs to keep)."""
    from izlem.harezmi.models import TeacherAssignment, Team

    states = [TeacherAssignment.State.ACTIVE, TeacherAssignment.State.DEPARTURE_PENDING]
    return Team.objects.filter(pk__in=_harezmi_own_team_ids(user, states))


def harezmi_assignment_for(user, pk: int, *, action: str = "view"):
    """Return a teacher assignment the user may `action`, else Http404.

    Actions: "view"; "depart" (record a departure petition: school editors); "approve" (record the
    Kaymakamlık Oluru or the EBYS letter: the district or the province).
    """
    from izlem.harezmi.models import TeacherAssignment

    if action == "view":
        queryset = TeacherAssignment.objects.filter(team__in=harezmi_teams_visible(user))
    elif action == "depart":
        queryset = TeacherAssignment.objects.filter(team__school__in=harezmi_school_nodes(user))
    elif action == "approve":
        queryset = TeacherAssignment.objects.filter(team__school__parent__in=harezmi_district_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("team__school", "team__program_year", "teacher"), pk=pk)


def harezmi_students_visible(user):
    """Students the user may read: a teacher's own teams' students and the ones they registered."""
    from izlem.harezmi.models import Student

    own = Q(team__in=harezmi_teams_own(user)) | Q(team__isnull=True, registered_by=user)
    if harezmi_reads_as_manager(user):
        return Student.objects.filter(Q(school__in=harezmi_view_nodes(user)) | own)
    return Student.objects.filter(own)


def harezmi_students_editable(user):
    """Students whose consent and team the user may record: school editors' and a teacher's own."""
    from izlem.harezmi.models import Student

    own = Q(team__in=harezmi_teams_own(user)) | Q(team__isnull=True, registered_by=user)
    return Student.objects.filter(Q(school__in=harezmi_school_nodes(user)) | own)


def harezmi_student_for(user, pk: int, *, action: str = "view"):
    """Return a student the user may `action` ("view", or "edit": consent and team), else Http404."""

    if action == "view":
        queryset = harezmi_students_visible(user)
    elif action == "edit":
        queryset = harezmi_students_editable(user)
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("school", "team", "program_year"), pk=pk)


def harezmi_student_schools(user) -> QuerySet[OrgNode]:
    """Schools where the user may register students: school editors' schools and a teacher's team schools."""
    own_schools = harezmi_teams_own(user).values("school_id")
    return OrgNode.objects.schools().filter(Q(pk__in=harezmi_school_nodes(user)) | Q(pk__in=own_schools))


def harezmi_meetings_visible(user):
    """Parent information meetings the user may read."""
    from izlem.harezmi.models import ParentMeeting

    own = Q(team__in=harezmi_teams_own(user)) | Q(recorded_by=user)
    return ParentMeeting.objects.filter(Q(school__in=harezmi_view_nodes(user)) | own)


def harezmi_week_district_for(user, pk: int, *, action: str = "view") -> OrgNode:
    """Return a district whose weekly load the user may `action` ("view", or "balance": apply moves)."""
    if action == "view":
        queryset = OrgNode.objects.districts().filter(pk__in=harezmi_view_nodes(user))
    elif action == "balance":
        queryset = harezmi_district_nodes(user)
    else:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def harezmi_staff_changes_visible(user):
    """Teacher assignments that are staff changes, for the ledger of the nodes the user reads."""
    from izlem.harezmi.models import TeacherAssignment

    return TeacherAssignment.objects.changes().filter(team__school__in=harezmi_view_nodes(user))


def harezmi_trainings_visible(user):
    """Completed trainings of people who work in the nodes the user reads (and the user's own)."""
    from izlem.harezmi.models import TrainingCompletion

    people = RoleAssignment.objects.filter(node__in=harezmi_view_nodes(user)).values("user_id")
    return TrainingCompletion.objects.filter(Q(person_id__in=people) | Q(person=user))


def harezmi_training_people(user) -> QuerySet[User]:
    """People whose completed training the user may record: those with a role in a district or province
    where the user runs Harezmi."""
    if is_sysadmin(user):
        return User.objects.all()
    nodes = list(harezmi_district_nodes(user)) + list(harezmi_province_nodes(user))
    return User.objects.filter(assignments__node__in=OrgNode.objects.subtree_of(*nodes)).distinct()


def harezmi_document_for(user, pk: int):
    """Return an official document (petition, approval, letter) the user may download, else Http404.

    Readable by managers of its node or of a node below it (a Valilik Oluru reaches the districts
    that cite it) and by the person it concerns.
    """
    from izlem.harezmi.models import OfficialDocument

    if is_sysadmin(user):
        return get_object_or_404(OfficialDocument, pk=pk)
    reading = nodes_where(
        user, HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES | {Role.PRINCIPAL}
    )
    condition = Q(person=user) | Q(node__in=harezmi_view_nodes(user)) | Q(node_id__in=_ancestor_ids(reading))
    return get_object_or_404(OfficialDocument.objects.filter(condition), pk=pk)


def harezmi_history_object_for(user, model_name: str, pk: int):
    """Return a Harezmi object whose audit history the user may read, else Http404."""
    getters = {
        "programyear": lambda: harezmi_year_for(user, pk),
        "application": lambda: harezmi_application_for(user, pk),
        "coordinatorappointment": lambda: harezmi_appointment_for(user, pk),
        "team": lambda: harezmi_team_for(user, pk),
        "teacherassignment": lambda: harezmi_assignment_for(user, pk),
        "student": lambda: harezmi_student_for(user, pk),
        "session": lambda: harezmi_session_for(user, pk),
        "absence": lambda: harezmi_absence_for(user, pk),
        "visitplan": lambda: harezmi_visit_plan_for(user, pk),
        "visit": lambda: harezmi_visit_for(user, pk),
        "assignedtask": lambda: harezmi_task_for(user, pk),
        "cooperation": lambda: harezmi_cooperation_for(user, pk),
        "researchreport": lambda: harezmi_report_for(user, pk),
    }
    getter = getters.get(model_name)
    if getter is None:
        raise Http404
    return getter()


# --- Harezmi II: meetings, trainings, materials, projects -----------------------------------------
# | record                           | who records / changes                                  | who reads                       |
# |----------------------------------|--------------------------------------------------------|---------------------------------|
# | meeting (province/district)      | province roles at the province, district roles (and    | managers of its subtree; every  |
# |                                  | the province) at a district                            | person invited to it            |
# | meeting (school pre/post)        | the school's principal                                 | same                            |
# | training held                    | province or district roles, at their level             | managers below and above; its   |
# |                                  |                                                        | participants and trainers       |
# | training need                    | coordinators/top managers of the teacher's district    | managers of the school          |
# | material request                 | the school's principal (while requested)               | managers of the school          |
# | material decision and delivery   | the school's district (top manager, coordinator) or    | same                            |
# |                                  | the province                                           |                                 |
# | project, event, award            | principal: own school; district/province roles: their  | managers of its subtree; the    |
# |                                  | own level                                              | awarded person                  |
HAREZMI_MEETING_PEOPLE_ROLES = frozenset(
    {
        Role.TOP_MANAGER,
        Role.PROVINCE_COORDINATOR,
        Role.PROVINCE_COORDINATOR_ASSISTANT,
        Role.DISTRICT_COORDINATOR,
        Role.PRINCIPAL,
        Role.TEACHER,
    }
)
HAREZMI_TRAINER_ROLES = frozenset(
    {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT, Role.DISTRICT_COORDINATOR}
)


def _harezmi_reading_condition(user, field: str) -> Q:
    """Records whose `field` node the user reads as a manager, or that lie above those nodes."""
    reading = nodes_where(
        user, HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES | {Role.PRINCIPAL}
    )
    condition = Q(**{f"{field}_id__in": _ancestor_ids(reading)})
    for node in reading:
        condition |= Q(**{f"{field}__path__startswith": node.path})
    return condition


def harezmi_level_nodes(user) -> QuerySet[OrgNode]:
    """Nodes whose own meetings, trainings and projects the user records: the province (province roles),
    the districts (district roles; the province's roles too) and a principal's school."""
    if is_sysadmin(user):
        return OrgNode.objects.filter(
            kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT, OrgNode.Kind.SCHOOL]
        )
    return (
        harezmi_province_nodes(user) | harezmi_district_nodes(user) | harezmi_principal_schools(user)
    ).distinct()


def harezmi_own_level_nodes(user) -> QuerySet[OrgNode]:
    """Nodes whose projects, events and awards the user records: a principal's school, a district role's
    district, a province role's province (each records only its own level)."""
    if is_sysadmin(user):
        return OrgNode.objects.filter(
            kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT, OrgNode.Kind.SCHOOL]
        )
    districts = _harezmi_nodes_of_kind(user, HAREZMI_DISTRICT_ROLES, OrgNode.Kind.DISTRICT)
    return (
        harezmi_province_nodes(user)
        | harezmi_principal_schools(user)
        | OrgNode.objects.filter(pk__in=[node.pk for node in districts])
    ).distinct()


def harezmi_program_meetings_visible(user):
    """Program meetings the user reads: those of the nodes they manage, and those they were invited to."""
    from izlem.harezmi.models import Meeting

    invited = Meeting.objects.filter(attendees__person=user).values("pk")
    return Meeting.objects.filter(Q(node__in=harezmi_view_nodes(user)) | Q(pk__in=invited))


def harezmi_program_meeting_for(user, pk: int, *, action: str = "view"):
    """Return a program meeting the user may `action` ("view", or "edit": details, invitations,
    attendance, minutes), else Http404."""
    from izlem.harezmi.models import Meeting

    if action == "view":
        queryset = harezmi_program_meetings_visible(user)
    elif action == "edit":
        queryset = Meeting.objects.filter(node__in=harezmi_level_nodes(user))
    else:
        raise Http404
    return get_object_or_404(
        queryset.select_related("node", "program_year__province", "calendar_event"), pk=pk
    )


def harezmi_meeting_people(node: OrgNode) -> QuerySet[User]:
    """People who may be invited to a meeting of `node`: coordinators, managers, principals and teachers
    with a role in force at or below it (people outside izlem are recorded by name)."""
    assignments = RoleAssignment.objects.active().filter(
        role__in=list(HAREZMI_MEETING_PEOPLE_ROLES), node__path__startswith=node.path
    )
    return User.objects.filter(pk__in=assignments.values("user_id"), is_active=True)


def harezmi_courses_visible(user):
    """Trainings held that the user reads: those organised at, below or above the nodes they manage,
    and those they take part in or give."""
    from izlem.harezmi.models import Training

    if is_sysadmin(user):
        return Training.objects.all()
    mine = Q(participants__person=user) | Q(trainers=user)
    own = Training.objects.filter(mine).values("pk")
    return Training.objects.filter(_harezmi_reading_condition(user, "node") | Q(pk__in=own))


def harezmi_course_nodes(user) -> QuerySet[OrgNode]:
    """Where the user may organise trainings: the province (province roles) and districts (district roles)."""
    return (harezmi_province_nodes(user) | harezmi_district_nodes(user)).distinct()


def harezmi_course_for(user, pk: int, *, action: str = "view"):
    """Return a training held the user may `action` ("view", or "edit": details, participants,
    completion), else Http404."""
    from izlem.harezmi.models import Training

    if action == "view":
        queryset = harezmi_courses_visible(user)
    elif action == "edit":
        queryset = Training.objects.filter(node__in=harezmi_course_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("node", "program_year"), pk=pk)


def harezmi_trainer_people(node: OrgNode) -> QuerySet[User]:
    """Coordinators who may be named trainers of a training organised at `node` (in its province)."""
    top = node.province or node
    assignments = RoleAssignment.objects.active().filter(
        role__in=list(HAREZMI_TRAINER_ROLES), node__path__startswith=top.path
    )
    return User.objects.filter(pk__in=assignments.values("user_id"))


def harezmi_need_schools(user) -> QuerySet[OrgNode]:
    """Schools whose teachers' training needs the user collects: the coordinators' and managers' districts."""
    if is_sysadmin(user):
        return OrgNode.objects.schools()
    return OrgNode.objects.schools().subtree_of(*harezmi_district_nodes(user))


def harezmi_needs_visible(user):
    """Training needs of the schools the user reads (and the user's own)."""
    from izlem.harezmi.models import TrainingNeed

    return TrainingNeed.objects.filter(Q(school__in=harezmi_view_nodes(user)) | Q(person=user))


def harezmi_need_for(user, pk: int, *, action: str = "view"):
    """Return a training need the user may `action` ("view", or "edit": change it, mark it met), else Http404."""
    from izlem.harezmi.models import TrainingNeed

    if action == "view":
        queryset = harezmi_needs_visible(user)
    elif action == "edit":
        queryset = TrainingNeed.objects.filter(school__in=harezmi_need_schools(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("school", "person", "program_year"), pk=pk)


def harezmi_material_requests_visible(user):
    """Material requests of the schools the user reads."""
    from izlem.harezmi.models import MaterialRequest

    return MaterialRequest.objects.filter(school__in=harezmi_view_nodes(user))


def harezmi_material_request_for(user, pk: int, *, action: str = "view"):
    """Return a material request the user may `action`, else Http404.

    Actions: "view"; "edit" (the school's principal, while it waits for a decision); "decide" and
    "deliver" (the school's district — top manager or district coordinator — or the province).
    """
    from izlem.harezmi.models import MaterialRequest

    if action == "view":
        queryset = harezmi_material_requests_visible(user)
    elif action == "edit":
        queryset = MaterialRequest.objects.filter(school__in=harezmi_principal_schools(user))
    elif action in ("decide", "deliver"):
        queryset = MaterialRequest.objects.filter(school__parent__in=harezmi_district_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("school__parent", "program_year"), pk=pk)


def harezmi_material_suppliers(user, school: OrgNode) -> QuerySet[OrgNode]:
    """The nodes in whose name the user records a delivery to `school`: its district and/or its province."""
    nodes = harezmi_district_nodes(user).filter(pk=school.parent_id)
    province = harezmi_province_nodes(user).filter(pk=school.parent.parent_id if school.parent_id else None)
    return (nodes | province).distinct()


def _harezmi_projects_condition(user) -> Q:
    """Projects, events or awards of the nodes the user reads as a manager."""
    return Q(node__in=harezmi_view_nodes(user))


def harezmi_projects_visible(user):
    """Projects of the schools and directorates the user reads."""
    from izlem.harezmi.models import Project

    return Project.objects.filter(_harezmi_projects_condition(user))


def harezmi_activities_visible(user):
    """Events (festivals, e-portfolio, content) of the schools and directorates the user reads."""
    from izlem.harezmi.models import Activity

    return Activity.objects.filter(_harezmi_projects_condition(user))


def harezmi_awards_visible(user):
    """Awards of the schools and directorates the user reads, and the user's own."""
    from izlem.harezmi.models import Award

    return Award.objects.filter(_harezmi_projects_condition(user) | Q(person=user))


def harezmi_project_record_for(user, model_name: str, pk: int, *, action: str = "view"):
    """Return a project, event or award (`model_name`) the user may `action` ("view", or "edit": the
    recorder's own level), else Http404."""
    from izlem.harezmi.models import Activity, Award, Project

    model = {"project": Project, "activity": Activity, "award": Award}.get(model_name)
    if model is None:
        raise Http404
    if action == "view":
        queryset = {
            "project": harezmi_projects_visible,
            "activity": harezmi_activities_visible,
            "award": harezmi_awards_visible,
        }[model_name](user)
    elif action == "edit":
        queryset = model.objects.filter(node__in=harezmi_own_level_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("node", "program_year"), pk=pk)


def harezmi_award_people(node: OrgNode) -> QuerySet[User]:
    """Teachers and administrators who may receive an award recorded at `node`: people with a role there
    or below it."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(node__path__startswith=node.path)
        .exclude(role=Role.STAKEHOLDER)
    )
    return User.objects.filter(pk__in=assignments.values("user_id"))


# --- Harezmi II: sessions ------------------------------------------------------------------------
# Sessions: read like teams (a teacher: own teams; principal: the school; district and province
# roles: their subtree). Written only by a teacher with an active assignment in the team on the
# session's day (an addition waiting for the Kaymakamlık Oluru is not active). Absences: a teacher
# reports their own; the principal may report for a teacher of the school; read by the teacher and
# by those who read the teacher's teams.


def harezmi_sessions_visible(user):
    """Sessions of the teams the user may read."""
    from izlem.harezmi.models import Session

    return Session.objects.filter(team__in=harezmi_teams_visible(user))


def harezmi_can_log_session(user, team, day) -> bool:
    """True if the user is a teacher of `team` with an assignment active on `day` (may log its session)."""
    from izlem.harezmi.models import TeacherAssignment

    return TeacherAssignment.objects.active(day).filter(team=team, teacher=user).exists()


def harezmi_session_for(user, pk: int, *, action: str = "view"):
    """Return a session the user may `action` ("view", or "edit": an active teacher of the team on its day)."""
    if action not in ("view", "edit"):
        raise Http404
    session = get_object_or_404(
        harezmi_sessions_visible(user).select_related("team__school", "team__program_year"), pk=pk
    )
    if action == "edit" and not harezmi_can_log_session(user, session.team, session_day(session)):
        raise Http404
    return session


def session_day(session):
    """The day a session is (or was to be) held: its recorded date, else the team's weekday in its week."""
    import datetime as dt

    if session.held_on:
        return session.held_on
    offset = (session.team.weekday or 1) - 1
    return session.week_start + dt.timedelta(days=offset)


def harezmi_absence_teachers(user, program_year):
    """Teachers whose absences the user may report: themselves and, for a principal, the school's team teachers."""
    from izlem.harezmi.models import TeacherAssignment

    schools = harezmi_principal_schools(user)
    others = TeacherAssignment.objects.current().filter(
        team__program_year=program_year, team__school__in=schools
    )
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=others.values("teacher_id"))).distinct()


def harezmi_absences_visible(user):
    """Absences the user may read: their own and those of teachers in the teams they read as a manager."""
    from izlem.harezmi.models import Absence, TeacherAssignment

    condition = Q(teacher=user)
    if harezmi_reads_as_manager(user):
        teachers = TeacherAssignment.objects.filter(team__school__in=harezmi_view_nodes(user))
        condition |= Q(teacher_id__in=teachers.values("teacher_id"))
    return Absence.objects.filter(condition)


def harezmi_absences_editable(user):
    """Absences the user may correct: their own and, for a principal, those of the school's team teachers."""
    from izlem.harezmi.models import Absence, TeacherAssignment

    school_teachers = TeacherAssignment.objects.filter(team__school__in=harezmi_principal_schools(user))
    return Absence.objects.filter(Q(teacher=user) | Q(teacher_id__in=school_teachers.values("teacher_id")))


def harezmi_absence_documents_visible(user):
    """Absences whose supporting document the user may download: their own; as a principal, those of
    teachers in a team of their school that year; as a district's top manager, those of teachers in a
    team of a school of the district that year.

    A sick note is health data (KVKK art. 6, special category), so only those whose duty needs the
    document see it: the teacher, the principal who reports and corrects the absence, and the district
    director who decides teachers' leave above the school. Coordinators are told of the absence and
    read its days and kind, not the document; planning officers, province roles and the system
    administrator do not download it (docs/security.md, "Sick notes").
    """
    from izlem.harezmi.models import Absence, TeacherAssignment

    schools = [node.pk for node in nodes_where(user, {Role.PRINCIPAL}) if node.kind == OrgNode.Kind.SCHOOL]
    districts = [node for node in nodes_where(user, {Role.TOP_MANAGER}) if node.kind == OrgNode.Kind.DISTRICT]
    if districts:
        schools += list(OrgNode.objects.schools().subtree_of(*districts).values_list("pk", flat=True))
    in_a_team = TeacherAssignment.objects.filter(
        teacher_id=OuterRef("teacher_id"),
        team__program_year_id=OuterRef("program_year_id"),
        team__school__in=schools,
    )
    return Absence.objects.filter(Q(teacher=user) | Exists(in_a_team))


def harezmi_absence_for(user, pk: int, *, action: str = "view"):
    """Return an absence the user may `action` ("view"; "edit": the teacher or the school's principal;
    "document": download its supporting document, see `harezmi_absence_documents_visible`)."""
    if action == "view":
        queryset = harezmi_absences_visible(user)
    elif action == "edit":
        queryset = harezmi_absences_editable(user)
    elif action == "document":
        queryset = harezmi_absence_documents_visible(user)
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("teacher", "program_year"), pk=pk)


# --- Harezmi II: visits ---------------------------------------------------------------------------
# Field visits: a coordinator writes their own plans (province coordinator or assistant: monthly,
# for the province; district coordinator: weekly, for the district) and their own visits to schools
# of their node. Readers: the coordinator, the district's top manager and coordinators, province
# roles and planning officers above, and the principal for visits to their own school.
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


# --- Harezmi II: statistics and the Ministry report ----------------------------------------------
# Statistics (counts and rates, no personal data) and the Ministry report of a program year are read
# by whoever reads Harezmi records as a manager, for the nodes they read: the province (province
# roles, AR-GE), their district (district roles), their school (principal). Teachers see neither.
# The Ministry report is generated by province and district roles and planning officers (not by
# principals: it is the directorate's report).
HAREZMI_MINISTRY_REPORT_ROLES = HAREZMI_PROVINCE_ROLES | HAREZMI_DISTRICT_ROLES | HAREZMI_READ_ROLES


def harezmi_statistics_nodes(user, program_year) -> QuerySet[OrgNode]:
    """The province, districts and schools of the year's province whose statistics the user reads."""
    return (
        harezmi_view_nodes(user)
        .filter(kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT, OrgNode.Kind.SCHOOL])
        .filter(path__startswith=program_year.province.path)
    )


def harezmi_statistics_node_for(user, program_year, pk: int | None = None) -> OrgNode:
    """The asked node if the user reads its statistics (else Http404); without `pk` the highest one."""
    nodes = harezmi_statistics_nodes(user, program_year)
    if pk is not None:
        return get_object_or_404(nodes, pk=pk)
    top = nodes.order_by("path").first()  # a parent's path is a prefix of its children's: it sorts first
    if top is None:
        raise Http404
    return top


def harezmi_ministry_report_nodes(user, program_year) -> QuerySet[OrgNode]:
    """Nodes (the province, districts) whose Ministry report the user may generate and read."""
    if is_sysadmin(user):
        roles_nodes = OrgNode.objects.filter(pk=program_year.province_id) | OrgNode.objects.districts()
    else:
        roles_nodes = OrgNode.objects.subtree_of(*nodes_where(user, HAREZMI_MINISTRY_REPORT_ROLES))
    return roles_nodes.filter(
        kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT], path__startswith=program_year.province.path
    )


def harezmi_ministry_job_for(user, pk: int):
    """A Ministry report job the user may read, else Http404."""
    from izlem.reports.models import ReportJob

    job = get_object_or_404(
        ReportJob.objects.filter(kind=ReportJob.Kind.MINISTRY).select_related(
            "program_year__province", "node"
        ),
        pk=pk,
    )
    if not harezmi_ministry_report_nodes(user, job.program_year).filter(pk=job.node_id).exists():
        raise Http404
    return job


def harezmi_ministry_jobs_visible(user):
    """Ministry report jobs the user may read: those whose node is among `harezmi_ministry_report_nodes`
    for the job's program year (the same rule as `harezmi_ministry_job_for`, as one query for lists)."""
    from izlem.reports.models import ReportJob

    levels = OrgNode.objects.filter(kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT])
    if not is_sysadmin(user):
        levels = levels.filter(
            pk__in=OrgNode.objects.subtree_of(*nodes_where(user, HAREZMI_MINISTRY_REPORT_ROLES))
        )
    return ReportJob.objects.filter(
        kind=ReportJob.Kind.MINISTRY,
        node__in=levels,
        node__path__startswith=F("program_year__province__path"),
    )


# --- Harezmi: tasks, cooperation, research, announcements ---
# | record         | who writes                                                  | who reads                          |
# |----------------|-------------------------------------------------------------|------------------------------------|
# | assigned task  | gives: İl MEM (top manager at the province) to the province | the giver, the assignee, the       |
# |                | coordinator, assistants, district coordinators; the         | province's Harezmi roles, the      |
# |                | province coordinator to assistants and district coordinators| assignee district's top manager    |
# |                | (downward only); the giver edits and cancels it; the        |                                    |
# |                | assignee marks it done                                      |                                    |
# | announcement   | province coordinator/assistant (to the province's application  | the author, managers of its level |
# |                | schools), district coordinator (to the district's); all or     | or of a school it went to, the    |
# |                | chosen schools; not changed once sent                          | principals and teachers of those  |
# | cooperation    | province roles at the province, district roles at a district   | managers of its level or of a     |
# |                | (each its own level's, like projects)                          | school involved                   |
# | research,      | coordinators at their level (the author changes it)            | the author; managers of its level |
# | report, sugg.  |                                                                | and above (shared upward)         |
# A task goes downward only (seed §3 and §4 last bullets): who may receive it depends on the giver's role.
HAREZMI_TASK_GIVER_ROLES = frozenset({Role.TOP_MANAGER, Role.PROVINCE_COORDINATOR})
HAREZMI_COORDINATOR_ROLES = frozenset(
    {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT, Role.DISTRICT_COORDINATOR}
)
HAREZMI_TASK_RECEIVERS = {
    Role.TOP_MANAGER: frozenset(
        {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT, Role.DISTRICT_COORDINATOR}
    ),
    Role.PROVINCE_COORDINATOR: frozenset({Role.PROVINCE_COORDINATOR_ASSISTANT, Role.DISTRICT_COORDINATOR}),
}


def harezmi_has_task_list(user) -> bool:
    """True if the user gives, receives or follows tasks: İl/İlçe MEM top managers and coordinators
    (no query: cached roles)."""
    return is_sysadmin(user) or bool(roles_of(user) & (HAREZMI_TASK_GIVER_ROLES | HAREZMI_COORDINATOR_ROLES))


def harezmi_receives_tasks(user) -> bool:
    """True if the user holds a coordinator role, the roles tasks are given to (no query: cached roles)."""
    return bool(roles_of(user) & HAREZMI_COORDINATOR_ROLES)


def harezmi_task_provinces(user) -> QuerySet[OrgNode]:
    """Provinces where the user gives Harezmi tasks (İl MEM top manager, province coordinator)."""
    if is_sysadmin(user):
        return OrgNode.objects.provinces()
    nodes = _harezmi_nodes_of_kind(user, HAREZMI_TASK_GIVER_ROLES, OrgNode.Kind.PROVINCE)
    return OrgNode.objects.filter(pk__in=[node.pk for node in nodes])


def harezmi_task_receivers(user, province: OrgNode) -> QuerySet[RoleAssignment]:
    """Coordinator roles in `province` the user may give a task to: those below the user's own role."""
    if is_sysadmin(user):
        roles = HAREZMI_TASK_RECEIVERS[Role.TOP_MANAGER]
    else:
        held = {a.role for a in active_assignments(user) if a.node_id == province.pk}
        roles = frozenset().union(*(HAREZMI_TASK_RECEIVERS.get(role, frozenset()) for role in held))
    if not roles:
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.active()
        .filter(role__in=roles)
        .filter(
            Q(node=province, role__in=[Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT])
            | Q(node__parent=province, node__kind=OrgNode.Kind.DISTRICT, role=Role.DISTRICT_COORDINATOR)
        )
        .exclude(user=user)
    )


def harezmi_tasks_visible(user):
    """Tasks the user reads: given by or to them, of a province they run, to a coordinator of their district."""
    from izlem.harezmi.models import AssignedTask

    if is_sysadmin(user):
        return AssignedTask.objects.all()
    districts = _harezmi_nodes_of_kind(user, {Role.TOP_MANAGER}, OrgNode.Kind.DISTRICT)
    return AssignedTask.objects.filter(
        Q(given_by=user)
        | Q(assignee=user)
        | Q(program_year__province__in=harezmi_province_nodes(user))
        | Q(assignee_node__in=[node.pk for node in districts])
    )


def harezmi_tasks_givable(user):
    """Tasks the user edits or cancels: those they gave, while they still give tasks in the province."""
    from izlem.harezmi.models import AssignedTask

    # An ended giving role takes the right away with it.
    queryset = AssignedTask.objects.filter(program_year__province__in=harezmi_task_provinces(user))
    return queryset if is_sysadmin(user) else queryset.filter(given_by=user)


def harezmi_task_for(user, pk: int, *, action: str = "view"):
    """Return a task the user may `action` ("view"; "give": the giver edits or cancels; "complete": the
    assignee marks it done), else Http404."""
    from izlem.harezmi.models import AssignedTask

    if action == "view":
        queryset = harezmi_tasks_visible(user)
    elif action == "give":
        queryset = harezmi_tasks_givable(user)
    elif action == "complete":
        queryset = AssignedTask.objects.filter(assignee=user)
    else:
        raise Http404
    return get_object_or_404(
        queryset.select_related("program_year__province", "given_by", "assignee", "assignee_node"), pk=pk
    )


def harezmi_announcement_nodes(user) -> QuerySet[OrgNode]:
    """Province or district levels from which the user writes announcements to schools: the province
    (province coordinator, assistant), a district (its coordinator)."""
    if is_sysadmin(user):
        return OrgNode.objects.filter(kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT])
    province = _harezmi_nodes_of_kind(
        user, {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}, OrgNode.Kind.PROVINCE
    )
    district = _harezmi_nodes_of_kind(user, {Role.DISTRICT_COORDINATOR}, OrgNode.Kind.DISTRICT)
    return OrgNode.objects.filter(pk__in=[node.pk for node in (*province, *district)])


def harezmi_announcement_schools(node: OrgNode, program_year) -> QuerySet[OrgNode]:
    """The application schools an announcement from `node` may go to: those at or below it with an
    approved application in the program year."""
    return OrgNode.objects.schools().filter(
        path__startswith=node.path,
        harezmi_applications__program_year=program_year,
        harezmi_applications__state="approved",
    )


def harezmi_announcements_visible(user):
    """Announcements the user reads: written by them, from a level they read as a manager, or sent to a
    school where they are a manager, principal or teacher."""
    from izlem.harezmi.models import Announcement

    if is_sysadmin(user):
        return Announcement.objects.all()
    own_schools = [node.pk for node in harezmi_announcement_own_schools(user)]
    managed = harezmi_view_nodes(user)
    matching = Announcement.objects.filter(
        Q(author=user) | Q(node__in=managed) | Q(schools__in=managed) | Q(schools__in=own_schools)
    )
    # The school join repeats a row per matching school: read the ids, then the rows once.
    return Announcement.objects.filter(pk__in=matching.values("pk"))


def harezmi_announcement_own_schools(user) -> list[OrgNode]:
    """Schools where the user is principal or teacher: their Harezmi overview lists announcements to them."""
    return nodes_where(user, {Role.PRINCIPAL, Role.TEACHER})


def harezmi_announcement_for(user, pk: int):
    """Return an announcement the user may read, else Http404 (nobody changes one once sent)."""
    return get_object_or_404(
        harezmi_announcements_visible(user).select_related("node", "author", "program_year"), pk=pk
    )


def harezmi_cooperation_nodes(user) -> QuerySet[OrgNode]:
    """The province or district whose cooperations the user records: a province role's province, a
    district role's district (the level's own record, like its projects)."""
    return harezmi_own_level_nodes(user).filter(kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT])


def harezmi_cooperations_visible(user):
    """Cooperations the user reads: of a level they read as a manager, or involving a school they read."""
    from izlem.harezmi.models import Cooperation

    if is_sysadmin(user):
        return Cooperation.objects.all()
    managed = harezmi_view_nodes(user)
    # The school join repeats a row per matching school: read the ids, then the rows once.
    matching = Cooperation.objects.filter(Q(node__in=managed) | Q(schools__in=managed)).values("pk")
    return Cooperation.objects.filter(pk__in=matching)


def harezmi_cooperation_for(user, pk: int, *, action: str = "view"):
    """Return a cooperation the user may `action` ("view"; "edit": its level's own recorders), else Http404."""
    from izlem.harezmi.models import Cooperation

    if action == "view":
        queryset = harezmi_cooperations_visible(user)
    elif action == "edit":
        queryset = Cooperation.objects.filter(node__in=harezmi_cooperation_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("node", "program_year__province", "protocol"), pk=pk)


def harezmi_report_nodes(user) -> QuerySet[OrgNode]:
    """The province or district whose coordinators' research, reports and suggestions the user writes:
    the same coordinators who write announcements (province coordinator/assistant, district coordinator)."""
    return harezmi_announcement_nodes(user)


def harezmi_reports_visible(user):
    """Research, reports and suggestions the user reads: their own, and those of a level they read as a
    manager (a district's reach the district and the province; the province's stay at the province)."""
    from izlem.harezmi.models import ResearchReport

    if is_sysadmin(user):
        return ResearchReport.objects.all()
    return ResearchReport.objects.filter(Q(author=user) | Q(node__in=harezmi_view_nodes(user)))


def harezmi_report_for(user, pk: int, *, action: str = "view"):
    """Return a research, report or suggestion the user may `action` ("view"; "edit": its author while
    still writing at its level), else Http404."""
    from izlem.harezmi.models import ResearchReport

    if action == "view":
        queryset = harezmi_reports_visible(user)
    elif action == "edit":
        queryset = ResearchReport.objects.filter(author=user, node__in=harezmi_report_nodes(user))
    else:
        raise Http404
    return get_object_or_404(queryset.select_related("node", "author", "program_year__province"), pk=pk)


# --- Monitoring and evaluation ---------------------------------------------------------------------
# Who enters, submits, approves and explains (docs/access.md):
# * a school's values: its principal; a district's own values: the district's top manager or planning
#   officer; the province's values: the province's planning officer, and unit managers for the
#   indicators their unit owns;
# * a school's submission is approved or returned by its district (top manager or planning officer),
#   a district's by the province (the same roles), the province's own by the province top manager;
# * periods are managed by those who may edit the plan (planning officers, system administrators);
# * deviations are explained by the responsible unit's manager (or a planning officer);
# * every role but teachers, coordinators and stakeholders may read monitoring data in its subtree.
MONITORING_VIEW_ROLES = frozenset(
    {Role.SYSADMIN, Role.TOP_MANAGER, Role.PLANNING_OFFICER, Role.UNIT_MANAGER, Role.PRINCIPAL}
)
ENTRY_ROLES_BY_KIND = {
    "school": frozenset({Role.PRINCIPAL}),
    "district": frozenset({Role.TOP_MANAGER, Role.PLANNING_OFFICER}),
    "province": frozenset({Role.PLANNING_OFFICER, Role.UNIT_MANAGER}),
}
DECIDER_ROLES_BY_KIND = {
    "school": frozenset({Role.TOP_MANAGER, Role.PLANNING_OFFICER}),  # held at the school's district
    "district": frozenset({Role.TOP_MANAGER, Role.PLANNING_OFFICER}),  # held at the district's province
    "province": frozenset({Role.TOP_MANAGER}),  # held at the province itself
}


def monitoring_nodes(user) -> QuerySet[OrgNode]:
    """Nodes whose monitoring data the user may read."""
    return _subtree(user, MONITORING_VIEW_ROLES)


def can_use_monitoring(user) -> bool:
    """True if the user has any monitoring role."""
    return is_sysadmin(user) or bool(nodes_where(user, MONITORING_VIEW_ROLES))


def periods_visible(user):
    """Monitoring periods of the plans the user may read, for users with a monitoring role."""
    from izlem.monitoring.models import Period

    if not can_use_monitoring(user):
        return Period.objects.none()
    return Period.objects.filter(plan__in=plans_visible(user))


def submissions_visible(user):
    """Submissions of the entities whose monitoring data the user reads, in the periods they read."""
    from izlem.monitoring.models import Submission

    return Submission.objects.filter(entity__in=monitoring_nodes(user), period__in=periods_visible(user))


def values_visible(user):
    """Entered values of the entities whose monitoring data the user reads, in the periods they read."""
    from izlem.monitoring.models import Value

    return Value.objects.filter(entity__in=monitoring_nodes(user), period__in=periods_visible(user))


def monitoring_node_for(user, pk: int) -> OrgNode:
    """A node whose monitoring data the user reads (its subtree's values, e.g. for an export), else Http404."""
    return get_object_or_404(monitoring_nodes(user), pk=pk)


def deviations_visible(user):
    """Deviations of the periods the user reads (a deviation belongs to the plan, not to one entity)."""
    from izlem.monitoring.models import Deviation

    return Deviation.objects.filter(period__in=periods_visible(user))


def measure_progress_visible(user):
    """Measure progress reports of the periods the user reads."""
    from izlem.monitoring.models import MeasureProgress

    return MeasureProgress.objects.filter(period__in=periods_visible(user))


def report_jobs_visible(user):
    """Report generation jobs of the nodes and periods whose monitoring data the user reads."""
    from izlem.reports.models import ReportJob

    return ReportJob.objects.filter(node__in=monitoring_nodes(user), period__in=periods_visible(user))


def bulk_uploads_visible(user):
    """Bulk uploads the user follows: their own in the periods they read (any for a system administrator)."""
    from izlem.monitoring.models import BulkUpload

    if is_sysadmin(user):
        return BulkUpload.objects.all()
    return BulkUpload.objects.filter(by=user, period__in=periods_visible(user))


def period_for(user, pk: int, *, action: str = "view"):
    """Return the period if the user may `action` ("view" or "manage") it, else raise Http404."""
    from izlem.monitoring.models import Period

    if action == "manage":
        return get_object_or_404(
            Period.objects.filter(plan__in=plans_editable(user)).select_related("plan"), pk=pk
        )
    return get_object_or_404(periods_visible(user).select_related("plan"), pk=pk)


def can_manage_period(user, period) -> bool:
    """True if the user may open, close or reopen the period."""
    return can_edit_plan(user, period.plan)


def can_enter(user, entity: OrgNode) -> bool:
    """True if the user may enter values (and submit) for `entity`."""
    if is_sysadmin(user):
        return True
    roles = ENTRY_ROLES_BY_KIND.get(entity.kind, frozenset())
    return any(a.role in roles and a.node_id == entity.pk for a in active_assignments(user))


def entry_entities(user) -> QuerySet[OrgNode]:
    """The entities for which the user enters values."""
    ids = [a.node_id for a in active_assignments(user) if a.role in ENTRY_ROLES_BY_KIND.get(a.node.kind, ())]
    return OrgNode.objects.filter(pk__in=ids)


def can_enter_row(user, entity: OrgNode, row) -> bool:
    """True if the user may enter this indicator row for `entity` (unit managers: their unit's rows only)."""
    if not can_enter(user, entity):
        return False
    if is_sysadmin(user) or entity.kind != OrgNode.Kind.PROVINCE:
        return True
    mine = [a for a in active_assignments(user) if a.node_id == entity.pk]
    if any(a.role == Role.PLANNING_OFFICER for a in mine):
        return True
    return any(a.role == Role.UNIT_MANAGER and a.unit_id == row.indicator.responsible_unit_id for a in mine)


def can_decide(user, entity: OrgNode) -> bool:
    """True if the user may approve or return `entity`'s submission."""
    if is_sysadmin(user):
        return True
    roles = DECIDER_ROLES_BY_KIND.get(entity.kind, frozenset())
    decider_node_id = entity.pk if entity.kind == OrgNode.Kind.PROVINCE else entity.parent_id
    return any(a.role in roles and a.node_id == decider_node_id for a in active_assignments(user))


MAKER_DECIDES_REFUSED = _(
    "You submitted this data or entered values in it: another manager must approve or return it."
)


def _typed_by(user) -> dict:
    """History rows of values the user typed: not the ones computed from records while they had a page open."""
    return {"history_user": user, "computed": False, "history_type__in": ["+", "~"]}


def made_submission(user, submission) -> bool:
    """True if the user submitted this submission (now or before a return) or entered any of its values."""
    from izlem.monitoring.models import SubmissionEvent, Value

    if user is None or user.pk is None:
        return False
    if submission.submitted_by_id == user.pk:
        return True
    submitted = SubmissionEvent.objects.filter(submission=submission, by=user, to_state="submitted")
    entered = Value.objects.filter(submission=submission, entered_by=user)
    entered_before = Value.history.filter(submission_id=submission.pk, **_typed_by(user))
    return submitted.exists() or entered.exists() or entered_before.exists()


def submissions_made_by(user, submissions) -> set[int]:
    """The ids among `submissions` the user made (see `made_submission`), in three queries."""
    from izlem.monitoring.models import SubmissionEvent, Value

    ids = [s.pk for s in submissions if s is not None]
    if not ids or user is None or user.pk is None:
        return set()
    made = {s.pk for s in submissions if s is not None and s.submitted_by_id == user.pk}
    made |= set(
        SubmissionEvent.objects.filter(submission_id__in=ids, by=user, to_state="submitted").values_list(
            "submission_id", flat=True
        )
    )
    made |= set(
        Value.objects.filter(submission_id__in=ids, entered_by=user).values_list("submission_id", flat=True)
    )
    made |= set(
        Value.history.filter(submission_id__in=ids, **_typed_by(user)).values_list("submission_id", flat=True)
    )
    return made


def can_decide_submission(user, submission) -> bool:
    """True if the user may approve or return this submission: a decider who did not make it."""
    return can_decide(user, submission.entity) and not made_submission(user, submission)


def refuse_maker_decision(user, submission) -> None:
    """Raise PermissionDenied (with a message) if the user made the submission they would decide."""
    if made_submission(user, submission):
        raise PermissionDenied(MAKER_DECIDES_REFUSED)


def submission_for(user, pk: int, *, action: str = "view"):
    """Return a submission the user may `action` ("view", "enter" or "decide"), else raise Http404."""
    submission = get_object_or_404(
        submissions_visible(user).select_related("entity", "entity__parent", "period", "period__plan"),
        pk=pk,
    )
    allowed = {
        "view": True,
        "enter": can_enter(user, submission.entity),
        "decide": can_decide(user, submission.entity),
    }[action]
    if not allowed:
        raise Http404
    return submission


def entity_for_entry(user, period, pk: int) -> OrgNode:
    """Return an entity whose entry page the user may open for the period (enter or view), else Http404."""
    return get_object_or_404(monitoring_nodes(user), pk=pk)


def deviation_for(user, pk: int, *, action: str = "view"):
    """Return a deviation the user may `action` ("view" or "explain"), else raise Http404."""
    deviation = get_object_or_404(
        deviations_visible(user).select_related("row__indicator", "period__plan", "unit"),
        pk=pk,
    )
    if action == "explain" and not can_explain(user, deviation):
        raise Http404
    return deviation


def can_explain(user, deviation) -> bool:
    """Unit managers of the responsible unit (at the plan's owner) and planning officers explain deviations."""
    if can_edit_plan(user, deviation.period.plan):
        return True
    owner_id = deviation.period.plan.owner_id
    return any(
        a.role == Role.UNIT_MANAGER and a.unit_id == deviation.unit_id and a.node_id == owner_id
        for a in active_assignments(user)
    )


def deviations_to_explain(user):
    """Deviations the user explains (the rule of `can_explain` as one query): every deviation of the plans
    they edit, and their unit's deviations of plans owned where they manage that unit."""
    from izlem.monitoring.models import Deviation

    rule = Q(period__plan__in=plans_editable(user))
    for a in active_assignments(user):
        if a.role == Role.UNIT_MANAGER and a.unit_id:
            rule |= Q(unit_id=a.unit_id, period__plan__owner_id=a.node_id)
    return deviations_visible(user).filter(rule) if can_use_monitoring(user) else Deviation.objects.none()


def can_report_measure(user, measure) -> bool:
    """Unit managers of a responsible unit (main or other) and planning officers report measure progress."""
    if can_edit_plan(user, measure.plan):
        return True
    unit_ids = {link.unit_id for link in measure.unit_links.all() if link.unit_id}
    return any(
        a.role == Role.UNIT_MANAGER and a.unit_id in unit_ids and a.node_id == measure.plan.owner_id
        for a in active_assignments(user)
    )


# --- Bulk entry ------------------------------------------------------------------------------------
# A bulk XLSX upload fills many entities' values at once (SPEC §3 "Bulk entry"):
# * whoever enters an entity's values (`can_enter_row`) may also fill them through the bulk template;
# * planning officers (AR-GE) of a district or of the province may also fill the values of the schools
#   below them: that is how figures collected from schools on paper or by e-mail are consolidated today.
#   This reaches schools only — never a district's or the province's rows the officer could not enter.
# Submitting, approving and returning stay with the usual roles; a bulk upload only fills draft values.
BULK_SCHOOL_ROLES = frozenset({Role.PLANNING_OFFICER})


def _collects_for_school(user, entity: OrgNode) -> bool:
    """True if the user is a planning officer at a node above the school `entity`."""
    if entity.kind != OrgNode.Kind.SCHOOL:
        return False
    return any(
        a.role in BULK_SCHOOL_ROLES and a.node_id != entity.pk and entity.is_within(a.node)
        for a in active_assignments(user)
    )


def can_bulk_enter_row(user, entity: OrgNode, row) -> bool:
    """True if the user may fill this indicator row of `entity` through a bulk upload."""
    return can_enter_row(user, entity, row) or _collects_for_school(user, entity)


def bulk_entry_entities(user, *, under: OrgNode | None = None) -> QuerySet[OrgNode]:
    """Active entities whose values the user may fill through a bulk upload (at or below `under`)."""
    entry_kinds = [OrgNode.Kind.SCHOOL, OrgNode.Kind.DISTRICT, OrgNode.Kind.PROVINCE]
    if is_sysadmin(user):
        entities = OrgNode.objects.filter(kind__in=entry_kinds)
    else:
        own = [
            a.node_id for a in active_assignments(user) if a.role in ENTRY_ROLES_BY_KIND.get(a.node.kind, ())
        ]
        collecting = [a.node for a in active_assignments(user) if a.role in BULK_SCHOOL_ROLES]
        entities = OrgNode.objects.filter(
            Q(pk__in=own) | Q(pk__in=OrgNode.objects.schools().subtree_of(*collecting).values("pk"))
        )
    if under is not None:
        entities = entities.filter(path__startswith=under.path)
    return entities.active()


def bulk_upload_for(user, pk: int):
    """Return a bulk upload the user may follow (their own; any for a system administrator), else Http404."""
    from izlem.monitoring.models import BulkUpload

    uploads = BulkUpload.objects.select_related("period__plan", "by")
    if not is_sysadmin(user):
        uploads = uploads.filter(by=user, period__in=periods_visible(user))
    return get_object_or_404(uploads, pk=pk)


# --- Reports --------------------------------------------------------------------------------------
# Reports are read by those who read monitoring data at the report's node; a top manager at the node
# (or above) publishes an approved report — one whose period is closed — and may revoke it; published
# reports are read by anyone holding a role at, above or below their node (stakeholders included),
# and by anyone with the link.


def report_node_for(user, pk: int) -> OrgNode:
    """A node whose reports the user may read, else Http404."""
    return get_object_or_404(monitoring_nodes(user), pk=pk)


def report_job_for(user, pk: int):
    """A report job the user may read, else Http404."""
    from izlem.reports.models import ReportJob

    return get_object_or_404(
        ReportJob.objects.filter(
            node__in=monitoring_nodes(user), period__in=periods_visible(user)
        ).select_related("period__plan", "node"),
        pk=pk,
    )


def can_publish(user, node: OrgNode) -> bool:
    """True for a top manager at the node or above (and system administrators)."""
    if is_sysadmin(user):
        return True
    return any(a.role == Role.TOP_MANAGER and node.is_within(a.node) for a in active_assignments(user))


def publications_visible(user):
    """Active publications at, above or below the nodes where the user holds any role."""
    from izlem.reports.models import Publication

    active = Publication.objects.filter(revoked_at__isnull=True).select_related("node")
    if is_sysadmin(user):
        return active
    condition = Q(pk__in=[])
    for assignment in active_assignments(user):
        condition |= Q(node__path__startswith=assignment.node.path)
        condition |= Q(node_id__in=[int(part) for part in assignment.node.path.strip("/").split("/")])
    return active.filter(condition)


def can_edit_meeting(user, period) -> bool:
    """Planning officers and the owner's top manager record the evaluation meeting."""
    owner = period.plan.owner
    return can_edit_plan(user, period.plan) or (
        owner is not None
        and any(a.role == Role.TOP_MANAGER and a.node_id == owner.pk for a in active_assignments(user))
    )


# --- Denial log ------------------------------------------------------------------------------------
# Every refusal decided here (an Http404 or PermissionDenied raised inside this module) is logged once
# per request, as a warning of the `izlem.access` logger: the user's id and the path, never a name, an
# ID number or the query string (which may hold search words). Pages call it from
# `izlem.core.middleware.AccessDenialLogMiddleware`, the API from its exception handler.
_denial_logger = __import__("logging").getLogger("izlem.access")


def _raised_here(exc: BaseException | None) -> bool:
    """True if `exc` (or an exception it was raised from) passed through a frame of this module."""
    seen = 0
    while exc is not None and seen < 5:
        traceback = exc.__traceback__
        while traceback is not None:
            if traceback.tb_frame.f_code.co_filename == __file__:
                return True
            traceback = traceback.tb_next
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def log_denial(request, exc: BaseException) -> bool:
    """Log a refusal made by this module (user id, method and path only); True if it was one."""
    from django.core.exceptions import PermissionDenied

    refusal = isinstance(exc, Http404 | PermissionDenied) or getattr(exc, "status_code", None) in (403, 404)
    if not refusal or not _raised_here(exc):
        return False
    user = getattr(request, "user", None)
    _denial_logger.warning(
        "access denied: user=%s method=%s path=%s",
        getattr(user, "pk", None),
        request.method,
        request.path,
    )
    return True
