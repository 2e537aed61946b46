"""Helpers shared by the Harezmi services: official documents, recipients of notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from izlem.core.files import validate_upload
from izlem.harezmi.models import OfficialDocument
from izlem.org.models import OrgNode, RoleAssignment, User


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


def people_with(roles, node: OrgNode) -> list[User]:
    """Users holding one of `roles` at `node` today (the recipients of a notification)."""
    assignments = (
        RoleAssignment.objects.active().filter(role__in=list(roles), node=node).select_related("user")
    )
    return [assignment.user for assignment in assignments]
