"""The error shape, its language, the OpenAPI document and the Swagger UI page."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from rest_framework.test import APIClient

from izlem.api.errors import _flatten
from tests.support.api import token_for


def test_not_found_in_english_and_turkish(world, api):
    # given: a school principal asking for another district's school
    path = f"/api/v1/nodes/{world.school_b1.pk}/"
    # when
    english = api(world.principal, language="en").get(path)
    turkish = api(world.principal, language="tr").get(path)
    # then
    assert english.status_code == turkish.status_code == 404
    assert english.json() == {"code": "not_found", "message": "Not found.", "fields": {}}
    assert turkish.json() == {"code": "not_found", "message": "Bulunamadı.", "fields": {}}
    assert turkish["Content-Language"] == "tr" and english["Content-Language"] == "en"


def test_field_errors_in_english_and_turkish(world, api, period):
    english = api(world.planning_officer, language="en").post("/api/v1/periods/", {}, format="json")
    turkish = api(world.planning_officer, language="tr").post("/api/v1/periods/", {}, format="json")
    assert english.status_code == turkish.status_code == 400
    assert english.json()["code"] == "invalid" and english.json()["message"] == "Correct the marked fields."
    assert english.json()["fields"]["year"] == ["This field is required."]
    assert turkish.json()["fields"]["year"] == ["Bu alan zorunlu."]


def test_without_accept_language_the_api_speaks_turkish(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(world.principal)}")
    assert client.get("/api/v1/nodes/999999/").json()["message"] == "Bulunamadı."


def test_unknown_api_paths_are_json_404s(world, api):
    client = api(world.principal)
    for path in ["/api/v1/nope/", "/api/v1/nodes/abc/", "/api/v1/nodes/1/%0A/", "/api/v1/"]:
        r = client.get(path)
        assert r.status_code == 404 and r["Content-Type"] == "application/json", path
        assert r.json()["code"] == "not_found"
    assert client.post("/api/v1/nope/", {}, format="json").status_code == 404  # no CSRF page either


def test_ids_beyond_any_database_are_not_found(world, api):
    r = api(world.sysadmin).get(f"/api/v1/nodes/{2**64}/")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_unsupported_method_is_a_json_405(world, api):
    r = api(world.principal).delete(f"/api/v1/nodes/{world.school_a1.pk}/")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


def test_bad_filters_page_and_ordering_are_400s(world, api):
    client = api(world.sysadmin)
    for query, field in [
        ("kind=planet", "kind"),
        ("parent=abc", "parent"),
        ("parent=", "parent"),
        ("is_active=maybe", "is_active"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
        ("ordering=password", "ordering"),
        ("ordering=", "ordering"),
    ]:
        r = client.get(f"/api/v1/nodes/?{query}")
        assert r.status_code == 400, query
        assert r.json()["code"] == "invalid" and field in r.json()["fields"], query


def test_a_page_past_the_last_is_a_404(world, api):
    r = api(world.sysadmin).get("/api/v1/nodes/?page=99")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_strict_json_types_are_required(world, api):
    r = api(world.principal).patch(
        f"/api/v1/nodes/{world.school_a1.pk}/", {"student_count": "401", "is_public": "yes"}, format="json"
    )
    assert r.status_code == 400 and set(r.json()["fields"]) == {"student_count", "is_public"}


def test_nested_errors_are_flattened_with_dots():
    assert _flatten({"role": {"node": ["Bad."]}, "non_field_errors": ["All."], "rows": [{"x": ["No."]}]}) == {
        "role.node": ["Bad."],
        "non_field_errors": ["All."],
        "rows.0.x": ["No."],
    }


# --- the OpenAPI document and the docs page ---------------------------------------------------------


def test_schema_generates_without_warnings_and_validates(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert '"openapi": "3.0.3"' in out.getvalue()


def test_schema_is_served_as_json_to_anyone(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = r.json()
    assert document["info"]["title"] == "izlem API"
    assert set(document["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert all({"401", "429"} <= set(op["responses"]) for op in operations)


def test_docs_page_uses_only_local_files_and_no_inline_code(client):
    # when
    r = client.get("/api/v1/docs")
    html = r.content.decode()
    # then
    assert r.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith(("/static/", "/api/v1/docs")) for url in urls), urls
    assert "<style" not in html and re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    policy = r["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    script = client.get([url for url in urls if url.startswith("/api/v1/docs")][0])
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/openapi.json" in script.content.decode()


def test_docs_static_files_are_served(client):
    html = client.get("/api/v1/docs").content.decode()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content) if response.streaming else response.content
