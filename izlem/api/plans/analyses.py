"""API of the plan analyses: SWOT, TOWS, PEST, stakeholders, problem areas and architecture."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from izlem.api.base import ModelSerializer
from izlem.api.filters import BoolFilter, TextFilter
from izlem.api.plans.common import PlanPartViewSet, filterset_for
from izlem.plans.models import (
    ArchitectureComponent,
    PestItem,
    ProblemArea,
    Stakeholder,
    SwotItem,
    TowsStrategy,
)

# --- analyses ------------------------------------------------------------------------------------------------


def _simple_serializer(model, fields: list[str], doc: str, **declared):
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (ModelSerializer,), {"__doc__": doc, "Meta": meta, **declared})


SwotItemSerializer = _simple_serializer(
    SwotItem,
    ["id", "plan", "category", "theme", "number", "citation", "text"],
    "A SWOT (GZFT) item; `citation` is how TOWS strategies cite it, e.g. 2G.",
    citation=serializers.CharField(read_only=True),
)


class TowsStrategySerializer(ModelSerializer):
    """A TOWS strategy with the SWOT items it cites."""

    citations = serializers.SerializerMethodField()

    class Meta:
        model = TowsStrategy
        fields = ["id", "plan", "kind", "text", "cites", "citations", "order"]
        read_only_fields = fields

    def get_citations(self, strategy) -> list[str]:
        return [item.citation for item in strategy.cites.all()]


PestItemSerializer = _simple_serializer(
    PestItem, ["id", "plan", "category", "text", "order"], "An item of the PEST analysis."
)
StakeholderSerializer = _simple_serializer(
    Stakeholder,
    [
        "id",
        "plan",
        "name",
        "internal",
        "core_partner",
        "strategic_partner",
        "supplier",
        "beneficiary",
        "priority",
        "reason",
        "order",
    ],
    "A stakeholder with its classification and priority.",
)
ProblemAreaSerializer = _simple_serializer(
    ProblemArea, ["id", "plan", "theme", "text", "order"], "A problem or development area, by theme."
)
ArchitectureSerializer = _simple_serializer(
    ArchitectureComponent,
    ["id", "plan", "code", "title", "theme", "order"],
    "A component of the plan architecture, e.g. 1.1.1.",
)


def _analysis_viewset(model, serializer, label, *, filters=None, search=(), ordering=("order",), prefetch=()):
    """A read-only list/detail resource over one kind of analysis item."""
    schema = extend_schema_view(list=extend_schema(summary=label), retrieve=extend_schema(summary=label))
    attrs = {
        "__doc__": f"{model._meta.verbose_name_plural} of the plans you may read.",
        "model": model,
        "serializer_class": serializer,
        "filterset_class": filterset_for(model, **(filters or {})),
        "search_fields": list(search),
        "ordering_fields": [*ordering, "id"],
        "ordering": ["plan", *ordering, "id"],
        "prefetch": prefetch,
    }
    return schema(type(f"{model.__name__}ViewSet", (PlanPartViewSet,), attrs))


SwotItemViewSet = _analysis_viewset(
    SwotItem,
    SwotItemSerializer,
    _("SWOT items"),
    filters={
        "category": django_filters.ChoiceFilter(choices=SwotItem.Category.choices),
        "theme": TextFilter(),
    },
    search=("text",),
    ordering=("category", "number"),
)
TowsStrategyViewSet = _analysis_viewset(
    TowsStrategy,
    TowsStrategySerializer,
    _("TOWS strategies"),
    filters={"kind": django_filters.ChoiceFilter(choices=TowsStrategy.Kind.choices)},
    search=("text",),
    ordering=("kind", "order"),
    prefetch=(Prefetch("cites", queryset=SwotItem.objects.order_by("category", "number")),),
)
PestItemViewSet = _analysis_viewset(
    PestItem,
    PestItemSerializer,
    _("PEST items"),
    filters={"category": django_filters.ChoiceFilter(choices=PestItem.Category.choices)},
    search=("text",),
    ordering=("category", "order"),
)
StakeholderViewSet = _analysis_viewset(
    Stakeholder,
    StakeholderSerializer,
    _("Stakeholders"),
    filters={
        name: BoolFilter()
        for name in ("internal", "core_partner", "strategic_partner", "supplier", "beneficiary")
    },
    search=("name",),
)
ProblemAreaViewSet = _analysis_viewset(
    ProblemArea, ProblemAreaSerializer, _("Problem and development areas"), filters={"theme": TextFilter()}
)
ArchitectureViewSet = _analysis_viewset(
    ArchitectureComponent,
    ArchitectureSerializer,
    _("Plan architecture components"),
    filters={"code": TextFilter()},
)
