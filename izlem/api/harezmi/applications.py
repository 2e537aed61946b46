"""Applications: the school applies, the district reviews, the province decides (results are announced
per program year: `POST /harezmi/years/{id}/announce/`)."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
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
from izlem.api.errors import Locked
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import CONFLICT, LOCKED, YearFilter, guarded, people_in_view, require
from izlem.harezmi import access, services
from izlem.harezmi.models import Application, ApplicationStep, ProgramYear
from izlem.org.models import OrgNode, User

State = Application.State


class ApplicationStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationStep
        fields = ["state", "by", "at", "comment"]
        read_only_fields = fields


class ApplicationSerializer(ModelSerializer):
    """A school's application to a program year, its workflow steps and the school's settings."""

    school_name = serializers.CharField(source="school.name", read_only=True)
    district = serializers.IntegerField(source="school.parent_id", read_only=True)
    proposed_teachers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    unavailable_weekdays = serializers.SerializerMethodField()
    steps = ApplicationStepSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "program_year",
            "school",
            "school_name",
            "district",
            "state",
            "requested_team_count",
            "proposed_teachers",
            "proposed_teacher_names",
            "motivation",
            "approved_team_count",
            "district_comment",
            "province_comment",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "decided_by",
            "decided_at",
            "announced_at",
            "unavailable_weekdays",
            "teacher_min",
            "teacher_max",
            "steps",
        ]
        read_only_fields = fields

    def get_unavailable_weekdays(self, application) -> list[int]:
        return sorted(int(day) for day in application.unavailable_weekdays.split(",") if day.strip())


class ApplicationChangeSerializer(serializers.Serializer):
    """What a school applies with (in the application window)."""

    requested_team_count = StrictIntegerField(min_value=1, max_value=20)
    motivation = StrictCharField(max_length=8000)
    proposed_teachers = serializers.ListField(
        child=ScopedRelatedField(model=User, scope=people_in_view),
        required=False,
        default=list,
        max_length=200,
    )
    proposed_teacher_names = StrictCharField(max_length=8000, required=False, allow_blank=True, default="")


class ApplicationCreateSerializer(ApplicationChangeSerializer):
    """A new application of your school (principals)."""

    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_principal_schools)


class ReviewSerializer(serializers.Serializer):
    decision = StrictChoiceField(
        choices=[("forward", _("Forward to the province")), ("return", _("Return to the school"))]
    )
    comment = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    decision = StrictChoiceField(choices=[("approve", _("Approve")), ("reject", _("Do not approve"))])
    approved_team_count = StrictIntegerField(
        min_value=1,
        max_value=20,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Required to approve: at most the number requested."),
    )
    comment = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["decision"] == "approve" and attrs["approved_team_count"] is None:
            raise serializers.ValidationError(
                {"approved_team_count": [_("Give the number of teams approved.")]}
            )
        return attrs


class SettingsSerializer(serializers.Serializer):
    unavailable_weekdays = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=5),
        required=False,
        default=list,
        max_length=5,
        help_text=_("Weekdays (1 Monday … 5 Friday) the school cannot use for the Harezmi day."),
    )
    teacher_min = StrictIntegerField(min_value=1, max_value=50, required=False, allow_null=True, default=None)
    teacher_max = StrictIntegerField(min_value=1, max_value=50, required=False, allow_null=True, default=None)


class ApplicationFilter(django_filters.FilterSet):
    year = YearFilter()
    school = IdFilter(field_name="school")
    district = IdFilter(field_name="school__parent")
    state = django_filters.ChoiceFilter(choices=State.choices)

    class Meta:
        model = Application
        fields = ["year", "school", "district", "state"]


@extend_schema_view(
    list=extend_schema(summary=_("Applications you may read")),
    retrieve=extend_schema(summary=_("One application with its steps")),
    create=extend_schema(
        summary=_("Apply (the school's principal, in the window)"),
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer},
    ),
    update=extend_schema(
        summary=_("Change a draft or returned application"),
        request=ApplicationChangeSerializer,
        responses={200: ApplicationSerializer, 409: LOCKED},
    ),
    submit=extend_schema(
        summary=_("Send the application to the district"),
        request=None,
        responses={200: ApplicationSerializer, 409: LOCKED},
    ),
    review=extend_schema(
        summary=_("The district forwards a submitted application or returns it with a comment"),
        request=ReviewSerializer,
        responses={200: ApplicationSerializer, 409: CONFLICT},
    ),
    decide=extend_schema(
        summary=_("The province approves (with the number of teams) or does not approve"),
        request=DecisionSerializer,
        responses={200: ApplicationSerializer, 409: CONFLICT},
    ),
    school_settings=extend_schema(
        summary=_("The school's unavailable weekdays and team size for the year"),
        request=SettingsSerializer,
        responses={200: ApplicationSerializer},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Applications of the schools you read. The principal applies and submits; the district reviews;
    the province decides (403 for others who can see the application)."""

    http_method_names = ["get", "post", "put", "head", "options"]
    queryset = Application.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    search_fields = ["school__name"]
    ordering_fields = ["submitted_at", "decided_at", "state", "id"]
    ordering = ["program_year", "school__name", "id"]
    extra_error_statuses = {"update": (409,), "submit": (409,), "review": (409,), "decide": (409,)}

    def get_queryset(self):
        return (
            access.harezmi_applications_visible(self.user)
            .select_related("school")
            .prefetch_related(
                Prefetch("proposed_teachers", queryset=User.objects.only("pk")),
                Prefetch("steps", queryset=ApplicationStep.objects.order_by("at", "id")),
            )
        )

    def get_object(self):
        application = access.harezmi_application_for(self.user, self.object_id())
        return self.get_queryset().get(pk=application.pk)

    def get_serializer_class(self):
        return {
            "create": ApplicationCreateSerializer,
            "update": ApplicationChangeSerializer,
            "review": ReviewSerializer,
            "decide": DecisionSerializer,
            "school_settings": SettingsSerializer,
        }.get(self.action, ApplicationSerializer)

    def _answer(self, application, code=status.HTTP_200_OK):
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data, status=code)

    def _may(self, application, what: str):
        return refuse_unless(lambda: access.harezmi_application_for(self.user, application.pk, action=what))

    def _data(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def create(self, request, *args, **kwargs):
        require(access.harezmi_principal_schools(self.user).exists())
        data = self._data(ApplicationCreateSerializer)
        application = services.application_create(by=self.user, **data)
        return self._answer(application, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        application = self._may(self.get_object(), "edit")
        data = self._data(ApplicationChangeSerializer)
        guarded(
            lambda: services.application_update(by=self.user, application=application, **data),
            allowed=application.is_editable,
            error=Locked,
        )
        return self._answer(application)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self._may(self.get_object(), "edit")
        guarded(
            lambda: services.application_submit(by=self.user, application=application),
            allowed=application.is_editable,
            error=Locked,
        )
        return self._answer(application)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        application = self._may(self.get_object(), "review")
        data = self._data(ReviewSerializer)
        service = (
            services.application_forward if data["decision"] == "forward" else services.application_return
        )
        guarded(
            lambda: service(by=self.user, application=application, comment=data["comment"]),
            allowed=application.state == State.SUBMITTED,
        )
        return self._answer(application)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self._may(self.get_object(), "decide")
        data = self._data(DecisionSerializer)
        if data["decision"] == "approve":
            call = lambda: services.application_approve(  # noqa: E731
                by=self.user,
                application=application,
                approved_team_count=data["approved_team_count"],
                comment=data["comment"],
            )
        else:
            call = lambda: services.application_reject(  # noqa: E731
                by=self.user, application=application, comment=data["comment"]
            )
        guarded(call, allowed=application.state == State.FORWARDED)
        return self._answer(application)

    @action(detail=True, methods=["post"], url_path="settings")
    def school_settings(self, request, pk=None):
        application = self.get_object()
        require(access.harezmi_school_nodes(self.user).filter(pk=application.school_id).exists())
        data = self._data(SettingsSerializer)
        services.application_settings_update(by=self.user, application=application, **data)
        return self._answer(application)
