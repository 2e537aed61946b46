"""Enumeration sweep: users walk every id of every object type through pages, file downloads, exports
and the API, and throw out-of-scope ids into list filters, search and report parameters: nothing
outside their scope comes back (a 404 without data, or a list without the foreign rows)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from tests.security.expected import reaches
from tests.security.matrix import RULES
from tests.security.matrix.runner import fresh, request, with_query
from tests.security.scope_world import home_node, position

WALKERS = ("outsider", "other_manager", "teacher", "principal", "stakeholder")
# Rules that depend on more than the place (docs/access.md, "The expected table"): the person's own
# credentials and the roles a principal manages at their own school, a district's training a teacher
# attends. There the table's cell is true of the world's object the matrix tries, not of every object at
# that position: the walk leaves those positions to the matrix.
BY_OBJECT = {"token": {"own"}, "totp-device": {"own"}, "assignment": {"own"}, "course": {"parent"}}
# Single-id URLs walked over every id of their type, plus ids that do not exist.
WALKED = sorted(
    name for name, rule in RULES.items() if not isinstance(rule, tuple) and rule.kind not in {"period_node"}
)


@pytest.mark.parametrize("name", WALKED)
def test_walk_every_id(sw, clients, name, db):
    rule = RULES[name]
    is_api = name.startswith("api:")
    objects = sw.objects[rule.kind]
    for username in WALKERS:
        user = fresh(sw.world.users[username])
        client = clients[username][1 if is_api else 0]
        for anchor, obj in objects:
            where = position(home_node(user), anchor)
            if reaches(rule.policy, username, where) or where in BY_OBJECT.get(rule.kind, ()):
                continue
            # when the user walks an id outside their scope
            url = with_query(reverse(name, kwargs=rule.kwargs(obj)), rule, obj)
            response = request(client, "GET", url, api=is_api)
            # then nothing comes back: a 404 (or 405 where only a POST exists), never the object's data
            assert response.status_code in (404, 405), (username, name, obj.pk, response.status_code)
            if response.status_code == 405:
                response = request(client, "POST", url, api=is_api)
                assert response.status_code == 404, (username, name, obj.pk, response.status_code)


def markers(sw, user) -> dict[str, str]:
    """Texts that identify objects outside the user's scope: student surnames, team names, plan titles."""
    found = {}
    for kind, name, text in (
        ("student", "harezmi:student-detail", lambda o: o.last_name),
        ("team", "harezmi:team-detail", lambda o: o.name),
        ("plan", "plans:plan-detail", lambda o: o.title),
    ):
        for anchor, obj in sw.objects[kind]:
            if not reaches(RULES[name].policy, user.username, position(home_node(user), anchor)):
                found[text(obj)] = kind
    return found


def page_text(response) -> str:
    """The page, or the cells of an XLSX export, as text."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r if c
        )
    return response.content.decode(errors="replace")


LISTS = [
    "org:node-list", "org:user-list", "plans:plan-list", "plans:search", "monitoring:home", "reports:dashboard-xlsx",
    "reports:publication-list", "harezmi:home", "harezmi:application-list", "harezmi:team-list",
    "harezmi:student-list", "harezmi:staff-ledger", "harezmi:meeting-list", "harezmi:training-list",
    "harezmi:appointment-list", "harezmi:week",
]  # fmt: skip


@pytest.mark.parametrize("name", LISTS)
def test_filters_with_foreign_ids_return_no_foreign_rows(sw, clients, name, db):
    for username in WALKERS:
        user = fresh(sw.world.users[username])
        foreign = markers(sw, user)
        for kind in ("node", "year", "team", "plan", "period", "student"):
            for _anchor, obj in sw.objects.get(kind, []):
                # when a list is filtered by someone else's id (and searched for their names)
                params = {p: obj.pk for p in ("parent", "node", "school", "year", "team", "plan", "period")}
                params["q"] = "Öğrenci"
                response = clients[username][0].get(reverse(name), params)
                # then no foreign row is shown
                assert response.status_code in (200, 302, 400, 403, 404), (name, response.status_code)
                if response.status_code == 200:
                    text = page_text(response)
                    leaked = [m for m in foreign if m in text]
                    assert not leaked, (username, name, kind, leaked)


@pytest.mark.parametrize("username", ("outsider", "other_manager", "teacher"))
def test_api_list_filters_return_only_visible_rows(sw, clients, db, username):
    # given each API list with the schema's id filters
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    # every table's first rows (the world creates them across both provinces) and the highest id: each
    # filter is tried with ids that name objects inside and outside the walker's scope
    every = sorted({obj.pk for objects in sw.objects.values() for _a, obj in objects if hasattr(obj, "pk")})
    ids = every[:5] + every[-1:]
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        params = [
            p["name"] for p in operations["get"].get("parameters", [])
            if p.get("in") == "query" and p.get("schema", {}).get("type") == "integer"
            and p["name"] not in ("page", "page_size")
        ]  # fmt: skip
        detail = re.sub(r"/$", "/{id}/", path)
        api = clients[username][1]
        checked: set[int] = set()
        for param in params or [None]:
            for value in ids if param else [None]:
                # when the list is filtered by any id
                response = api.get(path, {param: value} if param else {})
                assert response.status_code in (200, 400, 403, 404), (path, param, response.status_code)
                if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
                    continue  # a file (the values export) holds no rows to open one by one
                if "results" not in response.json():
                    continue
                # then every row it returns is one the user may open on its own
                for row in response.json()["results"]:
                    if "id" in row and detail in schema["paths"] and row["id"] not in checked:
                        checked.add(row["id"])
                        got = api.get(detail.replace("{id}", str(row["id"])))
                        assert got.status_code == 200, (username, path, param, value, row["id"])
                if not param:
                    break
