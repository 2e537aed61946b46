"""Helpers shared by the Harezmi resources: official documents, state guards, the year filter."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from izlem.api.base import StrictCharField
from izlem.api.errors import Conflict, ErrorSerializer
from izlem.api.filters import MAX_ID, IdFilter
from izlem.harezmi import access, selectors
from izlem.harezmi.forms import document_input
from izlem.harezmi.models import OfficialDocument
from izlem.org import scope

T = TypeVar("T")

CONFLICT = OpenApiResponse(
    response=ErrorSerializer, description=str(_("conflict: the record's state does not allow this"))
)
LOCKED = OpenApiResponse(
    response=ErrorSerializer, description=str(_("locked: the record is submitted or decided"))
)
FILE = {(200, "application/octet-stream"): OpenApiResponse(response=OpenApiTypes.BINARY)}


def json_or_multipart(serializer) -> dict:
    """A request body sent as JSON or, with its files, as multipart/form-data (for `extend_schema`)."""
    return {"application/json": serializer, "multipart/form-data": serializer}


def guarded(call: Callable[[], T], *, allowed: bool, error=Conflict) -> T:
    """Run a service; if the record's state did not allow the step (`allowed` is False), a refusal
    without a field to blame is a 409 (`error`), not a 400."""
    try:
        return call()
    except DjangoValidationError as exc:
        if not allowed and not hasattr(exc, "error_dict"):
            raise error(detail=" ".join(exc.messages)) from exc
        raise


class ScopedDetail:
    """`GET …/{id}/` inside the list's scope (the access module's `*_visible`): else 404."""

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.object_id())


def require(condition: bool) -> None:
    """403 unless `condition`: the requester may read the record but this is not theirs to do."""
    if not condition:
        raise PermissionDenied


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Program year id (default: the current one)."),
    )


def program_year(user, pk: int | None):
    """The program year asked for (404 outside the user's years), else the current one (404 if none),
    as the pages' `year_from` chooses it."""
    year = selectors.program_year_current(user, pk)
    if year is None:
        raise Http404
    return year


class YearFilter(IdFilter):
    """Records of one program year (`?year=3`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "program_year")
        kwargs.setdefault("label", _("Program year id."))
        super().__init__(*args, **kwargs)


def document_fields(prefix: str, *, required: bool = False, label: str = "") -> dict:
    """The number, date and (optional) scanned file of a petition, approval or letter: `<prefix>_…`."""
    return {
        f"{prefix}_number": StrictCharField(
            max_length=60,
            required=False,
            allow_blank=True,
            default="",
            help_text=_("%(document)s: number") % {"document": label},
        ),
        f"{prefix}_date": serializers.DateField(
            required=required,
            allow_null=not required,
            help_text=_("%(document)s: date") % {"document": label},
        ),
        f"{prefix}_file": serializers.FileField(
            required=False,
            allow_null=True,
            help_text=_("%(document)s: scanned file (multipart/form-data only)") % {"document": label},
        ),
    }


def with_documents(**prefixes: tuple[str, bool]):
    """Class decorator: add `document_fields` for every `prefix=(label, required)`."""

    def decorate(cls):
        for prefix, (label, required) in prefixes.items():
            cls._declared_fields.update(document_fields(prefix, required=required, label=label))
        return cls

    return decorate


def document(data: dict, prefix: str):
    """The DocumentInput a serializer's data holds under `prefix` (None without a date)."""
    return document_input(data, prefix)


class DocumentSerializer(serializers.ModelSerializer):
    """A petition, approval or letter: its type, number, date; the file at `file_url` (access-checked)."""

    file_url = serializers.SerializerMethodField()

    class Meta:
        model = OfficialDocument
        fields = ["id", "kind", "number", "date", "cites", "file_url"]
        read_only_fields = fields

    def get_file_url(self, document) -> str | None:
        return f"/api/v1/harezmi/documents/{document.pk}/file/" if document.file else None


def people_in_view(user):
    """People holding a role at a node whose Harezmi records the user reads (ids in request bodies)."""
    return scope.holders(at=access.harezmi_view_nodes(user))
