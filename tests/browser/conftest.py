"""Browser tests: Playwright driving Debian's chromium against a live server.

`playwright install` cannot download a browser here, so the launch uses /usr/bin/chromium with the
flags that keep it off the (closed) network. Static files are served by the live server from the
finders (the manifest storage would 404 on hashed names).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("IZLEM_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    """Mark every test here as a browser test; skip them plainly if chromium is missing."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not shutil.which(CHROMIUM):
                item.add_marker(
                    pytest.mark.skip(reason=f"chromium not found at {CHROMIUM}: run `make browser`")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "tr-TR", "timezone_id": "Europe/Istanbul"}


@pytest.fixture
def live_url(live_server, settings):
    """The live server's URL, with plain static storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return live_server.url


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Parola").fill(password)
    page.get_by_role("button", name="Giriş yap").click()
