"""Trainings held by the province and the districts (in-service courses, with their trainers and
participants; a completed Harezmi training qualifies for coordinator posts) and teachers' training needs.

The completed-training ledger of Harezmi I stays at `…/harezmi/trainings/`; the trainings held are
`…/harezmi/courses/` and their participants `…/harezmi/course-participants/`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    refuse_unless,
)
from izlem.api.filters import BoolFilter, IdFilter
from izlem.api.harezmi.common import CONFLICT, ScopedDetail, YearFilter, guarded, people_in_view, require
from izlem.api.harezmi.records import RecordMixin, calendar_events_visible
from izlem.harezmi import access, services
from izlem.harezmi.models import (
    CalendarEvent,
    ProgramYear,
    Training,
    TrainingNeed,
    TrainingParticipant,
    TrainingTopic,
)
from izlem.harezmi.selectors.trainings import trainings_for_list
from izlem.org.models import OrgNode, User

PState = TrainingParticipant.State

# --- trainings held -------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="TrainingCourse")
class CourseSerializer(ModelSerializer):
    """A training held: organiser, topic, form, dates and hours, trainers, and its participant counts."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    participant_count = serializers.IntegerField(read_only=True)
    completed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = [
            "id",
            "program_year",
            "node",
            "node_name",
            "kind",
            "topic",
            "title",
            "mode",
            "venue",
            "starts_on",
            "ends_on",
            "hours",
            "trainers",
            "external_trainers",
            "calendar_event",
            "notes",
            "participant_count",
            "completed_count",
        ]
        read_only_fields = fields


class CourseChangeSerializer(serializers.Serializer):
    """A training's details; `trainers` (coordinators of the province), when given, replace the list."""

    kind = StrictChoiceField(choices=Training.Kind.choices)
    topic = StrictChoiceField(choices=TrainingTopic.choices)
    title = StrictCharField(max_length=200)
    mode = StrictChoiceField(choices=Training.Mode.choices)
    venue = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    hours = StrictIntegerField(min_value=0, max_value=32767, required=False, default=0)
    external_trainers = StrictCharField(max_length=300, required=False, allow_blank=True, default="")
    calendar_event = ScopedRelatedField(
        model=CalendarEvent, scope=calendar_events_visible, required=False, allow_null=True, default=None
    )
    notes = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    trainers = serializers.ListField(
        child=ScopedRelatedField(model=User, scope=people_in_view), required=False, max_length=100
    )


class CourseCreateSerializer(CourseChangeSerializer):
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_course_nodes)
    program_year = ScopedRelatedField(
        model=ProgramYear, scope=access.harezmi_years_visible, required=False, allow_null=True, default=None
    )


class EnrolSerializer(serializers.Serializer):
    people = serializers.ListField(
        child=ScopedRelatedField(model=User, scope=people_in_view),
        min_length=1,
        max_length=500,
        help_text=_("People working at or below the organiser; those already enrolled stay as they are."),
    )


class CourseFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    kind = django_filters.ChoiceFilter(choices=Training.Kind.choices)
    topic = django_filters.ChoiceFilter(choices=TrainingTopic.choices)
    mode = django_filters.ChoiceFilter(choices=Training.Mode.choices)

    class Meta:
        model = Training
        fields = ["year", "node", "kind", "topic", "mode"]


