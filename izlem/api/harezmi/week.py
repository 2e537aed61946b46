"""The district's week: application sessions per weekday (the load the coordinator must attend), the
balanced proposal that respects each school's unavailable days, and applying it."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import ApiViewSet, StrictBooleanField, StrictCharField, StrictIntegerField, refuse_unless
from izlem.api.harezmi.common import YearQuerySerializer
from izlem.api.harezmi.teams import ScheduleChangeSerializer
from izlem.harezmi import access, balancing, selectors, services
from izlem.harezmi.models import Weekday
from izlem.org.models import OrgNode


class DistrictSerializer(serializers.ModelSerializer):
    """A district whose week you may read; `can_balance`: you may apply the balancing there."""

    can_balance = serializers.SerializerMethodField()

    class Meta:
        model = OrgNode
        fields = ["id", "code", "name", "can_balance"]
        read_only_fields = fields

    def get_can_balance(self, district) -> bool:
        return district.pk in self.context["balancing"]


class SessionSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("The session's key (school-day-first lesson), used by the moves.")
    )
    school = serializers.IntegerField()
    school_name = serializers.CharField()
    first_lesson = serializers.IntegerField()
    lessons = serializers.CharField()
    coordinator = serializers.CharField(help_text=_("The district coordinator who follows the school."))
    teams = serializers.ListField(child=serializers.IntegerField())


class DaySerializer(serializers.Serializer):
    day = serializers.IntegerField(help_text=_("1 Monday … 5 Friday."))
    label = serializers.CharField()
    load = serializers.IntegerField(help_text=_("Application sessions on this day."))
    teams = serializers.IntegerField(help_text=_("Teams on this day."))
    sessions = SessionSerializer(many=True)


class WeekSerializer(serializers.Serializer):
    district = serializers.IntegerField()
    program_year = serializers.IntegerField()
    days = DaySerializer(many=True)
    unscheduled_teams = serializers.ListField(child=serializers.IntegerField())
    problems = serializers.ListField(
        child=serializers.CharField(), help_text=_("Unavailable days used, coordinator overlaps.")
    )


class MoveSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    from_day = serializers.IntegerField(allow_null=True)
    to_day = serializers.IntegerField()
    teams = serializers.ListField(child=serializers.IntegerField())


class LoadSerializer(serializers.Serializer):
    day = serializers.IntegerField()
    before = serializers.IntegerField()
    after = serializers.IntegerField()


class ProposalSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    explanation = serializers.ListField(child=serializers.CharField())
    loads = LoadSerializer(many=True)
    moves = MoveSerializer(many=True)


class ApplySerializer(serializers.Serializer):
    """Apply the proposal: every move (`all: true`) or the chosen ones (`moves`: their keys)."""

    year = StrictIntegerField(min_value=1, max_value=2**63 - 1, required=False)
    all = StrictBooleanField(required=False, default=False)
    moves = serializers.ListField(
        child=StrictCharField(max_length=60), required=False, default=list, max_length=500
    )


class AppliedSerializer(serializers.Serializer):
    changes = ScheduleChangeSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary=_("Districts whose week you may read"), parameters=[YearQuerySerializer]),
    retrieve=extend_schema(
        summary=_("A district's week: sessions and load per weekday, problems"),
        parameters=[YearQuerySerializer],
        responses={200: WeekSerializer},
    ),
    proposal=extend_schema(
        summary=_("The balanced week proposed for the district"),
        parameters=[YearQuerySerializer],
        responses={200: ProposalSerializer},
    ),
    apply=extend_schema(
        summary=_("Apply the proposal (all or the chosen moves); the schools and parents are told"),
        request=ApplySerializer,
        responses={200: AppliedSerializer},
    ),
)
class WeekViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The district week of a program year (`?year=`, default the current one). District and province
    Harezmi managers see the proposal and apply it (403 for others who can read the week)."""

    serializer_class = DistrictSerializer
    extra_error_statuses = {"retrieve": (400,), "proposal": (400, 403)}
    filter_backends = []
    ordering = ["name"]

    def _year(self, raw):
        year = selectors.program_year_current(self.user, raw)
        if year is None:
            raise Http404
        return year

    def _query_year(self):
        query = YearQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return self._year(query.validated_data.get("year"))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no user, no year
            return OrgNode.objects.none()
        year = self._query_year()
        return (
            OrgNode.objects.districts()
            .filter(pk__in=access.harezmi_view_nodes(self.user), parent_id=year.province_id)
            .order_by("name", "pk")
        )

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "balancing": set(access.harezmi_district_nodes(self.user).values_list("pk", flat=True)),
        }

    def _week(self, year, action: str = "view"):
        district = access.harezmi_week_district_for(self.user, self.object_id())
        if action == "balance":
            district = refuse_unless(
                lambda: access.harezmi_week_district_for(self.user, district.pk, action="balance")
            )
        if district.parent_id != year.province_id:
            raise Http404
        return district, selectors.district_week(year, district)

    def retrieve(self, request, *args, **kwargs):
        year = self._query_year()
        district, week = self._week(year)
        loads, team_loads = week.loads(), week.team_loads()
        days = []
        for day in balancing.DAYS:
            sessions = sorted(
                (s for s in week.sessions if s.day == day),
                key=lambda s: (s.first_lesson, week.school_names[s.school]),
            )
            days.append(
                {
                    "day": day,
                    "label": Weekday(day).label,
                    "load": loads[day],
                    "teams": team_loads[day],
                    "sessions": [
                        {
                            "key": s.key,
                            "school": s.school,
                            "school_name": week.school_names[s.school],
                            "first_lesson": s.first_lesson,
                            "lessons": selectors.lesson_label(s.first_lesson),
                            "coordinator": week.coordinator_names.get(s.coordinator, ""),
                            "teams": [team.pk for team in week.teams_of[s.key]],
                        }
                        for s in sessions
                    ],
                }
            )
        body = {
            "district": district.pk,
            "program_year": year.pk,
            "days": days,
            "unscheduled_teams": [team.pk for team in week.unscheduled],
            "problems": [str(problem) for problem in week.problems()],
        }
        return Response(WeekSerializer(body).data)

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def proposal(self, request, pk=None):
        year = self._query_year()
        _district, week = self._week(year, "balance")
        proposal = selectors.district_proposal(week)
        body = {
            "feasible": proposal.feasible,
            "explanation": [str(line) for line in proposal.explanation],
            "loads": [
                {"day": day, "before": proposal.loads_before[day], "after": proposal.loads_after.get(day, 0)}
                for day in balancing.DAYS
            ],
            "moves": [
                {
                    "key": move.key,
                    "label": move.label,
                    "from_day": move.from_day,
                    "to_day": move.to_day,
                    "teams": [team.pk for team in week.teams_of[move.key]],
                }
                for move in proposal.moves
            ],
        }
        return Response(ProposalSerializer(body).data)

    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def apply(self, request, pk=None):
        serializer = ApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        year = self._year(data.get("year"))
        district, _week = self._week(year, "balance")
        keys = None if data["all"] else data["moves"]
        changes = services.balancing_apply(by=self.user, program_year=year, district=district, keys=keys)
        return Response(AppliedSerializer({"changes": changes}).data)
