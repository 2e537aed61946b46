"""Harezmi duties: tasks given downward to coordinators and coordinators' announcements to schools."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from izlem.api.base import ApiViewSet, ModelSerializer, ScopedRelatedField
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import CONFLICT, YearFilter, guarded, people_in_view, require
from izlem.api.harezmi.records import RecordMixin
from izlem.harezmi import access, services
from izlem.harezmi.models import Announcement, AssignedTask, ProgramYear
from izlem.harezmi.selectors.duties import announcements_for_list, tasks_for_list
from izlem.harezmi.services.duties import TASK_EDITABLE_FIELDS
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

    def _step(self, right: str, service, serializer_class, *, partial: bool = False):
        """Run `service` on an open task the requester has `right` on; 409 once it is done or cancelled."""
        task = self._editable(right)
        data = self._data(serializer_class, partial=partial)
        guarded(
            lambda: service(by=self.user, task=task, **data),
            allowed=task.state == AssignedTask.State.GIVEN,
        )
        return self._answer(task)

    def partial_update(self, request, *args, **kwargs):
        return self._step("give", services.task_update, TaskChangeSerializer, partial=True)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._step("complete", services.task_complete, TaskCompleteSerializer)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step("give", services.task_cancel, TaskCancelSerializer)


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
