"""Organisation resources: the same scope as the pages, 404 outside it, 403 for visible-but-not-yours."""

from __future__ import annotations

import pytest

from izlem.org.models import OrgNode, Role, RoleAssignment, User
from tests.support.api import ids, results


def _names(response) -> set[str]:
    return {item["name"] for item in results(response)}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("district_manager", {"Merkez", "Atatürk Ortaokulu", "Gazi İlkokulu"}),
        ("outsider", {"Tercan", "Tercan Anadolu Lisesi"}),
        ("principal", {"Atatürk Ortaokulu"}),
        ("other_manager", {"Kars", "Kars Merkez", "Kars Fen Lisesi"}),
        ("stakeholder", set()),
        ("nobody", set()),
    ],
)
def test_nodes_are_those_in_scope(world, api, user, expected):
    assert _names(api(getattr(world, user)).get("/api/v1/nodes/")) == expected


def test_node_filters_search_and_ordering(world, api):
    client = api(world.province_manager)
    assert _names(client.get(f"/api/v1/nodes/?kind=school&under={world.district_a.pk}")) == {
        "Atatürk Ortaokulu",
        "Gazi İlkokulu",
    }
    assert _names(client.get(f"/api/v1/nodes/?parent={world.province.pk}")) == {"Merkez", "Tercan"}
    assert _names(client.get("/api/v1/nodes/?code=700003")) == {"Tercan Anadolu Lisesi"}
    assert _names(client.get("/api/v1/nodes/?search=lisesi")) == {"Tercan Anadolu Lisesi"}
    ordered = [n["code"] for n in results(client.get("/api/v1/nodes/?kind=school&ordering=-code"))]
    assert ordered == ["700003", "700002", "700001"]
    assert _names(client.get(f"/api/v1/nodes/?under={world.other_district.pk}")) == set()


def test_node_out_of_scope_is_404(world, api):
    assert api(world.other_manager).get(f"/api/v1/nodes/{world.province.pk}/").status_code == 404
    assert api(world.outsider).get(f"/api/v1/nodes/{world.school_a1.pk}/").status_code == 404


def test_principal_changes_own_school(world, api):
    r = api(world.principal).patch(
        f"/api/v1/nodes/{world.school_a1.pk}/", {"student_count": 420, "setting": "rural"}, format="json"
    )
    assert r.status_code == 200 and r.json()["student_count"] == 420 and r.json()["setting"] == "rural"
    world.school_a1.refresh_from_db()
    assert world.school_a1.student_count == 420
    assert world.school_a1.history.first().history_user == world.principal  # audited with the token's user


