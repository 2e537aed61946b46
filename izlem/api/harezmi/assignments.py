"""Teachers' places in the teams (additions with the Kaymakamlık Oluru, departures with the letter to
the province) and the staff-change ledger.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    FILE_FORMATS,
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    refuse_unless,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import (
    CONFLICT,
    DocumentSerializer,
    ScopedDetail,
    YearFilter,
    document,
    guarded,
    with_documents,
)
from izlem.harezmi import access, services
from izlem.harezmi.models import AssignmentStep, OfficialDocument, TeacherAssignment

AState = TeacherAssignment.State


# --- teacher assignments --------------------------------------------------------------------------------


class AssignmentStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssignmentStep
        fields = ["action", "state", "by", "at", "note"]
        read_only_fields = fields


@extend_schema_serializer(component_name="TeacherAssignment")
class AssignmentSerializer(ModelSerializer):
    """A teacher's place in a team: its approvals, its departure and every step (the ledger)."""

    teacher_name = serializers.CharField(source="teacher.get_full_name", read_only=True)
    school = serializers.IntegerField(source="team.school_id", read_only=True)
    school_name = serializers.CharField(source="team.school.name", read_only=True)
    petition = DocumentSerializer(read_only=True, allow_null=True)
    approval = DocumentSerializer(read_only=True, allow_null=True)
    departure_petition = DocumentSerializer(read_only=True, allow_null=True)
    departure_letter = DocumentSerializer(read_only=True, allow_null=True)
    steps = AssignmentStepSerializer(many=True, read_only=True)

    class Meta:
        model = TeacherAssignment
        fields = [
            "id",
            "team",
            "school",
            "school_name",
            "teacher",
            "teacher_name",
            "state",
            "is_initial",
            "start_date",
            "end_date",
            "justification",
            "petition",
            "approval",
            "departure_petition",
            "departure_justification",
            "departure_letter",
            "steps",
        ]
        read_only_fields = fields


def _governor_approvals(user):
    """Valilik Oluru records of the provinces of the program years the user reads."""
    provinces = access.harezmi_years_visible(user).values("province_id")
    return OfficialDocument.objects.filter(
        kind=OfficialDocument.Kind.GOVERNOR_APPROVAL, node_id__in=provinces
    )


@with_documents(
    approval=(_("Kaymakamlık Oluru"), True),
    governor=(_("New Valilik Oluru (if not choosing one)"), False),
)
class ApproveSerializer(serializers.Serializer):
    """The Kaymakamlık Oluru and the Valilik Oluru it cites: an existing one (`governor_approval`) or a new one."""

    governor_approval = ScopedRelatedField(
        model=OfficialDocument, scope=_governor_approvals, required=False, allow_null=True, default=None
    )
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class NoteSerializer(serializers.Serializer):
    note = StrictCharField(max_length=4000)


@with_documents(petition=(_("Departure petition"), True))
class TeacherDepartureSerializer(serializers.Serializer):
    justification = StrictCharField(max_length=4000)
    end_date = serializers.DateField()


@with_documents(letter=(_("Letter to the province (EBYS)"), True))
class LetterSerializer(serializers.Serializer):
    pass


class AssignmentFilter(django_filters.FilterSet):
    year = YearFilter(field_name="team__program_year")
    team = IdFilter(field_name="team")
    school = IdFilter(field_name="team__school")
    teacher = IdFilter(field_name="teacher")
    state = django_filters.ChoiceFilter(choices=AState.choices)

    class Meta:
        model = TeacherAssignment
        fields = ["year", "team", "school", "teacher", "state"]


ASSIGNMENT_DOCUMENTS = ["petition", "approval", "departure_petition", "departure_letter"]


def with_steps(queryset):
    """Teachers' places with their teacher, school, documents and steps (in order), for the answers."""
    return queryset.select_related("teacher", "team__school", *ASSIGNMENT_DOCUMENTS).prefetch_related(
        Prefetch("steps", queryset=AssignmentStep.objects.order_by("at", "id"))
    )


