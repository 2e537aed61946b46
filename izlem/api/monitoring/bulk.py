"""Bulk value entry through an XLSX workbook: the template of your scope, the upload, and its
background check and write (`izlem.monitoring.bulk`, the same code as the bulk-entry page)."""

from __future__ import annotations

import io

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import UPLOAD_ONLY, ApiViewSet, DownloadMixin, ModelSerializer, ScopedRelatedField
from izlem.api.filters import IdFilter
from izlem.core.files import validate_spreadsheet_upload
from izlem.monitoring import access, bulk
from izlem.monitoring.models import BulkUpload, Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BulkUploadSerializer(ModelSerializer):
    """An uploaded workbook: `phase` queued → checking → writing → done, or failed with `errors` (each bad
    cell by sheet, row and column); nothing is written unless every cell is right."""

    phase = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()

    class Meta:
        model = BulkUpload
        fields = [
            "id",
            "period",
            "state",
            "phase",
            "percent",
            "total",
            "processed",
            "written",
            "errors",
            "created_at",
        ]
        read_only_fields = fields

    def get_phase(self, upload) -> str:
        return bulk.upload_progress(upload).phase

    def get_percent(self, upload) -> int | None:
        return bulk.upload_progress(upload).percent


def _bulk_periods(user):
    return access.periods_visible(user).select_related("plan__owner")


class BulkUploadCreateSerializer(serializers.Serializer):
    """The filled template (multipart/form-data)."""

    period = ScopedRelatedField(model=Period, scope=_bulk_periods)
    file = serializers.FileField(help_text=_("The filled template: an .xlsx, .xlsm, .xls or .ods file."))

    def validate_file(self, upload):
        try:
            validate_spreadsheet_upload(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload


class TemplateQuerySerializer(serializers.Serializer):
    period = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("The period to fill."))


class BulkUploadFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period")
    state = django_filters.ChoiceFilter(choices=BulkUpload.State.choices)

    class Meta:
        model = BulkUpload
        fields = ["period", "state"]


def _period(user, pk: int) -> Period:
    """The period, if the user reads it and has something to fill in its plan; else 404 (as the page)."""
    period = access.period_for(user, pk)
    if not access.bulk_entry_entities(user, under=period.plan.owner).exists():
        raise Http404
    return period


@extend_schema_view(
    list=extend_schema(summary=_("Your bulk uploads")),
    retrieve=extend_schema(summary=_("One upload: its phase, progress and errors (poll it while it runs)")),
    create=extend_schema(
        summary=_("Upload a filled template: it is checked and written in the background"),
        request={"multipart/form-data": BulkUploadCreateSerializer},
        responses={201: BulkUploadSerializer},
    ),
    template=extend_schema(
        summary=_("Download the template pre-filled with the entities and rows of your scope"),
        parameters=[TemplateQuerySerializer],
        responses={(200, XLSX): OpenApiResponse(response=OpenApiTypes.BINARY)},
    ),
)
class BulkUploadViewSet(DownloadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Bulk entry: whoever enters an entity's values (and planning officers for the schools below them)."""

    queryset = BulkUpload.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = BulkUploadSerializer
    parser_classes = UPLOAD_ONLY
    filterset_class = BulkUploadFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    download_actions = frozenset({"template"})
    extra_error_statuses = {"template": (400, 404)}

    def get_queryset(self):
        return access.bulk_uploads_visible(self.user)

    def get_object(self):
        return access.bulk_upload_for(self.user, self.object_id())

    def get_serializer_class(self):
        return BulkUploadCreateSerializer if self.action == "create" else BulkUploadSerializer

    def create(self, request, *args, **kwargs):
        serializer = BulkUploadCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        period = serializer.validated_data["period"]
        if not access.bulk_entry_entities(self.user, under=period.plan.owner).exists():
            raise PermissionDenied  # the period is readable, but nothing in it is yours to fill
        upload = bulk.upload_start(
            by=self.user,
            period=period,
            file=serializer.validated_data["file"],
            language=translation.get_language(),
        )
        return Response(BulkUploadSerializer(upload).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def template(self, request):
        query = TemplateQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        period = _period(self.user, query.validated_data["period"])
        scope = bulk.scope_load(user=self.user, period=period)
        if not scope.sheets():
            raise Http404
        buffer = io.BytesIO()
        bulk.template_write(scope, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, bulk.template_filename(period))
        return response
