"""Harezmi access: roles, program years, applications, appointments, teams, students, parent
meetings, staff changes, trainings completed and official documents (the table: `izlem.harezmi.access`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.core.collation import turkish
from izlem.org.access import ORG_VIEW_ROLES
from izlem.org.models import OrgNode, Role, User
from izlem.org.scope import active_assignments, holders, is_sysadmin, nodes_where, roles_of

HAREZMI_PROVINCE_ROLES = frozenset(
    {Role.TOP_MANAGER, Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}
)
HAREZMI_DISTRICT_ROLES = frozenset({Role.TOP_MANAGER, Role.DISTRICT_COORDINATOR})
# The Harezmi supervisor and the province strategy office read the program of their subtree like a top
# manager, and change nothing of it (seed §3–4: coordinators work under the supervisor; Genel Esaslar:
# every activity is under the strategy office's supervision).
HAREZMI_READ_ROLES = frozenset({Role.PLANNING_OFFICER, Role.HAREZMI_SUPERVISOR, Role.STRATEGY_OFFICE})
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


def harezmi_holiday_for(user, pk: int, *, action: str = "view"):
    """Return a break or public holiday of a year the user may `action` ("view", or "manage" for those
    who run the year's province), else Http404."""
    from izlem.harezmi.models import SchoolHoliday

    years = harezmi_years_visible(user)
    if action == "manage":
        years = years.filter(province__in=harezmi_province_nodes(user))
    elif action != "view":
        raise Http404
    return get_object_or_404(
        SchoolHoliday.objects.select_related("program_year").filter(program_year__in=years), pk=pk
    )


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

    people = holders(at=harezmi_view_nodes(user)).values("pk")
    return TrainingCompletion.objects.filter(Q(person_id__in=people) | Q(person=user))


def harezmi_training_people(user) -> QuerySet[User]:
    """People whose completed training the user may record: those with a role in a district or province
    where the user runs Harezmi."""
    if is_sysadmin(user):
        return User.objects.all()
    nodes = list(harezmi_district_nodes(user)) + list(harezmi_province_nodes(user))
    return holders(at=OrgNode.objects.subtree_of(*nodes))


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
