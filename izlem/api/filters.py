"""Filtering, search and ordering shared by every list of the API.

* filters: django-filter FilterSets, one per resource (`?period=3&state=submitted`); a bad value is a
  400 with the field's message;
* search: `?search=words` over a resource's text fields (case-insensitive, every word must match);
* ordering: `?ordering=name` or `?ordering=-code,name` over the fields a resource names; an unknown
  field is a 400 (DRF would silently ignore it).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter, SearchFilter

MAX_ID = 2**63 - 1  # the largest primary key a database can hold (bigint)


class IdField(forms.IntegerField):
    """A primary key in a query: a whole number the database can hold."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    """Filter on a related object's id (`?entity=12`); out-of-scope ids simply match nothing."""

    field_class = IdField


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` over the view's `ordering_fields`; unknown fields are refused with a 400."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is not None:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [field for field in fields if field.lstrip("-") not in allowed]
            if unknown or not fields:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Order by one or more of: %(fields)s.") % {"fields": ", ".join(sorted(allowed))}
                        ]
                    }
                )
            return fields
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view):
        fields = sorted(getattr(view, "ordering_fields", []) or [])
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _("Comma-separated fields to order by, '-' for descending: %(fields)s.")
                % {"fields": ", ".join(fields)},
                "schema": {"type": "string", "pattern": _ordering_pattern(fields)},
            }
        ]


def _ordering_pattern(fields: list[str]) -> str:
    alternatives = "|".join(fields) or "id"
    return rf"^-?({alternatives})(,-?({alternatives}))*$"


class TextSearchFilter(SearchFilter):
    """`?search=` over the view's `search_fields` (NUL characters are dropped: databases refuse them)."""

    search_param = "search"

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        value = value.replace("\x00", "")[:200]
        return [term for term in value.replace(",", " ").split() if term]

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "search_fields", None)
        if not fields:
            return []
        return [
            build_parameter_type(
                name=self.search_param,
                schema=build_basic_type(OpenApiTypes.STR),
                location="query",
                description=_("Words to look for (case-insensitive), every word must match."),
            )
        ]


class TextField(forms.CharField):
    """Text in a query: NUL characters are dropped (databases refuse them), at most 200 characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", "")[:200] if isinstance(value, str) else value


class TextFilter(django_filters.CharFilter):
    """An exact (or `lookup_expr`) match on a text field, e.g. `?code=1.1.2`."""

    field_class = TextField


class BoolField(forms.Field):
    """A boolean in a query: `true` or `false` (also `1`/`0`); anything else is a 400."""

    TRUE, FALSE = {"true", "1"}, {"false", "0"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Give true or false."), code="invalid")


class BoolFilter(django_filters.BooleanFilter):
    """`?is_active=true` / `false`, strictly."""

    field_class = BoolField


class IntField(forms.IntegerField):
    """A whole number in a query, within what the database holds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 2**31 - 1})
class IntFilter(django_filters.Filter):
    """A whole-number filter (`?year=2017`, `?number=12`)."""

    field_class = IntField


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, except that a typed filter given empty (`?period=`) is a 400, not ignored."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None:
            blank = [
                name
                for name, field in filterset.filters.items()
                if not isinstance(field, django_filters.CharFilter | TextFilter)
                and name in request.query_params
                and request.query_params.get(name, "").strip() == ""
            ]
            if blank:
                raise exceptions.ValidationError(
                    {name: [_("Give a value or leave the filter out.")] for name in blank}
                )
        return super().filter_queryset(request, queryset, view)
