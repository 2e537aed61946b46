"""Bulk entry: writing a checked upload in one transaction, and the upload's life (start, process, progress)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.monitoring.bulk.check import Change, _Errors, upload_check
from izlem.monitoring.bulk.scope import PROGRESS_STEPS, scope_load
from izlem.monitoring.models import BulkUpload, Period
from izlem.monitoring.services.entry import ValueInput, values_save_many
from izlem.org.models import User

logger = logging.getLogger(__name__)


# --- writing -----------------------------------------------------------------------------------------
def changes_write(
    *, user: User, period: Period, changes: list[Change], progress: Callable[[int, int], None] | None = None
) -> tuple[int, list[str]]:
    """Write every change in one transaction through `services.values_save_many`; all or nothing.

    The changes go in chunks (for the progress bar), each chunk with the same rules as one
    `value_save`. Returns (values written, problems); with any problem nothing is written.
    """
    problems = _Errors()
    step = max(1, len(changes) // PROGRESS_STEPS)
    with transaction.atomic():
        for start in range(0, len(changes), step):
            chunk = changes[start : start + step]
            items = [
                ValueInput(
                    entity=c.entity,
                    row=c.row,
                    value=c.value,
                    numerator=c.numerator,
                    denominator=c.denominator,
                    note=c.note,
                    confirm_outlier=c.confirm,
                    expected_version=c.version,
                )
                for c in chunk
            ]
            try:
                results = values_save_many(by=user, period=period, items=items, via_bulk=True)
            except PermissionDenied:
                problems.add(_("%(where)s: you may not enter these values.") % {"where": chunk[0].place})
                break
            except ValidationError as error:
                for message in error.messages:
                    problems.add(_("%(where)s: %(problem)s") % {"where": chunk[0].place, "problem": message})
                break
            for change, result in zip(chunk, results, strict=True):
                for message in result.errors + (
                    [result.needs_confirmation] if result.needs_confirmation else []
                ):
                    problems.add(_("%(where)s: %(problem)s") % {"where": change.place, "problem": message})
            if progress is not None:
                progress(min(start + step, len(changes)), len(changes))
        if problems:
            transaction.set_rollback(True)
    return (0 if problems else len(changes)), problems.final()


# --- the upload's life -------------------------------------------------------------------------------
def write_progress_key(upload_pk: int) -> str:
    """Cache key of the write progress: the writes happen in one transaction, so the database cannot show
    it to other connections; the cache can (when shared, e.g. Redis, or in the same process)."""
    return f"izlem:bulk-upload:{upload_pk}:writing"


def upload_start(*, by: User, period: Period, file, language: str = "") -> BulkUpload:
    """Store an uploaded template and queue its check and write in the background."""
    from izlem.monitoring.tasks import bulk_upload_process

    upload = BulkUpload.objects.create(period=period, by=by, file=file)
    bulk_upload_process.enqueue(upload.pk, language)
    return upload


def upload_process(upload_pk: int) -> BulkUpload:
    """Check an upload and, when every cell is right, write it; record progress and the outcome."""
    with transaction.atomic():
        upload = BulkUpload.objects.select_for_update().get(pk=upload_pk)
        if upload.state != BulkUpload.State.QUEUED:
            return upload  # already handled (a task run twice)
        upload.state = BulkUpload.State.RUNNING
        upload.save(update_fields=["state", "updated_at"])
    upload = BulkUpload.objects.select_related("period__plan__owner", "by").get(pk=upload_pk)

    def checked(done: int, total: int) -> None:
        BulkUpload.objects.filter(pk=upload_pk).update(processed=done, total=total, updated_at=timezone.now())

    def written(done: int, total: int) -> None:
        cache.set(write_progress_key(upload_pk), (done, total), timeout=3600)

    try:
        scope = scope_load(user=upload.by, period=upload.period)
        with upload.file.open("rb") as stream:
            check = upload_check(scope, stream, name=upload.file.name, progress=checked)
        upload.total = upload.processed = check.cells
        if check.errors:
            return _finish(upload, BulkUpload.State.FAILED, errors=check.errors)
        count, problems = changes_write(
            user=upload.by, period=upload.period, changes=check.changes, progress=written
        )
        if problems:
            return _finish(upload, BulkUpload.State.FAILED, errors=problems)
        return _finish(upload, BulkUpload.State.DONE, written=count)
    except Exception:
        logger.exception("bulk upload %s failed", upload_pk)
        _finish(
            upload,
            BulkUpload.State.FAILED,
            errors=[
                _(
                    "The file could not be processed because of an internal error; nothing was written. Try again, "
                    "or tell the system administrator."
                )
            ],
        )
        raise
    finally:
        cache.delete(write_progress_key(upload_pk))


def _finish(
    upload: BulkUpload, state: str, *, errors: list[str] | None = None, written: int = 0
) -> BulkUpload:
    upload.state, upload.errors, upload.written = state, errors or [], written
    upload.save(update_fields=["state", "errors", "written", "total", "processed", "updated_at"])
    return upload


@dataclass
class Progress:
    """What the status page shows of an upload."""

    phase: str  # queued, checking, writing, done, failed
    percent: int | None  # None: under way, amount unknown
    done: int = 0
    of: int = 0


def upload_progress(upload: BulkUpload) -> Progress:
    """The upload's phase and progress (checking from the database, writing from the cache)."""
    if upload.state == BulkUpload.State.QUEUED:
        return Progress("queued", 0)
    if upload.state == BulkUpload.State.DONE:
        return Progress("done", 100, upload.written, upload.written)
    if upload.state == BulkUpload.State.FAILED:
        return Progress("failed", 100, upload.processed, upload.total)
    if upload.total == 0 or upload.processed < upload.total:
        return Progress("checking", upload.percent if upload.total else None, upload.processed, upload.total)
    writing = cache.get(write_progress_key(upload.pk))
    if writing:
        done, of = writing
        return Progress("writing", int(done * 100 / of) if of else None, done, of)
    return Progress("writing", None)
