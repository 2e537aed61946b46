"""Monitoring writes of the submission workflow: submit, approve (one or many), return for correction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.notifications import notify
from izlem.monitoring import access
from izlem.monitoring.models import (
    Period,
    Submission,
    SubmissionEvent,
    Value,
)
from izlem.monitoring.selectors.owed import rows_owed
from izlem.monitoring.services.errors import ConflictError
from izlem.org import scope
from izlem.org.models import OrgNode, User
from izlem.plans.models import IndicatorRow


# --- workflow ----------------------------------------------------------------------------------------
def _transition(submission: Submission, to_state: str, by: User, comment: str = "") -> Submission:
    """Move a locked submission to `to_state` and record the event."""
    SubmissionEvent.objects.create(
        submission=submission, from_state=submission.state, to_state=to_state, comment=comment, by=by
    )
    submission.state = to_state
    return submission


def missing_rows(submission: Submission) -> list[IndicatorRow]:
    """The rows the entity owes in the period and has not filled yet."""
    rows = rows_owed(period=submission.period, entity=submission.entity)
    filled = set(
        Value.objects.filter(submission=submission, value__isnull=False).values_list("row_id", flat=True)
    )
    return [row for row in rows if row.pk not in filled]


@transaction.atomic
def submission_submit(*, by: User, submission: Submission) -> Submission:
    """Submit an entity's values for approval; every applicable row must be filled."""
    submission = (
        Submission.objects.select_for_update().select_related("period__plan", "entity").get(pk=submission.pk)
    )
    if not access.can_enter(by, submission.entity):
        raise PermissionDenied
    if not submission.is_editable:
        raise ValidationError(
            _("Only draft or returned data can be submitted, and only while the period is open.")
        )
    if not rows_owed(period=submission.period, entity=submission.entity):
        raise ValidationError(
            _("Nothing is collected from %(entity)s in this period: there is nothing to submit.")
            % {"entity": submission.entity}
        )
    from izlem.monitoring.computed import computed_refresh

    computed_refresh(
        period=submission.period, entities=[submission.entity]
    )  # the values submitted are current
    missing = missing_rows(submission)
    if missing:
        codes = ", ".join(
            f"{row.indicator.code}{' ' + row.breakdown if row.breakdown else ''}" for row in missing[:10]
        )
        raise ValidationError(
            _("%(count)d indicator value(s) are still empty: %(codes)s.")
            % {"count": len(missing), "codes": codes + (" …" if len(missing) > 10 else "")}
        )
    if submission.entity.kind != OrgNode.Kind.SCHOOL:
        pending = Submission.objects.filter(
            period=submission.period, entity__parent=submission.entity, state=Submission.State.SUBMITTED
        )
        if pending.exists():
            raise ValidationError(
                _(
                    "%(count)d submission(s) below are waiting for your decision; approve or return them first."
                )
                % {"count": pending.count()}
            )
    _transition(submission, Submission.State.SUBMITTED, by)
    submission.submitted_by, submission.submitted_at = by, timezone.now()
    submission.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    return submission


def _decide(by: User, submission: Submission) -> Submission:
    """Lock the submission row and check the decider's right; two deciders at once give one decision.

    Nobody decides a submission they submitted or entered values in (PermissionDenied with a message).
    """
    submission = (
        Submission.objects.select_for_update().select_related("period", "entity").get(pk=submission.pk)
    )
    if not access.can_decide(by, submission.entity):
        raise PermissionDenied
    access.refuse_maker_decision(by, submission)  # separation of duties: the maker is not the checker
    if submission.state != Submission.State.SUBMITTED:
        raise ConflictError(
            _("This submission is no longer waiting for a decision (it is %(state)s now).")
            % {"state": submission.get_state_display()}
        )
    if submission.period.state != Period.State.OPEN:
        raise ValidationError(_("The period is not open."))
    return submission


@transaction.atomic
def submission_approve(*, by: User, submission: Submission) -> Submission:
    """Approve submitted data; it becomes read-only."""
    submission = _decide(by, submission)
    _transition(submission, Submission.State.APPROVED, by)
    submission.decided_by, submission.decided_at, submission.comment = by, timezone.now(), ""
    submission.save(update_fields=["state", "decided_by", "decided_at", "comment", "updated_at"])
    if submission.submitted_by_id:
        notify(
            recipients=[submission.submitted_by],
            url=_entry_url(submission),
            message=_("%(entity)s: the data of %(period)s was approved.")
            % {"entity": submission.entity, "period": submission.period},
        )
    return submission


@transaction.atomic
def submissions_approve_many(*, by: User, period: Period, ids: list[int]) -> list[Submission]:
    """Approve several submissions of a period at once (a district's schools): all of them or none.

    Each is decided exactly as one approval is (right to decide, separation of duties, still waiting,
    period open); if any of them cannot be approved, nothing is approved and the refusal names each one.
    """
    chosen = list(  # only submissions the decider may read: another district's ids are not named
        access.submissions_visible(by)
        .filter(period=period, pk__in=ids)
        .select_related("entity")
        .order_by("pk")
    )
    if not chosen or len(chosen) != len(set(ids)):
        raise ValidationError(_("Choose the submissions to approve among those of this period."))
    refused, approved = [], []
    for submission in chosen:  # in id order, so two deciders lock rows in the same order
        try:
            approved.append(submission_approve(by=by, submission=submission))
            continue
        except PermissionDenied as refusal:
            reason = str(refusal.args[0]) if refusal.args else _("you may not decide this submission.")
        except ValidationError as refusal:  # no longer waiting, or the period closed
            reason = " ".join(refusal.messages)
        refused.append(_("%(entity)s: %(reason)s") % {"entity": submission.entity.name, "reason": reason})
    if refused:
        raise ValidationError([_("Nothing was approved; correct the choice and try again.")] + refused)
    return approved


@transaction.atomic
def submission_return(*, by: User, submission: Submission, comment: str) -> Submission:
    """Return submitted data to its entity with a comment; it becomes editable again."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must be corrected: a return needs a comment.")})
    submission = _decide(by, submission)
    _transition(submission, Submission.State.RETURNED, by, comment.strip())
    submission.decided_by, submission.decided_at, submission.comment = by, timezone.now(), comment.strip()
    submission.save(update_fields=["state", "decided_by", "decided_at", "comment", "updated_at"])
    enterers = scope.holders(access.ENTRY_ROLES_BY_KIND.get(submission.entity.kind, ()), at=submission.entity)
    notify(
        recipients=list(enterers) + ([submission.submitted_by] if submission.submitted_by_id else []),
        url=_entry_url(submission),
        email_subject=_("Data returned for correction"),
        message=_("%(entity)s: the data of %(period)s was returned: %(comment)s")
        % {"entity": submission.entity, "period": submission.period, "comment": comment.strip()},
    )
    return submission


def _entry_url(submission: Submission) -> str:
    return reverse("monitoring:entry", args=[submission.period_id, submission.entity_id])
