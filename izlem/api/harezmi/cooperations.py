"""Harezmi duties with files: cooperations with institutions, and research, reports and suggestions
shared upward.
"""

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
    FILE,
    DocumentSerializer,
    YearFilter,
    document,
    json_or_multipart,
    require,
    with_documents,
)
from izlem.api.harezmi.records import RecordMixin
from izlem.harezmi import access, services
from izlem.harezmi.models import Cooperation, ProgramYear, ResearchReport
from izlem.harezmi.services.duties import COOPERATION_FIELDS, REPORT_FIELDS
from izlem.org.models import OrgNode

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


@extend_schema_view(
    list=extend_schema(summary=_("Cooperations of the levels you read or involving your schools")),
    retrieve=extend_schema(summary=_("One cooperation")),
    create=extend_schema(
        summary=_("Record a cooperation of your province or district"),
        request=json_or_multipart(CooperationCreateSerializer),
        responses={201: CooperationSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a cooperation of your level (a new protocol replaces the shown one)"),
        request=json_or_multipart(CooperationChangeSerializer),
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
        request=json_or_multipart(ReportCreateSerializer),
        responses={201: ReportSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change your document's kind, title, summary or file"),
        request=json_or_multipart(ReportChangeSerializer),
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
