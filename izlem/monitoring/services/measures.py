"""Monitoring writes on measures: progress of a measure in a period, and due-date reminders."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.monitoring import access
from izlem.monitoring.models import (
    MeasureProgress,
    Period,
    Submission,
)
from izlem.monitoring.selectors.owed import owing_q, plan_rows
from izlem.org import scope
from izlem.org.models import OrgNode, User
from izlem.plans.models import Measure


# --- measures ----------------------------------------------------------------------------------------
@transaction.atomic
def measure_progress_save(
    *, by: User, period: Period, measure: Measure, status: str, percent: int, note: str, evidence=None
) -> MeasureProgress:
    """A responsible unit reports a measure's progress for the period."""
    if not access.can_report_measure(by, measure) or measure.plan_id != period.plan_id:
        raise PermissionDenied
    if period.state != Period.State.OPEN:
        raise ValidationError(_("Progress can be reported only while the period is open."))
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Progress is a percentage between 0 and 100.")})
    if status == MeasureProgress.Status.DONE and percent != 100:
        raise ValidationError({"percent": _("A measure that is done has 100 % progress.")})
    if evidence is not None:
        from izlem.core.files import validate_upload

        validate_upload(evidence)
    progress, _created = MeasureProgress.objects.select_for_update().get_or_create(
        period=period, measure=measure
    )
    progress.status, progress.percent, progress.note, progress.updated_by = status, percent, note.strip(), by
    fields = ["status", "percent", "note", "updated_by", "updated_at"]
    if evidence is not None:
        progress.evidence = evidence
        fields.append("evidence")
    progress.save(update_fields=fields)
    return progress


def due_date_reminders_send(*, today: dt.date, within: dt.timedelta, dry_run: bool = False) -> int:
    """Remind the people who enter data for entities that owe data and have not submitted it, near the due date.

    Schools are reminded of the schools' due date, districts and the province of the districts' due
    date; one reminder per person and period per day at most (a repeated run within 20 hours sends none).
    """
    from izlem.core.models import Notification

    sent = 0
    for period in Period.objects.filter(state=Period.State.OPEN).select_related("plan__owner"):
        owner = period.plan.owner
        if owner is None:
            continue
        rows = plan_rows(period.plan)
        for kind, due in (
            (OrgNode.Kind.SCHOOL, period.school_due),
            (OrgNode.Kind.DISTRICT, period.district_due),
            (OrgNode.Kind.PROVINCE, period.district_due),
        ):
            if not today <= due <= today + within:
                continue
            done = Submission.objects.filter(period=period, state__in=Submission.REPORTED).values("entity_id")
            entities = (
                OrgNode.objects.filter(kind=kind, is_active=True, path__startswith=owner.path)
                .filter(owing_q(period=period, kind=kind, rows=rows))  # nothing owed: nothing to remind of
                .exclude(pk__in=done)
            )
            url = reverse("monitoring:period-detail", args=[period.pk])
            people = scope.holders(access.ENTRY_ROLES_BY_KIND[kind], at=entities)
            recent = timezone.now() - dt.timedelta(
                hours=20
            )  # a run more than once a day reminds no one twice
            already = set(
                Notification.objects.filter(url=url, created_at__gte=recent).values_list(
                    "recipient_id", flat=True
                )
            )
            people = [person for person in people if person.pk not in already]
            if not dry_run and people:
                notify(
                    recipients=people,
                    url=url,
                    email_subject=_("Monitoring due date is near"),
                    message=_(
                        "%(period)s: the due date %(due)s is near and your data has not been submitted yet."
                    )
                    % {"period": period, "due": format_date(due)},
                )
            sent += len(people)
    return sent