class ParticipantSerializer(ModelSerializer):
    """A person enrolled in a training: enrolled, completed (final) or dropped out."""

    person_name = serializers.CharField(source="person.get_full_name", read_only=True)

    class Meta:
        model = TrainingParticipant
        fields = [
            "id",
            "training",
            "person",
            "person_name",
            "state",
            "completed_on",
            "certificate_number",
            "completion",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("Trainings held that you may read (and those you take part in or give)")),
    retrieve=extend_schema(summary=_("One training held")),
    create=extend_schema(
        summary=_("Record a training organised by your province or district"),
        request=CourseCreateSerializer,
        responses={201: CourseSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a training's details or trainers"),
        request=CourseChangeSerializer,
        responses={200: CourseSerializer},
    ),
    participants=extend_schema(
        summary=_("Enrol people in the training"),
        request=EnrolSerializer,
        responses={200: ParticipantSerializer(many=True)},
    ),
)
class CourseViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Trainings organised at, above or below the nodes you manage; the organising level records and
    changes them and their participants (403 for the others who read them)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Training.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = CourseSerializer
    answer_serializer = CourseSerializer
    record_for = staticmethod(access.harezmi_course_for)
    filterset_class = CourseFilter
    search_fields = ["title", "venue"]
    ordering_fields = ["starts_on", "title", "hours", "id"]
    ordering = ["-starts_on", "title", "id"]

    def get_queryset(self):
        return trainings_for_list(access.harezmi_courses_visible(self.user)).prefetch_related("trainers")

    def get_serializer_class(self):
        return {
            "create": CourseCreateSerializer,
            "partial_update": CourseChangeSerializer,
            "participants": EnrolSerializer,
        }.get(self.action, CourseSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_course_nodes(self.user).exists())
        training = services.training_create(by=self.user, **self._data(CourseCreateSerializer))
        return self._answer(training, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        training = self._editable()
        services.training_update(
            by=self.user, training=training, **self._data(CourseChangeSerializer, partial=True)
        )
        return self._answer(training)

    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        training = self._editable()
        people = self._data(EnrolSerializer)["people"]
        services.training_participants_add(by=self.user, training=training, people=people)
        rows = TrainingParticipant.objects.filter(training=training).select_related("person").order_by("id")
        return Response(ParticipantSerializer(rows, many=True).data)


# --- participants ---------------------------------------------------------------------------------------


class ParticipantStateSerializer(serializers.Serializer):
    """Completed (with the day; a Harezmi training also records the qualifying completion), dropped out,
    or enrolled again. A completion is final."""

    state = StrictChoiceField(choices=PState.choices)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    certificate_number = StrictCharField(max_length=60, required=False, allow_blank=True, default="")


class ParticipantFilter(django_filters.FilterSet):
    year = YearFilter(field_name="training__program_year")
    training = IdFilter(field_name="training")
    person = IdFilter(field_name="person")
    state = django_filters.ChoiceFilter(choices=PState.choices)

    class Meta:
        model = TrainingParticipant
        fields = ["year", "training", "person", "state"]


@extend_schema_view(
    list=extend_schema(summary=_("Participants of the trainings you may read")),
    retrieve=extend_schema(summary=_("One participant")),
    state=extend_schema(
        summary=_("Mark a participant completed, dropped out or enrolled again"),
        request=ParticipantStateSerializer,
        responses={200: ParticipantSerializer, 409: CONFLICT},
    ),
)
class ParticipantViewSet(
    ScopedDetail, RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Participants of the trainings you read; the organising level marks completion (403 for others)."""

    queryset = TrainingParticipant.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = ParticipantSerializer
    answer_serializer = ParticipantSerializer
    filterset_class = ParticipantFilter
    search_fields = ["person__first_name", "person__last_name"]
    ordering_fields = ["completed_on", "state", "id"]
    ordering = ["training", "person__first_name", "id"]
    extra_error_statuses = {"state": (409,)}

    def get_queryset(self):
        return TrainingParticipant.objects.filter(
            training__in=access.harezmi_courses_visible(self.user)
        ).select_related("person")

    def get_serializer_class(self):
        return ParticipantStateSerializer if self.action == "state" else ParticipantSerializer

    @action(detail=True, methods=["post"])
    def state(self, request, pk=None):
        participant = self.get_object()
        refuse_unless(lambda: access.harezmi_course_for(self.user, participant.training_id, action="edit"))
        data = self._data(ParticipantStateSerializer)
        guarded(
            lambda: services.training_participant_state_set(by=self.user, participant=participant, **data),
            allowed=participant.state != PState.COMPLETED,
        )
        return self._answer(participant)


# --- training needs -------------------------------------------------------------------------------------


class NeedSerializer(ModelSerializer):
    """A teacher's training need collected by a coordinator, and the training that met it."""

    person_name = serializers.CharField(source="person.get_full_name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = TrainingNeed
        fields = [
            "id",
            "program_year",
            "person",
            "person_name",
            "school",
            "school_name",
            "topic",
            "description",
            "met_by",
            "recorded_by",
        ]
        read_only_fields = fields


class NeedChangeSerializer(serializers.Serializer):
    topic = StrictChoiceField(choices=TrainingTopic.choices)
    description = StrictCharField(max_length=8000, required=False, allow_blank=True, default="")


class NeedCreateSerializer(NeedChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_need_schools)
    person = ScopedRelatedField(model=User, scope=people_in_view, help_text=_("A teacher of the school."))


class MetSerializer(serializers.Serializer):
    training = ScopedRelatedField(
        model=Training,
        scope=access.harezmi_courses_visible,
        allow_null=True,
        help_text=_("The training that met the need; null: not met after all."),
    )


class NeedFilter(django_filters.FilterSet):
    year = YearFilter()
    school = IdFilter(field_name="school")
    district = IdFilter(field_name="school__parent")
    person = IdFilter(field_name="person")
    topic = django_filters.ChoiceFilter(choices=TrainingTopic.choices)
    met = BoolFilter(field_name="met_by", lookup_expr="isnull", exclude=True)

    class Meta:
        model = TrainingNeed
        fields = ["year", "school", "district", "person", "topic", "met"]


@extend_schema_view(
    list=extend_schema(summary=_("Training needs of the schools you read (and your own)")),
    retrieve=extend_schema(summary=_("One training need")),
    create=extend_schema(
        summary=_("Record a teacher's training need (coordinators and managers of the district)"),
        request=NeedCreateSerializer,
        responses={201: NeedSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a training need's topic or description"),
        request=NeedChangeSerializer,
        responses={200: NeedSerializer},
    ),
    met=extend_schema(
        summary=_("Mark the need met by a training (or not met)"),
        request=MetSerializer,
        responses={200: NeedSerializer},
    ),
)
class NeedViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Teachers' training needs; the district's coordinators and managers record them (403 for others)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = TrainingNeed.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = NeedSerializer
    answer_serializer = NeedSerializer
    record_for = staticmethod(access.harezmi_need_for)
    filterset_class = NeedFilter
    search_fields = ["description", "person__first_name", "person__last_name"]
    ordering_fields = ["topic", "created_at", "id"]
    ordering = ["topic", "school__name", "id"]

    def get_queryset(self):
        return access.harezmi_needs_visible(self.user).select_related("person", "school")

    def get_serializer_class(self):
        return {
            "create": NeedCreateSerializer,
            "partial_update": NeedChangeSerializer,
            "met": MetSerializer,
        }.get(self.action, NeedSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_need_schools(self.user).exists())
        need = services.training_need_record(by=self.user, **self._data(NeedCreateSerializer))
        return self._answer(need, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        need = self._editable()
        data = {"topic": need.topic, "description": need.description}
        data.update(self._data(NeedChangeSerializer, partial=True))
        services.training_need_update(by=self.user, need=need, **data)
        return self._answer(need)

    @action(detail=True, methods=["post"])
    def met(self, request, pk=None):
        need = self._editable()
        services.training_need_mark_met(
            by=self.user, need=need, training=self._data(MetSerializer)["training"]
        )
        return self._answer(need)
