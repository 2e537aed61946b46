"""Coordinators' field-visit plans (monthly province, weekly district), visits and their follow-ups."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import FollowUp, PlannedVisit, ProgramYear, Team, Visit, VisitPlan, VisitPurpose
from izlem.harezmi.selectors.sessions import closed_days, is_school_day
from izlem.harezmi.services.common import lock_row, require
from izlem.org.models import OrgNode, User


def plan_span_for(node: OrgNode) -> str:
    """A province coordinator plans by the month, a district coordinator by the week."""
    return VisitPlan.Span.MONTH if node.kind == OrgNode.Kind.PROVINCE else VisitPlan.Span.WEEK


def plan_dates(span: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month (or Monday-to-Sunday week) containing `day`."""
    if span == VisitPlan.Span.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _coordinator_node(by: User | None, coordinator: User, node: OrgNode) -> None:
    """The writer must be the coordinator, holding a coordinator post at `node` (the system may write any)."""
    if by is not None:
        require(by.pk == coordinator.pk and node.pk in {n.pk for n in access.harezmi_visit_nodes(by)})


@transaction.atomic
def visit_plan_create(
    *,
    by: User | None,
    program_year: ProgramYear,
    coordinator: User,
    node: OrgNode,
    day: dt.date,
    notes: str = "",
) -> VisitPlan:
    """Start a coordinator's plan for the month (province) or week (district) containing `day`."""
    _coordinator_node(by, coordinator, node)
    if node.kind not in (OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT) or not node.is_within(
        program_year.province
    ):
        raise ValidationError({"node": _("Choose the province or a district of the program year.")})
    span = plan_span_for(node)
    starts_on, ends_on = plan_dates(span, day)
    if ends_on < program_year.start_date or starts_on > program_year.end_date:
        raise ValidationError({"day": _("Choose a day inside the program year.")})
    if VisitPlan.objects.filter(
        program_year=program_year, coordinator=coordinator, span=span, starts_on=starts_on
    ).exists():
        raise ValidationError({"day": _("You already have a plan for this period.")})
    plan = VisitPlan(
        program_year=program_year,
        coordinator=coordinator,
        node=node,
        span=span,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes.strip(),
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    return plan


def _item_check(
    plan: VisitPlan, school: OrgNode, planned_on: dt.date, purpose: str, team: Team | None
) -> None:
    """Raise a ValidationError naming the field if a planned visit does not fit its plan."""
    errors = {}
    if school.kind != OrgNode.Kind.SCHOOL or not school.is_within(plan.node):
        errors["school"] = _("Choose a school of %(node)s.") % {"node": plan.node}
    if not (plan.starts_on <= planned_on <= plan.ends_on):
        errors["planned_on"] = _("The day must be inside the plan's period (%(start)s – %(end)s).") % {
            "start": format_date(plan.starts_on),
            "end": format_date(plan.ends_on),
        }
    if purpose not in VisitPurpose.values:
        errors["purpose"] = _("Choose the purpose of the visit.")
    if team is not None and (team.school_id != school.pk or team.program_year_id != plan.program_year_id):
        errors["team"] = _("Choose a team of this school.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def planned_visit_add(
    *,
    by: User | None,
    plan: VisitPlan,
    school: OrgNode,
    planned_on: dt.date,
    purpose: str,
    team: Team | None = None,
    note: str = "",
) -> PlannedVisit:
    """Put a school visit (a meeting or the application hours of a team) in one's own plan."""
    _coordinator_node(by, plan.coordinator, plan.node)
    _item_check(plan, school, planned_on, purpose, team)
    item = PlannedVisit(
        plan=plan, school=school, planned_on=planned_on, purpose=purpose, team=team, note=note.strip()
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def planned_visit_remove(*, by: User | None, item: PlannedVisit) -> None:
    """Take a visit not yet made out of one's own plan."""
    _coordinator_node(by, item.plan.coordinator, item.plan.node)
    if Visit.objects.filter(planned=item).exists():
        raise ValidationError(_("This planned visit has been made; it stays in the plan."))
    item.delete()


def application_day_suggestions(plan: VisitPlan) -> list[dict]:
    """For a weekly plan: the application days of the district's teams that week, not yet in the plan.

    Each suggestion is {"team", "school", "day"}; a coordinator attends application hours on those days.
    Days that are not school days (breaks, public holidays, outside the semesters) are left out.
    """
    if plan.span != VisitPlan.Span.WEEK:
        return []
    teams = (
        Team.objects.scheduled()
        .filter(program_year=plan.program_year, school__path__startswith=plan.node.path)
        .select_related("school")
        .order_by("weekday", "school__name", "name")
    )
    taken = set(plan.items.values_list("team_id", "planned_on"))
    closed = closed_days(plan.program_year)
    suggestions = []
    for team in teams:
        day = plan.starts_on + dt.timedelta(days=team.weekday - 1)
        if (team.pk, day) not in taken and is_school_day(plan.program_year, day, closed):
            suggestions.append({"team": team, "school": team.school, "day": day})
    return suggestions


# --- visits and follow-ups ---------------------------------------------------------------------


def _visit_check(
    *,
    program_year: ProgramYear,
    coordinator: User,
    school: OrgNode,
    visited_on,
    purpose,
    planned,
    observations: str,
    today,
    visit: Visit | None = None,
) -> None:
    """Raise a ValidationError naming the field if a visit record (`visit` when it is changed) is not valid."""
    errors = {}
    if school.kind != OrgNode.Kind.SCHOOL or not school.is_within(program_year.province):
        errors["school"] = _("Choose a school of the program year's province.")
    if visited_on > today:
        errors["visited_on"] = _("A visit is recorded once it is made; the date cannot be in the future.")
    elif not (program_year.start_date <= visited_on <= program_year.end_date):
        errors["visited_on"] = _("The date must be inside the program year.")
    if purpose not in VisitPurpose.values:
        errors["purpose"] = _("Choose the purpose of the visit.")
    if planned is not None:
        if planned.plan.coordinator_id != coordinator.pk or planned.plan.program_year_id != program_year.pk:
            errors["planned"] = _("Choose a visit of your own plan.")
        elif planned.school_id != school.pk:
            errors["planned"] = _("The planned visit is to another school.")
    if errors:
        raise ValidationError(errors)
    if not observations.strip():
        raise ValidationError({"observations": _("Write what you observed.")})
    others = (
        Visit.objects.filter(planned=planned).exclude(pk=visit.pk)
        if visit
        else Visit.objects.filter(planned=planned)
    )
    if planned is not None and others.exists():
        raise ValidationError({"planned": _("Another visit already fulfils this planned visit.")})


@transaction.atomic
def visit_record(
    *,
    by: User | None,
    program_year: ProgramYear,
    coordinator: User,
    school: OrgNode,
    visited_on: dt.date,
    purpose: str,
    observations: str,
    planned: PlannedVisit | None = None,
    today: dt.date | None = None,
) -> Visit:
    """Record a visit one made to a school of one's node; it may fulfil a planned visit."""
    if by is not None:
        require(by.pk == coordinator.pk and access.harezmi_visit_schools(by).filter(pk=school.pk).exists())
    today = today or timezone.localdate()
    _visit_check(
        program_year=program_year,
        coordinator=coordinator,
        school=school,
        visited_on=visited_on,
        purpose=purpose,
        planned=planned,
        observations=observations,
        today=today,
    )
    visit = Visit(
        program_year=program_year,
        coordinator=coordinator,
        school=school,
        visited_on=visited_on,
        purpose=purpose,
        planned=planned,
        observations=observations.strip(),
        recorded_by=by,
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_update(
    *,
    by: User | None,
    visit: Visit,
    visited_on: dt.date,
    purpose: str,
    observations: str,
    planned: PlannedVisit | None = None,
    today: dt.date | None = None,
) -> Visit:
    """Correct one's own visit record (date, purpose, observations, the planned visit it fulfils)."""
    if by is not None:
        require(
            visit.coordinator_id == by.pk
            and access.harezmi_visit_schools(by).filter(pk=visit.school_id).exists()
        )
    _visit_check(
        program_year=visit.program_year,
        coordinator=visit.coordinator,
        school=visit.school,
        visited_on=visited_on,
        purpose=purpose,
        planned=planned,
        observations=observations,
        today=today or timezone.localdate(),
        visit=visit,
    )
    lock_row(visit)  # the caller's copy may be old: re-read it locked, so the audit row is true
    visit.visited_on, visit.purpose, visit.planned = visited_on, purpose, planned
    visit.observations = observations.strip()
    visit.full_clean()
    visit.save(update_fields=["visited_on", "purpose", "planned", "observations", "updated_at"])
    return visit


@transaction.atomic
def follow_up_add(
    *,
    by: User | None,
    visit: Visit,
    action: str,
    owner: User | None = None,
    owner_name: str = "",
    due_on: dt.date | None = None,
) -> FollowUp:
    """Add an action agreed at one's own visit, with its owner and due date; a user owner is told."""
    if by is not None:
        require(visit.coordinator_id == by.pk)
    errors = {}
    if not action.strip():
        errors["action"] = _("Write the action to be taken.")
    if owner is None and not owner_name.strip():
        errors["owner_name"] = _("Name who will do it.")
    if due_on is not None and due_on < visit.visited_on:
        errors["due_on"] = _("The due date cannot be before the visit.")
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp(
        visit=visit, action=action.strip(), owner=owner, owner_name=owner_name.strip(), due_on=due_on
    )
    follow_up.full_clean()
    follow_up.save()
    if owner is not None:
        notify(
            recipients=[owner],
            message=_("A follow-up of the Harezmi visit to %(school)s is yours: %(action)s")
            % {"school": visit.school, "action": follow_up.action},
            url=reverse("harezmi:visit-detail", args=[visit.pk]),
        )
    return follow_up


@transaction.atomic
def follow_up_done(
    *, by: User | None, follow_up: FollowUp, done_on: dt.date, result: str = "", today: dt.date | None = None
) -> FollowUp:
    """Mark a follow-up as done (the visit's coordinator or the action's owner), with what came of it."""
    if by is not None:
        require(by.pk in (follow_up.visit.coordinator_id, follow_up.owner_id))
    today = today or timezone.localdate()
    if done_on > today:
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if done_on < follow_up.visit.visited_on:
        raise ValidationError({"done_on": _("The action cannot be done before the visit.")})
    follow_up.done_on, follow_up.result = done_on, result.strip()
    follow_up.save(update_fields=["done_on", "result", "updated_at"])
    return follow_up
