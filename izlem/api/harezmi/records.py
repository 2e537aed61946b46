"""What the Harezmi II resources share: fetching the record in the URL through the access module,
refusing an action that is not the user's, reading a body through a serializer, answering with the
record as its list shows it, and the calendar entries a body may cite."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from izlem.api.base import refuse_unless
from izlem.harezmi import access
from izlem.harezmi.models import CalendarEvent


class RecordMixin:
    """`get_object` fetches the record in the URL with `record_for(user, pk)` (an `access.harezmi_*_for`:
    404 outside the scope) and re-reads it through the list's queryset; `_editable(action)` asks the same
    function for the action (403 when the record is visible but the action is not the user's); `_data`
    validates a body (partially for PATCH); `_answer` re-reads the record through the list's queryset,
    so a write answers exactly what a later GET shows."""

    answer_serializer = None
    record_for = None  # staticmethod(access.harezmi_*_for): (user, pk, *, action="view") → record or Http404

    def get_object(self):
        record = self.record_for(self.user, self.object_id())
        return self.get_queryset().get(pk=record.pk)

    def _editable(self, action: str = "edit"):
        record = self.get_object()
        return refuse_unless(lambda: self.record_for(self.user, record.pk, action=action))

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
