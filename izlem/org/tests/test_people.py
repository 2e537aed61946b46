"""Managing users and roles inside one's own scope."""

import pytest
from django.urls import reverse

from izlem.org.models import Role, RoleAssignment, User


def _create_payload(node, role=Role.TEACHER, username="yeni.ogretmen"):
    return {
        "user-username": username,
        "user-first_name": "Yeni",
        "user-last_name": "Öğretmen",
        "user-email": "",
        "user-title": "",
        "user-password": "",
        "role-role": role,
        "role-node": node.pk,
        "role-start_date": "2026-09-01",
    }


def test_district_manager_creates_teacher_in_own_district(world, client):
    # given
    client.force_login(world.district_manager)
    # when
    response = client.post(reverse("org:user-create"), _create_payload(world.school_a1))
    # then
    user = User.objects.get(username="yeni.ogretmen")
    assert response.status_code == 302
    assert list(user.assignments.values_list("role", "node__code")) == [("teacher", "700001")]


def test_district_manager_cannot_grant_in_sibling_district_and_nothing_changes(world, client):
    # given
    client.force_login(world.district_manager)
    users_before = User.objects.count()
    # when
    response = client.post(reverse("org:user-create"), _create_payload(world.school_b1))
    # then: the node is not among the choices, the form is re-shown, nothing is written
    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert not User.objects.filter(username="yeni.ogretmen").exists()


def test_principal_may_grant_only_teacher_role_at_own_school(world, client):
    client.force_login(world.principal)
    ok = client.post(reverse("org:user-create"), _create_payload(world.school_a1, username="t1"))
    refused = client.post(reverse("org:user-create"), _create_payload(world.school_a1, Role.PRINCIPAL, "t2"))
    assert ok.status_code == 302 and User.objects.filter(username="t1").exists()
    assert refused.status_code == 200 and not User.objects.filter(username="t2").exists()


def test_user_list_shows_only_people_in_scope(world, client):
    client.force_login(world.district_manager)
    response = client.get(reverse("org:user-list"))
    names = {user.username for user in response.context["page"]}
    assert "principal" in names and "teacher" in names and "district_coordinator" in names
    assert "outsider" not in names and "other_manager" not in names and "province_manager" not in names


def test_user_list_query_count_does_not_grow_with_users(world, client, django_assert_max_num_queries):
    from tests.support.world import make_user

    for index in range(30):
        make_user(f"teacher{index}", Role.TEACHER, world.school_a1)
    client.force_login(world.district_manager)
    with django_assert_max_num_queries(12):
        client.get(reverse("org:user-list"))


def test_outsider_cannot_open_or_end_a_role_out_of_scope(world, client):
    assignment = world.teacher.assignments.get()
    client.force_login(world.outsider)
    assert client.get(reverse("org:user-detail", args=[world.teacher.pk])).status_code == 404
    response = client.post(reverse("org:assignment-end", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert response.status_code == 404 and assignment.end_date is None


def test_manager_ends_a_role_in_scope(world, client):
    assignment = world.teacher.assignments.get()
    client.force_login(world.district_manager)
    response = client.post(reverse("org:assignment-end", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert response.status_code == 302 and assignment.end_date is not None


@pytest.mark.parametrize(
    "role", [Role.TEACHER, Role.STAKEHOLDER, Role.UNIT_MANAGER, Role.DISTRICT_COORDINATOR]
)
def test_roles_without_people_management_see_no_user_pages(world, client, role):
    user = next(u for u in world.users.values() if u.assignments.filter(role=role).exists())
    client.force_login(user)
    assert client.get(reverse("org:user-list")).status_code == 404
    assert client.get(reverse("org:user-create")).status_code == 404


def test_role_on_wrong_node_kind_is_refused(world):
    from django.core.exceptions import ValidationError

    from izlem.org.services import role_assign

    with pytest.raises(ValidationError):
        role_assign(by=None, user=world.nobody, role=Role.PRINCIPAL, node=world.district_a)
    assert not RoleAssignment.objects.filter(user=world.nobody).exists()


def test_an_ended_role_cannot_be_ended_again(world):
    from django.core.exceptions import ValidationError

    from izlem.org.services import role_end

    assignment = world.teacher.assignments.get()
    role_end(by=world.district_manager, assignment=assignment)
    ended_on = assignment.end_date
    with pytest.raises(ValidationError):
        role_end(by=world.district_manager, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.end_date == ended_on
