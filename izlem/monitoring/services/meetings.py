"""Monitoring writes: a period's evaluation meeting (attendees, decisions, chaired by the top manager)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from izlem.monitoring import access
from izlem.monitoring.models import EvaluationMeeting, Period
from izlem.org.models import User


@transaction.atomic
def meeting_save(*, by: User, period: Period, **fields) -> EvaluationMeeting:
    """Record the period's evaluation meeting (chaired by the top manager)."""
    if not access.can_edit_meeting(by, period):
        raise PermissionDenied
    if not fields.get("attendees", "").strip() or not fields.get("decisions", "").strip():
        raise ValidationError(_("List the attendees and the decisions of the meeting."))
    meeting, _created = EvaluationMeeting.objects.select_for_update().get_or_create(
        period=period, defaults=fields
    )
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save(update_fields=[*fields, "updated_at"])
    return meeting
