"""Monitoring writes: periods, value entry, the submission workflow, deviations, measure progress.

Every function checks access itself, runs in one transaction and records who did what. Approved
submissions and closed periods accept no change from any path (pages, bulk upload, API), because
every path goes through `value_save`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from izlem.core.audit import bulk_create_audited
from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.monitoring import access
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User
from izlem.plans import access as plans_access
from izlem.plans.models import Indicator, IndicatorRow, Measure

from .models import Deviation, MeasureProgress, Period, PeriodEvent, Submission, SubmissionEvent, Value
from .rollup import ratio_multiplier
from .selectors import owes, owing_q, plan_rows, row_scales, rows_owed
from .validation import bounds_errors, outlier_reason, range_errors

FOUR = Decimal("0.0001")


class ConflictError(ValidationError):
    """Someone else changed the record since it was read: the later save is refused."""


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


# --- entry -------------------------------------------------------------------------------------------
def submission_get_or_create(*, period: Period, entity: OrgNode) -> Submission:
    """The entity's submission for the period (a draft until submitted)."""
    submission, _created = Submission.objects.get_or_create(period=period, entity=entity)
    return submission


@dataclass
class SaveResult:
    """The saved value, or why it was not saved."""

    value: Value | None
    errors: list[str]
    needs_confirmation: str | None = None
    note_missing: bool = False  # the value was confirmed without the note a confirmation needs


def _entity_history(entity: OrgNode, row: IndicatorRow, before: Period) -> list[Decimal]:
    """The entity's earlier values of this row, oldest first."""
    earlier = (
        Value.objects.filter(entity=entity, row=row, value__isnull=False, period__plan=before.plan)
        .exclude(period=before)
        .filter(period__year__lte=before.year)
        .order_by("period__year", "period__half")
        .values_list("value", "period__year", "period__half")
    )
    return [value for value, year, half in earlier if (year, half) < (before.year, before.half)]


def _peer_values(entity: OrgNode, row: IndicatorRow, period: Period) -> list[Decimal]:
    """The same row's values of `entity`'s peers (same parent and kind) in `period`, for the peer rule."""
    return list(
        Value.objects.filter(
            period=period,
            row=row,
            value__isnull=False,
            entity__parent_id=entity.parent_id,
            entity__kind=entity.kind,
        )
        .exclude(entity=entity)
        .values_list("value", flat=True)
    )


@dataclass
class ValueInput:
    """One value to save: for `values_save_many` (bulk upload) and, one at a time, `value_save`."""

    entity: OrgNode
    row: IndicatorRow
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    confirm_outlier: bool = False
    expected_version: int | None = None  # the version the writer read (0: none); None: not checked


def _check_may_write(*, by: User, submission: Submission, row: IndicatorRow, via_bulk: bool) -> None:
    """Access, lock and collection level of one value; raises PermissionDenied or ValidationError."""
    entity, indicator = submission.entity, row.indicator
    allowed = access.can_enter_row(by, entity, row) or (
        via_bulk and access.can_bulk_enter_row(by, entity, row)
    )
    if not allowed or indicator.plan_id != submission.period.plan_id:
        raise PermissionDenied
    if indicator.computed_source:  # computed from the records (izlem.monitoring.computed): never typed
        raise ValidationError(
            _("%(code)s is computed from the system's records and cannot be entered by hand.")
            % {"code": indicator.code}
        )
    if not submission.is_editable:
        raise ValidationError(
            _("This data is locked: it has been submitted or approved, or the period is closed.")
        )
    if not owes(row, entity):
        raise ValidationError(_("This indicator is not collected from %(entity)s.") % {"entity": entity})


