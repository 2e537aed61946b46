"""Program meetings (experience sharing, process management, school meetings before and after the
application): the people invited, outsiders by name, attendance, minutes and decisions."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from izlem.api.base import (
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import YearFilter, people_in_view, require
from izlem.api.harezmi.records import RecordMixin, calendar_events_visible
from izlem.harezmi import access, services
from izlem.harezmi.models import CalendarEvent, Meeting, MeetingAttendee, ProgramYear
from izlem.harezmi.selectors.meetings import meetings_for_list
from izlem.harezmi.services.meetings import Outsider
from izlem.org.models import OrgNode, User


class MeetingAttendeeSerializer(serializers.ModelSerializer):
    """One person on a meeting's list (a user, or an outsider by name) and whether they came."""

    person_name = serializers.SerializerMethodField()

    class Meta:
        model = MeetingAttendee
        fields = ["id", "person", "person_name", "name", "role_note", "invited", "present"]
        read_only_fields = fields

    def get_person_name(self, row) -> str:
        return row.person.get_full_name() if row.person_id else row.name


@extend_schema_serializer(component_name="ProgramMeeting")
class MeetingSerializer(ModelSerializer):
    """A meeting of the province, a district or a school, with its list and the attendance counts."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    invited_count = serializers.IntegerField(read_only=True)
    present_count = serializers.IntegerField(read_only=True)
    attendees = MeetingAttendeeSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "program_year",
            "kind",
            "node",
            "node_name",
            "title",
            "held_on",
            "place",
            "minutes",
            "decisions",
            "calendar_event",
            "invited_count",
            "present_count",
            "attendees",
            "recorded_by",
        ]
        read_only_fields = fields


class OutsiderSerializer(serializers.Serializer):
    name = StrictCharField(max_length=160)
    role_note = StrictCharField(max_length=160, required=False, allow_blank=True, default="")


class MeetingChangeSerializer(serializers.Serializer):
    """A meeting's details; `invitees` and `outsiders`, when given, replace the list (attendance of
    those kept is kept)."""

    kind = StrictChoiceField(choices=Meeting.Kind.choices)
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_level_nodes)
    title = StrictCharField(max_length=200)
    held_on = serializers.DateField()
    place = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    minutes = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    decisions = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    calendar_event = ScopedRelatedField(
        model=CalendarEvent, scope=calendar_events_visible, required=False, allow_null=True, default=None
    )
    invitees = serializers.ListField(
        child=ScopedRelatedField(model=User, scope=people_in_view), required=False, max_length=500
    )
    outsiders = OutsiderSerializer(many=True, required=False, max_length=200)


class MeetingCreateSerializer(MeetingChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=2**63 - 1),
        max_length=1000,
        help_text=_("Ids of the list's rows (`attendees[].id`) that were there; the others were not."),
    )


class MeetingFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["year", "node", "kind", "held_after", "held_before"]


def _people(data: dict) -> dict:
    """Service arguments from a body: outsiders as `Outsider`s."""
    if "outsiders" in data:
        data["outsiders"] = [
            # a PATCH reads the rows partially too: a left-out `role_note` gets no default there
            Outsider(name=row["name"], role_note=row.get("role_note", ""))
            for row in data["outsiders"]
        ]
    return data


@extend_schema_view(
    list=extend_schema(summary=_("Program meetings you may read (and those you were invited to)")),
    retrieve=extend_schema(summary=_("One meeting, with its list and attendance")),
    create=extend_schema(
        summary=_("Record a meeting at your level with the people invited (they are told)"),
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a meeting's details, minutes, decisions or invitations"),
        request=MeetingChangeSerializer,
        responses={200: MeetingSerializer},
    ),
    attendance=extend_schema(
        summary=_("Record who came (once the meeting has taken place)"),
        request=AttendanceSerializer,
        responses={200: MeetingSerializer},
    ),
)
class MeetingViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Meetings of the nodes you manage and those you were invited to; the level that holds a meeting
    records and changes it (403 for the others who read it)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Meeting.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = MeetingSerializer
    answer_serializer = MeetingSerializer
    record_for = staticmethod(access.harezmi_program_meeting_for)
    filterset_class = MeetingFilter
    search_fields = ["title", "place"]
    ordering_fields = ["held_on", "title", "id"]
    ordering = ["-held_on", "title", "id"]

    def get_queryset(self):
        return meetings_for_list(access.harezmi_program_meetings_visible(self.user)).prefetch_related(
            Prefetch("attendees", queryset=MeetingAttendee.objects.select_related("person").order_by("id"))
        )

    def get_serializer_class(self):
        return {
            "create": MeetingCreateSerializer,
            "partial_update": MeetingChangeSerializer,
            "attendance": AttendanceSerializer,
        }.get(self.action, MeetingSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_level_nodes(self.user).exists())
        meeting = services.meeting_create(by=self.user, **_people(self._data(MeetingCreateSerializer)))
        return self._answer(meeting, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        meeting = self._editable()
        data = _people(self._data(MeetingChangeSerializer, partial=True))
        services.meeting_update(by=self.user, meeting=meeting, **data)
        return self._answer(meeting)

    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting = self._editable()
        present = self._data(AttendanceSerializer)["present"]
        services.meeting_attendance_record(by=self.user, meeting=meeting, present=present)
        return self._answer(meeting)
