"""Harezmi duties: tasks given downward to coordinators, coordinators' announcements to schools,
cooperations with institutions, and research, reports and suggestions shared upward."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from izlem.api.base import (
    FILE_FORMATS,
    ApiViewSet,
    DownloadMixin,
    ModelSerializer,
    ScopedRelatedField,
    file_download,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import (
    CONFLICT,
    FILE,
    DocumentSerializer,
    YearFilter,
    document,
    guarded,
    people_in_view,
    require,
    with_documents,
)
from izlem.api.harezmi.records import RecordMixin
from izlem.harezmi import access, services
from izlem.harezmi.models import Announcement, AssignedTask, Cooperation, ProgramYear, ResearchReport
from izlem.harezmi.selectors.duties import announcements_for_list, tasks_for_list
from izlem.harezmi.services.duties import COOPERATION_FIELDS, REPORT_FIELDS, TASK_EDITABLE_FIELDS
from izlem.org.models import OrgNode, User

# --- tasks ------------------------------------------------------------------------------------------------


class TaskSerializer(ModelSerializer):
    """A task given by the İl MEM or the province coordinator to a coordinator, with its state."""

    given_by_name = serializers.CharField(source="given_by.get_full_name", read_only=True)
    assignee_name = serializers.CharField(source="assignee.get_full_name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = AssignedTask
        fields = [
            "id",
            "program_year",
            "given_by",
            "given_by_name",
            "assignee",
            "assignee_name",
            "assignee_node",
            *TASK_EDITABLE_FIELDS,
            "state",
            "is_overdue",
            "completion_note",
            "completed_at",
            "cancel_reason",
            "cancelled_at",
            "created_at",
        ]
        read_only_fields = fields


class TaskChangeSerializer(ModelSerializer):
    class Meta:
        model = AssignedTask
        fields = list(TASK_EDITABLE_FIELDS)


class TaskCreateSerializer(TaskChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    assignee = ScopedRelatedField(
        model=User, scope=people_in_view, help_text=_("A coordinator below you in the year's province.")
    )

    class Meta(TaskChangeSerializer.Meta):
        fields = ["program_year", "assignee", *TASK_EDITABLE_FIELDS]


class TaskCompleteSerializer(serializers.Serializer):
    completion_note = serializers.CharField(help_text=_("What was done."))


class TaskCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the task is cancelled."))


class TaskFilter(django_filters.FilterSet):
    year = YearFilter()
    assignee = IdFilter(field_name="assignee")
    given_by = IdFilter(field_name="given_by")
    state = django_filters.ChoiceFilter(choices=AssignedTask.State.choices)

    class Meta:
        model = AssignedTask
        fields = ["year", "assignee", "given_by", "state"]


@extend_schema_view(
    list=extend_schema(summary=_("Tasks given by you, to you, or in the levels you run")),
    retrieve=extend_schema(summary=_("One task")),
    create=extend_schema(
        summary=_("Give a task to a coordinator below you (the assignee is told)"),
        request=TaskCreateSerializer,
        responses={201: TaskSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change an open task's title, description or due date (its giver)"),
        request=TaskChangeSerializer,
        responses={200: TaskSerializer, 409: CONFLICT},
    ),
    complete=extend_schema(
        summary=_("Mark the task done with a note (its assignee)"),
        request=TaskCompleteSerializer,
        responses={200: TaskSerializer, 409: CONFLICT},
    ),
    cancel=extend_schema(
        summary=_("Cancel an open task with a reason (its giver)"),
        request=TaskCancelSerializer,
        responses={200: TaskSerializer, 409: CONFLICT},
    ),
)
class TaskViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Tasks you read; the giver changes or cancels an open one, the assignee marks it done (403 for
    other readers, 409 once it is done or cancelled)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = AssignedTask.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = TaskSerializer
    record_for = staticmethod(access.harezmi_task_for)
    filterset_class = TaskFilter
    search_fields = ["title", "description"]
    ordering_fields = ["due_on", "created_at", "state", "id"]
    ordering = ["due_on", "id"]
    extra_error_statuses = {"partial_update": (409,), "complete": (409,), "cancel": (409,)}

    def get_queryset(self):
        return tasks_for_list(access.harezmi_tasks_visible(self.user))

    def get_serializer_class(self):
        return {
            "create": TaskCreateSerializer,
            "partial_update": TaskChangeSerializer,
            "complete": TaskCompleteSerializer,
            "cancel": TaskCancelSerializer,
        }.get(self.action, TaskSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_task_provinces(self.user).exists())
        task = services.task_give(by=self.user, **self._data(TaskCreateSerializer))
        return self._answer(task, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self._editable("give")
        data = self._data(TaskChangeSerializer, partial=True)
        guarded(
            lambda: services.task_update(by=self.user, task=task, **data),
            allowed=task.state == AssignedTask.State.GIVEN,
        )
        return self._answer(task)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self._editable("complete")
        data = self._data(TaskCompleteSerializer)
        guarded(
            lambda: services.task_complete(by=self.user, task=task, **data),
            allowed=task.state == AssignedTask.State.GIVEN,
        )
        return self._answer(task)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        task = self._editable("give")
        data = self._data(TaskCancelSerializer)
        guarded(
            lambda: services.task_cancel(by=self.user, task=task, **data),
            allowed=task.state == AssignedTask.State.GIVEN,
        )
        return self._answer(task)


# --- announcements ----------------------------------------------------------------------------------------


class AnnouncementSerializer(ModelSerializer):
    """A coordinator's announcement to all or the chosen application schools of their level."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)
    schools = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Announcement
        fields = [
            "id",
            "program_year",
            "node",
            "node_name",
            "author",
            "author_name",
            "title",
            "body",
            "all_schools",
            "schools",
            "recipient_count",
            "created_at",
        ]
        read_only_fields = fields


