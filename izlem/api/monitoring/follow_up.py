"""Deviations (cause, corrective action, follow-up) and measure progress."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    ApiViewSet,
    DownloadMixin,
    ModelSerializer,
    ScopedRelatedField,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    file_download,
    refuse_unless,
)
from izlem.api.errors import Locked
from izlem.api.filters import IdFilter, IntFilter, TextFilter
from izlem.api.monitoring.common import (
    LOCKED,
    messages_of,
)
from izlem.monitoring import access, services
from izlem.monitoring.models import Deviation, MeasureProgress, Period
from izlem.plans import access as plans_access
from izlem.plans.models import Measure

# --- deviations ----------------------------------------------------------------------------------------------


class DeviationSerializer(ModelSerializer):
    """An indicator row off its expected path in a period, with its cause and corrective action."""

    indicator = serializers.IntegerField(source="row.indicator_id", read_only=True)
    indicator_code = serializers.CharField(source="row.indicator.code", read_only=True)
    breakdown = serializers.CharField(source="row.breakdown", read_only=True)

    class Meta:
        model = Deviation
        fields = [
            "id",
            "period",
            "row",
            "indicator",
            "indicator_code",
            "breakdown",
            "unit",
            "rate",
            "state",
            "cause",
            "corrective_action",
            "action_owner",
            "action_due",
            "action_state",
            "follow_up",
            "explained_by",
            "explained_at",
        ]
        read_only_fields = fields


class ExplainSerializer(serializers.Serializer):
    cause = StrictCharField(max_length=4000)
    corrective_action = StrictCharField(max_length=4000)
    action_owner = StrictCharField(max_length=200)
    action_due = serializers.DateField()


class FollowUpSerializer(serializers.Serializer):
    done = StrictBooleanField(help_text=_("The corrective action is done."))
    note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")


class DeviationFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period")
    plan = IdFilter(field_name="period__plan")
    indicator = TextFilter(field_name="row__indicator__code", label=_("Indicator code, e.g. 1.1.2."))
    unit = IdFilter(field_name="unit")
    state = django_filters.ChoiceFilter(choices=Deviation.State.choices)
    action_state = django_filters.ChoiceFilter(choices=Deviation.ActionState.choices)

    class Meta:
        model = Deviation
        fields = ["period", "plan", "indicator", "unit", "state", "action_state"]


@extend_schema_view(
    list=extend_schema(summary=_("Deviations of the periods you may read")),
    retrieve=extend_schema(summary=_("One deviation")),
    explain=extend_schema(
        summary=_("Give the cause and the corrective action"),
        request=ExplainSerializer,
        responses={200: DeviationSerializer, 409: LOCKED},
    ),
    follow_up=extend_schema(
        summary=_("Follow up the corrective action"),
        request=FollowUpSerializer,
        responses={200: DeviationSerializer},
    ),
)
class DeviationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Deviations; the responsible unit's managers (and planning officers) explain and follow them up
    (403 for others who can see them)."""

    serializer_class = DeviationSerializer
    filterset_class = DeviationFilter
    ordering_fields = ["rate", "action_due", "id"]
    ordering = ["period", "row__indicator__sort_key", "row__order"]
    extra_error_statuses = {"explain": (409,)}

    def get_queryset(self):
        return access.deviations_visible(self.user).select_related("row__indicator")

    def get_object(self):
        deviation = access.deviation_for(self.user, self.object_id())
        return self.get_queryset().get(pk=deviation.pk)

    def get_serializer_class(self):
        return {"explain": ExplainSerializer, "follow_up": FollowUpSerializer}.get(
            self.action, DeviationSerializer
        )

    def _explainable(self):
        deviation = self.get_object()
        return refuse_unless(lambda: access.deviation_for(self.user, deviation.pk, action="explain"))

    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        deviation = self._explainable()
        serializer = ExplainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.deviation_explain(by=self.user, deviation=deviation, **serializer.validated_data)
        except DjangoValidationError as exc:
            if deviation.period.state == Period.State.CLOSED:
                raise Locked(detail=messages_of(exc)) from exc
            raise
        return Response(DeviationSerializer(self.get_queryset().get(pk=deviation.pk)).data)

    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        deviation = self._explainable()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deviation_follow_up(by=self.user, deviation=deviation, **serializer.validated_data)
        return Response(DeviationSerializer(self.get_queryset().get(pk=deviation.pk)).data)


# --- measure progress ---------------------------------------------------------------------------------------------


