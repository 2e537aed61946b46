"""Projects (eTwinning, Erasmus+, other EU and national), events (festivals, competitions,
e-portfolio, content work) and awards of the schools and directorates: each recorded by its own level."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from izlem.api.base import ApiViewSet, ModelSerializer, ScopedRelatedField
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import YearFilter, people_in_view, require
from izlem.api.harezmi.records import RecordMixin
from izlem.harezmi import access, services
from izlem.harezmi.models import Activity, Award, ProgramYear, Project
from izlem.harezmi.selectors.projects import projects_for_list
from izlem.harezmi.services.projects import ACTIVITY_FIELDS, AWARD_FIELDS, PROJECT_FIELDS
from izlem.org.models import OrgNode, User


class ProjectSerializer(ModelSerializer):
    """A project a school or directorate takes part in, with participants and mobility (indicators 2.3.x)."""

    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "program_year", "node", "node_name", *PROJECT_FIELDS, "recorded_by"]
        read_only_fields = fields


class ActivitySerializer(ModelSerializer):
    """A festival, competition, e-portfolio or content work."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    # a plain string: the link may be empty, which a `uri` format would contradict
    link = serializers.CharField(read_only=True, help_text=_("A web address, or empty."))

    class Meta:
        model = Activity
        fields = ["id", "program_year", "node", "node_name", *ACTIVITY_FIELDS, "recorded_by"]
        read_only_fields = fields


