"""Errors of the API: one JSON shape for every failure, in the language of Accept-Language.

    {"code": "invalid", "message": "Correct the marked fields.", "fields": {"value": ["…"]}}

`code` is machine-readable and stable; `message` is a whole sentence in Turkish or English (the
`LanguageMiddleware` follows Accept-Language on /api/ paths); `fields` maps a field name to its
messages (nested fields are joined with dots, e.g. `role.node`), empty when no field is to blame.
Django's Http404, PermissionDenied and ValidationError raised by the access module and the services
are translated here, so views never repeat that mapping.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from izlem.core.errors import error_body
from izlem.monitoring.services import ConflictError

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    """409: the record changed since it was read (a stale `version`, a decision already taken)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record was changed by someone else. Read it again and retry.")
    default_code = "conflict"


class Locked(exceptions.APIException):
    """409: the data is locked (submitted or approved, or the period is not open)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This data is locked: it has been submitted or approved, or the period is closed.")
    default_code = "locked"


class NeedsConfirmation(exceptions.APIException):
    """422: the value looks unusual; send it again with `confirm_outlier: true` and a `note`."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "needs_confirmation"


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField(
        help_text=_("Machine-readable error code, e.g. not_found, invalid, conflict.")
    )
    message = serializers.CharField(help_text=_("A whole sentence for people, in the requested language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field (nested fields joined with dots); empty if no field is to blame."),
    )


def _flatten(detail) -> dict[str, list[str]]:
    """{field: [messages]} from a DRF error detail; nested fields are joined with dots."""
    result: dict[str, list[str]] = {}

    def walk(node, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path if key in (NON_FIELD, "__all__") else [*path, str(key)])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, [*path, str(index)] if isinstance(item, dict) else path)
        else:
            result.setdefault(".".join(path) or NON_FIELD, []).append(str(node))

    walk(detail, [])
    return result


def _from_django(exc: Exception) -> exceptions.APIException | None:
    """The API exception for an exception raised by Django, the access module or a service."""
    if isinstance(exc, ConflictError):
        return Conflict(detail=" ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(detail={key: value for key, value in exc.message_dict.items()})
        return exceptions.ValidationError(detail={NON_FIELD: exc.messages})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        # A refusal that explains itself (separation of duties, node fields) keeps its message.
        return exceptions.PermissionDenied(detail=str(exc.args[0]) if exc.args else None)
    return None


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error as {"code", "message", "fields"}."""
    from izlem.core import access_log

    if context.get("request") is not None:
        access_log.log_denial(context["request"], exc)  # refusals of the access modules are logged
    exc = _from_django(exc) or exc
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 handling (and logging) takes over
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.pop(NON_FIELD, [])
        message = " ".join(general) if general else str(_("Correct the marked fields."))
        body = error_body("invalid", message, fields)
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
        detail = exc.detail
        if isinstance(detail, dict | list):
            fields = _flatten(detail)
            message = " ".join(fields.pop(NON_FIELD, [])) or str(exc.default_detail)
        else:
            fields, message = {}, str(detail)
        if isinstance(exc, exceptions.Throttled):
            code = "throttled"
        body = error_body(code, message, fields)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)
