"""Read replicas: reads go to a replica, writes to the primary, and a user who just wrote reads the primary.

Enabled by `DATABASE_REPLICA_URLS` (comma-separated; settings add the aliases `replica1`, `replica2`…
and install the router and the middleware). A replica lags the primary by a moment, so a person who
has just saved would not see their own change: the first write of a request pins the rest of that
request to the primary and sets a short-lived cookie (`IZLEM_DB_PIN_SECONDS`, default 15 s) that keeps
that browser's reads on the primary for the next requests. Background tasks and commands have no
request: they read the primary unless they opt in with `use_replicas()`. Writes through raw SQL
cursors do not pass through the router: code that writes that way reads back on `default` itself.
See docs/deployment.md.
"""

from __future__ import annotations

import contextvars
import random
import time
from contextlib import contextmanager

from django.conf import settings

PIN_COOKIE = "izlem_primary"
_state: contextvars.ContextVar[dict | None] = contextvars.ContextVar("izlem_db_state", default=None)


def replica_aliases() -> list[str]:
    """The configured replica aliases (empty: everything on the primary)."""
    return list(getattr(settings, "IZLEM_DB_REPLICAS", []))


@contextmanager
def use_replicas(*, pinned: bool = False):
    """Route reads inside the block to the replicas (unless `pinned`), as a request does."""
    token = _state.set({"pinned": pinned, "wrote": False})
    try:
        yield _state.get()
    finally:
        _state.reset(token)


class PrimaryReplicaRouter:
    """Writes and migrations on `default`; reads on a replica unless this user has just written."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        replicas = replica_aliases()
        if state is None or state["pinned"] or state["wrote"] or not replicas:
            return "default"
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state["wrote"] = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        """Objects from the primary and the replicas are the same rows."""
        aliases = {"default", *replica_aliases()}
        return obj1._state.db in aliases and obj2._state.db in aliases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Replicas copy the primary's schema: migrations run on the primary only."""
        return db == "default"


class PinPrimaryMiddleware:
    """Per request: read replicas, except right after this browser's last write (cookie) or this request's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned_until = request.COOKIES.get(PIN_COOKIE, "")
        pinned = pinned_until.isdigit() and int(pinned_until) > time.time()
        with use_replicas(pinned=pinned) as state:
            response = self.get_response(request)
            if state["wrote"]:
                seconds = int(getattr(settings, "IZLEM_DB_PIN_SECONDS", 15))
                response.set_cookie(
                    PIN_COOKIE,
                    str(int(time.time()) + seconds),
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
                )
        return response