class MeasureProgressSerializer(ModelSerializer):
    """A measure's progress in a period, as its responsible unit reported it."""

    measure_number = serializers.IntegerField(source="measure.number", read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = MeasureProgress
        fields = [
            "id",
            "period",
            "measure",
            "measure_number",
            "status",
            "percent",
            "note",
            "has_evidence",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_evidence(self, progress) -> bool:
        return bool(progress.evidence)


def _measures_visible(user):
    return (
        Measure.objects.filter(plan__in=plans_access.plans_visible(user))
        .select_related("plan")
        .prefetch_related("unit_links")
    )


class MeasureProgressWriteSerializer(serializers.Serializer):
    period = ScopedRelatedField(model=Period, scope=access.periods_visible)
    measure = ScopedRelatedField(model=Measure, scope=_measures_visible)
    status = StrictChoiceField(choices=MeasureProgress.Status.choices)
    percent = StrictIntegerField(min_value=0, max_value=100)
    note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["measure"].plan_id != attrs["period"].plan_id:
            raise serializers.ValidationError(
                {"measure": [_("This measure is not part of the period's plan.")]}
            )
        return attrs


class EvidenceSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, image or office document within the upload limit."))


class MeasureProgressFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period")
    plan = IdFilter(field_name="period__plan")
    measure = IdFilter(field_name="measure")
    number = IntFilter(field_name="measure__number")
    status = django_filters.ChoiceFilter(choices=MeasureProgress.Status.choices)

    class Meta:
        model = MeasureProgress
        fields = ["period", "plan", "measure", "number", "status"]


@extend_schema_view(
    list=extend_schema(summary=_("Measure progress reports")),
    retrieve=extend_schema(summary=_("One progress report")),
    create=extend_schema(
        summary=_("Report a measure's progress in a period (creates or changes the report)"),
        request=MeasureProgressWriteSerializer,
        responses={200: MeasureProgressSerializer, 409: LOCKED},
    ),
    evidence=extend_schema(
        summary=_("Attach an evidence file to a progress report (while the period is open)"),
        request={"multipart/form-data": EvidenceSerializer},
        responses={200: MeasureProgressSerializer, 409: LOCKED},
    ),
)
class MeasureProgressViewSet(DownloadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Progress of the measures in the periods you may read; reported by managers of a responsible
    unit and planning officers (403 for others), only while the period is open."""

    serializer_class = MeasureProgressSerializer
    filterset_class = MeasureProgressFilter
    ordering_fields = ["percent", "updated_at", "id"]
    ordering = ["period", "measure__number"]
    extra_error_statuses = {"create": (409,), "evidence": (409,)}
    download_actions = frozenset({"evidence_file"})
    upload_actions = frozenset({"evidence"})

    def get_queryset(self):
        return access.measure_progress_visible(self.user).select_related("measure")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.object_id())

    def get_serializer_class(self):
        return {"create": MeasureProgressWriteSerializer, "evidence": EvidenceSerializer}.get(
            self.action, MeasureProgressSerializer
        )

    def create(self, request, *args, **kwargs):
        serializer = MeasureProgressWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        period = data["period"]
        measure = data["measure"]  # fetched in scope, with its units (see `_measures_visible`)
        try:
            progress = services.measure_progress_save(
                by=self.user,
                period=period,
                measure=measure,
                status=data["status"],
                percent=data["percent"],
                note=data["note"],
            )
        except DjangoValidationError as exc:
            if period.state != Period.State.OPEN:
                raise Locked(detail=messages_of(exc)) from exc
            raise
        return Response(MeasureProgressSerializer(self.get_queryset().get(pk=progress.pk)).data)

    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        """Same service as the page's form: the report's status, percent and note stay as they are."""
        progress = self.get_object()
        period = Period.objects.get(pk=progress.period_id)
        measure = _measures_visible(self.user).get(pk=progress.measure_id)
        serializer = EvidenceSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            services.measure_progress_save(
                by=self.user,
                period=period,
                measure=measure,
                status=progress.status,
                percent=progress.percent,
                note=progress.note,
                evidence=serializer.validated_data["file"],
            )
        except DjangoValidationError as exc:
            if period.state != Period.State.OPEN:
                raise Locked(detail=messages_of(exc)) from exc
            raise
        return Response(MeasureProgressSerializer(self.get_queryset().get(pk=progress.pk)).data)

    @evidence.mapping.get
    @extend_schema(
        summary=_("Download a progress report's evidence file"),
        request=None,
        responses={(200, "application/octet-stream"): OpenApiResponse(response=OpenApiTypes.BINARY)},
    )
    def evidence_file(self, request, pk=None):
        return file_download(self.get_object().evidence)
