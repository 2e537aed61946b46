"""Applications: the school applies in the window, the district reviews, the province decides and announces."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import Application, ApplicationStep, ProgramYear
from izlem.harezmi.services.common import lock_for_step, lock_row, people_with, require
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User

State = Application.State
DISTRICT_ROLES = {Role.DISTRICT_COORDINATOR, Role.TOP_MANAGER}
PROVINCE_ROLES = {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}
# The fields each step owns: a step saves only these (never a whole row from the caller's copy).
REVIEW_FIELDS = ["district_comment", "reviewed_by", "reviewed_at", "updated_at"]
DECISION_FIELDS = ["approved_team_count", "province_comment", "decided_by", "decided_at", "updated_at"]


def _step(application: Application, state: str, by: User | None, comment: str = "") -> None:
    """Move the application to `state` and keep the step (who, when, comment)."""
    application.state = state
    ApplicationStep.objects.create(
        application=application, state=state, by=by, at=timezone.now(), comment=comment
    )


def _check_window(program_year: ProgramYear, today: dt.date | None) -> None:
    """Refuse outside the application window."""
    day = today or timezone.localdate()
    if not program_year.applications_open_on(day):
        raise ValidationError(
            _("Applications for %(year)s are closed: the window is %(opens)s – %(closes)s.")
            % {
                "year": program_year.name,
                "opens": format_date(program_year.application_opens),
                "closes": format_date(program_year.application_closes),
            }
        )


def _check_teachers(school: OrgNode, teachers) -> None:
    """Proposed teachers must work at the school."""
    working = set(scope.holders([Role.TEACHER, Role.PRINCIPAL], at=school).values_list("pk", flat=True))
    if any(teacher.pk not in working for teacher in teachers):
        raise ValidationError({"proposed_teachers": _("Only teachers of the school can be proposed.")})


def _url(application: Application) -> str:
    return reverse("harezmi:application-detail", args=[application.pk])


@transaction.atomic
def application_create(
    *,
    by: User | None,
    program_year: ProgramYear,
    school: OrgNode,
    requested_team_count: int,
    motivation: str,
    proposed_teachers=(),
    proposed_teacher_names: str = "",
    today: dt.date | None = None,
) -> Application:
    """Start a school's application (a draft) in the window; `today` lets the demo backdate it."""
    if by is not None:
        require(access.harezmi_principal_schools(by).filter(pk=school.pk).exists())
    _check_window(program_year, today)
    if school.kind != OrgNode.Kind.SCHOOL or not school.is_within(program_year.province):
        raise ValidationError(_("Only a school of the program year's province can apply."))
    if Application.objects.filter(program_year=program_year, school=school).exists():
        raise ValidationError(
            _("This school has already applied for %(year)s.") % {"year": program_year.name}
        )
    teachers = list(proposed_teachers)
    _check_teachers(school, teachers)
    application = Application(
        program_year=program_year,
        school=school,
        requested_team_count=requested_team_count,
        motivation=motivation,
        proposed_teacher_names=proposed_teacher_names,
    )
    application.full_clean()
    application.save()
    application.proposed_teachers.set(teachers)
    _step(application, State.DRAFT, by)
    return application


@transaction.atomic
def application_update(
    *,
    by: User | None,
    application: Application,
    requested_team_count: int,
    motivation: str,
    proposed_teachers=(),
    proposed_teacher_names: str = "",
    today: dt.date | None = None,
) -> Application:
    """Change a draft or returned application, in the window."""
    if by is not None:
        require(access.harezmi_principal_schools(by).filter(pk=application.school_id).exists())
    lock_for_step(
        application,
        Application.EDITABLE_STATES,
        _("Only a draft or a returned application can be changed."),
    )
    _check_window(application.program_year, today)
    teachers = list(proposed_teachers)
    _check_teachers(application.school, teachers)
    application.requested_team_count = requested_team_count
    application.motivation = motivation
    application.proposed_teacher_names = proposed_teacher_names
    application.full_clean()
    application.save(
        update_fields=["requested_team_count", "motivation", "proposed_teacher_names", "updated_at"]
    )
    application.proposed_teachers.set(teachers)
    return application


@transaction.atomic
def application_submit(
    *, by: User | None, application: Application, today: dt.date | None = None
) -> Application:
    """Send a draft (or a returned and corrected) application to the district, in the window."""
    if by is not None:
        require(access.harezmi_principal_schools(by).filter(pk=application.school_id).exists())
    lock_for_step(application, Application.EDITABLE_STATES, _("This application has already been submitted."))
    _check_window(application.program_year, today)
    application.submitted_by, application.submitted_at = by, timezone.now()
    _step(application, State.SUBMITTED, by)
    application.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    notify(
        recipients=people_with(DISTRICT_ROLES, application.school.parent),
        message=_("%(school)s applied to Harezmi %(year)s: please review the application.")
        % {"school": application.school, "year": application.program_year.name},
        url=_url(application),
    )
    return application


