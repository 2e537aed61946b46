"""Helpers shared by the Harezmi services: official documents, recipients of notifications, row locks
for workflow steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from izlem.core.files import validate_upload
from izlem.core.formats import format_date
from izlem.harezmi.models import OfficialDocument
from izlem.org import scope
from izlem.org.models import OrgNode, User


@dataclass(frozen=True)
class DocumentInput:
    """A petition, approval or letter as a form gives it: number, date and (optional) scanned file."""

    date: dt.date
    number: str = ""
    file: object | None = None


def require(condition: bool) -> None:
    """Raise PermissionDenied unless `condition` holds (services check access before writing)."""
    if not condition:
        raise PermissionDenied


def lock_row(instance: models.Model) -> None:
    """Re-read `instance` in place under a row lock (SELECT … FOR UPDATE) inside the caller's transaction;
    writers of the same row wait until the transaction ends."""
    instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())


def lock_for_step(instance: models.Model, allowed, refused: str) -> None:
    """Re-read `instance` in place under a row lock and refuse the step unless its state is in `allowed`.

    Call it inside the service's transaction, before the state is checked or changed. Of two people
    taking a step on the same row at once (a double click, two reviewers), the second waits for the
    first's lock, then sees the new state and is refused: the step happens once (no lost update). If the
    state changed after the caller read the object, the message says someone else has just acted;
    otherwise `refused` (the step's own rule) is raised.
    """
    seen = instance.state
    lock_row(instance)
    if instance.state in allowed:
        return
    if seen in allowed:
        raise ValidationError(
            _(
                "Someone else has just changed this record: it is now “%(state)s”. Nothing was done; "
                "reload the page to see the change."
            )
            % {"state": instance.get_state_display()}
        )
    raise ValidationError(refused)


def document_record(
    *,
    kind: str,
    data: DocumentInput,
    node: OrgNode,
    by: User | None,
    person: User | None = None,
    cites: OfficialDocument | None = None,
) -> OfficialDocument:
    """Store an official document; its file is checked for type and size first."""
    if data.file:
        validate_upload(data.file)
    document = OfficialDocument(
        kind=kind,
        number=data.number.strip(),
        date=data.date,
        node=node,
        person=person,
        cites=cites,
        recorded_by=by,
    )
    if data.file:
        document.file = data.file
    document.full_clean()
    document.save()
    return document


def date_errors(
    items: list[tuple[str, str, dt.date | None]],
    *,
    window: tuple[dt.date, dt.date],
    today: dt.date,
    year_name: str,
) -> dict[str, str]:
    """Errors (form field → sentence) of a chain of dates: none after today, all inside `window` (the
    program year), each on or after the one before. `items` are (field, what, date) in chain order."""
    errors: dict[str, str] = {}
    previous = None
    for field, what, day in items:
        if day is None:
            continue
        values = {"what": what, "date": format_date(day)}
        if day > today:
            errors[field] = _("%(what)s is dated %(date)s, after today (%(today)s).") % {
                **values,
                "today": format_date(today),
            }
        elif not window[0] <= day <= window[1]:
            errors[field] = _(
                "%(what)s is dated %(date)s, outside the program year %(year)s (%(start)s–%(end)s)."
            ) % {
                **values,
                "year": year_name,
                "start": format_date(window[0]),
                "end": format_date(window[1]),
            }
        elif previous is not None and day < previous[1]:
            errors[field] = _(
                "%(what)s (%(date)s) cannot be dated before %(earlier)s (%(earlier_date)s)."
            ) % {
                **values,
                "earlier": previous[0],
                "earlier_date": format_date(previous[1]),
            }
        previous = (what, day)
    return errors


def people_with(roles, node: OrgNode) -> list[User]:
    """Users holding one of `roles` at `node` today (the recipients of a notification)."""
    assignments = scope.assignments_in_force(roles=roles, at=node).select_related("user")
    return [assignment.user for assignment in assignments]
