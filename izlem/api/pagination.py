"""Page-number pagination with a strict `page` / `page_size` (bad values are a 400, not ignored)."""

from __future__ import annotations

from functools import cached_property, partial

from django.conf import settings
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


def _page_size_limits() -> tuple[int, int]:
    return settings.IZLEM_API_PAGE_SIZE, settings.IZLEM_API_MAX_PAGE_SIZE


class CountedPaginator(DjangoPaginator):
    """A paginator that counts another queryset of the same rows (one without the page's extra joins)."""

    def __init__(self, object_list, per_page, *, counted, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`; default 50 a page, at most 200 (settings IZLEM_API_PAGE_SIZE / …_MAX_…)."""

    page_query_param = "page"
    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:  # read at request time so that settings overrides apply
        return _page_size_limits()[0]

    @property
    def max_page_size(self) -> int:
        return _page_size_limits()[1]

    def _strict_int(self, request, name: str, low: int, high: int | None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = None
        if number is None or number < low or (high is not None and number > high):
            if high is None:
                message = _("Give a whole number of at least %(low)d.") % {"low": low}
            else:
                message = _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
            raise exceptions.ValidationError({name: [message]})
        return number

    def paginate_queryset(self, queryset, request, view=None):
        self._strict_int(request, self.page_query_param, 1, 10**9)
        counted = getattr(view, "list_count_queryset", None)  # set by a view whose page adds joins
        self.django_paginator_class = (
            partial(CountedPaginator, counted=counted) if counted is not None else DjangoPaginator
        )
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        size = self._strict_int(request, self.page_size_query_param, 1, self.max_page_size)
        return size or self.page_size

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": _("Page number, from 1."),
                "schema": {"type": "integer", "minimum": 1, "maximum": 10**9},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _("Results per page (default %(default)d, at most %(max)d).")
                % {"default": self.page_size, "max": self.max_page_size},
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