@transaction.atomic
def application_forward(*, by: User | None, application: Application, comment: str = "") -> Application:
    """The district forwards a submitted application to the province."""
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=application.school.parent_id).exists())
    lock_for_step(application, {State.SUBMITTED}, _("Only a submitted application can be forwarded."))
    application.district_comment = comment
    application.reviewed_by, application.reviewed_at = by, timezone.now()
    _step(application, State.FORWARDED, by, comment)
    application.save(update_fields=["state", *REVIEW_FIELDS])
    notify(
        recipients=people_with(PROVINCE_ROLES, application.program_year.province),
        message=_("%(district)s forwarded the application of %(school)s.")
        % {"district": application.school.parent, "school": application.school},
        url=_url(application),
    )
    return application


@transaction.atomic
def application_return(*, by: User | None, application: Application, comment: str) -> Application:
    """The district returns a submitted application to the school with a comment."""
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=application.school.parent_id).exists())
    lock_for_step(application, {State.SUBMITTED}, _("Only a submitted application can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Write what the school should correct.")})
    application.district_comment = comment
    application.reviewed_by, application.reviewed_at = by, timezone.now()
    _step(application, State.RETURNED, by, comment)
    application.save(update_fields=["state", *REVIEW_FIELDS])
    notify(
        recipients=people_with({Role.PRINCIPAL}, application.school),
        message=_("Your Harezmi application was returned: %(comment)s") % {"comment": comment},
        url=_url(application),
    )
    return application


def _check_decidable(by: User | None, application: Application) -> None:
    """Check the decider's right and lock the row: of two deciders at once, the second is refused."""
    if by is not None:
        require(access.harezmi_province_nodes(by).filter(pk=application.program_year.province_id).exists())
    lock_for_step(
        application, {State.FORWARDED}, _("Only an application forwarded by the district can be decided.")
    )


@transaction.atomic
def application_approve(
    *, by: User | None, application: Application, approved_team_count: int, comment: str = ""
) -> Application:
    """The province approves an application with the number of teams (fixed once announced)."""
    _check_decidable(by, application)
    if not 1 <= approved_team_count <= application.requested_team_count:
        raise ValidationError(
            {
                "approved_team_count": _("Approve between 1 and %(requested)d teams (the number requested).")
                % {"requested": application.requested_team_count}
            }
        )
    application.approved_team_count = approved_team_count
    application.province_comment = comment
    application.decided_by, application.decided_at = by, timezone.now()
    _step(application, State.APPROVED, by, comment)
    application.save(update_fields=["state", *DECISION_FIELDS])
    return application


@transaction.atomic
def application_reject(*, by: User | None, application: Application, comment: str) -> Application:
    """The province does not approve an application; the reason is told to the school on announcement."""
    _check_decidable(by, application)
    if not comment.strip():
        raise ValidationError({"comment": _("Write why the application is not approved.")})
    application.province_comment = comment
    application.approved_team_count = None
    application.decided_by, application.decided_at = by, timezone.now()
    _step(application, State.REJECTED, by, comment)
    application.save(update_fields=["state", *DECISION_FIELDS])
    return application


@transaction.atomic
def application_results_announce(*, by: User | None, program_year: ProgramYear) -> int:
    """Announce every decided, not yet announced result of the year to its school; returns how many."""
    if by is not None:
        require(access.harezmi_can_manage_year(by, program_year))
    # Locked rows: two announcements at once tell each school once.
    pending = list(
        Application.objects.select_for_update(of=("self",))
        .filter(program_year=program_year, state__in=Application.DECIDED_STATES, announced_at__isnull=True)
        .select_related("school")
    )
    now = timezone.now()
    for application in pending:
        if application.state == State.APPROVED:
            message = _("Harezmi %(year)s: your application is approved with %(count)d team(s).") % {
                "year": program_year.name,
                "count": application.approved_team_count,
            }
        else:
            message = _("Harezmi %(year)s: your application is not approved. %(comment)s") % {
                "year": program_year.name,
                "comment": application.province_comment,
            }
        notify(
            recipients=people_with({Role.PRINCIPAL}, application.school),
            message=message,
            url=_url(application),
        )
        application.announced_at = now
        application.save(update_fields=["announced_at", "updated_at"])
    return len(pending)


@transaction.atomic
def application_settings_update(
    *,
    by: User | None,
    application: Application,
    unavailable_weekdays=(),
    teacher_min: int | None = None,
    teacher_max: int | None = None,
) -> Application:
    """Set the school's unavailable weekdays and its own team size range for the year."""
    if by is not None:
        require(access.harezmi_school_nodes(by).filter(pk=application.school_id).exists())
    days = sorted({int(day) for day in unavailable_weekdays})
    if len(days) >= 5:
        raise ValidationError({"unavailable_weekdays": _("At least one weekday must stay available.")})
    # The caller's copy may predate a step (an announcement): re-read it locked, write only these fields.
    lock_row(application)
    application.unavailable_weekdays = ",".join(str(day) for day in days)
    application.teacher_min, application.teacher_max = teacher_min, teacher_max
    application.full_clean()
    application.save(update_fields=["unavailable_weekdays", "teacher_min", "teacher_max", "updated_at"])
    return application
