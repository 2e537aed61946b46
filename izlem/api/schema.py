"""OpenAPI generation: every operation documents the errors it can really answer, in one shape.

| status | when | operations |
|---|---|---|
| 400 invalid | a bad filter, page, ordering or body | lists, writes and actions |
| 401 not_authenticated / authentication_failed | no credentials, or a bad/revoked/expired token | all |
| 403 permission_denied | the object is visible but the action is not yours; a missing CSRF token (session) | writes and actions |
| 404 not_found | the object in the path does not exist or is outside your scope; a page past the last | detail, lists, actions |
| 409 conflict / locked, 422 needs_confirmation | declared by the operations that can answer them | values, submissions, periods … |
| 429 throttled | too many requests | all |
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from izlem.api.base import DECIMAL_PATTERN
from izlem.api.errors import ErrorSerializer
from izlem.api.filters import MAX_ID

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's AutoSchema plus the common error responses (see the module docstring)."""

    def _error_statuses(self) -> set[str]:
        statuses = {"401", "429"}
        if "{" in self.path:
            statuses.add("404")
        if self._is_list_view():
            statuses |= {"400", "404"}
        if self.method in UNSAFE:
            statuses |= {"400", "403"}
        extra = getattr(self.view, "extra_error_statuses", {})
        statuses |= {str(code) for code in extra.get(getattr(self.view, "action", None), ())}
        return statuses

    def _resolve_path_parameters(self, variables):
        """Every `{id}` is a positive integer (the viewsets' querysets are built per request)."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "id":
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in sorted(self._error_statuses()):
            if status not in responses:
                responses[status] = self._get_response_for_code(ErrorSerializer, status, direction=direction)
        return responses


class DecimalInputScheme(OpenApiSerializerFieldExtension):
    """Decimals are accepted as a string or a JSON number, and always answered as a string."""

    target_class = "izlem.api.base.DecimalInputField"

    def map_serializer_field(self, auto_schema, direction):
        string = {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN}
        if direction == "request":
            return {"oneOf": [string, {"type": "number"}]}
        return string
