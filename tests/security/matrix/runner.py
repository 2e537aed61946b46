"""Running the matrix: one request per user × object × method inside a savepoint that is rolled back, the
URL patterns of the project, and the tally of what was checked."""

from __future__ import annotations

import re
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.matrix import ADMIN_PREFIX, GATES, PUBLIC, RULES, UNNAMED
from tests.security.matrix.kinds import On

MISSING = 987654
TALLY: Counter = Counter()


def fresh(user):
    """The user without cached role assignments (as a request would load it)."""
    user._izlem_assignments = None
    return user


def request(client, method: str, url: str, *, api: bool):
    """One request inside a savepoint that is rolled back (an allowed state change leaves no trace)."""
    with transaction.atomic():
        if api:
            body = {"reason": "Gerekçe", "comment": "Düzeltilmeli"} if method == "POST" else {}
            response = getattr(client, method.lower())(url, body if method != "GET" else None, format="json")
            if response.status_code == 415:  # an upload action: send a file, so the access check decides
                body = {
                    **body,
                    "file": SimpleUploadedFile("kanit.pdf", b"%PDF-1.4\n%test\n", "application/pdf"),
                }
                response = getattr(client, method.lower())(url, body, format="multipart")
        else:
            response = client.get(url) if method == "GET" else client.post(url, {})
            if method == "GET" and response.status_code == 405:
                response = client.post(url, {})
        transaction.set_rollback(True)
    return response


_SCHEMA_METHODS: dict[str, list[str]] = {}


def api_methods(name: str) -> list[str]:
    """The methods the OpenAPI schema documents at an object URL (GET first)."""
    if not _SCHEMA_METHODS:
        from django.urls import resolve
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        for path, operations in schema["paths"].items():
            match = resolve(re.sub(r"\{[^}]+\}", "1", path))
            methods = [m.upper() for m in ("get", "post", "put", "patch", "delete") if m in operations]
            _SCHEMA_METHODS[f"{match.namespace}:{match.url_name}"] = methods
    return _SCHEMA_METHODS.get(name, ["GET"])


def body_shape(response) -> str:
    """The denial's body with ids and the per-request CSRF token taken out (a denial must look exactly like a
    missing id)."""
    body = re.sub(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+',
        r"\1T",
        response.content.decode(errors="replace"),
    )
    return re.sub(r"\d+", "N", body)


def with_query(url: str, rule: On, obj, *, missing: bool = False) -> str:
    """The URL with the rule's query string (its ids replaced by a missing one when asked)."""
    if rule.query is None:
        return url
    from urllib.parse import urlencode

    query = {k: (MISSING if missing and isinstance(v, int) else v) for k, v in rule.query(obj).items()}
    return f"{url}?{urlencode(query)}"


def url_patterns() -> list[tuple[str, str]]:
    """(name or route, route) for every URL pattern of the project."""
    found: list[tuple[str, str]] = []

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                walk(
                    pattern,
                    prefix + str(pattern.pattern),
                    f"{namespace}:{ns}" if namespace and ns else ns or namespace,
                )
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                found.append((name or route, route))

    walk(get_resolver(), "", None)
    return found


def classified(name: str, route: str) -> bool:
    if name in PUBLIC or name in GATES or name in RULES or name in UNNAMED:
        return True
    return name.startswith(ADMIN_PREFIX) or (route.startswith("admin/") and name == route)
