"""Harezmi access: sessions and absences.

Sessions: read like teams (a teacher: own teams; principal: the school; district and province
roles: their subtree). Written only by a teacher with an active assignment in the team on the
session's day (an addition waiting for the Kaymakamlık Oluru is not active). Absences: a teacher
reports their own; the principal may report for a teacher of the school; read by the teacher and
by those who read the teacher's teams.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.harezmi.access.program import (
    harezmi_principal_schools,
    harezmi_reads_as_manager,
    harezmi_teams_visible,
    harezmi_view_nodes,
)
from izlem.org.models import OrgNode, Role, User
from izlem.org.scope import nodes_where


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
