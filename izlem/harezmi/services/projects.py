"""Projects (eTwinning, Erasmus+, other EU and national), events and content work, awards."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from izlem.harezmi import access
from izlem.harezmi.models import Activity, Award, ProgramYear, Project
from izlem.harezmi.services.common import lock_row, require
from izlem.org.models import OrgNode, User

PROJECT_FIELDS = (
    "programme",
    "title",
    "reference",
    "role",
    "starts_on",
    "ends_on",
    "partners",
    "student_participants",
    "teacher_participants",
    "student_mobility",
    "teacher_mobility",
    "notes",
)
ACTIVITY_FIELDS = ("kind", "title", "held_on", "description", "participants", "link")
AWARD_FIELDS = ("person", "kind", "title", "given_on", "given_by", "reason")


def _require_level(by: User | None, node: OrgNode) -> None:
    """Principals record their school's, district and province roles their own level's."""
    if by is not None:
        require(access.harezmi_own_level_nodes(by).filter(pk=node.pk).exists())


def _check_node(node: OrgNode, program_year: ProgramYear | None) -> dict[str, str]:
    if program_year is not None and not node.is_within(program_year.province):
        return {"node": _("Choose a school or directorate of the program year's province.")}
    return {}


def _check_project(project: Project) -> None:
    """Dates in order; mobility counts within the participants (seed indicators 2.3.1 and 2.3.2)."""
    errors = _check_node(project.node, project.program_year)
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    if project.student_mobility > project.student_participants:
        errors["student_mobility"] = _(
            "Students in mobility (%(mobility)d) cannot outnumber the students taking part (%(participants)d)."
        ) % {"mobility": project.student_mobility, "participants": project.student_participants}
    if project.teacher_mobility > project.teacher_participants:
        errors["teacher_mobility"] = _(
            "Teachers in mobility (%(mobility)d) cannot outnumber the teachers taking part (%(participants)d)."
        ) % {"mobility": project.teacher_mobility, "participants": project.teacher_participants}
    if errors:
        raise ValidationError(errors)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _apply(instance, allowed: tuple[str, ...], changes: dict) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for field, value in changes.items():
        setattr(instance, field, _strip(value))


@transaction.atomic
def project_record(
    *, by: User | None, node: OrgNode, program_year: ProgramYear | None = None, **fields
) -> Project:
    """Record a project a school or a directorate takes part in, with participants and mobility."""
    _require_level(by, node)
    project = Project(node=node, program_year=program_year, recorded_by=by)
    _apply(project, PROJECT_FIELDS, fields)
    _check_project(project)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_update(*, by: User | None, project: Project, **changes) -> Project:
    """Change a project's details and counts."""
    _require_level(by, project.node)
    lock_row(project)  # the caller's copy may be old: re-read it locked, so the audit row is true
    _apply(project, PROJECT_FIELDS, changes)
    _check_project(project)
    project.full_clean()
    project.save(update_fields=[*changes, "updated_at"])
    return project


@transaction.atomic
def activity_record(*, by: User | None, node: OrgNode, program_year: ProgramYear, **fields) -> Activity:
    """Record a festival, competition, e-portfolio or content work."""
    _require_level(by, node)
    activity = Activity(node=node, program_year=program_year, recorded_by=by)
    _apply(activity, ACTIVITY_FIELDS, fields)
    errors = _check_node(node, program_year)
    if errors:
        raise ValidationError(errors)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, by: User | None, activity: Activity, **changes) -> Activity:
    """Change an event's details."""
    _require_level(by, activity.node)
    lock_row(activity)
    _apply(activity, ACTIVITY_FIELDS, changes)
    activity.full_clean()
    activity.save(update_fields=[*changes, "updated_at"])
    return activity


def _check_award(award: Award) -> None:
    errors = _check_node(award.node, award.program_year)
    if award.person_id and not access.harezmi_award_people(award.node).filter(pk=award.person_id).exists():
        errors["person"] = _("%(person)s does not work at %(node)s or below it.") % {
            "person": award.person,
            "node": award.node,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def award_record(*, by: User | None, node: OrgNode, program_year: ProgramYear, **fields) -> Award:
    """Record an award, commendation or letter of thanks given to a teacher or an administrator."""
    _require_level(by, node)
    award = Award(node=node, program_year=program_year, recorded_by=by)
    _apply(award, AWARD_FIELDS, fields)
    _check_award(award)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_update(*, by: User | None, award: Award, **changes) -> Award:
    """Change an award's details."""
    _require_level(by, award.node)
    lock_row(award)
    _apply(award, AWARD_FIELDS, changes)
    _check_award(award)
    award.full_clean()
    award.save(update_fields=[*changes, "updated_at"])
    return award
