"""Harezmi access: program meetings, trainings held, training needs, materials, projects.

| record                           | who records / changes                                  | who reads                       |
|----------------------------------|--------------------------------------------------------|---------------------------------|
| meeting (province/district)      | province roles at the province, district roles (and    | managers of its subtree; every  |
|                                  | the province) at a district                            | person invited to it            |
| meeting (school pre/post)        | the school's principal                                 | same                            |
| training held                    | province or district roles, at their level             | managers below and above; its   |
|                                  |                                                        | participants and trainers       |
| training need                    | coordinators/top managers of the teacher's district    | managers of the school          |
| material request                 | the school's principal (while requested)               | managers of the school          |
| material decision and delivery   | the school's district (top manager, coordinator) or    | same                            |
|                                  | the province                                           |                                 |
| project, event, award            | principal: own school; district/province roles: their  | managers of its subtree; the    |
|                                  | own level                                              | awarded person                  |
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.harezmi.access.program import (
    HAREZMI_DISTRICT_ROLES,
    HAREZMI_PROVINCE_ROLES,
    HAREZMI_READ_ROLES,
    _ancestor_ids,
    _harezmi_nodes_of_kind,
    harezmi_district_nodes,
    harezmi_principal_schools,
    harezmi_province_nodes,
    harezmi_view_nodes,
)
from izlem.org.models import OrgNode, Role, User
from izlem.org.scope import assignments_between, holders, is_sysadmin, nodes_where

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
    return holders(HAREZMI_MEETING_PEOPLE_ROLES, under=node).filter(is_active=True)


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


def harezmi_trainer_people(
    node: OrgNode,
    *,
    program_year=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> QuerySet[User]:
    """Coordinators who may be named trainers of a training organised at `node` (in its province).

    The roles of the training's time count, not today's: a coordinator role in force at some time in the
    training's program year and not ended before its first day (a coordinator appointed for the year may
    give the summer training before their semester starts; one who left before it may not); without a
    program year, a role in force on some day of the training; without year or dates, today's roles.
    """
    top = node.province or node
    if program_year is None and starts_on is None:
        return holders(HAREZMI_TRAINER_ROLES, under=top)
    first = starts_on or program_year.start_date
    last = program_year.end_date if program_year is not None else (ends_on or starts_on)
    roles = assignments_between(first, max(first, last)).filter(
        role__in=list(HAREZMI_TRAINER_ROLES), node__path__startswith=top.path
    )
    return User.objects.filter(pk__in=roles.values("user_id"))


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
    return holders(set(Role) - {Role.STAKEHOLDER}, under=node)
