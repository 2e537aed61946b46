"""Periods, their state changes and the computed reports (entry form, roll-up, progress, ranking)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
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
from izlem.api.errors import Conflict
from izlem.api.filters import MAX_ID, IdFilter, IntFilter
from izlem.api.monitoring.common import (
    CONFLICT,
    QueryText,
    decimal_out,
    messages_of,
)
from izlem.monitoring import access, selectors, services
from izlem.monitoring.evaluation import Status
from izlem.monitoring.models import Period, PeriodEvent, Submission, Value
from izlem.org import scope
from izlem.org.models import OrgNode
from izlem.plans import access as plans_access
from izlem.plans.models import Plan

# --- periods -------------------------------------------------------------------------------------------


class PeriodEventSerializer(ModelSerializer):
    class Meta:
        model = PeriodEvent
        fields = ["action", "reason", "by", "at"]
        read_only_fields = fields


class PeriodSerializer(ModelSerializer):
    """A monitoring period of a plan year (H1 or H2/year-end) and its state changes."""

    label = serializers.CharField(read_only=True)
    events = PeriodEventSerializer(many=True, read_only=True)

    class Meta:
        model = Period
        fields = [
            "id",
            "plan",
            "year",
            "half",
            "label",
            "open_date",
            "school_due",
            "district_due",
            "state",
            "events",
        ]
        read_only_fields = fields


class PeriodCreateSerializer(serializers.Serializer):
    plan = ScopedRelatedField(model=Plan, scope=plans_access.plans_visible)
    year = StrictIntegerField(min_value=0, max_value=32767)
    half = StrictChoiceField(choices=Period.Half.choices)
    open_date = serializers.DateField()
    school_due = serializers.DateField()
    district_due = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=2000, help_text=_("Why the period is reopened (recorded)."))


class NodeQuerySerializer(serializers.Serializer):
    node = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The organisation node (default: the top of your scope in the plan)."),
    )


class ResultsQuerySerializer(NodeQuerySerializer):
    indicator = QueryText(required=False, max_length=200, help_text=_("Indicator code, e.g. 1.1.2."))
    status = serializers.ChoiceField(
        required=False, choices=[Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA]
    )


class IndicatorRowFields(serializers.Serializer):
    """The indicator row a line is about (`row` in the object: an IndicatorRow), as the first fields."""

    row = serializers.IntegerField(source="row.pk")
    indicator = serializers.IntegerField(source="row.indicator_id")
    indicator_code = serializers.CharField(source="row.indicator.code")
    indicator_name = serializers.CharField(source="row.indicator.name")
    breakdown = serializers.CharField(source="row.breakdown")
    unit = serializers.CharField(source="row.indicator.unit")


class ResultSerializer(IndicatorRowFields):
    """One indicator row at one node in a period: the rolled-up figure with its coverage, evaluated."""

    aggregation = serializers.CharField(source="row.indicator.aggregation")
    node = serializers.IntegerField(source="node.pk")
    value = decimal_out(source="figure.value")
    numerator = decimal_out(source="figure.numerator")
    denominator = decimal_out(source="figure.denominator")
    reported = serializers.IntegerField(source="figure.reported", help_text=_("Entities that reported."))
    expected = serializers.IntegerField(
        source="figure.expected", help_text=_("Entities the row applies to (coverage = reported / expected).")
    )
    coverage_percent = decimal_out(source="figure.coverage_percent")
    baseline = decimal_out(source="evaluation.baseline")
    baseline_year = serializers.IntegerField(source="plan.baseline_year")
    year_target = decimal_out(source="evaluation.year_target")
    plan_target = decimal_out(source="evaluation.plan_target")
    direction = serializers.ChoiceField(choices=["higher", "lower"], source="evaluation.direction")
    rate = decimal_out(source="evaluation.rate", help_text=_("Realization rate (%)."))
    met = serializers.BooleanField(source="evaluation.met", allow_null=True)
    expected_value = decimal_out(
        source="evaluation.expected",
        help_text=_("The value expected now on the path to the plan-end target."),
    )
    progress = decimal_out(source="evaluation.progress")
    status = serializers.ChoiceField(
        choices=[Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA],
        source="evaluation.status",
    )
    forecast = decimal_out(source="evaluation.forecast", help_text=_("Forecast plan-end value."))
    forecast_year = serializers.IntegerField(source="evaluation.forecast_year", allow_null=True)


class ProgressSerializer(serializers.Serializer):
    """The submission state of one entity directly below the node."""

    entity = serializers.IntegerField(source="entity.pk")
    entity_name = serializers.CharField(source="entity.name")
    entity_kind = serializers.ChoiceField(choices=OrgNode.Kind.choices, source="entity.kind")
    state = serializers.ChoiceField(choices=Submission.State.choices)
    late = serializers.BooleanField()
    owes = serializers.BooleanField(
        help_text=_("False when nothing is collected from the entity in the period: it is never late.")
    )
    submission = serializers.IntegerField(source="submission.pk", allow_null=True, default=None)


class SchoolRealizationSerializer(serializers.Serializer):
    """A school's share of its applicable indicator targets on track."""

    school = serializers.IntegerField(source="school.pk")
    school_name = serializers.CharField(source="school.name")
    applicable = serializers.IntegerField()
    on_track = serializers.IntegerField()
    reported = serializers.IntegerField()
    percent = decimal_out()


