"""Coordinators' field visits: their plans (province: monthly, district: weekly) with the visits planned,
the visits made to schools, the follow-up actions agreed there, and planned vs done per month."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.http import Http404
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
    StrictPrimaryKeyRelatedField,
)
from izlem.api.filters import BoolFilter, IdFilter
from izlem.api.harezmi.common import (
    CONFLICT,
    ScopedDetail,
    YearFilter,
    YearQuerySerializer,
    guarded,
    people_in_view,
    program_year,
    require,
)
from izlem.api.harezmi.records import RecordMixin
from izlem.harezmi import access, services
from izlem.harezmi.models import FollowUp, PlannedVisit, ProgramYear, Team, Visit, VisitPlan, VisitPurpose
from izlem.harezmi.selectors.visits import MonthRow, planned_vs_done, plans_for_list, visits_for_list
from izlem.org.models import OrgNode, User


def _own_visit_nodes(user):
    """The province or district the user plans and visits for (as a queryset, for request bodies)."""
    return OrgNode.objects.filter(pk__in=[node.pk for node in access.harezmi_visit_nodes(user)])


def _own_planned(user):
    """Planned visits of the user's own plans (a visit may fulfil one)."""
    return PlannedVisit.objects.filter(plan__coordinator=user)


# --- plans -----------------------------------------------------------------------------------------------


class PlannedVisitSerializer(serializers.ModelSerializer):
    visit = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The visit that fulfilled it.")
    )

    class Meta:
        model = PlannedVisit
        fields = ["id", "school", "team", "planned_on", "purpose", "note", "visit"]
        read_only_fields = fields


