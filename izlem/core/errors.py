"""Error pages that need no database: 503 when the database is unreachable, 500 for anything else.

Django calls `server_error` (handler500) inside the failing request's `except` block, so the exception
is known here; the page is rendered without the request's context processors, which would query the
database that just failed.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """True when the failure means the database cannot be reached (not a bad query)."""
    return isinstance(exc, UNAVAILABLE) or (isinstance(exc, DatabaseError) and "connect" in str(exc).lower())


def _page(status: int, title: str, message: str, advice: str) -> HttpResponse:
    body = loader.get_template("core/error_page.html").render(
        {"title": title, "message": message, "advice": advice}
    )
    response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response


@requires_csrf_token
def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """handler500: a clear page; 503 with its own message when the database is down."""
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        return _page(
            503,
            _("The service is temporarily unavailable"),
            _("izlem cannot reach its database at the moment, so this page cannot be shown."),
            _(
                "Nothing you entered before this page was lost. Try again in a few minutes; if it lasts, "
                "tell the system administrator."
            ),
        )
    return _page(
        500,
        _("Something went wrong"),
        _("An unexpected error stopped this page; it has been recorded."),
        _("Try again; if it happens again, tell the system administrator what you were doing."),
    )


def _in_layout(request, status: int, title: str, message: str, advice: str = "") -> HttpResponse:
    """A Turkish error page inside the site's layout (navigation stays usable)."""
    body = loader.render_to_string(
        "core/error_in_layout.html", {"title": title, "message": message, "advice": advice}, request
    )
    return HttpResponse(body, status=status)


@requires_csrf_token
def page_not_found(request, exception=None) -> HttpResponse:
    """handler404: the page does not exist or is not visible to this account."""
    return _in_layout(
        request,
        404,
        _("Page not found"),
        _("The page you asked for does not exist, or it was removed."),
        _("Check the address, or go back and follow a link from the menu."),
    )


@requires_csrf_token
def permission_denied(request, exception=None) -> HttpResponse:
    """handler403: the account may not see or do this."""
    return _in_layout(
        request,
        403,
        _("You may not open this page"),
        _("Your role does not allow this page or action."),
        _("If you need it for your duty, ask your directorate's system administrator for the role."),
    )


@requires_csrf_token
def bad_request(request, exception=None) -> HttpResponse:
    """handler400: the request could not be understood."""
    return _in_layout(
        request,
        400,
        _("The request could not be processed"),
        _("The page received a request it cannot understand."),
        _("Go back, reload the page and try again."),
    )


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: an expired or foreign form, explained in Turkish."""
    return _in_layout(
        request,
        403,
        _("The form has expired"),
        _(
            "For your security, the form could not be accepted: the page was open too long or was sent from elsewhere."
        ),
        _("Go back, reload the page and send the form again. Nothing was saved."),
    )


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The API's error shape, {"code", "message", "fields"}: also used by middleware that answers API calls."""
    return {"code": code, "message": message, "fields": fields or {}}
