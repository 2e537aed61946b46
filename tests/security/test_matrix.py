"""The authorization matrix: every URL pattern × every role × an object that is the user's own, a child's,
a sibling's, a parent's or another province's → the answer the expected table gives.

The expected answers are data, written from the documented policy (docs/access.md, "The expected table")
and kept in tests/security/expected/ per domain: for each rule ("plan: view", "submission: decide" …),
which users of the scope world reach which positions. They are not computed by the access modules
(`izlem.<app>.access`) this matrix checks, so the matrix proves both that every URL asks its access rule
and that the rule is the documented one. Each request runs inside a savepoint that is rolled back, so
allowed state changes leave the world as it was.

To classify a new page:
1. add its URL name to a RULES table of tests/security/matrix/rules_<domain>.py with
   `on(kind, kwargs, "<rule>")` (an object page; for the API a second rule for its write actions), or to a
   GATES table (a page without an object id) with the name of a gate, or to PUBLIC or the admin prefix
   (tests/security/matrix/__init__.py). `kind` is a ScopeWorld object type (tests/security/scope_world.py);
   add one there if the page's object is new.
2. name an existing rule of the expected table if the page follows it; otherwise write the new rule in
   docs/access.md ("The expected table", the table of its domain) and the same row in
   tests/security/expected/<domain>.py — test_access_docs.py checks the two agree.
A URL pattern the table does not classify fails `test_every_url_pattern_is_classified`, so a new page
cannot slip through unchecked.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import expected
from tests.security.matrix import GATES, POST_ONLY_GATES, PUBLIC, RULES
from tests.security.matrix.kinds import On
from tests.security.matrix.runner import (
    MISSING,
    TALLY,
    api_methods,
    body_shape,
    classified,
    fresh,
    request,
    url_patterns,
    with_query,
)
from tests.support.security import USERNAMES


def test_every_url_pattern_is_classified():
    # given every URL pattern of the project
    patterns = url_patterns()
    # then each is in the rule table (a new page must say who may open it)
    missing = sorted(name for name, route in patterns if not classified(name, route))
    assert not missing, f"URL patterns the authorization matrix does not classify: {missing}"
    # and the table names no pattern that is gone
    names = {name for name, _route in patterns}
    assert not (set(RULES) | set(GATES) | PUBLIC) - names


def test_every_rule_is_in_the_expected_table():
    # given the URL table
    rules = [r for value in RULES.values() for r in (value if isinstance(value, tuple) else (value,))]
    # then each rule it names is written in the expected table, and no written rule is unused
    named = {r.policy for r in rules} | {r.acts for r in rules if r.acts}
    assert named <= set(expected.POLICIES), named - set(expected.POLICIES)
    assert set(GATES.values()) <= set(expected.GATES), set(GATES.values()) - set(expected.GATES)
    unused = set(expected.POLICIES) - named - {"org unit: switch off"}  # the switch-off: test_matrix_duties
    assert not unused and not set(expected.GATES) - set(GATES.values()), (unused, set(expected.GATES))


def test_every_openapi_operation_is_classified(db):
    # given the API's OpenAPI schema
    from django.urls import resolve

    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    unclassified = []
    operations = 0
    for path, methods in schema["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1", path)
        match = resolve(sample)
        name = f"{match.namespace}:{match.url_name}"
        for method in methods:
            if method in {"get", "post", "put", "patch", "delete"}:
                operations += 1
                rule = RULES.get(name) or GATES.get(name)
                if rule is None or (
                    method != "get"
                    and isinstance(rule, On)
                    and rule.acts is None
                    and "-list" not in name
                    and name not in {"api:value-detail"}
                ):
                    if not (isinstance(rule, str) and name.endswith("-list")):
                        unclassified.append(f"{method.upper()} {path} ({name})")
    # then every operation has a rule (a write on an object has an action rule)
    assert operations > 50
    assert not unclassified, unclassified


@pytest.fixture(autouse=True)
def _cheap_renders(monkeypatch):
    """PDF rendering is slow and irrelevant to who may open a page: render a stub instead."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.4 stub")


def expected_answer(rule: On, username: str, where: str, method: str, is_api: bool):
    """404 outside the rule's reach; for the API, 403 for a refused action on a reached object; else allowed."""
    if not expected.reaches(rule.policy, username, where):
        return 404
    acting = is_api and (method != "GET" or rule.acts_on_get) and rule.acts is not None
    if acting and not expected.reaches(rule.acts, username, where):
        return 403
    return "allowed"


