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