class VisitPlanSerializer(ModelSerializer):
    """A coordinator's plan for a month or a week, its visits planned and how many were made."""

    coordinator_name = serializers.CharField(source="coordinator.get_full_name", read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    done_count = serializers.IntegerField(read_only=True)
    items = PlannedVisitSerializer(many=True, read_only=True)

    class Meta:
        model = VisitPlan
        fields = [
            "id",
            "program_year",
            "coordinator",
            "coordinator_name",
            "node",
            "span",
            "starts_on",
            "ends_on",
            "notes",
            "item_count",
            "done_count",
            "items",
        ]
        read_only_fields = fields


class VisitPlanCreateSerializer(serializers.Serializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    node = ScopedRelatedField(model=OrgNode, scope=_own_visit_nodes)
    day = serializers.DateField(help_text=_("A day of the month (province) or week (district) planned."))
    notes = StrictCharField(max_length=8000, required=False, allow_blank=True, default="")


class PlannedVisitCreateSerializer(serializers.Serializer):
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_visit_schools)
    planned_on = serializers.DateField()
    purpose = StrictChoiceField(choices=VisitPurpose.choices)
    team = ScopedRelatedField(
        model=Team, scope=access.harezmi_teams_visible, required=False, allow_null=True, default=None
    )
    note = StrictCharField(max_length=200, required=False, allow_blank=True, default="")


class PlanItemField(StrictPrimaryKeyRelatedField):
    """A planned visit of the plan in the URL (`context["plan"]`); any other id is the same 400 as an
    unknown one."""

    def get_queryset(self):
        return self.context["plan"].items.all()


class PlannedVisitRemoveSerializer(serializers.Serializer):
    item = PlanItemField(
        queryset=PlannedVisit.objects.all(), help_text=_("The planned visit to take out (not made yet).")
    )


class VisitPlanFilter(django_filters.FilterSet):
    year = YearFilter()
    coordinator = IdFilter(field_name="coordinator")
    node = IdFilter(field_name="node")
    span = django_filters.ChoiceFilter(choices=VisitPlan.Span.choices)

    class Meta:
        model = VisitPlan
        fields = ["year", "coordinator", "node", "span"]


@extend_schema_view(
    list=extend_schema(summary=_("Visit plans you may read (your own, and those of the nodes you read)")),
    retrieve=extend_schema(summary=_("One visit plan, with its visits planned")),
    create=extend_schema(
        summary=_("Start your plan for the month (province) or week (district) of a day"),
        request=VisitPlanCreateSerializer,
        responses={201: VisitPlanSerializer},
    ),
    items=extend_schema(
        summary=_("Put a school visit in your own plan"),
        request=PlannedVisitCreateSerializer,
        responses={201: VisitPlanSerializer},
    ),
    remove_item=extend_schema(
        summary=_("Take a visit not yet made out of your own plan (409 once it has been made)"),
        request=PlannedVisitRemoveSerializer,
        responses={200: VisitPlanSerializer, 409: CONFLICT},
    ),
)
class VisitPlanViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Coordinators' plans; a coordinator writes only their own (403 for the others who read them)."""

    queryset = VisitPlan.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = VisitPlanSerializer
    record_for = staticmethod(access.harezmi_visit_plan_for)
    filterset_class = VisitPlanFilter
    ordering_fields = ["starts_on", "id"]
    ordering = ["-starts_on", "coordinator__first_name", "id"]
    extra_error_statuses = {"remove_item": (409,)}

    def get_queryset(self):
        return plans_for_list(access.harezmi_visit_plans_visible(self.user)).prefetch_related(
            Prefetch(
                "items", queryset=PlannedVisit.objects.select_related("visit").order_by("planned_on", "id")
            )
        )

    def get_serializer_class(self):
        return {
            "create": VisitPlanCreateSerializer,
            "items": PlannedVisitCreateSerializer,
            "remove_item": PlannedVisitRemoveSerializer,
        }.get(self.action, VisitPlanSerializer)

    def create(self, request, *args, **kwargs):
        require(bool(access.harezmi_visit_nodes(self.user)))
        plan = services.visit_plan_create(
            by=self.user, coordinator=self.user, **self._data(VisitPlanCreateSerializer)
        )
        return self._answer(plan, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        plan = self._editable()
        services.planned_visit_add(by=self.user, plan=plan, **self._data(PlannedVisitCreateSerializer))
        return self._answer(plan, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="remove-item")
    def remove_item(self, request, pk=None):
        plan = self._editable()
        serializer = PlannedVisitRemoveSerializer(
            data=request.data, context={**self.get_serializer_context(), "plan": plan}
        )
        serializer.is_valid(raise_exception=True)
        item = serializer.validated_data["item"]
        guarded(
            lambda: services.planned_visit_remove(by=self.user, item=item),
            allowed=not Visit.objects.filter(planned=item).exists(),
        )
        return self._answer(plan)


# --- visits and follow-ups -------------------------------------------------------------------------------


class FollowUpSerializer(ModelSerializer):
    """An action agreed at a visit: who does it by when, and when it was done with what result."""

    class Meta:
        model = FollowUp
        fields = ["id", "visit", "action", "owner", "owner_name", "due_on", "done_on", "result"]
        read_only_fields = fields


class VisitSerializer(ModelSerializer):
    """A coordinator's visit to a school, the plan item it fulfilled and its follow-ups."""

    coordinator_name = serializers.CharField(source="coordinator.get_full_name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    follow_up_count = serializers.IntegerField(read_only=True)
    open_count = serializers.IntegerField(read_only=True, help_text=_("Follow-ups not done yet."))
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "program_year",
            "coordinator",
            "coordinator_name",
            "school",
            "school_name",
            "visited_on",
            "purpose",
            "planned",
            "observations",
            "follow_up_count",
            "open_count",
            "follow_ups",
        ]
        read_only_fields = fields


class VisitCreateSerializer(serializers.Serializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_visit_schools)
    visited_on = serializers.DateField()
    purpose = StrictChoiceField(choices=VisitPurpose.choices)
    observations = StrictCharField(max_length=20000)
    planned = ScopedRelatedField(
        model=PlannedVisit, scope=_own_planned, required=False, allow_null=True, default=None
    )


class VisitChangeSerializer(serializers.Serializer):
    """A correction of one's own visit (the school stays; fields left out keep their value)."""

    visited_on = serializers.DateField()
    purpose = StrictChoiceField(choices=VisitPurpose.choices)
    observations = StrictCharField(max_length=20000)
    planned = ScopedRelatedField(
        model=PlannedVisit,
        scope=_own_planned,
        allow_null=True,
        help_text=_("The planned visit of your own plan it fulfils (null: none)."),
    )


class FollowUpCreateSerializer(serializers.Serializer):
    action = StrictCharField(max_length=300)
    owner = ScopedRelatedField(
        model=User, scope=people_in_view, required=False, allow_null=True, default=None
    )
    owner_name = StrictCharField(max_length=160, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class VisitCountsSerializer(serializers.Serializer):
    """Planned and made visits (docs/harezmi.md "Field visits": planned vs done)."""

    planned = serializers.IntegerField(help_text=_("Planned visits whose day falls in the month."))
    done_planned = serializers.IntegerField(help_text=_("Of them, those fulfilled by a visit."))
    unplanned = serializers.IntegerField(help_text=_("Visits made in the month that fulfil no plan."))
    visits = serializers.IntegerField(help_text=_("All visits made in the month."))
    rate = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text=_("Planned visits made ÷ planned × 100 (null without a plan)."),
    )


class MonthCountsSerializer(VisitCountsSerializer):
    """One coordinator's visits in one month."""

    coordinator = serializers.IntegerField(source="coordinator.pk")
    coordinator_name = serializers.SerializerMethodField()
    month = serializers.DateField(help_text=_("The first day of the month."))

    def get_coordinator_name(self, row) -> str:
        return row.coordinator.get_full_name() or row.coordinator.username


class PlannedVsDoneSerializer(serializers.Serializer):
    """Planned vs done per coordinator and month of a program year, and the totals."""

    program_year = serializers.IntegerField()
    rows = MonthCountsSerializer(many=True)
    totals = VisitCountsSerializer()


class VisitFilter(django_filters.FilterSet):
    year = YearFilter()
    coordinator = IdFilter(field_name="coordinator")
    school = IdFilter(field_name="school")
    district = IdFilter(field_name="school__parent")
    purpose = django_filters.ChoiceFilter(choices=VisitPurpose.choices)

    class Meta:
        model = Visit
        fields = ["year", "coordinator", "school", "district", "purpose"]


@extend_schema_view(
    list=extend_schema(
        summary=_("Visits you may read (your own, your nodes' schools', a principal's school's)")
    ),
    retrieve=extend_schema(summary=_("One visit, with its follow-ups")),
    create=extend_schema(
        summary=_("Record your visit to a school of your node (it may fulfil a planned visit)"),
        request=VisitCreateSerializer,
        responses={201: VisitSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Correct your own visit: day, purpose, observations, the planned visit it fulfils"),
        request=VisitChangeSerializer,
        responses={200: VisitSerializer},
    ),
    follow_ups=extend_schema(
        summary=_("Add an action agreed at your visit (a user owner is told)"),
        request=FollowUpCreateSerializer,
        responses={201: VisitSerializer},
    ),
    planned_vs_done=extend_schema(
        summary=_("Planned vs done visits per coordinator and month, within what you read"),
        parameters=[YearQuerySerializer],
        responses={200: PlannedVsDoneSerializer},
    ),
)
class VisitViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Visits to schools; the coordinator who made one corrects it and adds its follow-ups (403 for the
    others)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Visit.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = VisitSerializer
    record_for = staticmethod(access.harezmi_visit_for)
    filterset_class = VisitFilter
    search_fields = ["observations", "school__name"]
    ordering_fields = ["visited_on", "id"]
    ordering = ["-visited_on", "school__name", "id"]
    extra_error_statuses = {"planned_vs_done": (400, 404)}

    def get_queryset(self):
        return visits_for_list(access.harezmi_visits_visible(self.user)).prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "id"))
        )

    def get_serializer_class(self):
        return {
            "create": VisitCreateSerializer,
            "partial_update": VisitChangeSerializer,
            "follow_ups": FollowUpCreateSerializer,
        }.get(self.action, VisitSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_visit_schools(self.user).exists())
        visit = services.visit_record(
            by=self.user, coordinator=self.user, **self._data(VisitCreateSerializer)
        )
        return self._answer(visit, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        visit = self._editable()
        data = {
            "visited_on": visit.visited_on,
            "purpose": visit.purpose,
            "observations": visit.observations,
            "planned": visit.planned,
        }
        data.update(self._data(VisitChangeSerializer, partial=True))
        services.visit_update(by=self.user, visit=visit, **data)
        return self._answer(visit)

    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        visit = self._editable()
        services.follow_up_add(by=self.user, visit=visit, **self._data(FollowUpCreateSerializer))
        return self._answer(visit, status.HTTP_201_CREATED)

    @action(
        detail=False,
        methods=["get"],
        url_path="planned-vs-done",
        filter_backends=[],
        pagination_class=None,
    )
    def planned_vs_done(self, request):
        query = YearQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        year = program_year(self.user, query.validated_data.get("year"))
        if not (access.harezmi_visit_nodes(self.user) or access.harezmi_reads_visits(self.user)):
            raise Http404  # like the page: only coordinators and the managers who read visits
        plans = access.harezmi_visit_plans_visible(self.user).filter(program_year=year)
        visits = access.harezmi_visits_visible(self.user).filter(program_year=year)
        rows = planned_vs_done(plans, visits)
        totals = MonthRow(coordinator=self.user, month=year.start_date)
        for row in rows:
            totals.planned += row.planned
            totals.done_planned += row.done_planned
            totals.unplanned += row.unplanned
            totals.visits += row.visits
        body = {"program_year": year.pk, "rows": rows, "totals": totals}
        return Response(PlannedVsDoneSerializer(body).data)


class FollowUpDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    result = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")


class FollowUpFilter(django_filters.FilterSet):
    year = YearFilter(field_name="visit__program_year")
    visit = IdFilter(field_name="visit")
    owner = IdFilter(field_name="owner")
    school = IdFilter(field_name="visit__school")
    done = BoolFilter(field_name="done_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = FollowUp
        fields = ["year", "visit", "owner", "school", "done"]


@extend_schema_view(
    list=extend_schema(summary=_("Follow-ups of the visits you may read")),
    retrieve=extend_schema(summary=_("One follow-up")),
    done=extend_schema(
        summary=_("Mark a follow-up done (the visit's coordinator or the action's owner)"),
        request=FollowUpDoneSerializer,
        responses={200: FollowUpSerializer},
    ),
)
class FollowUpViewSet(
    ScopedDetail, RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Follow-up actions of the visits you read."""

    queryset = FollowUp.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = FollowUpSerializer
    record_for = staticmethod(access.harezmi_follow_up_for)
    filterset_class = FollowUpFilter
    ordering_fields = ["due_on", "done_on", "id"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return FollowUp.objects.filter(visit__in=access.harezmi_visits_visible(self.user))

    def get_serializer_class(self):
        return FollowUpDoneSerializer if self.action == "done" else FollowUpSerializer

    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        follow_up = self._editable("done")
        services.follow_up_done(by=self.user, follow_up=follow_up, **self._data(FollowUpDoneSerializer))
        return self._answer(follow_up)