class EntryQuerySerializer(serializers.Serializer):
    entity = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The school, district or province whose entry form this is."),
    )


class EntryValueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    value = decimal_out()
    numerator = decimal_out()
    denominator = decimal_out()
    note = serializers.CharField()
    outlier_confirmed = serializers.BooleanField()
    version = serializers.IntegerField()


class EntryLineSerializer(IndicatorRowFields):
    """One row of an entity's entry form: what to enter, the current value (with its version), the target."""

    is_ratio = serializers.BooleanField(help_text=_("Enter numerator and denominator instead of a value."))
    year_target = decimal_out()
    current = EntryValueSerializer(allow_null=True, help_text=_("The value entered so far, or null."))
    can_edit = serializers.BooleanField(
        help_text=_("You may enter this row now (not locked, yours to enter).")
    )


class PeriodFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan")
    year = IntFilter()
    half = django_filters.ChoiceFilter(choices=Period.Half.choices)
    state = django_filters.ChoiceFilter(choices=Period.State.choices)

    class Meta:
        model = Period
        fields = ["plan", "year", "half", "state"]


TRANSITION_RESPONSES = {200: PeriodSerializer, 409: CONFLICT}


@extend_schema_view(
    list=extend_schema(summary=_("Monitoring periods you may read")),
    retrieve=extend_schema(summary=_("One period")),
    create=extend_schema(
        summary=_("Add a period to a plan (planning officers)"),
        request=PeriodCreateSerializer,
        responses={201: PeriodSerializer},
    ),
    open=extend_schema(summary=_("Open a planned period"), request=None, responses=TRANSITION_RESPONSES),
    close=extend_schema(
        summary=_("Close (lock) an open period"),
        description=_(
            "Refused (400) while a deviation waits for its explanation; deviations are detected first."
        ),
        request=None,
        responses=TRANSITION_RESPONSES,
    ),
    reopen=extend_schema(
        summary=_("Reopen a closed period, with a reason"),
        request=ReasonSerializer,
        responses=TRANSITION_RESPONSES,
    ),
    results=extend_schema(
        summary=_("Roll-up and evaluation of every indicator row at a node"),
        parameters=[ResultsQuerySerializer],
        responses={200: ResultSerializer(many=True)},
    ),
    progress=extend_schema(
        summary=_("Who has submitted: the entities directly below a node"),
        parameters=[NodeQuerySerializer],
        responses={200: ProgressSerializer(many=True)},
    ),
    entry=extend_schema(
        summary=_("An entity's entry form: the rows it reports, with current values and targets"),
        parameters=[EntryQuerySerializer],
        responses={200: EntryLineSerializer(many=True)},
    ),
    school_realization=extend_schema(
        summary=_("Schools ranked by the share of their targets on track"),
        parameters=[NodeQuerySerializer],
        responses={200: SchoolRealizationSerializer(many=True)},
    ),
)
class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """Monitoring periods of the plans you may read (for monitoring roles). Planning officers of the
    plan add, open, close and reopen them (403 for others who may read them)."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["year", "half", "id"]
    ordering = ["plan", "year", "half"]
    extra_error_statuses = {"open": (409,), "close": (409,), "reopen": (409,)}

    def get_queryset(self):
        return access.periods_visible(self.user).prefetch_related("events")

    def get_object(self):
        period = access.period_for(self.user, self.object_id())
        return self.get_queryset().get(pk=period.pk)

    def get_serializer_class(self):
        return {"create": PeriodCreateSerializer, "reopen": ReasonSerializer}.get(
            self.action, PeriodSerializer
        )

    def create(self, request, *args, **kwargs):
        serializer = PeriodCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        period = services.period_create(by=self.user, **serializer.validated_data)
        return Response(
            PeriodSerializer(self.get_queryset().get(pk=period.pk)).data, status=status.HTTP_201_CREATED
        )

    def _transition(self, service, expected_state: str, **arguments):
        period = self.get_object()
        refuse_unless(lambda: access.period_for(self.user, period.pk, action="manage"))
        try:
            service(by=self.user, period=period, **arguments)
        except DjangoValidationError as exc:
            if period.state != expected_state and not hasattr(exc, "error_dict"):
                raise Conflict(detail=messages_of(exc)) from exc
            raise
        return Response(PeriodSerializer(self.get_queryset().get(pk=period.pk)).data)

    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(services.period_open, Period.State.PLANNED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(services.period_close, Period.State.OPEN)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._transition(services.period_reopen, Period.State.CLOSED, **serializer.validated_data)

    def _node(self, period: Period, node_id: int | None) -> OrgNode:
        """The node asked for (inside your monitoring scope), or the top of your scope in the plan."""
        if node_id is not None:
            return get_object_or_404(access.monitoring_nodes(self.user), pk=node_id)
        owner = period.plan.owner
        if owner is None:
            raise exceptions.NotFound()
        if scope.is_sysadmin(self.user):
            return owner
        node = access.monitoring_nodes(self.user).filter(path__startswith=owner.path).order_by("path").first()
        if node is None:
            raise exceptions.NotFound()
        return node

    def _report(self, serializer_class, items):
        page = self.paginate_queryset(items)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @action(detail=True, methods=["get"], filter_backends=[])
    def results(self, request, pk=None):
        """Figures (value, numerator/denominator, coverage) with baseline, year target, realization
        rate, met, status, forecast — in plan order; filter by `indicator` code and `status`."""
        period = access.period_for(self.user, self.object_id())
        query = ResultsQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        node = self._node(period, query.validated_data.get("node"))
        items = selectors.evaluations(period, node)
        code = query.validated_data.get("indicator")
        if code:
            items = [item for item in items if item.row.indicator.code == code]
        wanted = query.validated_data.get("status")
        if wanted:
            items = [item for item in items if item.evaluation.status == wanted]
        return self._report(ResultSerializer, items)

    @action(detail=True, methods=["get"], filter_backends=[])
    def progress(self, request, pk=None):
        """Submission state of every school of a district (or district of a province), late ones flagged."""
        period = access.period_for(self.user, self.object_id())
        query = NodeQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        node = self._node(period, query.validated_data.get("node"))
        return self._report(ProgressSerializer, selectors.submission_progress(period, node))

    @action(detail=True, methods=["get"], filter_backends=[])
    def entry(self, request, pk=None):
        """The rows `entity` owes in this period (its collection level and, for schools, the levels and
        school types each row concerns), each with the value entered so far, its `version`, and the year's target."""
        period = access.period_for(self.user, self.object_id())
        query = EntryQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        entity = access.entity_for_entry(self.user, period, query.validated_data["entity"])
        rows = selectors.rows_owed(period=period, entity=entity)
        values = {
            value.row_id: value
            for value in Value.objects.filter(
                period=period, entity=entity, row__in=rows, entity__in=access.monitoring_nodes(self.user)
            )
        }
        submission = Submission.objects.filter(period=period, entity=entity).select_related("period").first()
        editable = submission.is_editable if submission else period.state == Period.State.OPEN
        targets = selectors.row_plans(rows, period.plan)
        lines = [
            {
                "row": row,
                "is_ratio": row.indicator.aggregation == "ratio",
                "year_target": targets[row.pk].targets.get(period.year),
                "current": values.get(row.pk),
                "can_edit": editable and access.can_enter_row(self.user, entity, row),
            }
            for row in rows
        ]
        return self._report(EntryLineSerializer, lines)

    @action(detail=True, methods=["get"], url_path="school-realization", filter_backends=[])
    def school_realization(self, request, pk=None):
        """Every school below the node: applicable rows, how many are on track, best first."""
        period = access.period_for(self.user, self.object_id())
        query = NodeQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        node = self._node(period, query.validated_data.get("node"))
        return self._report(SchoolRealizationSerializer, selectors.school_realization(period, node))