@extend_schema_view(
    list=extend_schema(summary=_("Teachers' places in the teams you may read")),
    retrieve=extend_schema(summary=_("One teacher's place, with its steps")),
    approve=extend_schema(
        summary=_("Record the Kaymakamlık Oluru (citing the Valilik Oluru): the teacher becomes active"),
        request=ApproveSerializer,
        responses={200: AssignmentSerializer, 409: CONFLICT},
    ),
    refuse=extend_schema(
        summary=_("Record that a mid-year addition is not approved"),
        request=NoteSerializer,
        responses={200: AssignmentSerializer, 409: CONFLICT},
    ),
    departure=extend_schema(
        summary=_("Record a teacher's petition to leave, with the justification"),
        request=TeacherDepartureSerializer,
        responses={200: AssignmentSerializer, 409: CONFLICT},
    ),
    letter=extend_schema(
        summary=_("Record the EBYS letter to the province: the teacher leaves the team"),
        request=LetterSerializer,
        responses={200: AssignmentSerializer, 409: CONFLICT},
    ),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Teachers' places. School editors record departures; the district (or the province) records the
    approvals, refusals and letters (403 for others who can see them)."""

    queryset = TeacherAssignment.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = AssignmentSerializer
    parser_classes = FILE_FORMATS
    filterset_class = AssignmentFilter
    search_fields = ["teacher__first_name", "teacher__last_name"]
    ordering_fields = ["start_date", "end_date", "state", "id"]
    ordering = ["team", "teacher__first_name", "id"]
    extra_error_statuses = {"approve": (409,), "refuse": (409,), "departure": (409,), "letter": (409,)}

    def get_queryset(self):
        return with_steps(TeacherAssignment.objects.filter(team__in=access.harezmi_teams_visible(self.user)))

    def get_object(self):
        assignment = access.harezmi_assignment_for(self.user, self.object_id())
        return self.get_queryset().get(pk=assignment.pk)

    def get_serializer_class(self):
        return {
            "approve": ApproveSerializer,
            "refuse": NoteSerializer,
            "departure": TeacherDepartureSerializer,
            "letter": LetterSerializer,
        }.get(self.action, AssignmentSerializer)

    def _step(self, what: str, serializer_class, service, expected: str, *, arguments):
        assignment = self.get_object()
        assignment = refuse_unless(
            lambda: access.harezmi_assignment_for(self.user, assignment.pk, action=what)
        )
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        guarded(
            lambda: service(by=self.user, assignment=assignment, **arguments(data)),
            allowed=assignment.state == expected,
        )
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(
            "approve",
            ApproveSerializer,
            services.teacher_assignment_approve,
            AState.PENDING_APPROVAL,
            arguments=lambda data: {
                "district_approval": document(data, "approval"),
                "governor_approval": data["governor_approval"],
                "new_governor_approval": document(data, "governor"),
                "start_date": data["start_date"],
            },
        )

    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(
            "approve",
            NoteSerializer,
            services.teacher_assignment_refuse,
            AState.PENDING_APPROVAL,
            arguments=lambda data: {"note": data["note"]},
        )

    @action(detail=True, methods=["post"])
    def departure(self, request, pk=None):
        return self._step(
            "depart",
            TeacherDepartureSerializer,
            services.teacher_departure_request,
            AState.ACTIVE,
            arguments=lambda data: {
                "petition": document(data, "petition"),
                "justification": data["justification"],
                "end_date": data["end_date"],
            },
        )

    @action(detail=True, methods=["post"])
    def letter(self, request, pk=None):
        return self._step(
            "approve",
            LetterSerializer,
            services.teacher_departure_report,
            AState.DEPARTURE_PENDING,
            arguments=lambda data: {"letter": document(data, "letter")},
        )


class StaffChangeFilter(django_filters.FilterSet):
    year = YearFilter(field_name="team__program_year")
    district = IdFilter(field_name="team__school__parent")
    school = IdFilter(field_name="team__school")
    state = django_filters.ChoiceFilter(choices=AState.choices)

    class Meta:
        model = TeacherAssignment
        fields = ["year", "district", "school", "state"]


@extend_schema_view(
    list=extend_schema(summary=_("The staff-change ledger: mid-year additions and every departure")),
    retrieve=extend_schema(summary=_("One staff change, step by step")),
)
class StaffChangeViewSet(ScopedDetail, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Staff changes of the teams of the nodes you read (the province sees every change)."""

    queryset = TeacherAssignment.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = AssignmentSerializer
    filterset_class = StaffChangeFilter
    ordering_fields = ["updated_at", "id"]
    ordering = ["-updated_at", "-id"]

    def get_queryset(self):
        return with_steps(access.harezmi_staff_changes_visible(self.user))