class AwardSerializer(ModelSerializer):
    """An award, commendation or letter of thanks given to a teacher or an administrator."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    person_name = serializers.CharField(source="person.get_full_name", read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "program_year",
            "node",
            "node_name",
            "person_name",
            *AWARD_FIELDS,
            "document",
            "recorded_by",
        ]
        read_only_fields = fields


class ProjectChangeSerializer(ModelSerializer):
    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)


class ProjectCreateSerializer(ProjectChangeSerializer):
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_own_level_nodes)
    program_year = ScopedRelatedField(
        model=ProgramYear, scope=access.harezmi_years_visible, required=False, allow_null=True, default=None
    )

    class Meta(ProjectChangeSerializer.Meta):
        fields = ["node", "program_year", *PROJECT_FIELDS]


class ActivityChangeSerializer(ModelSerializer):
    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)


class ActivityCreateSerializer(ActivityChangeSerializer):
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_own_level_nodes)
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)

    class Meta(ActivityChangeSerializer.Meta):
        fields = ["node", "program_year", *ACTIVITY_FIELDS]


class AwardChangeSerializer(ModelSerializer):
    person = ScopedRelatedField(
        model=User, scope=people_in_view, help_text=_("Someone working at the node or below.")
    )

    class Meta:
        model = Award
        fields = list(AWARD_FIELDS)


class AwardCreateSerializer(AwardChangeSerializer):
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_own_level_nodes)
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)

    class Meta(AwardChangeSerializer.Meta):
        fields = ["node", "program_year", *AWARD_FIELDS]


def _filter(model_class, kind_field: str | None, kind_choices=None, date_field: str = ""):
    """year, node, district (the node's parent), the kind and a date range."""
    attrs = {
        "year": YearFilter(),
        "node": IdFilter(field_name="node"),
        "district": IdFilter(field_name="node__parent"),
        "after": django_filters.DateFilter(field_name=date_field, lookup_expr="gte"),
        "before": django_filters.DateFilter(field_name=date_field, lookup_expr="lte"),
    }
    if kind_field:
        attrs[kind_field] = django_filters.ChoiceFilter(choices=kind_choices)
    attrs["Meta"] = type("Meta", (), {"model": model_class, "fields": [k for k in attrs if k != "Meta"]})
    return type(f"{model_class.__name__}Filter", (django_filters.FilterSet,), attrs)


class LevelRecordViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Base: read in the access module's scope; the record's own level records and changes it."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    model_name = ""
    create_serializer = change_serializer = None
    record_service = update_service = None

    def record_for(self, user, pk: int, *, action: str = "view"):
        return access.harezmi_project_record_for(user, self.model_name, pk, action=action)

    def get_serializer_class(self):
        return {"create": self.create_serializer, "partial_update": self.change_serializer}.get(
            self.action, self.answer_serializer
        )

    def create(self, request, *args, **kwargs):
        require(access.harezmi_own_level_nodes(self.user).exists())
        record = type(self).record_service(by=self.user, **self._data(self.create_serializer))
        return self._answer(record, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self._editable()
        type(self).update_service(
            by=self.user, **{self.model_name: record}, **self._data(self.change_serializer, partial=True)
        )
        return self._answer(record)


def _views(summaries: tuple, create_serializer, change_serializer, answer):
    """The schema of a level record's operations: (list, retrieve, create, change) summaries."""
    listed, one, record, change = summaries
    return extend_schema_view(
        list=extend_schema(summary=listed),
        retrieve=extend_schema(summary=one),
        create=extend_schema(summary=record, request=create_serializer, responses={201: answer}),
        partial_update=extend_schema(summary=change, request=change_serializer, responses={200: answer}),
    )


@_views(
    (
        _("Projects of the schools and directorates you read"),
        _("One project"),
        _("Record a project of your own level (principals: your school)"),
        _("Change a project of your own level"),
    ),
    ProjectCreateSerializer,
    ProjectChangeSerializer,
    ProjectSerializer,
)
class ProjectViewSet(LevelRecordViewSet):
    """Projects of the schools and directorates you read (403 to change another level's)."""

    queryset = Project.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = ProjectSerializer
    create_serializer, change_serializer = ProjectCreateSerializer, ProjectChangeSerializer
    record_service, update_service = (
        staticmethod(services.project_record),
        staticmethod(services.project_update),
    )
    model_name = "project"
    filterset_class = _filter(Project, "programme", Project.Programme.choices, "starts_on")
    search_fields = ["title", "reference"]
    ordering_fields = ["starts_on", "title", "student_participants", "id"]
    ordering = ["-starts_on", "title", "id"]

    def get_queryset(self):
        return projects_for_list(access.harezmi_projects_visible(self.user))


@_views(
    (
        _("Events of the schools and directorates you read"),
        _("One event"),
        _("Record an event of your own level (principals: your school)"),
        _("Change an event of your own level"),
    ),
    ActivityCreateSerializer,
    ActivityChangeSerializer,
    ActivitySerializer,
)
class ActivityViewSet(LevelRecordViewSet):
    """Events of the schools and directorates you read (403 to change another level's)."""

    queryset = Activity.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = ActivitySerializer
    create_serializer, change_serializer = ActivityCreateSerializer, ActivityChangeSerializer
    record_service, update_service = (
        staticmethod(services.activity_record),
        staticmethod(services.activity_update),
    )
    model_name = "activity"
    filterset_class = _filter(Activity, "kind", Activity.Kind.choices, "held_on")
    search_fields = ["title", "description"]
    ordering_fields = ["held_on", "title", "participants", "id"]
    ordering = ["-held_on", "title", "id"]

    def get_queryset(self):
        return access.harezmi_activities_visible(self.user).select_related("node")


@_views(
    (
        _("Awards of the schools and directorates you read, and your own"),
        _("One award"),
        _("Record an award given at your own level (principals: your school)"),
        _("Change an award recorded at your own level"),
    ),
    AwardCreateSerializer,
    AwardChangeSerializer,
    AwardSerializer,
)
class AwardViewSet(LevelRecordViewSet):
    """Awards of the schools and directorates you read, and your own (403 to change another level's)."""

    queryset = Award.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = AwardSerializer
    create_serializer, change_serializer = AwardCreateSerializer, AwardChangeSerializer
    record_service, update_service = staticmethod(services.award_record), staticmethod(services.award_update)
    model_name = "award"
    filterset_class = _filter(Award, "kind", Award.Kind.choices, "given_on")
    search_fields = ["title", "given_by"]
    ordering_fields = ["given_on", "title", "id"]
    ordering = ["-given_on", "id"]

    def get_queryset(self):
        return access.harezmi_awards_visible(self.user).select_related("node", "person")
