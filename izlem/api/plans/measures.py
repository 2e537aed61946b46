"""API of the measures (with their responsible units) and of the costing lines as printed."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from izlem.api.base import ModelSerializer
from izlem.api.filters import IdFilter, IntFilter, TextFilter
from izlem.api.plans.common import PlanPartViewSet, filterset_for
from izlem.plans import selectors
from izlem.plans.models import CostLine, Measure, MeasureUnit

# --- measures and costs ------------------------------------------------------------------------------------


class MeasureUnitSerializer(ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = MeasureUnit
        fields = ["role", "unit", "unit_name", "phrase"]
        read_only_fields = fields


class MeasureSerializer(ModelSerializer):
    """A measure (tedbir) with its main and other responsible units."""

    units = MeasureUnitSerializer(source="unit_links", many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "target", "number", "text", "timing", "units"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("Measures")), retrieve=extend_schema(summary=_("One measure"))
)
class MeasureViewSet(PlanPartViewSet):
    """Measures of the plans you may read, with their responsible units."""

    model = Measure
    prefetch = (selectors.measure_units_prefetch(),)
    serializer_class = MeasureSerializer
    filterset_class = filterset_for(
        Measure,
        target=IdFilter(field_name="target"),
        number=IntFilter(),
        unit=IdFilter(field_name="unit_links__unit", distinct=True),
    )
    search_fields = ["text"]
    ordering_fields = ["number", "id"]
    ordering = ["plan", "number"]


class CostLineSerializer(ModelSerializer):
    """A costing line as printed in the plan (per target, per goal, totals)."""

    yearly = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CostLine
        fields = ["id", "plan", "kind", "key", "amount", "share_printed", "yearly", "order"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("Costing lines as printed")),
    retrieve=extend_schema(summary=_("One costing line")),
)
class CostLineViewSet(PlanPartViewSet):
    """The costing table's lines as printed; `GET /plans/{id}/costs/` gives the recomputed table."""

    model = CostLine
    serializer_class = CostLineSerializer
    filterset_class = filterset_for(
        CostLine, kind=django_filters.ChoiceFilter(choices=CostLine.Kind.choices), key=TextFilter()
    )
    ordering_fields = ["order", "id"]
    ordering = ["plan", "order"]