def _checked_fields(
    *,
    by: User,
    submission: Submission,
    item: ValueInput,
    history: list[Decimal],
    via_bulk: bool,
    stored: Value | None = None,
    scale: Decimal | None = None,
    peers: list[Decimal] | None = None,
) -> dict | SaveResult:
    """Every rule of one value: access, lock, collection level, ranges, calibrated bounds, outliers.

    Returns the fields to store, or a SaveResult that explains why not; raises for access and locks.
    An unchanged value (`stored` holds the same numbers) is not judged again, by the bounds or the
    outlier rules (it was accepted under the rules of its day); `scale` is the largest of the plan's
    own figures for the row (`selectors.row_scales`), `peers` the same row's values of the entity's
    peers in the period.
    """
    _check_may_write(by=by, submission=submission, row=item.row, via_bulk=via_bulk)
    indicator = item.row.indicator
    errors = range_errors(
        unit=indicator.unit,
        aggregation=indicator.aggregation,
        value=item.value,
        numerator=item.numerator,
        denominator=item.denominator,
    )
    if errors:
        return SaveResult(None, errors)
    value = item.value
    if (
        indicator.aggregation == Indicator.Aggregation.RATIO
        and item.numerator is not None
        and item.denominator
    ):
        value = (item.numerator / item.denominator * ratio_multiplier(indicator.unit)).quantize(FOUR)
    unchanged = stored is not None and (stored.value, stored.numerator, stored.denominator) == (
        value,
        item.numerator,
        item.denominator,
    )
    if unchanged:  # re-saving what is stored asks nothing again, and keeps its confirmation
        reason, confirmed = None, stored.outlier_confirmed
    else:
        errors = bounds_errors(value, item.row.valid_min, item.row.valid_max)
        if errors:  # outside the calibrated range: refused, not a question a note could answer
            return SaveResult(None, errors)
        reason = outlier_reason(value, history, scale=scale, peers=peers) if value is not None else None
        confirmed = bool(reason)
    if reason and not (item.confirm_outlier and item.note.strip()):
        # Ticking the confirmation without a note is told as such, not answered with the same question.
        return SaveResult(None, [], needs_confirmation=reason, note_missing=item.confirm_outlier)
    return {
        "value": value,
        "numerator": item.numerator,
        "denominator": item.denominator,
        "note": item.note.strip(),
        "outlier_confirmed": confirmed,
        "entered_by": by,
    }


