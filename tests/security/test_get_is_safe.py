"""A GET changes nothing: for every page and API endpoint of the authorization matrix, opened by a user the
expected table lets in, the row counts of every table stay as they were — except the logs a read may write
(sign-in attempts, sessions, the admin's log, the audit trail, the register of who read personal data)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse

from tests.security import expected
from tests.security.matrix import GATES, POST_ONLY_GATES, RULES
from tests.security.matrix.runner import fresh, with_query
from tests.security.test_matrix import gate_kwargs
from tests.support.security import USERNAMES

# Tables a read may write to: logs of access, audit and sessions.
LOGS = ("axes_", "django_session", "django_admin_log", "auditlog", "core_personaldataaccess")


def tables() -> list[str]:
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    return sorted(t for t in names if not t.startswith(LOGS) and "log" not in t.split("_", 1)[0])


def counts(names: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for name in names:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
            result[name] = cursor.fetchone()[0]
    return result


def first_reached(sw, rule):
    """(username, object) of the first user the rule lets at an object of the world."""
    for username in USERNAMES:
        for where, obj in sw.pick(rule.kind, fresh(sw.world.users[username])):
            if expected.reaches(rule.policy, username, where):
                return username, obj
    return None, None


def get_changes(client, url: str, names: list[str]) -> tuple[int, dict]:
    """GET the URL inside a savepoint that is rolled back; the tables whose row count changed."""
    with transaction.atomic():
        before = counts(names)
        status = client.get(url).status_code
        after = counts(names)
        transaction.set_rollback(True)
    return status, {t: (before[t], after[t]) for t in names if before[t] != after[t]}


@pytest.fixture(autouse=True)
def _cheap_renders(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.4 stub")


@pytest.mark.parametrize("name", sorted(RULES))
def test_a_get_of_an_object_page_changes_nothing(sw, clients, name, db):
    # given the first user the expected table lets at an object of the page's kind
    rule = RULES[name] if not isinstance(RULES[name], tuple) else RULES[name][0]
    username, obj = first_reached(sw, rule)
    if username is None:
        pytest.skip(f"nobody reaches {rule.policy} in the world")
    url = with_query(reverse(name, kwargs=rule.kwargs(obj)), rule, obj)
    # when they GET it
    status, changed = get_changes(clients[username][1 if name.startswith("api:") else 0], url, tables())
    # then no table gained or lost a row (a POST-only page answers 405 and changes nothing either)
    assert not changed, (username, url, status, changed)


@pytest.mark.parametrize("name", sorted(set(GATES) - POST_ONLY_GATES))
def test_a_get_of_a_page_without_an_object_changes_nothing(sw, clients, name, db):
    # given the first user who may open the page
    username = next((u for u in USERNAMES if expected.opens(GATES[name], u)), None)
    if username is None:
        pytest.skip(f"nobody opens {name}")
    url = reverse(name, kwargs=gate_kwargs(sw, name))
    # when they GET it
    status, changed = get_changes(clients[username][1 if name.startswith("api:") else 0], url, tables())
    # then no table gained or lost a row
    assert not changed, (username, url, status, changed)
