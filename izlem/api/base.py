"""What every resource of the API shares: the viewset base, scoped references, the 403/404 rule.

Scope and rights come only from the access modules (`izlem.<app>.access`, docs/architecture.md):
* an object in the URL that does not exist or lies outside the requester's scope is a 404, exactly
  like the pages (`access.*_for` raise Http404);
* an object the requester may see, asked for an action that is not theirs (approve, edit, manage …),
  is a 403 (`refuse_unless`), so a program can tell "no such thing" from "not yours to do";
* an object referenced in a request body (the period, entity and row of a value …) is looked up
  inside the requester's scope: unknown and out-of-scope ids give the same 400 field message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, serializers, viewsets

from izlem.api.filters import MAX_ID, StrictFilterBackend, StrictOrderingFilter, TextSearchFilter
from izlem.api.parsers import JSONParser
from izlem.core.files import protected_file_response

T = TypeVar("T")


def refuse_unless(fetch: Callable[[], T]) -> T:
    """Run an `access.*_for(…, action=…)` call on an object already known to be visible: Http404 → 403."""
    try:
        return fetch()
    except Http404 as exc:
        raise exceptions.PermissionDenied(_("You may not do this with this record.")) from exc


class ApiViewSet(viewsets.GenericViewSet):
    """Base of every resource: numeric ids, strict filters, and `extra_error_statuses` for the schema."""

    lookup_value_regex = r"[0-9]+"
    filter_backends = [StrictFilterBackend, TextSearchFilter, StrictOrderingFilter]
    ordering_fields: list[str] = []
    search_fields: list[str] = []
    # action → extra documented error statuses (400/401/403/404/429 are added by izlem.api.schema)
    extra_error_statuses: dict[str, tuple[int, ...]] = {}

    # actions that take multipart/form-data only (a file upload); the others take the view's parsers
    upload_actions: frozenset[str] = frozenset()

    @property
    def user(self):
        return self.request.user

    def get_parsers(self):
        # DRF picks the parsers before it sets `self.action`; the action map names it already
        current = getattr(self, "action", None)
        if (
            current is None
            and getattr(self, "action_map", None)
            and getattr(self, "request", None) is not None
        ):
            current = self.action_map.get(self.request.method.lower())
        if current in self.upload_actions:
            return [parsers.MultiPartParser()]
        return super().get_parsers()

    def object_id(self) -> int:
        """The id in the URL; ids no database can hold are simply not found."""
        value = int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        if not 1 <= value <= MAX_ID:
            raise Http404
        return value


# --- strict input fields -------------------------------------------------------------------------------
# JSON bodies are taken as the schema types them: a string where a string is documented, an integer
# where an integer is, a boolean where a boolean is. DRF would coerce `"5"` to 5 or `0` to "0"; the
# schema (and schemathesis) say such requests are invalid, so they are refused with a 400.


def from_form(field) -> bool:
    """True if the field's data came as multipart/form-data (a file upload), where every value is text."""
    request = field.context.get("request")
    return request is not None and request.content_type.startswith("multipart/")


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, str) and from_form(self):
            return super().to_internal_value(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if isinstance(data, str) and from_form(self) and data in ("true", "false"):
            return data == "true"
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id: a JSON integer the database can hold (anything else is a 400, never a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data.isascii() and data.isdigit() and from_form(self):
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


DECIMAL_PATTERN = r"^-?\d{1,16}(?:\.\d{1,4})?$"


class DecimalInputField(serializers.DecimalField):
    """A decimal (up to 16 whole digits and 4 decimals) sent as a string ("52.75") or a JSON number (52.75).

    Answers are always strings, so no precision is lost on the way back.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        if isinstance(data, str) and not re.fullmatch(DECIMAL_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer with strict input fields, and blank choices kept in read-only fields' schema."""

    serializer_related_field = StrictPrimaryKeyRelatedField
    serializer_choice_field = StrictChoiceField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **{
            model_field: StrictCharField
            for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
            if field is serializers.CharField
        },
        **{
            model_field: StrictIntegerField
            for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
            if field is serializers.IntegerField
        },
        **{
            model_field: StrictBooleanField
            for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
            if field is serializers.BooleanField
        },
    }

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank_choices = "choices" in kwargs and kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choices:
            kwargs["allow_blank"] = True
        return kwargs


class ScopedRelatedField(StrictPrimaryKeyRelatedField):
    """An id in a request body, resolved inside the requester's scope (`scope(user)` → QuerySet);
    an unknown or out-of-scope id gives "Invalid pk … object does not exist", the same answer for both."""

    def __init__(self, *, model, scope: Callable, **kwargs):
        self.scope = scope
        kwargs.setdefault("queryset", model.objects.all())  # for the schema's type; never used to look up
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


# --- files ------------------------------------------------------------------------------------------------
# Uploads come as multipart/form-data (the strict fields above then read numbers from text); downloads
# are served only after the owning record was fetched through the access module.

FILE_FORMATS = [JSONParser, parsers.MultiPartParser]
UPLOAD_ONLY = [parsers.MultiPartParser]


def file_download(
    field_file, *, content_type: str = "application/octet-stream", download_name=None
) -> FileResponse:
    """The stored file as an attachment (call only after the access check on its owner); 404 if none.
    `download_name`: as `izlem.core.files.protected_file_response` takes it."""
    response = protected_file_response(field_file, download_name=download_name)
    response["Content-Type"] = content_type
    return response


class DownloadMixin:
    """Viewsets whose `download_actions` answer with a file: errors stay JSON whatever `Accept` asks."""

    download_actions: frozenset[str] = frozenset()

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(
            request, force=force or self.action in self.download_actions
        )
