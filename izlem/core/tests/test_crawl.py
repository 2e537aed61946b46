"""Every link works and every page is Turkish, for every role: a crawler walks the demo as each demo user.

It starts at the home page, follows every link the page shows (same site, GET), and fails on a link that
answers 404, 403 or 500 — a link shown to someone who may not open it is a dead link too — and on a page
whose visible text is English. Downloads (PDF, workbooks, files) are only linked, not generated: their
views are tested where they are built. The walk is bounded: at most a few addresses per view and query
shape, so the whole province is covered by its kinds of pages, not by its 250 schools.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve

from izlem.ops.demo.people import DEMO_USERS
from izlem.org.models import User

PER_VIEW = 3  # addresses per view and query shape
PER_ROLE = 160  # pages per role at most

# Views that produce files or act on GET for the browser (language switch, sign-out) are not followed.
SKIPPED_NAMES = re.compile(r"pdf|xlsx|csv|file|download|export|letter|logout|setlang|schema|docs|redoc")
# English words that Turkish pages never contain in their visible text (demo data is Turkish).
ENGLISH = re.compile(
    r"\b(the|and|with|your|please|Save|Cancel|Delete|Search|Previous|Next|Submit|Edit|Back|Home|"
    r"Page not found|Forbidden|Server Error)\b"
)


class _Page(HTMLParser):
    """The links and the visible text of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "option"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "option") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _target(href: str, here: str) -> str | None:
    """The local address a link leads to, or None when it leaves the site or is not a page."""
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel", "javascript") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path or urlsplit(here).path
    if not path.startswith("/") or path.startswith(("/static/", "/media/")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _shape(url: str) -> tuple[str, tuple[str, ...]] | None:
    """The view and query keys an address stands for (None: a view the crawler does not follow)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ("404", ())
    name = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
    if SKIPPED_NAMES.search(name) or name.startswith("admin:"):
        return None
    return name, tuple(sorted(key for key, _value in parse_qsl(parts.query)))


def _sign_in(client, user):
    """Sign in, passing two-factor verification for the roles that need it."""
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user)
    device, _created = StaticDevice.objects.get_or_create(user=user, name="crawler", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def _crawl(client) -> list[str]:
    """Walk from the home page; every problem found, as one line each."""
    problems, seen, per_shape = [], set(), Counter()
    queue = deque([("/", "(start)")])
    while queue and len(seen) < PER_ROLE:
        url, source = queue.popleft()
        shape = _shape(url)
        if url in seen or shape is None or per_shape[shape] >= PER_VIEW:
            continue
        seen.add(url)
        per_shape[shape] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            continue  # a redirect is a working link; its target is linked from somewhere else too
        if response.status_code != 200:
            problems.append(f"{response.status_code} {url} (linked from {source})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        english = ENGLISH.findall(" ".join(page.text))
        if english:
            problems.append(f"English on {url}: {sorted(set(english))}")
        for href in page.links:
            target = _target(href, url)
            if target and target not in seen:
                queue.append((target, url))
    return problems


def test_every_role_finds_no_dead_link_and_no_english(db, client):
    # given the demo world, as `make demo` builds it
    call_command("demo", no_serve=True)
    problems = []
    # when each demo user walks from the home page
    for username in [entry[0] for entry in DEMO_USERS]:
        user = User.objects.get(username=username)
        _sign_in(client, user)
        problems += [f"{username}: {line}" for line in _crawl(client)]
        client.logout()
    # then no link is dead and no page is English
    assert not problems, "\n".join(problems)
