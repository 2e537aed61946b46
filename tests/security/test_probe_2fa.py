"""The outside probe of issue 16 as a black-box suite: two-factor sign-in (finding 1).

Each test plays what the probe tried, through HTTP only, and asserts what the fixed code answers
(docs/security.md, "Probe of issue 16"). Every `/accounts/` page is tried with a password-only session
of a person who has an authenticator; the list comes from the URL patterns, so a new account page is
probed too.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from izlem.api.models import ApiToken
from tests.support.world import PASSWORD


def _account_urls() -> list[str]:
    """Every URL under /accounts/ (ids and tokens filled with placeholders), verify and sign-out left out."""
    found = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith("accounts/"):
                    found.append(
                        "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "1" if m[1] == "pk" else "x", route)
                    )

    walk(get_resolver(), "")
    return sorted(set(found) - {reverse("otp-verify"), reverse("logout")})


def _events():
    """The account security log (imported late: the suite must also run, and fail, on the old code)."""
    from izlem.core.models import AccountSecurityEvent

    return AccountSecurityEvent.objects


def _code(key: bytes) -> str:
    return f"{totp(key):06d}"


def _password_only(client, username: str):
    """Sign in with the password alone (the probe's starting point)."""
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def enrolled(world):
    """The system administrator with a confirmed authenticator."""
    return TOTPDevice.objects.create(user=world.sysadmin, name="phone", confirmed=True)


def test_every_account_page_needs_the_second_factor(world, client, enrolled):
    # given a password-only session of an administrator who has an authenticator
    _password_only(client, "sysadmin")
    urls = _account_urls()
    assert {"/accounts/2fa/setup/", "/accounts/password_change/", "/accounts/tokens/"} <= set(urls)
    # when every account page is opened and posted to
    leaks = []
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            location = response.get("Location", "")
            if not (response.status_code == 302 and location.startswith(reverse("otp-verify"))):
                leaks.append(f"{method.upper()} {url}: {response.status_code} {location}")
    # then each one sends the person to the verify page, and nothing changed
    assert leaks == []
    assert list(TOTPDevice.objects.filter(user=world.sysadmin)) == [enrolled]
    assert not ApiToken.objects.filter(user=world.sysadmin).exists()


def test_the_probe_attack_a_new_authenticator_with_the_password_alone(world, client, enrolled):
    # given a password-only session
    _password_only(client, "sysadmin")
    # when the probe asks the setup page for a new secret and posts a code of it
    page = client.get(reverse("otp-setup"))
    key = client.session.get("izlem_otp_candidate_key")
    posted = client.post(reverse("otp-setup"), {"token": _code(bytes.fromhex(key)) if key else "000000"})
    # then the setup page is closed, no device is made and the session is still not verified
    assert page.status_code == 302 and posted.status_code == 302
    assert list(TOTPDevice.objects.filter(user=world.sysadmin)) == [enrolled]
    for url in ("/org/users/", "/accounts/tokens/"):
        assert client.get(url).status_code == 302
    for url in ("/api/v1/users/", "/api/v1/harezmi/students/"):
        response = client.get(url)
        assert response.status_code == 403 and response.json()["code"] == "two_factor_required"
    assert client.post("/accounts/tokens/", {"name": "stolen"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_the_password_cannot_be_changed_with_the_password_alone(world, client, enrolled):
    _password_only(client, "sysadmin")
    new = "Yeni-parola-2026!"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp-verify"))
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.check_password(PASSWORD)


def test_a_principal_who_opted_in_is_held_at_verify_too(world, client):
    # the rule is "has a device", not "has an administrator role"
    TOTPDevice.objects.create(user=world.principal, name="phone", confirmed=True)
    _password_only(client, "principal")
    for url in ("/accounts/2fa/", "/accounts/2fa/setup/", "/accounts/password_change/", "/org/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("otp-verify")), url
    assert client.get(reverse("otp-verify")).status_code == 200


def test_devices_and_codes_are_not_changed_without_verification(world, client, enrolled):
    # given a password-only session
    _password_only(client, "sysadmin")
    # when it tries to remove the authenticator and to make recovery codes
    client.post(reverse("otp-device-remove", kwargs={"pk": enrolled.pk}))
    client.post(reverse("otp-recovery-codes"))
    # then nothing changed and nothing was recorded
    assert TOTPDevice.objects.filter(pk=enrolled.pk).exists()
    assert not StaticToken.objects.exists()
    assert not _events().exists()


def test_setup_shows_a_base32_key_and_saves_nothing_before_the_code(world, client):
    # given an administrator without a device (password only is all there is)
    _password_only(client, "sysadmin")
    # when the setup page is opened twice
    first = client.get(reverse("otp-setup")).content.decode()
    second = client.get(reverse("otp-setup")).content.decode()
    # then the same key is shown in base32 (for typing into an app), and no device exists yet
    shown = re.search(r'id="otp-key">([A-Z2-7]+)<', first)[1]
    assert shown in second and len(shown) == 32
    assert base64.b32decode(shown).hex() == client.session["izlem_otp_candidate_key"]
    assert not TOTPDevice.objects.exists()
    # when a wrong code and then the right one are posted
    key = base64.b32decode(shown)
    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    assert client.post(reverse("otp-setup"), {"token": wrong}).status_code == 200
    assert not TOTPDevice.objects.exists()
    assert client.post(reverse("otp-setup"), {"name": "telefon", "token": _code(key)}).status_code == 302
    # then one confirmed device with that key exists, and ten recovery codes were made
    device = TOTPDevice.objects.get(user=world.sysadmin)
    assert device.confirmed and device.bin_key == key and device.name == "telefon"
    assert StaticToken.objects.filter(device__user=world.sysadmin).count() == 10


def test_adding_and_removing_a_device_is_audited_and_mailed(world, verified_client, settings):
    # given a verified session of a person with an e-mail address and mail configured
    settings.EMAIL_HOST = "mail.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.sysadmin.email = "admin@example.org"
    world.sysadmin.save(update_fields=["email"])
    client = verified_client.login_as(world.sysadmin)
    # when they add an authenticator
    client.get(reverse("otp-setup"))
    key = bytes.fromhex(client.session["izlem_otp_candidate_key"])
    client.post(reverse("otp-setup"), {"name": "yeni telefon", "token": _code(key)})
    device = TOTPDevice.objects.get(user=world.sysadmin)
    # and remove it
    client.post(reverse("otp-device-remove", kwargs={"pk": device.pk}))
    # then both are recorded, with the codes made in between, and each was mailed to them
    actions = list(_events().order_by("pk").values_list("action", "detail"))
    assert actions == [
        ("device_added", "yeni telefon"),
        ("codes_generated", "10"),
        ("device_removed", "yeni telefon"),
    ]
    assert [m.to for m in mail.outbox] == [["admin@example.org"]] * 3
    assert "yeni telefon" in mail.outbox[0].body and "yeni telefon" in mail.outbox[2].body
    assert not TOTPDevice.objects.filter(user=world.sysadmin).exists()
    # and with the last authenticator went its recovery codes
    assert not StaticDevice.objects.filter(user=world.sysadmin, name="recovery").exists()


def test_a_recovery_code_signs_in_once(world, client, enrolled):
    # given recovery codes made in a verified session
    from izlem.org import two_factor

    codes = two_factor.recovery_codes_generate(user=world.sysadmin)
    assert len(codes) == 10 and len(set(codes)) == 10
    # when the person, phone lost, signs in with the password and a recovery code
    _password_only(client, "sysadmin")
    response = client.post(reverse("otp-verify"), {"token": codes[0].upper(), "next": "/org/"})
    # then they are in, and the code is used up
    assert response.status_code == 302 and response["Location"] == "/org/"
    assert client.get("/org/").status_code == 200
    assert two_factor.recovery_codes_left(world.sysadmin) == 9
    assert _events().filter(action="code_used").count() == 1
    # when the same code is tried again in a new session
    client.post(reverse("logout"))
    _password_only(client, "sysadmin")
    again = client.post(reverse("otp-verify"), {"token": codes[0], "next": "/org/"})
    assert again.status_code == 200 and client.get("/org/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(world, verified_client):
    from izlem.org import two_factor

    TOTPDevice.objects.create(user=world.sysadmin, name="phone", confirmed=True)
    old = two_factor.recovery_codes_generate(user=world.sysadmin)
    client = verified_client.login_as(world.sysadmin)
    response = client.post(reverse("otp-recovery-codes"))
    assert response.status_code == 302
    page = client.get(reverse("otp-manage")).content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)
    # shown once: the next visit lists no codes
    assert not re.findall(r"<li>([a-z2-7]{8})</li>", client.get(reverse("otp-manage")).content.decode())


def test_the_verify_page_is_throttled(world, client, enrolled, settings):
    # given the verify page under the per-address limit (as the sign-in form), here three posts
    assert reverse("otp-verify") in settings.IZLEM_RATE_LIMITS_CONFIGURED
    settings.IZLEM_RATE_LIMITS = {**settings.IZLEM_RATE_LIMITS, reverse("otp-verify"): (3, 300)}
    _password_only(client, "sysadmin")
    # when wrong codes are posted
    answers = [client.post(reverse("otp-verify"), {"token": "000000"}).status_code for _ in range(4)]
    # then the fourth is refused, and even the right code is refused by django-otp's device throttle
    assert answers == [200, 200, 200, 429]
    settings.IZLEM_RATE_LIMITS = {}
    client.post(reverse("otp-verify"), {"token": _code(enrolled.bin_key)})
    assert client.get("/org/").status_code == 302


def test_a_right_code_right_after_a_wrong_one_is_answered_wait_not_wrong(world, client, enrolled, settings):
    # given: one wrong code (django-otp then locks the device for a second or more)
    settings.IZLEM_RATE_LIMITS = {}
    _password_only(client, "sysadmin")
    first = client.post(reverse("otp-verify"), {"token": "000000"}).content.decode()
    assert "doğru değil" in first and "bekleyin" not in first
    # when the right code follows at once, inside the lock
    TOTPDevice.objects.filter(pk=enrolled.pk).update(throttling_failure_timestamp=timezone.now())
    answer = client.post(reverse("otp-verify"), {"token": _code(enrolled.bin_key)}).content.decode()
    # then the page says to wait (in Turkish), not that the code is wrong, and the session is not verified
    assert "bekleyin" in answer and "doğru değil" not in answer
    assert client.get("/org/").status_code == 302
    # and after the wait the same person gets in
    TOTPDevice.objects.filter(pk=enrolled.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=5)
    )
    client.post(reverse("otp-verify"), {"token": _code(enrolled.bin_key)})
    assert client.get("/org/").status_code == 200


# --- finding 5: JSON nested deep -------------------------------------------------------------------------
def _token_client(user):
    """A client calling the API with a token of `user` (Turkish answers, a 500 is answered not raised)."""
    from django.test import Client

    from izlem.api.services import token_create

    _token, secret = token_create(user=user, name="probe")
    return Client(
        raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="tr"
    )


def _write_operations() -> list[tuple[str, str]]:
    """Every POST, PUT and PATCH of the OpenAPI schema, ids filled with 1."""
    import json

    from django.test import Client

    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    return [
        (method, re.sub(r"\{[^}]+\}", "1", path))
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"post", "put", "patch"}
    ]


DEEP = "[" * 50_000 + "]" * 50_000


def test_deep_json_is_a_400_on_every_write_endpoint(world):
    # given the system administrator's token and every write operation of the API
    client = _token_client(world.sysadmin)
    operations = _write_operations()
    assert len(operations) > 50
    # when each is sent a body nested 50,000 levels deep
    crashes = []
    for method, path in operations:
        response = getattr(client, method)(path, DEEP, content_type="application/json")
        if response.status_code >= 500:
            crashes.append(f"{method.upper()} {path}: {response.status_code}")
    # then none fails with a server error
    assert crashes == []


def test_deep_json_is_refused_before_parsing_with_a_turkish_message(world, settings):
    client = _token_client(world.sysadmin)
    school = world.school_a1
    name = school.name
    # a body as deep as allowed is parsed (and then judged by the serializer) ...
    allowed = "[" * settings.IZLEM_API_JSON_MAX_DEPTH + "]" * settings.IZLEM_API_JSON_MAX_DEPTH
    assert (
        client.patch(f"/api/v1/nodes/{school.pk}/", allowed, content_type="application/json").json()["code"]
        != "parse_error"
    )
    # ... one level deeper, inside an otherwise valid object, is refused with a 400 that says why
    deep = (
        '{"name": "x", "notes": '
        + "[" * settings.IZLEM_API_JSON_MAX_DEPTH
        + "]" * settings.IZLEM_API_JSON_MAX_DEPTH
        + "}"
    )
    for method, path in (("post", "/api/v1/role-assignments/"), ("patch", f"/api/v1/nodes/{school.pk}/")):
        response = getattr(client, method)(path, deep, content_type="application/json")
        body = response.json()
        assert response.status_code == 400 and body["code"] == "parse_error", (path, body)
        assert "iç içe" in body["message"] and str(settings.IZLEM_API_JSON_MAX_DEPTH) in body["message"]
    # brackets inside strings do not count, and the refused writes changed nothing
    school.refresh_from_db()
    assert school.name == name
    text = '{"name": "Okul ' + "[{" * 50 + '"}'
    response = client.patch(f"/api/v1/nodes/{school.pk}/", text, content_type="application/json")
    assert response.status_code == 200, response.json()
    school.refresh_from_db()
    assert school.name == "Okul " + "[{" * 50


# --- finding 6: the admin's sign-in form -----------------------------------------------------------------
def test_the_admin_login_shares_the_per_address_sign_in_limit(world, client, settings):
    # given a per-address limit of three sign-in posts
    settings.IZLEM_RATE_LIMITS = {**settings.IZLEM_RATE_LIMITS, "/accounts/login/": (3, 300)}
    # when one address tries passwords at the admin's sign-in form and then at the normal one
    tries = [
        client.post("/admin/login/", {"username": user, "password": "x", "next": "/admin/"}).status_code
        for user in ("a1", "a2")
    ]
    tries.append(client.post(reverse("login"), {"username": "a3", "password": "x"}).status_code)
    blocked = client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD, "next": "/admin/"})
    # then the fourth is refused on either form: one allowance for both doors
    assert tries == [200, 200, 200] and blocked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("login"), {"username": "sysadmin", "password": PASSWORD}).status_code == 429


