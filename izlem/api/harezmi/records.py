"""What the Harezmi II resources share: reading a body through a serializer, answering with the
record as its list shows it, and the calendar entries a body may cite."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from izlem.harezmi.models import CalendarEvent
from izlem.org import access


class RecordMixin:
    """`_data` validates a body (partially for PATCH); `_answer` re-reads the record through the list's
    queryset, so a write answers exactly what a later GET shows."""

    answer_serializer = None

    def _data(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, record, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(
            self.answer_serializer(fresh, context=self.get_serializer_context()).data, status=code
        )


def calendar_events_visible(user):
    """Calendar entries of the program years the user reads (a meeting or training may cite one)."""
    return CalendarEvent.objects.filter(program_year__in=access.harezmi_years_visible(user))