OBJECT_NAMES = sorted(RULES)


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_object_matrix(sw, clients, name, db):
    # given the rule of the URL and every user × object position
    TALLY["object_pages"] += 1
    rules = RULES[name] if isinstance(RULES[name], tuple) else (RULES[name],)
    is_api = name.startswith("api:")
    mismatches = []
    for rule in rules:
        for username in USERNAMES:
            user = fresh(sw.world.users[username])
            client = clients[username][1 if is_api else 0]
            picked = sw.pick(rule.kind, user)
            assert picked or username == "nobody", f"no {rule.kind} object for {username}"
            for where, obj in picked:
                url = with_query(reverse(name, kwargs=rule.kwargs(obj)), rule, obj)
                for method in api_methods(name) if is_api else ["GET"]:
                    # when the user asks
                    response = request(client, method, url, api=is_api)
                    # then the answer is the one the expected table gives
                    expected_code = expected_answer(rule, username, where, method, is_api)
                    got = response.status_code
                    agrees = got == expected_code if expected_code != "allowed" else got not in (403, 404)
                    TALLY["checks"] += 1
                    TALLY[f"position:{where}"] += 1
                    if not agrees:
                        mismatches.append(
                            f"{username} {where} {method} {url} ({rule.policy}): "
                            f"expected {expected_code}, got {got}"
                        )
                    elif expected_code == 404:
                        TALLY["denied"] += 1
                        missing_kwargs = {
                            k: (MISSING if isinstance(v, int) else v) for k, v in rule.kwargs(obj).items()
                        }
                        missing_url = reverse(name, kwargs=missing_kwargs)
                        if rule.query is not None:
                            missing_url = with_query(missing_url, rule, obj, missing=True)
                        missing = request(client, method, missing_url, api=is_api)
                        assert missing.status_code == 404
                        assert body_shape(missing) == body_shape(response), (
                            f"{name}: a denial differs from a missing id"
                        )
    assert not mismatches, "\n".join(mismatches)


def gate_kwargs(sw, name: str) -> dict:
    if name == "harezmi:statistics-records":
        return {"key": "teachers"}  # the records behind a figure
    if name == "api:unit-detail":  # the unit catalogue is shared reference data
        from izlem.org.models import Unit

        return {"pk": Unit.objects.first().pk}
    return {}


@pytest.mark.parametrize("name", sorted(GATES))
def test_gate_matrix(sw, clients, name, db):
    # given a page without an object id
    is_api = name.startswith("api:")
    mismatches = []
    for username in USERNAMES:
        url = reverse(name, kwargs=gate_kwargs(sw, name))
        fresh(sw.world.users[username])
        # when the user opens it (sends an empty form to the pages that only take one)
        method = "POST" if name in POST_ONLY_GATES else "GET"
        response = request(clients[username][1 if is_api else 0], method, url, api=is_api)
        # then it opens exactly for those the expected table lets in (denied: 403/404, or sent home)
        allowed = expected.opens(GATES[name], username)
        got = response.status_code
        TALLY["checks"] += 1
        denied = got in (403, 404) or (got == 302 and response.url in ("/", reverse("home")))
        if allowed == denied:
            mismatches.append(
                f"{username} {url} ({GATES[name]}): expected {'allowed' if allowed else 'denied'}, got {got}"
            )
    assert not mismatches, "\n".join(mismatches)


def test_admin_is_staff_only(sw, clients, db):
    # given every admin URL with an object id filled in
    public = {"admin:login", "admin:logout", "admin:jsi18n"}  # the admin's own sign-in pages
    admin_urls = [
        route for name, route in url_patterns() if route.startswith("admin/") and name not in public
    ]
    # the admin's gate is the staff flag, not a role: the most and the least privileged roles and two
    # in between stand for all of them (every role was checked here until the suite had to get faster)
    for username in ("sysadmin", "province_manager", "teacher", "nobody"):
        client = clients[username][0]
        for route in admin_urls:
            url = "/" + re.sub(r"<[^>]+>", "1", route).replace("^", "").replace("$", "")
            url = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "x", url)
            # when a non-staff user opens it
            response = request(client, "GET", url, api=False)
            TALLY["checks"] += 1
            # then the admin sends them to its sign-in (or does not know the URL): never a page
            assert response.status_code in (302, 404), (username, url, response.status_code)
            if response.status_code == 302:
                assert "/admin/login/" in response.url


def test_matrix_size_and_positions():
    # given the tally of the matrix tests of this module (run before this one)
    # The tally is per process: under xdist the object pages are spread over the workers, and a worker
    # that ran only some of them may have met no "own" position although the run as a whole did.
    if TALLY["object_pages"] != len(OBJECT_NAMES):
        pytest.skip("run in the same process as every object page of the matrix (e.g. -n 0)")
    # then every position was exercised, every user at an object, and the matrix is as large as it was
    for where in ("own", "child", "sibling", "parent", "other"):
        assert TALLY[f"position:{where}"] > 0, where
    assert TALLY["checks"] > 10_000, dict(TALLY)
    assert 0 < TALLY["denied"] < TALLY["checks"], dict(TALLY)