def test_visible_node_that_is_not_yours_to_change_is_403_and_unchanged(world, api):
    r = api(world.unit_manager).patch(f"/api/v1/nodes/{world.school_a1.pk}/", {"name": "X"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    world.school_a1.refresh_from_db()
    assert world.school_a1.name == "Atatürk Ortaokulu"


def test_node_out_of_scope_cannot_be_changed_and_stays(world, api):
    r = api(world.outsider).patch(f"/api/v1/nodes/{world.school_a1.pk}/", {"name": "X"}, format="json")
    assert r.status_code == 404
    world.school_a1.refresh_from_db()
    assert world.school_a1.name == "Atatürk Ortaokulu"


def test_node_place_in_the_tree_cannot_be_changed(world, api):
    r = api(world.sysadmin).patch(
        f"/api/v1/nodes/{world.school_a1.pk}/", {"parent": world.district_b.pk, "code": "1"}, format="json"
    )
    assert r.status_code == 200  # unknown fields are ignored …
    world.school_a1.refresh_from_db()
    assert (
        world.school_a1.parent_id == world.district_a.pk and world.school_a1.code == "700001"
    )  # … not applied


def test_units_are_reference_data(world, api):
    codes = {unit["code"] for unit in results(api(world.teacher).get("/api/v1/units/?page_size=200"))}
    assert {"temel-egitim", "strateji"} <= codes


# --- users and role assignments ------------------------------------------------------------------------


def test_people_managers_see_the_people_of_their_subtree(world, api):
    district = {
        u["username"] for u in results(api(world.district_manager).get("/api/v1/users/?page_size=200"))
    }
    assert {
        "principal",
        "teacher",
        "district_manager",
        "district_planner",
        "district_coordinator",
    } <= district
    assert not district & {"outsider", "other_manager", "planning_officer", "sysadmin"}
    principal = {u["username"] for u in results(api(world.principal).get("/api/v1/users/"))}
    assert principal == {"principal", "teacher"}


@pytest.mark.parametrize("user", ["planning_officer", "unit_manager", "teacher", "stakeholder", "nobody"])
def test_others_see_no_people(world, api, user):
    assert results(api(getattr(world, user)).get("/api/v1/users/")) == []


def test_person_out_of_scope_is_404(world, api):
    assert api(world.outsider).get(f"/api/v1/users/{world.principal.pk}/").status_code == 404
    r = api(world.district_manager).get(f"/api/v1/users/{world.principal.pk}/")
    assert r.status_code == 200 and [a["role"] for a in r.json()["assignments"]] == ["principal"]


def test_district_manager_creates_a_principal_with_the_first_role(world, api):
    # given
    new_school = OrgNode.objects.create(
        kind="school", code="700009", name="Yeni Okul", parent=world.district_a, level_primary=True
    )
    # when
    r = api(world.district_manager).post(
        "/api/v1/users/",
        {
            "username": "yeni.mudur",
            "first_name": "Yeni",
            "last_name": "Müdür",
            "role": {"role": "principal", "node": new_school.pk},
        },
        format="json",
    )
    # then
    assert r.status_code == 201, r.content
    person = User.objects.get(username="yeni.mudur")
    assignment = person.assignments.get()
    assert (assignment.role, assignment.node, assignment.granted_by) == (
        "principal",
        new_school,
        world.district_manager,
    )
    assert r.json()["assignments"][0]["node_name"] == "Yeni Okul"
    assert not person.has_usable_password()


def _create_user(client, role: str, node, *, username: str = "x"):
    """POST a new person named X Y with their first role at `node`."""
    body = {
        "username": username,
        "first_name": "X",
        "last_name": "Y",
        "role": {"role": role, "node": node.pk},
    }
    return client.post("/api/v1/users/", body, format="json")


def test_creating_a_user_outside_the_managed_subtree_is_refused_and_nothing_is_created(world, api):
    r = _create_user(api(world.district_manager), "principal", world.school_b1)
    assert r.status_code == 400 and "role.node" in r.json()["fields"]
    assert not User.objects.filter(username="x").exists()


def test_granting_a_role_one_may_not_grant_is_403_and_nothing_is_created(world, api):
    r = _create_user(api(world.principal), "principal", world.school_a1)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert not User.objects.filter(username="x").exists()


def test_a_taken_user_name_is_a_field_error(world, api):
    r = _create_user(api(world.district_manager), "teacher", world.school_a1, username="teacher")
    assert r.status_code == 400 and "username" in r.json()["fields"]


def test_service_errors_on_the_role_are_named_as_in_the_request(world, api):
    r = _create_user(api(world.sysadmin), "unit_manager", world.province)
    assert r.status_code == 400 and "role.unit" in r.json()["fields"]
    assert not User.objects.filter(username="x").exists()


def test_principal_gives_and_ends_a_teacher_role(world, api):
    client = api(world.principal)
    newcomer_id = _create_user(client, "teacher", world.school_a1, username="yeni.ogretmen").json()["id"]
    assignment = RoleAssignment.objects.get(user_id=newcomer_id)
    r = client.post(f"/api/v1/role-assignments/{assignment.pk}/end/", {}, format="json")
    assert r.status_code == 200 and r.json()["is_active"] is False  # ended now: no access from now on
    assignment.refresh_from_db()
    assert assignment.end_date is not None and assignment.ended_at is not None


def test_role_assignment_list_is_the_managed_peoples(world, api):
    listed = ids(api(world.principal).get("/api/v1/role-assignments/"))
    expected = set(
        RoleAssignment.objects.filter(user__in=[world.principal, world.teacher]).values_list("pk", flat=True)
    )
    assert listed == expected
    assert results(api(world.teacher).get("/api/v1/role-assignments/")) == []


def test_ending_a_visible_role_one_may_not_grant_is_403_and_unchanged(world, api):
    # the principal sees their own principal assignment but may only grant teacher roles
    own = RoleAssignment.objects.get(user=world.principal, role=Role.PRINCIPAL)
    r = api(world.principal).post(f"/api/v1/role-assignments/{own.pk}/end/", {}, format="json")
    assert r.status_code == 403
    own.refresh_from_db()
    assert own.end_date is None


def test_ending_a_role_out_of_scope_is_404_and_unchanged(world, api):
    theirs = RoleAssignment.objects.get(user=world.outsider)
    r = api(world.district_manager).post(f"/api/v1/role-assignments/{theirs.pk}/end/", {}, format="json")
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.end_date is None


def test_assign_a_role_to_a_managed_person(world, api):
    r = api(world.district_manager).post(
        "/api/v1/role-assignments/",
        {"user": world.teacher.pk, "role": "planning_officer", "node": world.district_a.pk},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert world.teacher.assignments.filter(role="planning_officer").exists()
    refused = api(world.district_manager).post(
        "/api/v1/role-assignments/",
        {"user": world.outsider.pk, "role": "teacher", "node": world.school_a1.pk},
        format="json",
    )
    assert refused.status_code == 400 and "user" in refused.json()["fields"]


def test_a_coordinator_role_is_refused_outside_its_appointment_with_400_and_writes_nothing(world, api):
    response = api(world.province_manager).post(
        "/api/v1/role-assignments/",
        {"user": world.teacher.pk, "role": "district_coordinator", "node": world.district_a.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "role" in response.json()["fields"]
    assert not world.teacher.assignments.filter(role="district_coordinator").exists()
