"""Monitoring writes on deviations: detect them at a period's close, explain them, follow them up."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.notifications import notify
from izlem.monitoring import access
from izlem.monitoring.models import (
    Deviation,
    Period,
)
from izlem.org import scope
from izlem.org.models import Role, User


# --- deviations --------------------------------------------------------------------------------------
@transaction.atomic
def deviations_detect(*, period: Period) -> list[Deviation]:
    """Create a deviation for every indicator row whose province figure is off track (idempotent)."""
    from izlem.monitoring.selectors.evaluation import province_evaluations

    created = []
    for item in province_evaluations(period):
        if item.evaluation.status != "off_track":
            continue
        deviation, is_new = Deviation.objects.get_or_create(
            period=period,
            row=item.row,
            defaults={"unit": item.row.indicator.responsible_unit, "rate": item.evaluation.rate},
        )
        if is_new:
            created.append(deviation)
    if created:
        _notify_units(period, created)
    return created


def _notify_units(period: Period, deviations: list[Deviation]) -> None:
    """Tell each responsible unit's managers which deviations need their explanation."""
    by_unit: dict[int, list[Deviation]] = {}
    for deviation in deviations:
        if deviation.unit_id:
            by_unit.setdefault(deviation.unit_id, []).append(deviation)
    for unit_id, items in by_unit.items():
        in_force = scope.assignments_in_force(roles=[Role.UNIT_MANAGER])
        managers = User.objects.filter(
            pk__in=in_force.filter(unit_id=unit_id, node_id=period.plan.owner_id).values("user_id")
        )
        notify(
            recipients=managers,
            url=reverse("monitoring:deviation-list", args=[period.pk]),
            email_subject=_("Deviation needs an explanation"),
            message=_(
                "%(count)d indicator(s) of your unit are off track in %(period)s: explain the cause and set a corrective action."
            )
            % {"count": len(items), "period": period},
        )


@transaction.atomic
def deviation_explain(
    *,
    by: User,
    deviation: Deviation,
    cause: str,
    corrective_action: str,
    action_owner: str,
    action_due: dt.date | None,
) -> Deviation:
    """The responsible unit gives the cause and the corrective action (owner, due date)."""
    if not access.can_explain(by, deviation):
        raise PermissionDenied
    if deviation.period.state == Period.State.CLOSED:
        raise ValidationError(_("The period is closed."))
    errors = {}
    if not cause.strip():
        errors["cause"] = _("Give the cause of the deviation.")
    if not corrective_action.strip():
        errors["corrective_action"] = _("Give the corrective action.")
    if not action_owner.strip():
        errors["action_owner"] = _("Say who owns the corrective action.")
    if action_due is None:
        errors["action_due"] = _("Give the action's due date.")
    if errors:
        raise ValidationError(errors)
    # The caller's copy may be old: re-read it locked, so the audit row records the row as it is.
    deviation.refresh_from_db(from_queryset=Deviation.objects.select_for_update())
    deviation.cause, deviation.corrective_action = cause.strip(), corrective_action.strip()
    deviation.action_owner, deviation.action_due = action_owner.strip(), action_due
    deviation.state, deviation.explained_by, deviation.explained_at = (
        Deviation.State.EXPLAINED,
        by,
        timezone.now(),
    )
    # Only the explanation's fields: a follow-up note saved at the same moment is kept.
    deviation.save(
        update_fields=[
            "cause",
            "corrective_action",
            "action_owner",
            "action_due",
            "state",
            "explained_by",
            "explained_at",
            "updated_at",
        ]
    )
    return deviation


@transaction.atomic
def deviation_follow_up(*, by: User, deviation: Deviation, done: bool, note: str) -> Deviation:
    """Follow up a corrective action in a later period: mark it done or add a note."""
    if not access.can_explain(by, deviation):
        raise PermissionDenied
    deviation.action_state = Deviation.ActionState.DONE if done else Deviation.ActionState.OPEN
    deviation.follow_up = note.strip()
    deviation.save(update_fields=["action_state", "follow_up", "updated_at"])
    return deviation
