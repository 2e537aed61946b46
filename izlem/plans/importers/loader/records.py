"""The loader's record keeping: a writer that saves a record only when it differs and notes each change
in the change plan, and the matching of document items to existing records (stable id, then natural key)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext as _

from izlem.plans.importers.changes import Change, ChangePlan, Holdings, field_change
from izlem.plans.importers.document import Problem

_LOOK_IT_UP = object()


class Writer:
    """Saves records only when they differ and records each change in the change plan."""

    def __init__(self):
        self.plan = ChangePlan()

    @property
    def changes(self) -> int:
        """How many records were written (a kept planner edit writes nothing)."""
        return sum(change.action != "kept" for change in self.plan.changes)

    def sync(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict,
        existing=_LOOK_IT_UP,
        *,
        kind: str = "",
        label: str = "",
        old_label: str = "",
        create: dict | None = None,
    ):
        """Create or update one record (`existing=None` means known to be new); return it."""
        obj = model.objects.filter(**lookup).first() if existing is _LOOK_IT_UP else existing
        kind = kind or str(model._meta.verbose_name)
        if obj is None:
            obj = model(**lookup, **values, **(create or {}))
            obj.save(force_insert=True)
            self.plan.changes.append(Change(kind, label, "added"))
            return obj
        changed = [name for name, value in {**lookup, **values}.items() if getattr(obj, name) != value]
        if changed:
            details = [
                field_change(model._meta.get_field(name), getattr(obj, name), new)
                for name, new in {**lookup, **values}.items()
                if name in changed and name != "order"
            ]
            if "order" in changed:  # only where it stands among its siblings
                details.append(_("moved to place %(place)d") % {"place": {**lookup, **values}["order"] + 1})
            for name in changed:
                setattr(obj, name, {**lookup, **values}[name])
            # Only what the document changed: a planner's edit of another field in between stays.
            stamps = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
            obj.save(update_fields=[*changed, *stamps])
            renamed = old_label and old_label != label
            self.plan.changes.append(
                Change(kind, label, "renamed" if renamed else "changed", details, old_label=old_label)
            )
        return obj

    def remove(self, obj: models.Model, *, kind: str, label: str, holds: Holdings | None = None) -> None:
        """Delete a record the document no longer holds, unless it holds monitoring data (refused)."""
        if holds:
            self.plan.refusals.append(
                Problem(
                    where=label,
                    message=_(
                        "the document no longer holds this %(kind)s, but it has %(holds)s; removing it is "
                        "refused."
                    )
                    % {"kind": _kind(kind), "holds": holds.describe()},
                )
            )
            return
        obj.delete()
        self.plan.changes.append(Change(kind, label, "removed"))

    def refuse(self, where: str, message: str) -> None:
        self.plan.refusals.append(Problem(where=where, message=message))

    def prune(self, queryset, keep_ids: set[int]) -> None:
        """Delete the records of `queryset` that the document no longer holds (no monitoring data hangs on them)."""
        stale = queryset.exclude(pk__in=keep_ids)
        for obj in stale:  # one by one, so that each deletion is audited
            obj.delete()
            self.plan.changes.append(Change(str(obj._meta.verbose_name), "", "removed"))


def _kind(kind: str) -> str:
    from izlem.plans.importers.changes import kind_name

    return kind_name(kind)


def match(docs: list, records: list, doc_key, record_key) -> tuple[list, list]:
    """Pair each document item with an existing record, by stable id first, then by natural key.

    Returns the record (or None) for each item, and the records no item claimed.
    """
    by_uid = {str(record.uid): record for record in records}
    matched: list = [None] * len(docs)
    claimed: set[int] = set()
    for index, item in enumerate(docs):
        record = by_uid.get(item.uid) if item.uid else None
        if record is not None and record.pk not in claimed:
            matched[index] = record
            claimed.add(record.pk)
    by_key = {record_key(record): record for record in records}
    for index, item in enumerate(docs):
        if matched[index] is None:
            record = by_key.get(doc_key(item))
            if record is not None and record.pk not in claimed:
                matched[index] = record
                claimed.add(record.pk)
    return matched, [record for record in records if record.pk not in claimed]


def free_keys(model, name: str, records: list, temporary) -> None:
    """Park the unique keys of records that change or go away, so that codes can swap places.

    A plain UPDATE (no audit row): the record is saved with its final key in the same transaction.
    """
    for record in records:
        model.objects.filter(pk=record.pk).update(**{name: temporary(record)})


def new_uid(item, used: set[str]) -> dict:
    """A new record takes the document's stable id (a plan built from a workbook keeps its ids)."""
    try:
        value = uuid.UUID(item.uid) if item.uid else None
    except ValueError:
        value = None
    if value is None or str(value) in used:
        return {}
    used.add(str(value))
    return {"uid": value}


def match_by_code(model, docs: list, records: list) -> tuple[list, list, set[str]]:
    """Pair document items with records by stable id, then code, and park the codes that change or go.

    Returns the record (or None) for each item, the records no item claimed, and the stable ids in use.
    """
    used = {str(record.uid) for record in records}
    matched, left = match(docs, records, lambda d: d.code, lambda r: r.code)
    moving = [r for d, r in zip(docs, matched, strict=True) if r is not None and r.code != d.code]
    free_keys(model, "code", moving + left, lambda r: f"~{r.pk}")
    return matched, left, used
