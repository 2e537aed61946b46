"""Teams (with their weekly time), putting a teacher in a team, and the teams' schedule changes."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from izlem.api.base import (
    FILE_FORMATS,
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    StrictIntegerField,
    refuse_unless,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.assignments import AssignmentSerializer, with_steps
from izlem.api.harezmi.common import (
    ScopedDetail,
    YearFilter,
    document,
    people_in_view,
    require,
    with_documents,
)
from izlem.harezmi import access, selectors, services
from izlem.harezmi.models import ProgramYear, ScheduleChange, TeacherAssignment, Team, Weekday
from izlem.org.models import OrgNode, User

# --- teams ---------------------------------------------------------------------------------------------


class TeamSerializer(ModelSerializer):
    """A school's team in a program year: its weekly day and four lesson hours, and its counts."""

    school_name = serializers.CharField(source="school.name", read_only=True)
    teacher_count = serializers.IntegerField(read_only=True, help_text=_("Active teachers today."))
    pending_count = serializers.IntegerField(read_only=True, help_text=_("Additions waiting for approval."))
    student_count = serializers.IntegerField(read_only=True)
    consent_count = serializers.IntegerField(read_only=True, help_text=_("Students with parental consent."))

    class Meta:
        model = Team
        fields = [
            "id",
            "program_year",
            "school",
            "school_name",
            "name",
            "weekday",
            "first_lesson",
            "teacher_count",
            "pending_count",
            "student_count",
            "consent_count",
        ]
        read_only_fields = fields


class TeamCreateSerializer(serializers.Serializer):
    """A team at a school whose application is approved (up to the approved number)."""

    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_school_nodes)
    name = StrictCharField(max_length=80)


class ScheduleSerializer(serializers.Serializer):
    """The weekly day and first lesson hour; changing a set time needs a reason and an announcement."""

    weekday = StrictIntegerField(min_value=1, max_value=5, help_text=_("1 Monday … 5 Friday."))
    first_lesson = StrictIntegerField(min_value=1, max_value=12, help_text=_("The preparation hour."))
    reason = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
    announcement = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)


class ScheduleAnnounceSerializer(serializers.Serializer):
    """When and how the team's first weekly time was announced to its students and parents."""

    announcement = StrictCharField(max_length=4000, help_text=_("The announcement to students and parents."))
    announced_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Default: today; not after today.")
    )


@with_documents(petition=(_("Teacher's petition (during the year)"), False))
class TeacherAddSerializer(serializers.Serializer):
    """A teacher of the school to put in the team (during the year: petition and justification)."""

    teacher = ScopedRelatedField(model=User, scope=people_in_view)
    justification = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")


class ScheduleChangeSerializer(ModelSerializer):
    """A change of a team's weekly time and the announcement made to students and parents."""

    class Meta:
        model = ScheduleChange
        fields = [
            "id",
            "team",
            "old_weekday",
            "old_first_lesson",
            "new_weekday",
            "new_first_lesson",
            "source",
            "reason",
            "effective_from",
            "announcement",
            "announced_to",
            "announced_on",
            "changed_by",
            "created_at",
        ]
        read_only_fields = fields


class TeamFilter(django_filters.FilterSet):
    year = YearFilter()
    school = IdFilter(field_name="school")
    district = IdFilter(field_name="school__parent")
    weekday = django_filters.TypedChoiceFilter(choices=Weekday.choices, coerce=int)

    class Meta:
        model = Team
        fields = ["year", "school", "district", "weekday"]