class AnnouncementCreateSerializer(ModelSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_announcement_nodes)
    schools = serializers.ListField(
        child=ScopedRelatedField(model=OrgNode, scope=access.harezmi_view_nodes),
        required=False,
        default=list,
        help_text=_("Application schools of the level; empty: all of them."),
    )

    class Meta:
        model = Announcement
        fields = ["program_year", "node", "title", "body", "schools"]


class AnnouncementFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    school = IdFilter(field_name="schools")

    class Meta:
        model = Announcement
        fields = ["year", "node", "school"]


@extend_schema_view(
    list=extend_schema(summary=_("Announcements you wrote, of the levels you read, or to your schools")),
    retrieve=extend_schema(summary=_("One announcement")),
    create=extend_schema(
        summary=_("Send an announcement to all or chosen application schools of your level"),
        request=AnnouncementCreateSerializer,
        responses={201: AnnouncementSerializer},
    ),
)
class AnnouncementViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Announcements you read; coordinators send them (nobody changes one once sent)."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = Announcement.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = AnnouncementSerializer
    filterset_class = AnnouncementFilter
    search_fields = ["title", "body"]
    ordering_fields = ["created_at", "title", "id"]
    ordering = ["-created_at", "-id"]

    @staticmethod
    def record_for(user, pk: int, *, action: str = "view"):
        return access.harezmi_announcement_for(user, pk)

    def get_queryset(self):
        return announcements_for_list(access.harezmi_announcements_visible(self.user)).prefetch_related(
            "schools"
        )

    def get_serializer_class(self):
        return AnnouncementCreateSerializer if self.action == "create" else AnnouncementSerializer

    def create(self, request, *args, **kwargs):
        require(access.harezmi_announcement_nodes(self.user).exists())
        announcement = services.announcement_send(by=self.user, **self._data(AnnouncementCreateSerializer))
        return self._answer(announcement, status.HTTP_201_CREATED)


# --- cooperations -----------------------------------------------------------------------------------------


class CooperationSerializer(ModelSerializer):
    """A cooperation of the province or a district with a university or another institution."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    schools = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    protocol = DocumentSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Cooperation
        fields = [
            "id",
            "program_year",
            "node",
            "node_name",
            *COOPERATION_FIELDS,
            "schools",
            "protocol",
            "recorded_by",
        ]
        read_only_fields = fields


PROTOCOL = ("protocol_number", "protocol_date", "protocol_file")


@with_documents(protocol=(_("Protocol"), False))
class CooperationChangeSerializer(ModelSerializer):
    schools = serializers.ListField(
        child=ScopedRelatedField(model=OrgNode, scope=access.harezmi_view_nodes),
        required=False,
        help_text=_("Schools of the level involved."),
    )

    class Meta:
        model = Cooperation
        fields = [*COOPERATION_FIELDS, "schools", *PROTOCOL]


@with_documents(protocol=(_("Protocol"), False))
class CooperationCreateSerializer(CooperationChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_cooperation_nodes)

    class Meta(CooperationChangeSerializer.Meta):
        fields = ["program_year", "node", *COOPERATION_FIELDS, "schools", *PROTOCOL]


def _cooperation_input(data: dict) -> dict:
    """The service's keywords from a cooperation body: the fields, the schools, the protocol."""
    protocol = document(data, "protocol") if data.get("protocol_date") else None
    for key in PROTOCOL:
        data.pop(key, None)
    return {**data, "protocol": protocol}


class CooperationFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    school = IdFilter(field_name="schools")
    kind = django_filters.ChoiceFilter(choices=Cooperation.Kind.choices)

    class Meta:
        model = Cooperation
        fields = ["year", "node", "school", "kind"]


