"""Plan files through the API: import (preview by a dry run, then apply exactly the previewed change
plan) for planning officers, and export (JSON izlem-plan/1, XLSX workbook, PDF) for readers.

The same code as the pages: `izlem.plans.staging` stages the file and runs the import;
`plans_access.plan_import_owners` decides who may import for which province or district.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import ApiViewSet, DownloadMixin, ScopedRelatedField
from izlem.org.models import OrgNode
from izlem.plans import access as plans_access
from izlem.plans import staging
from izlem.plans.exchange import plan_filename, write_plan_workbook
from izlem.plans.plan_json import plan_json_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanImportCreateSerializer(serializers.Serializer):
    """A plan file and its owner (multipart/form-data)."""

    file = serializers.FileField(
        help_text=_(
            "The plan file: the Ministry template as text, an izlem plan workbook or izlem-plan/1 JSON."
        )
    )
    owner = ScopedRelatedField(
        model=OrgNode,
        scope=plans_access.plan_import_owners,
        help_text=_("The province or district whose plan this is (one you may import for)."),
    )

    def validate_file(self, upload):
        if upload.size > settings.IZLEM_UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(
                _("The file is too large (%(size)d KB); the limit is %(limit)d KB.")
                % {"size": upload.size // 1024, "limit": settings.IZLEM_UPLOAD_MAX_BYTES // 1024}
            )
        return upload


class PlanImportApplySerializer(serializers.Serializer):
    """The preview to apply: its token and digest, as the preview returned them."""

    token = serializers.CharField(max_length=2000, help_text=_("The preview's token."))
    digest = serializers.CharField(max_length=64, help_text=_("The preview's digest."))


class ProblemSerializer(serializers.Serializer):
    """A located problem or refusal."""

    where = serializers.CharField()
    message = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    """One line of the change plan."""

    kind = serializers.CharField(
        help_text=_("goal, target, indicator, row, measure, year_value, plan or a record kind")
    )
    label = serializers.CharField()
    action = serializers.ChoiceField(choices=["added", "changed", "renamed", "removed", "kept"])
    details = serializers.ListField(child=serializers.CharField())
    old_label = serializers.CharField()
    line = serializers.CharField(source="describe", help_text=_("The line as the preview page prints it."))


class PlanImportPreviewSerializer(serializers.Serializer):
    """What the import of the file does: change plan, refusals, problems; `applicable` says whether it can be applied."""

    token = serializers.CharField(help_text=_("Send it back with the digest to apply this preview."))
    digest = serializers.CharField(help_text=_("A fingerprint of this preview; applying checks it."))
    name = serializers.CharField(help_text=_("The file's name."))
    owner = serializers.IntegerField(source="owner.pk")
    plan = serializers.IntegerField(
        source="plan.pk",
        allow_null=True,
        default=None,
        help_text=_("The plan it updates (or, once applied, created)."),
    )
    created = serializers.BooleanField(help_text=_("True if it creates a new plan."))
    applicable = serializers.BooleanField(
        help_text=_("False when the file cannot be read or the import is refused.")
    )
    action_counts = serializers.DictField(child=serializers.IntegerField())
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("The plan's records after the import.")
    )
    changes = ChangeSerializer(many=True)
    lines = serializers.ListField(
        child=serializers.CharField(), help_text=_("The change plan as printed (other kinds summed up).")
    )
    refusals = ProblemSerializer(many=True)
    problems = ProblemSerializer(
        many=True, help_text=_("What could not be read or mapped (the import goes ahead).")
    )
    errors = serializers.ListField(child=serializers.CharField(), help_text=_("Why the file cannot be read."))


class PlanImportResultSerializer(serializers.Serializer):
    """Whether the preview was applied; when not, `preview` is the new one (the plan changed meanwhile)."""

    applied = serializers.BooleanField()
    preview = PlanImportPreviewSerializer()


def _preview_data(preview) -> dict:
    return PlanImportPreviewSerializer(preview).data


@extend_schema_view(
    create=extend_schema(
        summary=_("Preview a plan import (a dry run: nothing is written)"),
        description=_(
            "Upload a plan file (any format izlem reads as a plan: the Ministry template as text, a plan "
            "workbook, izlem-plan/1 JSON) with the province or district it belongs to. The import is worked "
            "out and rolled back; the answer is its change plan, refusals and problems, with a token and a "
            "digest to apply exactly this preview. Planning officers and system administrators only."
        ),
        request={"multipart/form-data": PlanImportCreateSerializer},
        responses={200: PlanImportPreviewSerializer},
    ),
    apply=extend_schema(
        summary=_("Apply a previewed plan import"),
        description=_(
            "Runs the import again and commits it only if its change plan is the previewed one (same digest). "
            "If the plan changed since the preview, nothing is written and the answer (409) holds the new preview."
        ),
        request=PlanImportApplySerializer,
        responses={200: PlanImportResultSerializer, 409: PlanImportResultSerializer},
    ),
)
class PlanImportViewSet(ApiViewSet):
    """Plan import for planning officers: preview, then apply."""

    serializer_class = PlanImportPreviewSerializer
    upload_actions = frozenset({"create"})
    extra_error_statuses = {"apply": (409,)}

    def _importer(self) -> None:
        if not plans_access.can_import_plans(self.user):
            raise exceptions.PermissionDenied(_("Only planning officers import plans."))

    def create(self, request, *args, **kwargs):
        self._importer()
        serializer = PlanImportCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        upload, owner = serializer.validated_data["file"], serializer.validated_data["owner"]
        token = staging.plan_import_stage(by=self.user, name=upload.name, data=upload.read(), owner=owner)
        preview = staging.plan_import_preview(by=self.user, token=token, owner=owner)
        return Response(_preview_data(preview))

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def apply(self, request):
        self._importer()
        serializer = PlanImportApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data["token"]
        owner_id = staging.staged_owner_id(token)
        owner = plans_access.plan_import_owners(self.user).filter(pk=owner_id).first() if owner_id else None
        if owner is None:
            raise exceptions.ValidationError(
                {"token": [_("This preview has expired or is not valid; upload the file again.")]}
            )
        try:
            preview, applied = staging.plan_import_apply(
                by=self.user, token=token, owner=owner, digest=serializer.validated_data["digest"]
            )
        except staging.StagedImportError as exc:
            raise exceptions.ValidationError({"token": [str(exc)]}) from exc
        body = {"applied": applied, "preview": _preview_data(preview)}
        return Response(body, status=status.HTTP_200_OK if applied else status.HTTP_409_CONFLICT)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@extend_schema_view(
    export_json=extend_schema(
        summary=_("The plan as JSON (izlem-plan/1)"),
        description=_(
            "Complete and deterministic; the schema is izlem/plans/schemas/izlem-plan-1.schema.json."
        ),
        responses={(200, "application/json"): OpenApiResponse(response=OpenApiTypes.OBJECT)},
    ),
    export_xlsx=extend_schema(
        summary=_("The plan as an editable workbook"),
        responses={(200, XLSX): OpenApiResponse(response=OpenApiTypes.BINARY)},
    ),
    export_pdf=extend_schema(
        summary=_("The plan as a PDF document"),
        responses={(200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY)},
    ),
)
class PlanExportViewSet(DownloadMixin, ApiViewSet):
    """Plan files for whoever may read the plan."""

    serializer_class = None
    download_actions = frozenset({"export_json", "export_xlsx", "export_pdf"})

    def _plan(self):
        return plans_access.plan_for(self.user, self.object_id())

    @action(detail=True, methods=["get"], url_path="json", filter_backends=[], pagination_class=None)
    def export_json(self, request, pk=None):
        plan = self._plan()
        return _download(plan_json_text(plan).encode(), "application/json", plan_filename(plan, "json"))

    @action(detail=True, methods=["get"], url_path="xlsx", filter_backends=[], pagination_class=None)
    def export_xlsx(self, request, pk=None):
        plan = self._plan()
        buffer = io.BytesIO()
        write_plan_workbook(plan, buffer)
        return _download(buffer.getvalue(), XLSX, plan_filename(plan, "xlsx"))

    @action(detail=True, methods=["get"], url_path="pdf", filter_backends=[], pagination_class=None)
    def export_pdf(self, request, pk=None):
        from izlem.core.pdf import render_pdf
        from izlem.reports.views.plan import plan_document_context

        plan = self._plan()
        content = render_pdf("reports/pdf/plan.html", plan_document_context(plan))
        return _download(content, "application/pdf", plan_filename(plan, "pdf"))
