"""The denial log: every refusal decided by an access module, logged once per request.

A refusal is an Http404 or PermissionDenied raised inside an access module — `izlem.org.scope` or
`izlem.<app>.access` (a module or a package of parts). It is logged as a warning of the `izlem.access`
logger: the user's id and the path, never a name, an ID number or the query string (which may hold search
words). Pages call it from `izlem.core.middleware.AccessDenialLogMiddleware`, the API from its exception
handler. It lives in core (the bottom layer) because it only reads tracebacks: it imports no app.
"""

from __future__ import annotations

import logging
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404

_denial_logger = logging.getLogger("izlem.access")
# The modules whose refusals are logged: the access modules of every app and the role scope.
_ACCESS_MODULE = re.compile(r"^izlem\.(?:\w+\.access(?:\.\w+)?|org\.scope)$")


def _raised_here(exc: BaseException | None) -> bool:
    """True if `exc` (or an exception it was raised from) passed through a frame of an access module."""
    seen = 0
    while exc is not None and seen < 5:
        traceback = exc.__traceback__
        while traceback is not None:
            if _ACCESS_MODULE.match(traceback.tb_frame.f_globals.get("__name__", "")):
                return True
            traceback = traceback.tb_next
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def log_denial(request, exc: BaseException) -> bool:
    """Log a refusal made by an access module (user id, method and path only); True if it was one."""
    refusal = isinstance(exc, Http404 | PermissionDenied) or getattr(exc, "status_code", None) in (403, 404)
    if not refusal or not _raised_here(exc):
        return False
    user = getattr(request, "user", None)
    _denial_logger.warning(
        "access denied: user=%s method=%s path=%s",
        getattr(user, "pk", None),
        request.method,
        request.path,
    )
    return True