def _both(serializer):
    return {"application/json": serializer, "multipart/form-data": serializer}


@extend_schema_view(
    list=extend_schema(summary=_("Cooperations of the levels you read or involving your schools")),
    retrieve=extend_schema(summary=_("One cooperation")),
    create=extend_schema(
        summary=_("Record a cooperation of your province or district"),
        request=_both(CooperationCreateSerializer),
        responses={201: CooperationSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a cooperation of your level (a new protocol replaces the shown one)"),
        request=_both(CooperationChangeSerializer),
        responses={200: CooperationSerializer},
    ),
)
class CooperationViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Cooperations you read; the level's own recorders record and change them (403 for other readers)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Cooperation.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = CooperationSerializer
    record_for = staticmethod(access.harezmi_cooperation_for)
    parser_classes = FILE_FORMATS
    filterset_class = CooperationFilter
    search_fields = ["institution", "subject"]
    ordering_fields = ["starts_on", "institution", "id"]
    ordering = ["-starts_on", "id"]

    def get_queryset(self):
        return (
            access.harezmi_cooperations_visible(self.user)
            .select_related("node", "protocol")
            .prefetch_related("schools")
        )

    def get_serializer_class(self):
        return {
            "create": CooperationCreateSerializer,
            "partial_update": CooperationChangeSerializer,
        }.get(self.action, CooperationSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_cooperation_nodes(self.user).exists())
        data = _cooperation_input(self._data(CooperationCreateSerializer))
        cooperation = services.cooperation_record(by=self.user, **data)
        return self._answer(cooperation, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        cooperation = self._editable("edit")
        data = _cooperation_input(self._data(CooperationChangeSerializer, partial=True))
        if data.get("schools") is None:
            data["schools"] = list(cooperation.schools.all())
        services.cooperation_update(by=self.user, cooperation=cooperation, **data)
        return self._answer(cooperation)


# --- research, reports and suggestions --------------------------------------------------------------------


class ReportSerializer(ModelSerializer):
    """A coordinator's research, report or suggestion; its file at `file_url` (access-checked)."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ResearchReport
        fields = [
            "id",
            "program_year",
            "node",
            "node_name",
            "author",
            "author_name",
            *REPORT_FIELDS,
            "file_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_file_url(self, report) -> str | None:
        return f"/api/v1/harezmi/research-reports/{report.pk}/file/" if report.file else None


class ReportChangeSerializer(ModelSerializer):
    file = serializers.FileField(
        required=False, allow_null=True, default=None, help_text=_("multipart/form-data only")
    )

    class Meta:
        model = ResearchReport
        fields = [*REPORT_FIELDS, "file"]


class ReportCreateSerializer(ReportChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    node = ScopedRelatedField(model=OrgNode, scope=access.harezmi_report_nodes)

    class Meta(ReportChangeSerializer.Meta):
        fields = ["program_year", "node", *REPORT_FIELDS, "file"]


class ReportFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    kind = django_filters.ChoiceFilter(choices=ResearchReport.Kind.choices)

    class Meta:
        model = ResearchReport
        fields = ["year", "node", "kind"]


@extend_schema_view(
    list=extend_schema(summary=_("Research, reports and suggestions you wrote or of the levels you read")),
    retrieve=extend_schema(summary=_("One research, report or suggestion")),
    create=extend_schema(
        summary=_("Share a research, report or suggestion of your level upward"),
        request=_both(ReportCreateSerializer),
        responses={201: ReportSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change your document's kind, title, summary or file"),
        request=_both(ReportChangeSerializer),
        responses={200: ReportSerializer},
    ),
    file=extend_schema(summary=_("Download the document's file"), responses=FILE),
)
class ReportViewSet(DownloadMixin, RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Research, reports and suggestions you read; the author changes theirs (403 for other readers)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = ResearchReport.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = ReportSerializer
    record_for = staticmethod(access.harezmi_report_for)
    parser_classes = FILE_FORMATS
    filterset_class = ReportFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["created_at", "title", "id"]
    ordering = ["-created_at", "-id"]
    download_actions = frozenset({"file"})

    def get_queryset(self):
        return access.harezmi_reports_visible(self.user).select_related("node", "author")

    def get_serializer_class(self):
        return {"create": ReportCreateSerializer, "partial_update": ReportChangeSerializer}.get(
            self.action, ReportSerializer
        )

    def create(self, request, *args, **kwargs):
        require(access.harezmi_report_nodes(self.user).exists())
        report = services.report_share(by=self.user, **self._data(ReportCreateSerializer))
        return self._answer(report, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        report = self._editable("edit")
        services.report_update(
            by=self.user, report=report, **self._data(ReportChangeSerializer, partial=True)
        )
        return self._answer(report)

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def file(self, request, pk=None):
        return file_download(self.get_object().file)
