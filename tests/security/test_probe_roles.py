"""The outside probe's findings 7 and 8 (issue 16), tried black-box through the API and the pages
(findings 2 and 3: test_probe_duties.py):

7. an ended role stops granting access at once — for a token and for a session — and a role given today
   can be revoked today;
8. a people manager sees only the role assignments held inside the subtree they manage, and one outside
   answers exactly like a missing id.

Every refused request leaves the data as it was; the tests check that, not only the status.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from izlem.org.models import Role, RoleAssignment
from izlem.org.services import role_assign
from tests.support.api import results
from tests.support.security import assignments_snapshot
from tests.support.world import make_user

MISSING = 987654
DAY = dt.timedelta(days=1)


@pytest.fixture
def web(db):
    """`web(user)` → a signed-in page client (no administrator signs in here: no second factor needed)."""

    def client_for(user):
        from django.test import Client

        client = Client(HTTP_ACCEPT_LANGUAGE="tr")
        client.force_login(user)
        return client

    return client_for


# --- 7. an ended role stops granting access at once -------------------------------------------------------------


def test_a_token_loses_the_school_the_moment_its_role_ends(world, api):
    teacher = api(world.teacher)
    url = f"/api/v1/nodes/{world.school_a1.pk}/"
    assert teacher.get(url).status_code == 200
    assignment = world.teacher.assignments.get()
    r = api(world.principal).post(f"/api/v1/role-assignments/{assignment.pk}/end/", {}, format="json")
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert teacher.get(url).status_code == 404
    assert results(teacher.get("/api/v1/nodes/")) == []


def test_a_session_loses_the_school_the_moment_its_role_ends(world, web):
    teacher = web(world.teacher)
    url = f"/org/nodes/{world.school_a1.pk}/"
    assert teacher.get(url).status_code == 200
    assignment = world.teacher.assignments.get()
    web(world.principal).post(f"/org/assignments/{assignment.pk}/end/")
    assert teacher.get(url).status_code == 404


def test_a_role_given_today_is_revoked_today(world, api):
    principal = api(world.principal)
    # a person the principal manages: give them a teacher role at the school today, through the API
    newcomer_id = principal.post(
        "/api/v1/users/",
        {
            "username": "yeni.ogretmen",
            "first_name": "A",
            "last_name": "B",
            "role": {"role": "teacher", "node": world.school_a1.pk},
        },
        format="json",
    ).json()["id"]
    assignment = RoleAssignment.objects.get(user_id=newcomer_id)
    assert assignment.start_date == timezone.localdate()
    from izlem.org.models import User

    token = api(User.objects.get(pk=newcomer_id))
    assert token.get(f"/api/v1/nodes/{world.school_a1.pk}/").status_code == 200
    r = principal.post(f"/api/v1/role-assignments/{assignment.pk}/end/", {}, format="json")
    assert r.status_code == 200, r.content
    assert token.get(f"/api/v1/nodes/{world.school_a1.pk}/").status_code == 404
    again = principal.post(f"/api/v1/role-assignments/{assignment.pk}/end/", {}, format="json")
    assert again.status_code == 400


def test_an_ended_role_still_counts_on_the_days_it_was_held(world):
    assignment = world.teacher.assignments.get()
    assignment.start_date = timezone.localdate() - 10 * DAY
    assignment.save(update_fields=["start_date"])
    from izlem.org.services import role_end

    role_end(by=world.principal, assignment=assignment)
    yesterday = timezone.localdate() - DAY
    assert RoleAssignment.objects.active(on=yesterday).filter(pk=assignment.pk).exists()
    assert not RoleAssignment.objects.active().filter(pk=assignment.pk).exists()


def test_a_role_not_started_yet_is_revoked_and_never_starts(world, api):
    tomorrow = timezone.localdate() + DAY
    someone = make_user("gelecek", Role.TEACHER, world.school_a1)
    future = role_assign(by=None, user=someone, role=Role.TEACHER, node=world.school_a2, start_date=tomorrow)
    r = api(world.district_manager).post(f"/api/v1/role-assignments/{future.pk}/end/", {}, format="json")
    assert r.status_code == 200, r.content
    future.refresh_from_db()
    assert future.end_date == tomorrow and future.ended_at is not None
    assert not RoleAssignment.objects.active(on=tomorrow).filter(pk=future.pk).exists()


# --- 8. a people manager sees only the roles inside their scope -------------------------------------------------


@pytest.fixture
def elsewhere(world):
    """The teacher of A1 also teaches at school B1 (Tercan): a role outside A1's principal's scope."""
    return role_assign(by=None, user=world.teacher, role=Role.TEACHER, node=world.school_b1)


@pytest.mark.parametrize("manager", ["principal", "district_manager"])
def test_api_user_shows_only_the_roles_inside_the_scope(world, api, elsewhere, manager):
    body = api(getattr(world, manager)).get(f"/api/v1/users/{world.teacher.pk}/").json()
    assert {a["node"] for a in body["assignments"]} == {world.school_a1.pk}


@pytest.mark.parametrize("manager", ["principal", "district_manager"])
def test_api_role_outside_the_scope_is_like_a_missing_id(world, api, elsewhere, manager):
    client = api(getattr(world, manager))
    before = assignments_snapshot()
    for suffix, method in (("", "get"), ("end/", "post")):
        outside = getattr(client, method)(f"/api/v1/role-assignments/{elsewhere.pk}/{suffix}")
        missing = getattr(client, method)(f"/api/v1/role-assignments/{MISSING}/{suffix}")
        assert outside.status_code == missing.status_code == 404
        assert outside.json() == missing.json()
    assert elsewhere.pk not in {a["id"] for a in results(client.get("/api/v1/role-assignments/"))}
    assert assignments_snapshot() == before


@pytest.mark.parametrize("query", ["node={b1}", "role=teacher&node={b1}"])
def test_api_user_filters_do_not_reveal_roles_outside(world, api, elsewhere, query):
    r = api(world.principal).get("/api/v1/users/?" + query.format(b1=world.school_b1.pk))
    assert r.status_code == 200 and results(r) == []


def test_the_district_above_sees_both(world, api, elsewhere):
    body = api(world.province_manager).get(f"/api/v1/users/{world.teacher.pk}/").json()
    assert {a["node"] for a in body["assignments"]} == {world.school_a1.pk, world.school_b1.pk}


def test_pages_show_only_the_roles_inside_the_scope(world, web, elsewhere):
    client = web(world.principal)
    detail = client.get(f"/org/users/{world.teacher.pk}/").content.decode()
    listing = client.get("/org/users/").content.decode()
    assert world.school_a1.name in detail
    assert world.school_b1.name not in detail and world.school_b1.name not in listing
    before = assignments_snapshot()
    outside = client.post(f"/org/assignments/{elsewhere.pk}/end/")
    missing = client.post(f"/org/assignments/{MISSING}/end/")
    assert outside.status_code == missing.status_code == 404
    assert assignments_snapshot() == before
