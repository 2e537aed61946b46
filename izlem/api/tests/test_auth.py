"""Token and session authentication, the token page, `izlem create_token`, and throttling."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from izlem.api import services
from izlem.api.models import ApiToken, token_hash
from tests.support.api import token_for


def _get(secret: str | None, path: str = "/api/v1/nodes/", **headers):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if secret is not None:
        headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {secret}")
    return client.get(path, **headers)


def test_valid_token_acts_with_its_users_roles(world):
    # given
    secret = token_for(world.district_manager)
    # when
    r = _get(secret)
    # then
    assert r.status_code == 200
    assert {node["name"] for node in r.json()["results"]} == {"Merkez", "Atatürk Ortaokulu", "Gazi İlkokulu"}


def test_token_keyword_token_is_accepted_too(world):
    assert _get(None, HTTP_AUTHORIZATION=f"Token {token_for(world.district_manager)}").status_code == 200


def test_only_the_hash_and_a_prefix_are_stored(world):
    token, secret = services.token_create(user=world.principal, name="e-Okul")
    token.refresh_from_db()
    assert token.key_hash == token_hash(secret) and secret not in token.key_hash
    assert secret.startswith("izlem_" + token.prefix) and len(token.prefix) == 8


def test_use_is_recorded(world):
    token, secret = services.token_create(user=world.principal, name="e-Okul")
    assert token.last_used_at is None
    _get(secret)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_missing_credentials_are_a_401_with_a_challenge(world):
    r = _get(None)
    assert r.status_code == 401
    assert r.json() == {
        "code": "not_authenticated",
        "message": "Authentication credentials were not provided.",
        "fields": {},
    }
    assert r["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("secret", ["izlem_wrong", "not-even-ours", "izlem_" + "x" * 300])
def test_wrong_token_is_refused(world, secret):
    token_for(world.principal)
    r = _get(secret)
    assert r.status_code == 401 and r.json()["code"] == "authentication_failed"


def test_revoked_token_is_refused(world):
    token, secret = services.token_create(user=world.principal, name="old")
    services.token_revoke(by=world.principal, token=token)
    r = _get(secret)
    assert r.status_code == 401 and r.json()["code"] == "authentication_failed"


def test_expired_token_is_refused(world):
    token, secret = services.token_create(user=world.principal, name="short", expires_in_days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _get(secret).status_code == 401


def test_token_of_a_deactivated_user_is_refused(world):
    secret = token_for(world.principal)
    world.principal.is_active = False
    world.principal.save(update_fields=["is_active"])
    assert _get(secret).status_code == 401


def test_a_header_with_two_words_after_the_keyword_is_refused(world):
    r = _get(None, HTTP_AUTHORIZATION="Bearer one two")
    assert r.status_code == 401 and r.json()["code"] == "authentication_failed"


def test_only_the_owner_revokes_a_token(world):
    token, _secret = services.token_create(user=world.principal, name="mine")
    with pytest.raises(PermissionDenied):
        services.token_revoke(by=world.teacher, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_user_needs_no_second_factor_but_the_session_does(world, client):
    # given: a system administrator (2FA required) with a token made in a verified session
    secret = token_for(world.sysadmin)
    # then: the token works; the unverified session is refused (JSON 403, no redirect for a program)
    assert _get(secret).status_code == 200
    client.force_login(world.sysadmin)
    response = client.get("/api/v1/nodes/")
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"


def test_session_authentication_enforces_csrf(world):
    # given
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.principal)
    # when
    read = client.get(f"/api/v1/nodes/{world.school_a1.pk}/")
    write = client.patch(f"/api/v1/nodes/{world.school_a1.pk}/", {"student_count": 1}, format="json")
    # then
    assert read.status_code == 200
    assert write.status_code == 403 and write.json()["code"] == "permission_denied"
    world.school_a1.refresh_from_db()
    assert world.school_a1.student_count == 400


@override_settings(IZLEM_API_THROTTLE_RATE="3/minute")
def test_requests_are_throttled_per_user(world):
    from django.core.cache import cache

    cache.clear()
    secret = token_for(world.principal)
    statuses = [_get(secret).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    r = _get(secret)
    assert r.json()["code"] == "throttled" and int(r["Retry-After"]) > 0
    assert _get(token_for(world.teacher)).status_code == 200  # another user has their own budget
    cache.clear()


# --- the token page --------------------------------------------------------------------------------


def test_token_page_creates_a_token_and_shows_the_secret_once(world, client):
    # given
    client.force_login(world.principal)
    # when
    r = client.post("/accounts/tokens/", {"name": "e-Okul aktarımı", "expires_in_days": "30"}, follow=True)
    # then
    token = ApiToken.objects.get(user=world.principal)
    secret = r.context["new_secret"]["secret"]
    assert token_hash(secret) == token.key_hash and secret in r.content.decode()
    assert token.expires_at is not None and (token.expires_at - timezone.now()).days in (29, 30)
    again = client.get("/accounts/tokens/")
    assert secret not in again.content.decode() and f"izlem_{token.prefix}" in again.content.decode()
    assert _get(secret).status_code == 200


def test_token_page_revokes_own_tokens_only(world, client):
    mine, _ = services.token_create(user=world.principal, name="mine")
    theirs, _ = services.token_create(user=world.teacher, name="theirs")
    client.force_login(world.principal)
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_token_page_lists_only_own_tokens(world, client):
    services.token_create(user=world.teacher, name="öğretmenin betiği")
    client.force_login(world.principal)
    r = client.get("/accounts/tokens/")
    assert r.status_code == 200 and "öğretmenin betiği" not in r.content.decode()


def test_token_page_needs_the_second_factor_where_it_is_required(world, client, verified_client):
    client.force_login(world.sysadmin)
    r = client.get("/accounts/tokens/")
    assert r.status_code == 302 and r["Location"].endswith("/accounts/2fa/setup/")
    assert client.post("/accounts/tokens/", {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()
    verified = verified_client.login_as(world.sysadmin)
    assert verified.get("/accounts/tokens/").status_code == 200


def test_token_page_needs_sign_in(client):
    assert client.get("/accounts/tokens/").status_code == 302


def test_create_token_command_prints_a_working_secret(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", "principal", "--name", "betik", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert _get(secret).status_code == 200
    assert ApiToken.objects.get(user=world.principal).name == "betik"


def test_create_token_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_token", "nobody-here", "--name", "x")