@extend_schema_view(
    list=extend_schema(summary=_("Teams you may read (a teacher: their own)")),
    retrieve=extend_schema(summary=_("One team")),
    create=extend_schema(
        summary=_("Form a team at a school with an approved application"),
        request=TeamCreateSerializer,
        responses={201: TeamSerializer},
    ),
    schedule=extend_schema(
        summary=_("Set or change the weekly day and lesson hours (a change is announced)"),
        request=ScheduleSerializer,
        responses={200: TeamSerializer},
    ),
    announce_schedule=extend_schema(
        summary=_("Record the announcement of the team's first weekly time to its students and parents"),
        request=ScheduleAnnounceSerializer,
        responses={200: TeamSerializer},
    ),
    teachers=extend_schema(
        summary=_(
            "Put a teacher in the team (during the year: petition and justification; approval follows)"
        ),
        request=TeacherAddSerializer,
        responses={201: AssignmentSerializer},
    ),
)
class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Teams of the schools you read, and a teacher's own teams. The principal, the district and the
    province change their teachers and weekly time (403 for others who can see the team)."""

    queryset = Team.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = TeamSerializer
    parser_classes = FILE_FORMATS
    filterset_class = TeamFilter
    search_fields = ["name", "school__name"]
    ordering_fields = ["name", "weekday", "id"]
    ordering = ["school__name", "name", "id"]

    def get_queryset(self):
        return selectors.teams_with_counts(access.harezmi_teams_visible(self.user))

    def get_object(self):
        team = access.harezmi_team_for(self.user, self.object_id())
        return self.get_queryset().get(pk=team.pk)

    def get_serializer_class(self):
        return {
            "create": TeamCreateSerializer,
            "schedule": ScheduleSerializer,
            "announce_schedule": ScheduleAnnounceSerializer,
            "teachers": TeacherAddSerializer,
        }.get(self.action, TeamSerializer)

    def _data(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _editable(self):
        team = self.get_object()
        return refuse_unless(lambda: access.harezmi_team_for(self.user, team.pk, action="edit"))

    def create(self, request, *args, **kwargs):
        require(access.harezmi_school_nodes(self.user).exists())
        team = services.team_create(by=self.user, **self._data(TeamCreateSerializer))
        return Response(
            TeamSerializer(self.get_queryset().get(pk=team.pk)).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        team = self._editable()
        services.team_schedule_set(by=self.user, team=team, **self._data(ScheduleSerializer))
        return Response(TeamSerializer(self.get_queryset().get(pk=team.pk)).data)

    @action(detail=True, methods=["post"], url_path="announce-schedule", parser_classes=[JSONParser])
    def announce_schedule(self, request, pk=None):
        team = self._editable()
        services.team_schedule_announce(by=self.user, team=team, **self._data(ScheduleAnnounceSerializer))
        return Response(TeamSerializer(self.get_queryset().get(pk=team.pk)).data)

    @action(detail=True, methods=["post"])
    def teachers(self, request, pk=None):
        team = self._editable()
        data = self._data(TeacherAddSerializer)
        assignment = services.teacher_assignment_add(
            by=self.user,
            team=team,
            teacher=data["teacher"],
            petition=document(data, "petition"),
            justification=data["justification"],
        )
        answer = with_steps(TeacherAssignment.objects.filter(pk=assignment.pk)).get()
        return Response(AssignmentSerializer(answer).data, status=status.HTTP_201_CREATED)


class ScheduleChangeFilter(django_filters.FilterSet):
    year = YearFilter(field_name="team__program_year")
    team = IdFilter(field_name="team")
    source = django_filters.ChoiceFilter(choices=ScheduleChange.Source.choices)

    class Meta:
        model = ScheduleChange
        fields = ["year", "team", "source"]


@extend_schema_view(
    list=extend_schema(summary=_("Changes of the weekly times of the teams you may read")),
    retrieve=extend_schema(summary=_("One schedule change")),
)
class ScheduleChangeViewSet(ScopedDetail, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Schedule changes (by the school or the district's balancing), with their announcements."""

    queryset = ScheduleChange.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = ScheduleChangeSerializer
    filterset_class = ScheduleChangeFilter
    ordering_fields = ["effective_from", "created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return ScheduleChange.objects.filter(team__in=access.harezmi_teams_visible(self.user))
