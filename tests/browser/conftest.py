"""Browser tests: Playwright driving Debian's chromium against a live server.

`playwright install` cannot download a browser here, so the launch uses /usr/bin/chromium with the
flags that keep it off the (closed) network. Static files are served by the live server from the
finders (the manifest storage would 404 on hashed names).

Helpers for the journeys: `assert_accessible` (axe-core, installed from npm by `make browser`),
`assert_fits_phone` (no sideways scrolling), `shot` (README screenshots when IZLEM_SCREENSHOTS names a
folder: `make screenshots`) and `T` (the Turkish text of an English source string, so tests find
fields by their visible labels without copying translations).
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.utils import translation

CHROMIUM = os.environ.get("IZLEM_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


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
    return {**browser_context_args, "locale": "tr-TR", "timezone_id": "Europe/Istanbul", "viewport": DESKTOP}


@pytest.fixture
def phone(browser, browser_context_args):
    """A page on a 390×844 phone screen (touch, mobile viewport)."""
    context = browser.new_context(
        **{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}
    )
    yield context.new_page()
    context.close()


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


def T(text: str) -> str:
    """The Turkish interface text of an English source string (from the compiled catalogue)."""
    with translation.override("tr"):
        return translation.gettext(text)


def assert_accessible(page) -> None:
    """Run axe-core on the page: no serious or critical violation (WCAG 2 A/AA and best practices).

    The strict CSP blocks the inline <script> that `add_script_tag` would insert, so axe is evaluated
    through the DevTools protocol instead (which the page's CSP does not govern): the CSP stays on.
    """
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `make browser`")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    report = [
        f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in bad
    ]
    assert not bad, f"{page.url}\n" + "\n".join(report)


def assert_fits_phone(page) -> None:
    """The page does not scroll sideways (wide tables scroll inside their own box)."""
    width, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def shot(page, name: str) -> None:
    """Save a README screenshot (docs/images/screens/NAME.png) when IZLEM_SCREENSHOTS is set.

    A 256-colour palette keeps each PNG commit-sized (a full-colour one is 3-5 times larger).
    """
    folder = os.environ.get("IZLEM_SCREENSHOTS")
    if not folder:
        return
    from PIL import Image

    page.wait_for_load_state("networkidle")
    image = Image.open(io.BytesIO(page.screenshot()))
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
