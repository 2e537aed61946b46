"""Helpers shared by the monitoring resources: output decimals, error responses, query text."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from izlem.api.errors import ErrorSerializer
from izlem.api.filters import IdFilter
from izlem.monitoring import access


def decimal_out(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, read_only=True, allow_null=True, **kwargs
    )


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


LOCKED = error_response(str(_("locked: the data is submitted or approved, or the period is not open")))
CONFLICT = error_response(str(_("conflict: the record changed, or its state does not allow this")))


def messages_of(exc: DjangoValidationError) -> str:
    return " ".join(exc.messages)


class QueryText(serializers.CharField):
    """Text in a query string; NUL characters are dropped (databases refuse them)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if type(v).__name__ != "ProhibitNullCharactersValidator"
        ]

    def to_internal_value(self, data):
        return super().to_internal_value(data).replace("\x00", "")


class SubtreeFilter(IdFilter):
    """Records of the entities at or below a node (`?under=12`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_under")
        kwargs.setdefault("label", _("Entities at or below this node."))
        super().__init__(*args, **kwargs)


class UnderMixin:
    def filter_under(self, queryset, name, value):
        path = (
            access.monitoring_nodes(self.request.user).filter(pk=value).values_list("path", flat=True).first()
        )
        return queryset.filter(entity__path__startswith=path) if path else queryset.none()
