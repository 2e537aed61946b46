"""Monitoring writes of values: one value, an entry page's lines, many values at once (bulk upload).

Every path checks access itself, runs in one transaction and records who did what. Approved
submissions and closed periods accept no change from any path (pages, bulk upload, API), because
every path goes through `value_save` (or `values_save_many`, with exactly its rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from izlem.core.audit import bulk_create_audited
from izlem.monitoring import access
from izlem.monitoring.models import (
    Period,
    Submission,
    Value,
)
from izlem.monitoring.rollup.figures import ratio_multiplier
from izlem.monitoring.selectors.owed import owes, row_scales
from izlem.monitoring.services.errors import ConflictError
from izlem.monitoring.services.workflow import submission_submit
from izlem.monitoring.validation import bounds_errors, outlier_reason, range_errors
from izlem.org.models import OrgNode, User
from izlem.plans.models import Indicator, IndicatorRow

FOUR = Decimal("0.0001")


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


def value_input_save(*, by: User, submission: Submission, item: ValueInput) -> SaveResult:
    """Save one typed line (a `ValueInput` of the submission's entity) with exactly `value_save`'s rules."""
    return value_save(
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
            outcome.results[item.row.pk] = value_input_save(by=by, submission=submission, item=item)
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
