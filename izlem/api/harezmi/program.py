"""Program years (with the announcement of results), their calendar, completed trainings, documents."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    ApiViewSet,
    DownloadMixin,
    ModelSerializer,
    ScopedRelatedField,
    file_download,
    refuse_unless,
)
from izlem.api.filters import IdFilter, TextFilter
from izlem.api.harezmi.common import FILE, DocumentSerializer, ScopedDetail, YearFilter, require
from izlem.harezmi import access, services
from izlem.harezmi.models import CalendarEvent, ProgramYear, TrainingCompletion
from izlem.harezmi.services.program import YEAR_EDITABLE_FIELDS
from izlem.org.models import OrgNode, User

# --- program years ---------------------------------------------------------------------------------------


class ProgramYearSerializer(ModelSerializer):
    """A Harezmi program year of a province: its calendar dates and its rules."""

    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = ProgramYear
        fields = ["id", "province", "province_name", *YEAR_EDITABLE_FIELDS]
        read_only_fields = fields


class ProgramYearChangeSerializer(ModelSerializer):
    """The dates and rules of a program year (every field optional in a PATCH)."""

    class Meta:
        model = ProgramYear
        fields = YEAR_EDITABLE_FIELDS
        validators = []  # the service checks everything (full_clean), the unique name included


class ProgramYearCreateSerializer(ProgramYearChangeSerializer):
    """A new program year for a province you run."""

    province = ScopedRelatedField(model=OrgNode, scope=access.harezmi_province_nodes)

    class Meta(ProgramYearChangeSerializer.Meta):
        fields = ["province", *YEAR_EDITABLE_FIELDS]


class AnnouncedSerializer(serializers.Serializer):
    announced = serializers.IntegerField(help_text=_("How many decided applications were announced now."))


class ProgramYearFilter(django_filters.FilterSet):
    province = IdFilter(field_name="province")
    name = TextFilter()

    class Meta:
        model = ProgramYear
        fields = ["province", "name"]


@extend_schema_view(
    list=extend_schema(summary=_("Harezmi program years you may read")),
    retrieve=extend_schema(summary=_("One program year")),
    create=extend_schema(
        summary=_("Open a program year (province coordinators and top managers of the province)"),
        request=ProgramYearCreateSerializer,
        responses={201: ProgramYearSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a program year's dates and rules"),
        request=ProgramYearChangeSerializer,
        responses={200: ProgramYearSerializer},
    ),
    announce=extend_schema(
        summary=_("Announce every decided, not yet announced application result of the year"),
        request=None,
        responses={200: AnnouncedSerializer},
    ),
)
class ProgramYearViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Program years of the provinces you work in; those who run the province open and change them."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = ProgramYear.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = ProgramYearSerializer
    filterset_class = ProgramYearFilter
    ordering_fields = ["start_date", "name", "id"]
    ordering = ["-start_date", "id"]

    def get_queryset(self):
        return access.harezmi_years_visible(self.user).select_related("province")

    def get_object(self):
        return access.harezmi_year_for(self.user, self.object_id())

    def get_serializer_class(self):
        return {"create": ProgramYearCreateSerializer, "partial_update": ProgramYearChangeSerializer}.get(
            self.action, ProgramYearSerializer
        )

    def _answer(self, year, code=status.HTTP_200_OK):
        return Response(ProgramYearSerializer(self.get_queryset().get(pk=year.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_province_nodes(self.user).exists())
        serializer = ProgramYearCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        year = services.program_year_create(by=self.user, **serializer.validated_data)
        return self._answer(year, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        year = self.get_object()
        year = refuse_unless(lambda: access.harezmi_year_for(self.user, year.pk, action="manage"))
        serializer = ProgramYearChangeSerializer(year, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.program_year_update(by=self.user, program_year=year, **serializer.validated_data)
        return self._answer(year)

    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None):
        year = self.get_object()
        year = refuse_unless(lambda: access.harezmi_year_for(self.user, year.pk, action="manage"))
        count = services.application_results_announce(by=self.user, program_year=year)
        return Response({"announced": count})


# --- calendar events --------------------------------------------------------------------------------------


class CalendarEventSerializer(ModelSerializer):
    """A training, meeting or key date on a program year's calendar, at the province or one district."""

    class Meta:
        model = CalendarEvent
        fields = [
            "id",
            "program_year",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "node",
            "place",
            "notes",
            "created_by",
        ]
        read_only_fields = fields


class CalendarEventCreateSerializer(ModelSerializer):
    """A calendar event to add: at the province (province roles) or at a district you work in."""

    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_view_nodes)

    class Meta:
        model = CalendarEvent
        fields = ["program_year", "node", "kind", "title", "starts_on", "ends_on", "place", "notes"]

    def validate(self, attrs):
        user = self.context["request"].user
        nodes = access.harezmi_event_nodes(user, attrs["program_year"])
        require(nodes.exists())
        if not nodes.filter(pk=attrs["node"].pk).exists():
            raise serializers.ValidationError(
                {"node": [_("Choose the program year's province or one of your districts.")]}
            )
        return attrs


class CalendarEventFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    kind = django_filters.ChoiceFilter(choices=CalendarEvent.Kind.choices)

    class Meta:
        model = CalendarEvent
        fields = ["year", "node", "kind"]


@extend_schema_view(
    list=extend_schema(summary=_("Calendar events of the program years you may read")),
    retrieve=extend_schema(summary=_("One calendar event")),
    create=extend_schema(
        summary=_("Put a training, meeting or key date on a year's calendar"),
        request=CalendarEventCreateSerializer,
        responses={201: CalendarEventSerializer},
    ),
)
class CalendarEventViewSet(ScopedDetail, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The calendars of the program years you may read."""

    queryset = CalendarEvent.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = CalendarEventSerializer
    filterset_class = CalendarEventFilter
    search_fields = ["title", "place"]
    ordering_fields = ["starts_on", "id"]
    ordering = ["starts_on", "id"]

    def get_queryset(self):
        return CalendarEvent.objects.filter(program_year__in=access.harezmi_years_visible(self.user))

    def get_serializer_class(self):
        return CalendarEventCreateSerializer if self.action == "create" else CalendarEventSerializer

    def create(self, request, *args, **kwargs):
        user = self.user  # events are put by district and province Harezmi managers only
        require(access.harezmi_district_nodes(user).exists() or access.harezmi_province_nodes(user).exists())
        serializer = CalendarEventCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        event = services.calendar_event_create(by=self.user, **serializer.validated_data)
        return Response(CalendarEventSerializer(event).data, status=status.HTTP_201_CREATED)


# --- completed trainings --------------------------------------------------------------------------------


class TrainingSerializer(ModelSerializer):
    """A completed in-service training (the Harezmi one qualifies for coordinator posts)."""

    person_name = serializers.CharField(source="person.get_full_name", read_only=True)

    class Meta:
        model = TrainingCompletion
        fields = ["id", "person", "person_name", "kind", "completed_on", "certificate_number", "recorded_by"]
        read_only_fields = fields


class TrainingCreateSerializer(ModelSerializer):
    """A completion to record, for a person with a role where you run Harezmi."""

    person = ScopedRelatedField(model=User, scope=access.harezmi_training_people)

    class Meta:
        model = TrainingCompletion
        fields = ["person", "kind", "completed_on", "certificate_number"]
        validators = []  # the service refuses a duplicate with a clear message


class TrainingFilter(django_filters.FilterSet):
    person = IdFilter(field_name="person")
    kind = django_filters.ChoiceFilter(choices=TrainingCompletion.Kind.choices)

    class Meta:
        model = TrainingCompletion
        fields = ["person", "kind"]


@extend_schema_view(
    list=extend_schema(summary=_("Completed trainings of the people in your Harezmi scope")),
    retrieve=extend_schema(summary=_("One completed training")),
    create=extend_schema(
        summary=_("Record a completed training"),
        request=TrainingCreateSerializer,
        responses={201: TrainingSerializer},
    ),
)
class TrainingViewSet(ScopedDetail, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Completed trainings; district and province Harezmi managers record them."""

    queryset = TrainingCompletion.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    search_fields = ["person__first_name", "person__last_name", "certificate_number"]
    ordering_fields = ["completed_on", "id"]
    ordering = ["-completed_on", "id"]

    def get_queryset(self):
        if not access.harezmi_has_access(self.user):
            return TrainingCompletion.objects.none()
        return access.harezmi_trainings_visible(self.user).select_related("person")

    def get_serializer_class(self):
        return TrainingCreateSerializer if self.action == "create" else TrainingSerializer

    def create(self, request, *args, **kwargs):
        require(access.harezmi_training_people(self.user).exists())
        serializer = TrainingCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        record = services.training_record(by=self.user, **serializer.validated_data)
        return Response(
            TrainingSerializer(self.get_queryset().get(pk=record.pk)).data, status=status.HTTP_201_CREATED
        )


# --- official documents ------------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(summary=_("One petition, approval or letter")),
    file=extend_schema(summary=_("Download a document's scanned file"), responses=FILE),
)
class DocumentViewSet(DownloadMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Petitions, approvals and letters: readable by managers of their node (or below) and the person
    they concern. There is no list: documents are reached from the records that hold them."""

    serializer_class = DocumentSerializer
    download_actions = frozenset({"file"})

    def get_queryset(self):  # only for the schema: every lookup goes through the access module
        return DocumentSerializer.Meta.model.objects.none()

    def get_object(self):
        return access.harezmi_document_for(self.user, self.object_id())

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def file(self, request, pk=None):
        return file_download(self.get_object().file)
