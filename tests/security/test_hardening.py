"""Production hardening: `check --deploy` clean, security headers, CSRF on state changes, rate limits,
session rotation on sign-in, a strict CSP the templates respect; faults: database down, stale jobs."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.support.world import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
IZLEM = str(Path(sys.executable).with_name("izlem"))


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def production_env(tmp_path) -> dict[str, str]:
    """The environment of .env.example's production settings (DEBUG off, HTTPS on, a real secret)."""
    dropped = {"IZLEM_TESTING", "DEBUG", "IZLEM_DEMO", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # test-only
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="false",
        HTTPS="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="izlem.example.gov.tr",
        CSRF_TRUSTED_ORIGINS="https://izlem.example.gov.tr",
        IZLEM_DATA_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    done = subprocess.run(  # noqa: S603
        [IZLEM, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_production_settings_values(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    done = subprocess.run(  # noqa: S603
        [IZLEM, "shell", "-c", script],
        env=production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip().splitlines()[-1].split() == [
        "False", "True", "True", "True", "True", "31536000", "True", "True", "DENY", "same-origin", "True",
    ]  # fmt: skip


def test_security_headers_on_a_secure_response(db, client, settings):
    # given the header settings production has (HTTPS is off under tests)
    settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = 31536000, True
    settings.SECURE_HSTS_PRELOAD = True
    # when
    response = client.get(reverse("login"), secure=True)
    # then
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_session_cookie_is_https_only_with_production_settings(world, client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.post(reverse("login"), {"username": "principal", "password": PASSWORD}, secure=True)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_templates_have_no_inline_script_or_event_handler():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [
            f"{path.name}: {m}" for m in re.findall(r"\son(?:click|load|change|submit|error)=", text)
        ]
        offenders += [f"{path.name}: javascript:" for _m in re.findall(r"href=\"javascript:", text)]
    assert offenders == []


# Templates rendered only to PDF by WeasyPrint (izlem.core.pdf.render_pdf): no browser loads them, so the
# CSP does not apply and their style attributes stay.
PDF_ONLY_TEMPLATES = {
    "harezmi/statistics_pdf.html",
    "harezmi/statistics_pdf_table.html",
    "reports/dashboard_pdf.html",
}
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)


def _csp_forbids_inline_styles() -> bool:
    from django.conf import settings

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    style_src = directives.get("style-src", directives.get("default-src", []))
    return "'unsafe-inline'" not in style_src


def test_csp_forbids_inline_styles():
    # izlem keeps every style in static/izlem/izlem.css: a style attribute would be blocked by the browser
    assert _csp_forbids_inline_styles()


def test_templates_have_no_style_attribute():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in PDF_ONLY_TEMPLATES or name.startswith("reports/pdf/"):
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{name}: {m[:60]}" for m in STYLE_ATTRIBUTE.findall(text)]
    assert offenders == []


@pytest.mark.parametrize(
    "phase, percent",
    [("queued", 0), ("checking", 37), ("checking", None), ("writing", 80), ("writing", None)],
)
def test_bulk_progress_bar_renders_without_style_attribute(db, phase, percent):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    progress = SimpleNamespace(phase=phase, percent=percent, done=3, of=8 if percent is not None else 0)
    html = render_to_string(
        "monitoring/bulk_progress.html",
        {"progress": progress, "upload": SimpleNamespace(pk=1), "period": SimpleNamespace(pk=1)},
    )
    assert 'class="progress progress-tall"' in html and not STYLE_ATTRIBUTE.search(html)
    # the width comes from a class of static/izlem/izlem.css (one per percent)
    width = "w-100" if percent is None else f"w-{percent}"
    assert f' {width}"' in html
    assert (
        f".progress-bar.{width}{{width:{100 if percent is None else percent}%}}"
        in (ROOT / "static/izlem/izlem.css").read_text()
    )


def test_main_pages_render_without_style_attribute(world, client):
    import datetime as dt

    from izlem.harezmi import services as harezmi
    from tests.support.harezmi import make_year

    year = make_year(world)
    meeting = harezmi.meeting_create(
        by=None,
        program_year=year,
        kind="experience_sharing",
        node=world.province,
        title="Deneyim paylaşımı",
        held_on=year.start_date + dt.timedelta(days=10),
        place="İl MEM",
        minutes="Görüşüldü.\nİkinci satır.",
        decisions="Aylık paylaşım.",
    )
    pages = [
        (world.province_manager, reverse("home")),
        (world.province_manager, reverse("monitoring:home")),
        (world.province_manager, reverse("org:node-list")),
        (world.province_manager, reverse("plans:plan-list")),
        (world.province_coordinator, reverse("harezmi:home")),
        (world.province_coordinator, reverse("harezmi:program-meeting-detail", args=[meeting.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.findall(html)[:3])
    assert 'class="card card-body mb-3 pre-line"' in html


def test_session_key_rotates_on_sign_in(world, client):
    client.get(reverse("login"))
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.session.session_key
    client.post(reverse("login"), {"username": "principal", "password": PASSWORD})
    assert client.session.session_key != before and client.session["_auth_user_id"] == str(world.principal.pk)


def test_csrf_is_enforced_on_state_changes(world):
    # given a signed-in client that sends no CSRF token
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.district_manager)
    name = world.school_a1.name
    # when it posts to a page form, to the sign-out and to the API with its session
    page = client.post(reverse("org:node-edit", args=[world.school_a1.pk]), {"name": "Saldırı"})
    logout = client.post(reverse("logout"))
    api = client.post("/api/v1/nodes/", {"name": "x"}, content_type="application/json")
    # then every one is refused and nothing changed
    world.school_a1.refresh_from_db()
    assert (page.status_code, logout.status_code, api.status_code) == (403, 403, 403)
    assert world.school_a1.name == name


def test_login_is_rate_limited_per_address(world, client, settings):
    settings.IZLEM_RATE_LIMITS = {**settings.IZLEM_RATE_LIMITS, "/accounts/login/": (3, 300)}
    users = ["a1", "a2", "a3"]
    codes = [client.post(reverse("login"), {"username": u, "password": "x"}).status_code for u in users]
    blocked = client.post(reverse("login"), {"username": "principal", "password": PASSWORD})
    assert codes == [200, 200, 200] and blocked.status_code == 429
    assert "_auth_user_id" not in client.session and int(blocked["Retry-After"]) == 300


def test_password_reset_is_rate_limited_and_sends_no_more_mail(world, client, settings, mailoutbox):
    settings.IZLEM_RATE_LIMITS = {**settings.IZLEM_RATE_LIMITS, "/accounts/password_reset/": (2, 3600)}
    world.principal.email = "principal@meb.gov.tr"
    world.principal.save()
    codes = [
        client.post(reverse("password_reset"), {"email": "principal@meb.gov.tr"}).status_code
        for _i in range(4)
    ]
    assert codes == [302, 302, 429, 429] and len(mailoutbox) == 2


def test_the_api_is_throttled(world, client, settings):
    from izlem.api.services import token_create

    settings.IZLEM_API_THROTTLE_RATE = "3/minute"
    _token, key = token_create(user=world.province_manager, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    codes = [client.get("/api/v1/nodes/", **auth).status_code for _i in range(4)]
    assert codes == [200, 200, 200, 429]


# --- faults -------------------------------------------------------------------------------------------
def test_healthz_says_503_with_the_reason_when_the_database_is_down(db, client):
    with mock.patch("izlem.core.views.connection.cursor", side_effect=OperationalError("could not connect")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "reason": "OperationalError"}


def test_pages_show_a_clear_error_page_when_the_database_is_down(world, settings):
    client = Client(raise_request_exception=False)
    client.force_login(world.principal)
    settings.LANGUAGE_CODE = "en"
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("could not connect")
    ):
        response = client.get(reverse("org:node-list"))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    body = response.content.decode()
    assert "cannot reach its database" in body and "Traceback" not in body


def test_other_errors_show_the_500_page(world, settings):
    client = Client(raise_request_exception=False)
    client.force_login(world.principal)
    with mock.patch("izlem.org.views.render", side_effect=RuntimeError("boom")):
        response = client.get(reverse("org:node-list"))
    assert response.status_code == 500 and "boom" not in response.content.decode()


def _report_job(world, state, minutes_ago):
    from izlem.monitoring.models import Period
    from izlem.plans.models import Plan
    from izlem.reports.models import ReportJob

    plan = Plan.objects.create(owner=world.province, title="P", period_start=2015, period_end=2019)
    period = Period.objects.create(
        plan=plan, year=2016, half="H1", open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 1), district_due=dt.date(2016, 7, 10),
    )  # fmt: skip
    job = ReportJob.objects.create(
        kind="six_month", period=period, node=world.province, fingerprint="x", state=state
    )
    ReportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return job


@pytest.fixture
def english():
    """Assert on the English source texts (the Turkish catalogue may reword them)."""
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_a_report_job_whose_worker_died_is_failed_with_a_clear_message(world, settings):
    from django.core.management import call_command

    settings.IZLEM_JOB_TIMEOUT_MINUTES = 30
    stuck = _report_job(world, "running", minutes_ago=45)
    moving = type(stuck).objects.create(
        kind="six_month", period=stuck.period, node=world.province, fingerprint="y", state="running"
    )
    call_command("sweep_jobs")
    stuck.refresh_from_db()
    moving.refresh_from_db()
    assert stuck.state == "failed" and "background worker was interrupted" in stuck.error
    assert moving.state == "running" and moving.error == ""


def test_a_stuck_report_is_not_reused_when_requested_again(world, settings):
    from izlem.reports import services
    from izlem.reports.models import ReportJob

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    stuck = _report_job(world, "running", minutes_ago=120)
    with mock.patch("izlem.reports.services.fingerprint", return_value="x"):
        job = services.job_request(by=world.province_manager, period=stuck.period, node=world.province)
    assert job.pk != stuck.pk and ReportJob.objects.get(pk=stuck.pk).state == "failed"


@pytest.mark.usefixtures("english")
def test_a_bulk_upload_and_a_task_row_left_running_are_failed(world, settings):
    from django.core.files.base import ContentFile
    from django_tasks_db.models import DBTaskResult

    from izlem.core.jobs import stale_jobs_sweep
    from izlem.monitoring.models import BulkUpload

    settings.MEDIA_ROOT = settings.DATA_DIR / "test-media-sweep"
    period = _report_job(world, "done", 0).period
    upload = BulkUpload.objects.create(period=period, by=world.principal, file=ContentFile(b"x", "a.xlsx"))
    BulkUpload.objects.filter(pk=upload.pk).update(
        state="running", updated_at=timezone.now() - dt.timedelta(hours=2)
    )
    task = DBTaskResult.objects.create(
        status="RUNNING", args_kwargs={}, task_path="x", backend_name="default",
        run_after=timezone.now(), started_at=timezone.now() - dt.timedelta(hours=2),
    )  # fmt: skip
    counts = stale_jobs_sweep()
    upload.refresh_from_db()
    task.refresh_from_db()
    assert counts == {"reports": 0, "uploads": 1, "tasks": 1}
    assert upload.state == "failed" and "nothing was written" in upload.errors[0]
    assert task.status == "FAILED"
    upload.file.delete()