def test_the_admin_login_locks_the_account_like_the_normal_one(world, client, settings):
    # given the account lockout (axes) after AXES_FAILURE_LIMIT failures
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "sysadmin", "password": "wrong", "next": "/admin/"})
    # then the right password is refused on both forms
    admin = client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD, "next": "/admin/"})
    normal = client.post(reverse("login"), {"username": "sysadmin", "password": PASSWORD})
    assert (admin.status_code, normal.status_code) == (429, 429)
    assert "_auth_user_id" not in client.session


# --- finding 9: no-store, the proposal's 403, sick notes -------------------------------------------------
def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def sick_note(world, settings, tmp_path):
    """A teacher's sick days with a health report attached (school A1, a team of the running year)."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from izlem.harezmi import services
    from izlem.harezmi.models import Absence
    from tests.support.harezmi import approve, before_start, make_year

    settings.MEDIA_ROOT = str(tmp_path)
    year = make_year(world)
    approve(year, world.school_a1)
    team = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 1")
    services.teacher_assignment_add(by=None, team=team, teacher=world.teacher, today=before_start(year))
    today = timezone.localdate()
    return Absence.objects.create(
        program_year=year,
        teacher=world.teacher,
        kind="sick",
        starts_on=today - dt.timedelta(days=2),
        ends_on=today - dt.timedelta(days=1),
        document=SimpleUploadedFile("rapor.pdf", b"%PDF-1.4\n%rapor\n", content_type="application/pdf"),
    )


def test_every_api_answer_and_every_download_is_no_store(world, sick_note, verified_client):
    # given API answers of every kind (a list, a detail, an error, the unverified refusal) and downloads
    client = _token_client(world.teacher)
    answers = {
        "list": client.get("/api/v1/nodes/"),
        "detail": client.get(f"/api/v1/harezmi/absences/{sick_note.pk}/"),
        "not found": client.get("/api/v1/nodes/999999/"),
        "bad input": client.patch(
            f"/api/v1/nodes/{world.school_a1.pk}/", "{", content_type="application/json"
        ),
        "api download": client.get(f"/api/v1/harezmi/absences/{sick_note.pk}/document/"),
    }
    page_client = verified_client.login_as(world.teacher)
    answers["page download"] = page_client.get(reverse("harezmi:absence-document", args=[sick_note.pk]))
    assert answers["api download"].status_code == answers["page download"].status_code == 200
    # then none may be stored by a browser or a proxy
    assert [name for name, response in answers.items() if not _no_store(response)] == []


def test_exports_with_personal_data_are_no_store(world, verified_client, sick_note):
    # the statistics workbook lists schools, teams and people's counts; a report card is an export too
    client = verified_client.login_as(world.sysadmin)
    year = sick_note.program_year
    response = client.get(reverse("harezmi:statistics-xlsx") + f"?year={year.pk}")
    assert response.status_code == 200 and response.has_header("Content-Disposition")
    assert _no_store(response)


def test_the_proposal_403_is_documented():
    import json

    from django.test import Client

    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    responses = schema["paths"]["/api/v1/harezmi/weeks/{id}/proposal/"]["get"]["responses"]
    assert "403" in responses
    document = schema["paths"]["/api/v1/harezmi/absences/{id}/document/"]["get"]["responses"]
    assert "403" in document


def test_the_proposal_403_is_what_a_week_reader_without_the_duty_gets(world, sick_note):
    # a district planning officer reads the district week but does not balance it (the coordinator does)
    year = sick_note.program_year
    week = f"/api/v1/harezmi/weeks/{world.district_a.pk}/"
    planner = _token_client(world.district_planner)
    assert planner.get(f"{week}?year={year.pk}").status_code == 200
    refused = planner.get(f"{week}proposal/?year={year.pk}")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert _token_client(world.district_coordinator).get(f"{week}proposal/?year={year.pk}").status_code == 200


SICK_NOTE_READERS = ["teacher", "principal", "district_manager"]
SICK_NOTE_REFUSED = [  # they read the absence (its days and kind) but have no duty that needs the report
    "sysadmin",
    "province_manager",
    "planning_officer",
    "district_planner",
    "province_coordinator",
    "district_coordinator",
]
SICK_NOTE_OUTSIDE = ["outsider", "other_manager", "unit_manager", "stakeholder"]


def test_sick_notes_go_only_to_those_whose_duty_needs_them(world, sick_note, verified_client):
    from izlem.core.models import PersonalDataAccess

    api_url = f"/api/v1/harezmi/absences/{sick_note.pk}/document/"
    page_url = reverse("harezmi:absence-document", args=[sick_note.pk])
    got = {}
    for username in SICK_NOTE_READERS + SICK_NOTE_REFUSED + SICK_NOTE_OUTSIDE:
        user = world.users[username]
        page = verified_client.login_as(user).get(page_url)
        got[username] = (_token_client(user).get(api_url).status_code, page.status_code)
    # then the teacher, the principal and the district's director download it ...
    assert {name: got[name] for name in SICK_NOTE_READERS} == dict.fromkeys(SICK_NOTE_READERS, (200, 200))
    # ... the others who read the absence are refused, and those outside do not learn it exists
    # (the API says 403 on a record the caller reads; a page answers 404, as pages do for any action)
    assert {name: got[name] for name in SICK_NOTE_REFUSED} == dict.fromkeys(SICK_NOTE_REFUSED, (403, 404))
    assert {name: got[name] for name in SICK_NOTE_OUTSIDE} == dict.fromkeys(SICK_NOTE_OUTSIDE, (404, 404))
    # and only the allowed downloads were logged
    logged = PersonalDataAccess.objects.filter(what="absence supporting document")
    assert sorted(set(logged.values_list("user__username", flat=True))) == sorted(SICK_NOTE_READERS)
    # the refused still read the absence itself (its days and kind), as their work needs
    assert (
        _token_client(world.district_coordinator).get(f"/api/v1/harezmi/absences/{sick_note.pk}/").status_code
        == 200
    )
