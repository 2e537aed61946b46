"""API of the indicators with their rows, baselines and yearly targets; a planning officer edits an
indicator's attributes and a yearly target through `izlem.plans.services`.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from izlem.api.base import DecimalInputField, ModelSerializer, refuse_unless
from izlem.api.filters import BoolFilter, IdFilter, IntFilter, TextFilter
from izlem.api.plans.common import PlanPartViewSet, filterset_for
from izlem.plans import access, selectors, services
from izlem.plans.models import Indicator, IndicatorRow, YearValue

# --- indicators, rows, yearly values ----------------------------------------------------------------------


class YearValueSerializer(ModelSerializer):
    """A baseline or target of an indicator row for one year (`is_default`: the computed linear path)."""

    class Meta:
        model = YearValue
        fields = ["id", "row", "kind", "year", "value", "is_default"]
        read_only_fields = fields


class BriefYearValueSerializer(ModelSerializer):
    class Meta:
        model = YearValue
        fields = ["id", "year", "value", "is_default"]
        read_only_fields = fields


class RowSerializer(ModelSerializer):
    """One value row of an indicator (the whole indicator or a breakdown), with baselines and targets."""

    baselines = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorRow
        # valid_min / valid_max: the calibrated range a value must lie in (docs/monitoring.md), so that a
        # client can check before sending
        fields = ["id", "breakdown", "level", "order", "valid_min", "valid_max", "baselines", "targets"]
        read_only_fields = fields

    def _of_kind(self, row, kind):
        values = sorted((v for v in row.year_values.all() if v.kind == kind), key=lambda v: v.year)
        return BriefYearValueSerializer(values, many=True).data

    @extend_schema_field(BriefYearValueSerializer(many=True))
    def get_baselines(self, row):
        return self._of_kind(row, YearValue.Kind.BASELINE)

    @extend_schema_field(BriefYearValueSerializer(many=True))
    def get_targets(self, row):
        return self._of_kind(row, YearValue.Kind.TARGET)


class IndicatorSerializer(ModelSerializer):
    """A performance indicator: how it is collected, rolled up and judged, with its rows."""

    rows = RowSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "target",
            "code",
            "name",
            "unit",
            "responsible_unit",
            "responsible_unit_text",
            "data_source",
            "definition",
            "collection_level",
            "aggregation",
            "weight_name",
            "frequency",
            "direction",
            "rows",
        ]
        read_only_fields = fields


class IndicatorUpdateSerializer(ModelSerializer):
    """What a planning officer may change on an indicator."""

    class Meta:
        model = Indicator
        fields = services.INDICATOR_EDITABLE
        extra_kwargs = {name: {"required": False} for name in services.INDICATOR_EDITABLE}


IndicatorFilter = filterset_for(
    Indicator,
    code=TextFilter(),
    target=IdFilter(field_name="target"),
    goal=IdFilter(field_name="target__goal"),
    responsible_unit=IdFilter(field_name="responsible_unit"),
    unit=django_filters.ChoiceFilter(choices=Indicator.UnitKind.choices),
    collection_level=django_filters.ChoiceFilter(choices=Indicator.Level.choices),
    aggregation=django_filters.ChoiceFilter(choices=Indicator.Aggregation.choices),
    frequency=django_filters.ChoiceFilter(choices=Indicator.Frequency.choices),
)


@extend_schema_view(
    list=extend_schema(summary=_("Indicators with their rows, baselines and yearly targets")),
    retrieve=extend_schema(summary=_("One indicator")),
    partial_update=extend_schema(
        summary=_("Change how an indicator is described, collected or judged"),
        request=IndicatorUpdateSerializer,
        responses={200: IndicatorSerializer},
    ),
)
class IndicatorViewSet(PlanPartViewSet):
    """Performance indicators; PATCH is for planning officers of the plan (audited)."""

    model = Indicator
    prefetch = (selectors.rows_prefetch(),)
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    search_fields = ["name", "code"]
    ordering_fields = ["sort_key", "id"]
    ordering = ["plan", "sort_key"]

    def get_serializer_class(self):
        return IndicatorUpdateSerializer if self.action == "partial_update" else IndicatorSerializer

    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        refuse_unless(lambda: access.plan_part_for(self.user, Indicator, indicator.pk, action="edit"))
        serializer = IndicatorUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {
            name: value
            for name, value in serializer.validated_data.items()
            if getattr(indicator, name) != value
        }
        if changes:
            services.indicator_update(by=self.user, indicator=indicator, **changes)
        return Response(IndicatorSerializer(self.get_queryset().get(pk=indicator.pk)).data)


class YearValueUpdateSerializer(serializers.Serializer):
    value = DecimalInputField(allow_null=True, help_text=_("The target for that year."))


PLAN_END_REFUSED = _(
    "Baselines and the plan-end target are the plan document's own figures and cannot be edited here."
)


@extend_schema_view(
    list=extend_schema(summary=_("Baselines and yearly targets of indicator rows")),
    retrieve=extend_schema(summary=_("One baseline or yearly target")),
    partial_update=extend_schema(
        summary=_("Set a yearly target by hand"),
        request=YearValueUpdateSerializer,
        responses={200: YearValueSerializer},
    ),
)
class YearValueViewSet(PlanPartViewSet):
    """Baselines and targets by year. A planning officer sets a yearly target (not a baseline, not
    the plan-end target: 400); it stops being the computed default."""

    model = YearValue
    related = ("row__indicator__plan",)
    serializer_class = YearValueSerializer
    filterset_class = filterset_for(
        YearValue,
        indicator=IdFilter(field_name="row__indicator"),
        row=IdFilter(field_name="row"),
        kind=django_filters.ChoiceFilter(choices=YearValue.Kind.choices),
        year=IntFilter(),
        is_default=BoolFilter(),
    )
    ordering_fields = ["year", "id"]
    ordering = ["row", "kind", "year"]

    def get_serializer_class(self):
        return YearValueUpdateSerializer if self.action == "partial_update" else YearValueSerializer

    def partial_update(self, request, *args, **kwargs):
        year_value = self.get_object()
        refuse_unless(lambda: access.plan_part_for(self.user, YearValue, year_value.pk, action="edit"))
        serializer = YearValueUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = year_value.row.indicator.plan
        if year_value.kind == YearValue.Kind.TARGET and year_value.year == plan.period_end:
            raise exceptions.ValidationError({"non_field_errors": [PLAN_END_REFUSED]})
        year_value = services.yearly_target_update(
            by=self.user, year_value=year_value, value=serializer.validated_data["value"]
        )
        return Response(YearValueSerializer(year_value).data)
