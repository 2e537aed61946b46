"""Harezmi access: tasks given to coordinators, announcements to application schools, cooperations, and
research, reports and suggestions (seed §2.9, §3.5, §3.9, §3.10, §3.13, §4.3, §4.5, §4.11, §4.14; the
table: `izlem.harezmi.access` and below).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.harezmi.access.program import (
    _harezmi_nodes_of_kind,
    harezmi_province_nodes,
    harezmi_view_nodes,
)
from izlem.harezmi.access.records import harezmi_own_level_nodes
from izlem.org.models import OrgNode, Role, RoleAssignment
from izlem.org.scope import active_assignments, assignments_in_force, is_sysadmin, nodes_where, roles_of

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
        assignments_in_force(roles=roles)
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
