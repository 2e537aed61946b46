"""The organisation access matrix: role × (own, child, sibling, parent, other province) × (view, change)."""

import pytest
from django.urls import reverse

from izlem.org import access

# Where each test user sits, and which node is its own / child / sibling / parent / other province.
POSITIONS = {
    "province": {
        "own": "province",
        "child": "district_a",
        "sibling": "other_province",
        "parent": "ministry",
        "other": "other_school",
    },
    "district": {
        "own": "district_a",
        "child": "school_a1",
        "sibling": "district_b",
        "parent": "province",
        "other": "other_district",
    },
    "school": {
        "own": "school_a1",
        "child": None,
        "sibling": "school_a2",
        "parent": "district_a",
        "other": "other_school",
    },
    "ministry": {
        "own": "ministry",
        "child": "province",
        "sibling": None,
        "parent": None,
        "other": "other_school",
    },
}
USERS = {
    "sysadmin": "ministry",
    "province_manager": "province",
    "district_manager": "district",
    "planning_officer": "province",
    "unit_manager": "province",
    "province_coordinator": "province",
    "district_coordinator": "district",
    "principal": "school",
    "teacher": "school",
    "stakeholder": "province",
}
ALL = {"own", "child", "sibling", "parent", "other"}
SUBTREE = {"own", "child"}
EXPECTED = {  # user → (positions it may view, positions it may change)
    "sysadmin": (ALL, ALL),
    "province_manager": (SUBTREE, SUBTREE),
    "district_manager": (SUBTREE, SUBTREE),
    "planning_officer": (SUBTREE, SUBTREE),
    "unit_manager": (SUBTREE, set()),
    "province_coordinator": (SUBTREE, set()),
    "district_coordinator": (SUBTREE, set()),
    "principal": ({"own"}, {"own"}),
    "teacher": ({"own"}, set()),
    "stakeholder": (set(), set()),
}
CASES = [
    (username, position, action)
    for username, place in USERS.items()
    for position, node_name in POSITIONS[place].items()
    if node_name is not None
    for action in ("view", "change")
]


@pytest.mark.parametrize(("username", "position", "action"), CASES)
def test_org_access_matrix(world, verified_client, username, position, action):
    # given
    user = world.users[username]
    node = getattr(world, POSITIONS[USERS[username]][position])
    allowed = position in EXPECTED[username][0 if action == "view" else 1]
    client = verified_client.login_as(user)
    name_before = node.name
    # when
    if action == "view":
        response = client.get(reverse("org:node-detail", args=[node.pk]))
    else:
        response = client.post(
            reverse("org:node-edit", args=[node.pk]), {"name": "Değişti", "is_active": "on"}
        )
    # then
    node.refresh_from_db()
    if allowed:
        assert response.status_code == (200 if action == "view" else 302)
        if action == "change":
            assert node.name == "Değişti"
    else:
        assert response.status_code == 404
        assert node.name == name_before


def test_access_functions_agree_with_pages(world):
    # given the district manager
    user = world.district_manager
    # then the selector holds exactly the district's subtree
    visible = set(access.nodes_visible(user).values_list("code", flat=True))
    assert visible == {"2401", "700001", "700002"}


def test_ended_role_gives_no_access(world):
    # given a district manager whose role ended yesterday
    import datetime as dt

    from django.utils import timezone

    assignment = world.district_manager.assignments.get()
    assignment.start_date = timezone.localdate() - dt.timedelta(days=30)
    assignment.end_date = timezone.localdate() - dt.timedelta(days=1)
    assignment.save()
    world.district_manager._izlem_assignments = None
    # then nothing is visible
    assert not access.nodes_visible(world.district_manager).exists()