@transaction.atomic
def value_save(
    *,
    by: User,
    submission: Submission,
    row: IndicatorRow,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
    confirm_outlier: bool = False,
    expected_version: int | None = None,
    via_bulk: bool = False,
) -> SaveResult:
    """Save one value of an editable submission; refuse locked data, bad ranges and lost updates."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("period", "entity", "period__plan")
        .get(pk=submission.pk)
    )
    item = ValueInput(submission.entity, row, value, numerator, denominator, note, confirm_outlier)
    existing = (
        Value.objects.select_for_update()
        .filter(period=submission.period, entity=submission.entity, row=row)
        .first()
    )
    _check_may_write(by=by, submission=submission, row=row, via_bulk=via_bulk)
    if existing is not None and expected_version is not None and existing.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this value while you were editing it. Reload the page to see "
                "the current value, then enter yours again."
            )
        )
    if existing is None and expected_version not in (None, 0):
        raise ConflictError(_("This value was removed while you were editing it. Reload the page."))
    unchanged = existing is not None and same_numbers(existing, row, value, numerator, denominator)
    if unchanged and existing.note == note.strip():
        return SaveResult(existing, [])  # saving what is stored writes nothing and asks nothing
    # An unchanged number was judged when it was saved: a note added later asks no confirmation again.
    history = [] if unchanged else _entity_history(submission.entity, row, submission.period)
    fields = _checked_fields(
        by=by,
        submission=submission,
        item=item,
        history=history,
        via_bulk=via_bulk,
        stored=existing,
        scale=row_scales([row]).get(row.pk),
        peers=[] if unchanged else _peer_values(submission.entity, row, submission.period),
    )
    if isinstance(fields, SaveResult):
        return fields
    if unchanged:
        fields["outlier_confirmed"] = existing.outlier_confirmed
    if existing is None:
        saved = Value(
            period=submission.period, entity=submission.entity, submission=submission, row=row, **fields
        )
        # The audit row names who typed it, also outside a request (separation of duties).
        saved._history_user = by
        saved.save(force_insert=True)
    else:
        for name, new in fields.items():
            setattr(existing, name, new)
        existing.version += 1
        existing._history_user = by
        existing.save(update_fields=[*fields, "version", "entered_at"])
        saved = existing
    return SaveResult(saved, [])


def same_numbers(
    stored: Value,
    row: IndicatorRow,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> bool:
    """Whether the numbers typed are the stored ones (225 and 225,0000 are the same number)."""
    if row.indicator.aggregation == Indicator.Aggregation.RATIO:
        return (stored.numerator, stored.denominator) == (numerator, denominator) and value is None
    return stored.value == value and numerator is None and denominator is None


@dataclass
class EntryOutcome:
    """What saving the entry grid did: each changed line's result, and the submission's fate."""

    results: dict[int, SaveResult]  # by row id: the lines that had a change
    submitted: bool = False
    refusal: list[str] | None = None  # why the submission was refused although every line was saved

    @property
    def failed(self) -> dict[int, SaveResult]:
        """The lines refused (error or a confirmation to give): then nothing was saved."""
        return {pk: r for pk, r in self.results.items() if r.errors or r.needs_confirmation}


@transaction.atomic
def entry_save(*, by: User, submission: Submission, items: list[ValueInput], submit: bool) -> EntryOutcome:
    """Save every changed line of the entry grid, then submit if asked: one request, one transaction.

    A line refused (a rule, an unusual value without its confirmation, a change made by someone else
    since the page was read) refuses the whole save, so the grid stays as typed and names the lines.
    When every line is saved but the submission is refused (an empty line), the lines stay saved.
    """
    outcome = EntryOutcome(results={})
    for item in items:
        try:
            outcome.results[item.row.pk] = value_save(
                by=by,
                submission=submission,
                row=item.row,
                value=item.value,
                numerator=item.numerator,
                denominator=item.denominator,
                note=item.note,
                confirm_outlier=item.confirm_outlier,
                expected_version=item.expected_version,
            )
        except ConflictError as conflict:
            outcome.results[item.row.pk] = SaveResult(None, conflict.messages)
    if outcome.failed:
        transaction.set_rollback(True)
        return outcome
    if submit:
        try:
            with transaction.atomic():
                submission_submit(by=by, submission=submission)
        except ValidationError as refusal:
            outcome.refusal = refusal.messages
        else:
            outcome.submitted = True
    return outcome


@transaction.atomic
def values_save_many(
    *, by: User, period: Period, items: list[ValueInput], via_bulk: bool = False
) -> list[SaveResult]:
    """Save many values at once (bulk upload) with exactly `value_save`'s rules, reading and writing in batches.

    Returns one SaveResult per item, in order; the caller rolls back when any has errors or needs a
    confirmation. An item with an `expected_version` is refused when the stored value's version,
    read under the lock, differs (a bulk template made before someone else's change). The audit
    trail is kept (history rows are written in bulk too).
    """

    ids = {item.entity.pk for item in items}
    missing = ids - set(
        Submission.objects.filter(period=period, entity_id__in=ids).values_list("entity_id", flat=True)
    )
    if missing:  # drafts for the entities without one, in bulk (an upload covers thousands of schools)
        try:
            with transaction.atomic():
                bulk_create_audited(
                    [Submission(period=period, entity_id=entity_id) for entity_id in sorted(missing)],
                    Submission,
                    by=by,
                )
        except IntegrityError:  # someone created one meanwhile: one by one, as `value_save` does
            for entity_id in sorted(missing):
                Submission.objects.get_or_create(period=period, entity_id=entity_id)
    submissions = {
        s.entity_id: s
        for s in Submission.objects.select_for_update()
        .select_related("period__plan", "entity")
        .filter(period=period, entity_id__in=ids)
    }
    existing = {
        (v.entity_id, v.row_id): v
        for v in Value.objects.select_for_update().filter(period=period, entity_id__in=ids)
    }
    history: dict[tuple[int, int], list[Decimal]] = {}
    earlier = (
        Value.objects.filter(
            period__plan=period.plan, entity_id__in=ids, value__isnull=False, period__year__lte=period.year
        )
        .exclude(period=period)
        .order_by("period__year", "period__half")
        .values_list("entity_id", "row_id", "value", "period__year", "period__half")
    )
    for entity_id, row_id, value, year, half in earlier:
        if (year, half) < (period.year, period.half):
            history.setdefault((entity_id, row_id), []).append(value)
    scales = row_scales(list({item.row.pk: item.row for item in items}.values()))
    # The peers' stored values of the period, by (parent, kind, row): one query for the whole upload.
    peer_values: dict[tuple[int | None, str, int], list[tuple[int, Decimal]]] = {}
    parents = {item.entity.parent_id for item in items}
    for entity_id, parent_id, kind, row_id, value in Value.objects.filter(
        period=period,
        row_id__in={item.row.pk for item in items},
        entity__parent_id__in=parents,
        value__isnull=False,
    ).values_list("entity_id", "entity__parent_id", "entity__kind", "row_id", "value"):
        peer_values.setdefault((parent_id, kind, row_id), []).append((entity_id, value))
    results, new, changed, now = [], [], [], timezone.now()
    for item in items:
        submission = submissions[item.entity.pk]
        fields = _checked_fields(
            by=by,
            submission=submission,
            item=item,
            via_bulk=via_bulk,
            history=history.get((item.entity.pk, item.row.pk), []),
            stored=existing.get((item.entity.pk, item.row.pk)),
            scale=scales.get(item.row.pk),
            peers=[
                value
                for entity_id, value in peer_values.get(
                    (item.entity.parent_id, item.entity.kind, item.row.pk), []
                )
                if entity_id != item.entity.pk
            ],
        )
        if isinstance(fields, SaveResult):
            results.append(fields)
            continue
        stored = existing.get((item.entity.pk, item.row.pk))
        current = stored.version if stored is not None and stored.pk is not None else 0
        if item.expected_version is not None and current != item.expected_version:
            results.append(SaveResult(None, [_stale_message(stored)]))  # read under the lock above
            continue
        if stored is None:
            stored = Value(
                period=period, entity=submission.entity, submission=submission, row=item.row, **fields
            )
            existing[(item.entity.pk, item.row.pk)] = stored
            new.append(stored)
        else:
            for name, field_value in fields.items():
                setattr(stored, name, field_value)
            if stored.pk is not None and stored not in changed:
                stored.version += 1
                stored.entered_at = now
                changed.append(stored)
        results.append(SaveResult(stored, []))
    if new:
        bulk_create_audited(new, Value, by=by, stream=True)
    if changed:
        bulk_update_with_history(
            changed,
            Value,
            [
                "value",
                "numerator",
                "denominator",
                "note",
                "outlier_confirmed",
                "entered_by",
                "version",
                "entered_at",
            ],
            batch_size=500,
            default_user=by,
        )
    return results


def _stale_message(stored: Value | None) -> str:
    """Why a write based on an older version is refused."""
    if stored is None:
        return _("This value was removed while you were editing it. Reload the page.")
    return _(
        "Someone else changed this value while you were editing it. Reload the page to see "
        "the current value, then enter yours again."
    )


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
    from .computed import computed_refresh

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


# --- deviations --------------------------------------------------------------------------------------
@transaction.atomic
def deviations_detect(*, period: Period) -> list[Deviation]:
    """Create a deviation for every indicator row whose province figure is off track (idempotent)."""
    from .selectors import province_evaluations

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
