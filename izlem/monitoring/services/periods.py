"""Monitoring writes on periods: create, open, close and reopen, each recorded as a period event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.monitoring import access
from izlem.monitoring.models import (
    Deviation,
    Period,
    PeriodEvent,
)
from izlem.monitoring.services.deviations import deviations_detect
from izlem.org import scope
from izlem.org.models import Role, User
from izlem.plans import access as plans_access


# --- periods -----------------------------------------------------------------------------------------
@transaction.atomic
def period_create(
    *, by: User, plan, year: int, half: str, open_date: dt.date, school_due: dt.date, district_due: dt.date
) -> Period:
    """Add a monitoring period to a plan year (planned until opened)."""
    if not plans_access.can_edit_plan(by, plan):
        raise PermissionDenied
    if not plan.period_start <= year <= plan.period_end:
        raise ValidationError(
            {
                "year": _("The year must be within the plan's years %(start)d-%(end)d.")
                % {"start": plan.period_start, "end": plan.period_end}
            }
        )
    if school_due > district_due:
        raise ValidationError(
            {"school_due": _("Schools' due date must not be after the districts' due date.")}
        )
    if Period.objects.filter(plan=plan, year=year, half=half).exists():
        raise ValidationError(_("This period already exists."))
    return Period.objects.create(
        plan=plan, year=year, half=half, open_date=open_date, school_due=school_due, district_due=district_due
    )


def _event(period: Period, action: str, by: User, reason: str = "") -> None:
    PeriodEvent.objects.create(period=period, action=action, by=by, reason=reason)


def _locked_period(period: Period) -> Period:
    """Re-read the period under a row lock, so that two state changes cannot interleave."""
    return Period.objects.select_for_update().select_related("plan").get(pk=period.pk)


@transaction.atomic
def period_open(*, by: User, period: Period) -> Period:
    """Open a planned period for entry and tell the people who enter values."""
    if not access.can_manage_period(by, period):
        raise PermissionDenied
    period = _locked_period(period)
    if period.state != Period.State.PLANNED:
        raise ValidationError(_("Only a planned period can be opened."))
    period.state = Period.State.OPEN
    period.save(update_fields=["state", "updated_at"])
    _event(period, PeriodEvent.Action.OPEN, by)
    recipients = scope.holders(
        [Role.PRINCIPAL, Role.TOP_MANAGER, Role.PLANNING_OFFICER, Role.UNIT_MANAGER],
        under=period.plan.owner if period.plan.owner_id else None,
    )
    notify(
        recipients=recipients,
        url=reverse("monitoring:period-detail", args=[period.pk]),
        message=_("The monitoring period %(period)s is open. Schools' due date: %(due)s.")
        % {"period": period, "due": format_date(period.school_due)},
        email_subject=_("Monitoring period opened"),
    )
    return period


def period_close(*, by: User, period: Period) -> Period:
    """Close (lock) an open period; refused while a deviation waits for its explanation.

    Deviations are detected first and kept even when the closing is refused: they are what the
    responsible units must now explain.
    """
    if not access.can_manage_period(by, period):
        raise PermissionDenied
    if period.state == Period.State.OPEN:
        deviations_detect(period=period)
    with transaction.atomic():
        period = _locked_period(period)
        if period.state != Period.State.OPEN:
            raise ValidationError(_("Only an open period can be closed."))
        waiting = Deviation.objects.filter(period=period, state=Deviation.State.OPEN).select_related(
            "row__indicator"
        )
        if waiting.exists():
            codes = ", ".join(sorted({d.row.indicator.code for d in waiting}))
            raise ValidationError(
                _("The period cannot be closed: %(count)d deviation(s) wait for an explanation (%(codes)s).")
                % {"count": waiting.count(), "codes": codes}
            )
        period.state = Period.State.CLOSED
        period.save(update_fields=["state", "updated_at"])
        _event(period, PeriodEvent.Action.CLOSE, by)
    return period


@transaction.atomic
def period_reopen(*, by: User, period: Period, reason: str) -> Period:
    """Reopen a closed period; the reason is recorded."""
    if not access.can_manage_period(by, period):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the period.")})
    period = _locked_period(period)
    if period.state != Period.State.CLOSED:
        raise ValidationError(_("Only a closed period can be reopened."))
    period.state = Period.State.OPEN
    period.save(update_fields=["state", "updated_at"])
    _event(period, PeriodEvent.Action.REOPEN, by, reason.strip())
    return period
