"""Coordinator appointments (with their approvals) and their departures."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    FILE_FORMATS,
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    StrictChoiceField,
    refuse_unless,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import (
    CONFLICT,
    DocumentSerializer,
    YearFilter,
    document,
    guarded,
    people_in_view,
    with_documents,
)
from izlem.harezmi import access, services
from izlem.harezmi.models import CoordinatorAppointment, ProgramYear
from izlem.org.models import OrgNode, User

State = CoordinatorAppointment.State
DOCUMENTS = ["approval", "ministry_opinion", "petition", "start_letter", "departure_petition"]


class AppointmentSerializer(ModelSerializer):
    """A coordinator's appointment in a program year, its approvals and, later, its departure."""

    person_name = serializers.CharField(source="person.get_full_name", read_only=True)
    node_name = serializers.CharField(source="node.name", read_only=True)
    approval = DocumentSerializer(read_only=True, allow_null=True)
    ministry_opinion = DocumentSerializer(read_only=True, allow_null=True)
    petition = DocumentSerializer(read_only=True, allow_null=True)
    start_letter = DocumentSerializer(read_only=True, allow_null=True)
    departure_petition = DocumentSerializer(read_only=True, allow_null=True)
    schools = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CoordinatorAppointment
        fields = [
            "id",
            "program_year",
            "kind",
            "person",
            "person_name",
            "node",
            "node_name",
            "state",
            "start_date",
            "end_date",
            "semester",
            "employment",
            "unit",
            "approval",
            "needs_ministry_opinion",
            "ministry_opinion",
            "petition",
            "start_letter",
            "schools",
            "appointed_by",
            "departure_petition",
            "departure_reason",
            "departed_on",
            "departure_requested_at",
            "departure_approved_by",
            "departure_approved_at",
        ]
        read_only_fields = fields


@with_documents(
    approval=(_("Office approval (makam onayı)"), False),
    ministry_opinion=(_("Ministry's opinion"), False),
    petition=(_("Volunteer petition"), False),
    start_letter=(_("Start letter to the province (EBYS)"), False),
)
class AppointmentCreateSerializer(serializers.Serializer):
    """An appointment: province posts need the office approval (an assistant of a large province also the
    Ministry's opinion); a district coordinator the petition, the working time and the start letter."""

    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    kind = StrictChoiceField(choices=CoordinatorAppointment.Kind.choices)
    person = ScopedRelatedField(model=User, scope=people_in_view)
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_view_nodes)
    semester = StrictChoiceField(
        choices=CoordinatorAppointment.Semester.choices, required=False, default="both"
    )
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    employment = StrictChoiceField(
        choices=CoordinatorAppointment.Employment.choices, required=False, allow_blank=True, default=""
    )
    unit = StrictChoiceField(choices=CoordinatorAppointment.Unit.choices)
    schools = serializers.ListField(
        child=ScopedRelatedField(model=OrgNode, scope=access.harezmi_view_nodes),
        required=False,
        default=list,
        max_length=500,
    )


@with_documents(petition=(_("Departure petition"), True))
class DepartureSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=4000)
    departure_date = serializers.DateField()


class AppointmentFilter(django_filters.FilterSet):
    year = YearFilter()
    kind = django_filters.ChoiceFilter(choices=CoordinatorAppointment.Kind.choices)
    state = django_filters.ChoiceFilter(choices=State.choices)
    node = IdFilter(field_name="node")
    person = IdFilter(field_name="person")

    class Meta:
        model = CoordinatorAppointment
        fields = ["year", "kind", "state", "node", "person"]


@extend_schema_view(
    list=extend_schema(summary=_("Coordinator appointments you may read")),
    retrieve=extend_schema(summary=_("One appointment")),
    create=extend_schema(
        summary=_("Appoint a coordinator (top managers; trained people only)"),
        request=AppointmentCreateSerializer,
        responses={201: AppointmentSerializer},
    ),
    departure=extend_schema(
        summary=_("Record a coordinator's petition to leave"),
        request=DepartureSerializer,
        responses={200: AppointmentSerializer, 409: CONFLICT},
    ),
    approve_departure=extend_schema(
        summary=_("Approve a departure: the post and its role end"),
        request=None,
        responses={200: AppointmentSerializer, 409: CONFLICT},
    ),
)
class AppointmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Coordinators at, above or below the nodes where you read Harezmi records (and your own posts).
    Those who may appoint (top managers) appoint and approve departures; a coordinator petitions to
    leave for themselves."""

    queryset = CoordinatorAppointment.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = AppointmentSerializer
    parser_classes = FILE_FORMATS
    filterset_class = AppointmentFilter
    search_fields = ["person__first_name", "person__last_name"]
    ordering_fields = ["start_date", "end_date", "id"]
    ordering = ["program_year", "kind", "node__name", "start_date", "id"]
    extra_error_statuses = {"departure": (409,), "approve_departure": (409,)}

    def get_queryset(self):
        return (
            access.harezmi_appointments_visible(self.user)
            .select_related("person", "node", *DOCUMENTS)
            .prefetch_related(Prefetch("schools", queryset=OrgNode.objects.only("pk")))
        )

    def get_object(self):
        appointment = access.harezmi_appointment_for(self.user, self.object_id())
        return self.get_queryset().get(pk=appointment.pk)

    def get_serializer_class(self):
        return {"create": AppointmentCreateSerializer, "departure": DepartureSerializer}.get(
            self.action, AppointmentSerializer
        )

    def _answer(self, appointment, code=status.HTTP_200_OK):
        return Response(AppointmentSerializer(self.get_queryset().get(pk=appointment.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = AppointmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appointment = services.coordinator_appoint(
            by=self.user,
            program_year=data["program_year"],
            kind=data["kind"],
            person=data["person"],
            node=data["node"],
            semester=data["semester"],
            start_date=data["start_date"],
            employment=data["employment"],
            unit=data["unit"],
            schools=data["schools"],
            approval=document(data, "approval"),
            ministry_opinion=document(data, "ministry_opinion"),
            petition=document(data, "petition"),
            start_letter=document(data, "start_letter"),
        )
        return self._answer(appointment, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def departure(self, request, pk=None):
        appointment = self.get_object()
        refuse_unless(
            lambda: access.harezmi_appointment_for(self.user, appointment.pk, action="request_departure")
        )
        serializer = DepartureSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        guarded(
            lambda: services.coordinator_departure_request(
                by=self.user,
                appointment=appointment,
                petition=document(data, "petition"),
                reason=data["reason"],
                departure_date=data["departure_date"],
            ),
            allowed=appointment.state == State.ACTIVE,
        )
        return self._answer(appointment)

    @action(detail=True, methods=["post"], url_path="approve-departure")
    def approve_departure(self, request, pk=None):
        appointment = self.get_object()
        refuse_unless(
            lambda: access.harezmi_appointment_for(self.user, appointment.pk, action="approve_departure")
        )
        guarded(
            lambda: services.coordinator_departure_approve(by=self.user, appointment=appointment),
            allowed=appointment.state == State.DEPARTURE_REQUESTED,
        )
        return self._answer(appointment)
