"""The long export of values (`GET /api/v1/values/export/`): the page's file, for programs.

The same `izlem.monitoring.export` functions as the page: the periods and the node are fetched through
`izlem.monitoring.access` (404 outside your scope), the lines are the values you read (`access.values_visible`,
the values list's rule), CSV is streamed as it is read and XLSX written in constant memory.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers

from izlem.api.base import ApiViewSet, DownloadMixin
from izlem.api.filters import MAX_ID
from izlem.api.monitoring.common import QueryText
from izlem.monitoring import access, export


class ValueExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=export.FORMATS,
        default="csv",
        help_text=_("csv (UTF-8 with a byte order mark, `;` between cells, decimal comma) or xlsx."),
    )
    period_from = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("The first period of the range.")
    )
    period_to = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The last period of the range, of the same plan (default: the first period)."),
    )
    node = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Values of this organisation node and every node below it (default: your whole scope)."),
    )
    indicator = QueryText(required=False, max_length=20, help_text=_("Indicator code, e.g. 1.1.2."))


@extend_schema(
    summary=_("Export values in long form (one line per unit, indicator row and period) as CSV or XLSX"),
    description=_(
        "The values you read, with the codes and names of province, district, unit, indicator and row, the "
        "period, value, numerator, denominator and state: for pivot tables. Streamed: a national export "
        "runs in constant memory. Columns: docs/monitoring.md."
    ),
    parameters=[ValueExportQuerySerializer],
    responses={
        (200, "text/csv"): OpenApiResponse(response=OpenApiTypes.BINARY),
        (200, export.XLSX): OpenApiResponse(response=OpenApiTypes.BINARY),
    },
)
class ValueExportViewSet(DownloadMixin, ApiViewSet):
    """The long export of the values in your monitoring scope."""

    download_actions = frozenset({"list"})
    filter_backends: list = []
    pagination_class = None

    def perform_content_negotiation(self, request, force=False):
        # `?format=csv` is this endpoint's own parameter, not DRF's renderer override: every answer that is
        # not the file (a 400, a 404, a 405 to another method) is JSON
        return super().perform_content_negotiation(request, force=True)

    def list(self, request, *args, **kwargs):
        if not access.can_use_monitoring(self.user):  # like the page: no monitoring role, no export
            raise Http404
        query = ValueExportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            scope = export.export_scope(
                self.user,
                period_from=data["period_from"],
                period_to=data.get("period_to"),
                node=data.get("node"),
                indicator=data.get("indicator", ""),
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error
        return export.export_response(self.user, scope, data["format"])
