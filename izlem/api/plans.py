"""API of the strategic plan: plans, goals, targets, indicators (rows, baselines, yearly targets),
measures, costs and the analyses (SWOT, TOWS, PEST, stakeholders, problem areas, architecture).

Everything is read inside `access.plans_visible(user)`; single objects come through
`access.plan_for` / `access.plan_part_for`. The two edits the plan pages allow — an indicator's
attributes and a yearly target — go through `izlem.plans.services` (planning officers; 403 for
someone who may read the plan but not edit it).
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    ApiViewSet,
    DecimalInputField,
    ModelSerializer,
    refuse_unless,
)
from izlem.api.filters import BoolFilter, IdFilter, IntFilter, TextFilter
from izlem.plans import access, selectors, services
from izlem.plans.models import (
    ArchitectureComponent,
    CostLine,
    Goal,
    Indicator,
    IndicatorRow,
    Measure,
    MeasureUnit,
    PestItem,
    Plan,
    ProblemArea,
    Stakeholder,
    SwotItem,
    Target,
    TowsStrategy,
    YearValue,
)


def filterset_for(model, **filters) -> type[django_filters.FilterSet]:
    """A FilterSet over `model` with a `plan` filter and the given ones."""
    declared = {"plan": IdFilter(field_name=_plan_field(model)), **filters}
    meta = type("Meta", (), {"model": model, "fields": list(declared)})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), {**declared, "Meta": meta})


def _plan_field(model) -> str:
    return {"Plan": "pk", "IndicatorRow": "indicator__plan", "YearValue": "row__indicator__plan"}.get(
        model.__name__, "plan"
    )


class PlanPartViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Read-only parts of the plans you may read (goals, targets, measures, analyses …)."""

    model = None
    related: tuple[str, ...] = ()
    prefetch: tuple = ()

    def get_queryset(self):
        plans = access.plans_visible(self.user)
        return (
            self.model.objects.filter(**{f"{_plan_field(self.model)}__in": plans})
            .select_related(*self.related)
            .prefetch_related(*self.prefetch)
        )

    def get_object(self):
        allowed = access.plan_part_for(self.user, self.model, self.object_id())
        return self.get_queryset().get(pk=allowed.pk)


# --- plans -------------------------------------------------------------------------------------------


class PlanSerializer(ModelSerializer):
    """A strategic plan with its mission, vision, values and size."""

    goal_count = serializers.IntegerField(read_only=True)
    target_count = serializers.IntegerField(read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)
    measure_count = serializers.IntegerField(read_only=True)
    values = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "owner",
            "owner_name",
            "title",
            "period_start",
            "period_end",
            "status",
            "mission",
            "vision",
            "values",
            "internal_survey_count",
            "external_survey_count",
            "goal_count",
            "target_count",
            "indicator_count",
            "measure_count",
        ]
        read_only_fields = fields


class CostRowSerializer(serializers.Serializer):
    """A costing line: the printed figures next to the system's own sums and shares."""

    kind = serializers.ChoiceField(choices=CostLine.Kind.choices)
    key = serializers.CharField()
    label = serializers.CharField()
    printed_amount = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    computed_amount = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    printed_share = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    computed_share = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    amount_differs = serializers.BooleanField()
    share_differs = serializers.BooleanField()
    yearly = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=2))


class CostTableSerializer(serializers.Serializer):
    rows = CostRowSerializer(many=True)
    years = serializers.ListField(child=serializers.IntegerField())
    mismatch_count = serializers.IntegerField()


class PlanFilter(django_filters.FilterSet):
    owner = IdFilter(field_name="owner")
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices)
    year = IntFilter(method="filter_year", label=_("Plans covering this year."))

    class Meta:
        model = Plan
        fields = ["owner", "status", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value)


@extend_schema_view(
    list=extend_schema(summary=_("Plans you may read")),
    retrieve=extend_schema(summary=_("One plan")),
    costs=extend_schema(
        summary=_("The plan's costing table, recomputed"), responses={200: CostTableSerializer}
    ),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Strategic plans: of your node, of the nodes above it and of those below it."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    search_fields = ["title"]
    ordering_fields = ["period_start", "title", "id"]
    ordering = ["-period_start", "title"]

    def get_queryset(self):
        return selectors.plan_list(user=self.user)

    def get_object(self):
        plan = access.plan_for(self.user, self.object_id())
        return self.get_queryset().get(pk=plan.pk)

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def costs(self, request, pk=None):
        """Printed amounts and shares next to the system's sums (goal = Σ targets, total = goals + admin)."""
        plan = access.plan_for(self.user, self.object_id())
        table = selectors.cost_table(plan=plan)
        rows = [
            {
                **{name: getattr(row, name) for name in CostRowSerializer().fields if hasattr(row, name)},
                "yearly": {str(year): amount for year, amount in row.yearly.items()},
            }
            for row in table.rows
        ]
        return Response(
            CostTableSerializer(
                {"rows": rows, "years": table.years, "mismatch_count": table.mismatch_count}
            ).data
        )


# --- goals, targets ------------------------------------------------------------------------------------


class GoalSerializer(ModelSerializer):
    """A strategic goal (amaç)."""

    theme_title = serializers.CharField(source="theme.title", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Goal
        fields = ["id", "plan", "theme", "theme_title", "code", "title", "order"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary=_("Goals")), retrieve=extend_schema(summary=_("One goal")))
class GoalViewSet(PlanPartViewSet):
    """Strategic goals of the plans you may read."""

    model = Goal
    related = ("theme",)
    serializer_class = GoalSerializer
    filterset_class = filterset_for(Goal, code=TextFilter(), theme=IdFilter(field_name="theme"))
    search_fields = ["title"]
    ordering_fields = ["order", "code", "id"]
    ordering = ["plan", "order"]


class TargetSerializer(ModelSerializer):
    """A strategic target (hedef) with its three narratives."""

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "goal",
            "code",
            "statement",
            "rationale",
            "current_status",
            "expected_outcome",
            "order",
        ]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary=_("Targets")), retrieve=extend_schema(summary=_("One target")))
class TargetViewSet(PlanPartViewSet):
    """Strategic targets of the plans you may read."""

    model = Target
    serializer_class = TargetSerializer
    filterset_class = filterset_for(Target, code=TextFilter(), goal=IdFilter(field_name="goal"))
    search_fields = ["statement"]
    ordering_fields = ["order", "code", "id"]
    ordering = ["plan", "order"]


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
