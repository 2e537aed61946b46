"""Report generation jobs (queued, progress, PDF/XLSX files) and published snapshots (publish, revoke).

Jobs are read by those who read monitoring data at the job's node and period (`access.report_jobs_visible`);
a top manager at the node or above publishes a finished report of a closed period and revokes it
(`access.can_publish`, checked again by `izlem.reports.services`). Generation runs in the background
(`izlem db_worker`): poll `GET /report-jobs/{id}/` until `state` is `done` (or `failed`).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import ApiViewSet, DownloadMixin, ModelSerializer, ScopedRelatedField, file_download
from izlem.api.errors import Conflict, ErrorSerializer
from izlem.api.filters import IdFilter
from izlem.monitoring import access as monitoring_access
from izlem.monitoring.models import Period
from izlem.org.models import OrgNode
from izlem.reports import access, services
from izlem.reports.models import Publication, ReportJob

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFLICT = OpenApiResponse(
    response=ErrorSerializer,
    description=str(_("conflict: the report is not finished, or its period is not closed")),
)


class ReportJobSerializer(ModelSerializer):
    """A report's generation: state and progress while it runs; the files' addresses once done."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "period",
            "node",
            "node_name",
            "state",
            "progress",
            "step",
            "error",
            "seconds",
            "requested_by",
            "created_at",
            "pdf_url",
            "xlsx_url",
        ]
        read_only_fields = fields

    files_path = "/api/v1/report-jobs/"  # where the job's pdf/ and xlsx/ actions live

    def _url(self, job, fmt: str) -> str | None:
        ready = job.state == ReportJob.State.DONE and getattr(job, fmt)
        return f"{self.files_path}{job.pk}/{fmt}/" if ready else None

    def get_pdf_url(self, job) -> str | None:
        return self._url(job, "pdf")

    def get_xlsx_url(self, job) -> str | None:
        return self._url(job, "xlsx")


class ReportJobCreateSerializer(serializers.Serializer):
    """The report of a period at a node (the kind follows the period: six-month or year-end)."""

    period = ScopedRelatedField(model=Period, scope=monitoring_access.periods_visible)
    node = ScopedRelatedField(model=OrgNode, scope=monitoring_access.monitoring_nodes)


class PublicationSerializer(ModelSerializer):
    """A frozen snapshot of a finished report; `path` is the public link (until revoked)."""

    path = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "job",
            "title",
            "node",
            "published_by",
            "created_at",
            "revoked_at",
            "is_active",
            "path",
        ]
        read_only_fields = fields

    def get_path(self, publication) -> str:
        from izlem.reports.views.monitoring import publication_url

        return publication_url(publication)


class ReportJobFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period")
    node = IdFilter(field_name="node")
    kind = django_filters.ChoiceFilter(choices=ReportJob.Kind.choices)
    state = django_filters.ChoiceFilter(choices=ReportJob.State.choices)

    class Meta:
        model = ReportJob
        fields = ["period", "node", "kind", "state"]


def file_response(content_type: str):
    """The schema of a binary download."""
    return {(200, content_type): OpenApiResponse(response=OpenApiTypes.BINARY)}


class JobFilesMixin(DownloadMixin):
    """A report job's files (`pdf/`, `xlsx/`) once it is done, and the answer to a generation request:
    201 for a new job, 200 when a job for the same report and data is reused. The viewset's
    `get_object` does the access check."""

    download_actions = frozenset({"pdf", "xlsx"})

    def _job_answer(self, request_job, serializer_class) -> Response:
        """Run `request_job()` (the service) and answer the job as its list shows it."""
        before = ReportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        job = request_job()
        code = status.HTTP_201_CREATED if job.pk > before else status.HTTP_200_OK
        return Response(serializer_class(self.get_queryset().get(pk=job.pk)).data, status=code)

    def _download(self, fmt: str):
        job = self.get_object()
        field = getattr(job, fmt) if job.state == ReportJob.State.DONE else None
        from izlem.core.filenames import job_name

        return file_download(
            field, content_type={"pdf": PDF, "xlsx": XLSX}[fmt], download_name=job_name(job, fmt)
        )

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def pdf(self, request, pk=None):
        return self._download("pdf")

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def xlsx(self, request, pk=None):
        return self._download("xlsx")


@extend_schema_view(
    list=extend_schema(summary=_("Report generation jobs you may read")),
    retrieve=extend_schema(summary=_("One job: its state and progress (poll it while it runs)")),
    create=extend_schema(
        summary=_("Generate a report's PDF and XLSX in the background (a job for the same data is reused)"),
        request=ReportJobCreateSerializer,
        responses={201: ReportJobSerializer, 200: ReportJobSerializer},
    ),
    pdf=extend_schema(summary=_("Download the finished report as PDF"), responses=file_response(PDF)),
    xlsx=extend_schema(summary=_("Download the finished report as XLSX"), responses=file_response(XLSX)),
    publish=extend_schema(
        summary=_("Publish the finished report of a closed period as a frozen snapshot (top managers)"),
        request=None,
        responses={201: PublicationSerializer, 409: CONFLICT},
    ),
)
class ReportJobViewSet(JobFilesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Report jobs of the nodes and periods whose monitoring data you read (201 for a new job, 200 when
    a job for the same report and data is reused)."""

    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    extra_error_statuses = {"publish": (409,)}

    def get_queryset(self):
        return access.report_jobs_visible(self.user).select_related("node")

    def get_object(self):
        job = access.report_job_for(self.user, self.object_id())
        return self.get_queryset().select_related("period__plan").get(pk=job.pk)

    def get_serializer_class(self):
        return ReportJobCreateSerializer if self.action == "create" else ReportJobSerializer

    def create(self, request, *args, **kwargs):
        serializer = ReportJobCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return self._job_answer(
            lambda: services.job_request(by=self.user, **serializer.validated_data), ReportJobSerializer
        )

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        job = self.get_object()
        try:
            publication = services.publish(by=self.user, job=job)
        except DjangoValidationError as exc:
            raise Conflict(detail=" ".join(exc.messages)) from exc
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)


class PublicationFilter(django_filters.FilterSet):
    node = IdFilter(field_name="node")
    job = IdFilter(field_name="job")

    class Meta:
        model = Publication
        fields = ["node", "job"]


@extend_schema_view(
    list=extend_schema(summary=_("Published reports in your reach (stakeholders read only these)")),
    retrieve=extend_schema(summary=_("One publication")),
    revoke=extend_schema(
        summary=_("Withdraw a publication: its link stops working (top managers)"),
        request=None,
        responses={200: PublicationSerializer},
    ),
)
class PublicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Active publications at, above or below the nodes where you hold a role."""

    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return access.publications_visible(self.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.object_id())

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        publication = self.get_object()
        services.revoke(by=self.user, publication=publication)
        return Response(PublicationSerializer(publication).data)
