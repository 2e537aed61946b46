"""API of the plans themselves (with the recomputed costing table), their goals and targets."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import ApiViewSet, ModelSerializer
from izlem.api.filters import IdFilter, IntFilter, TextFilter
from izlem.api.plans.common import PlanPartViewSet, filterset_for
from izlem.plans import access, selectors
from izlem.plans.models import CostLine, Goal, Plan, Target

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
