"""Harezmi coordinator roles come only from an appointment: the generic role page and API refuse them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from izlem.org.access import APPOINTED_ROLES
from izlem.org.models import Role, RoleAssignment
from izlem.org.services import role_assign

pytestmark = pytest.mark.django_db

WHERE = {
    Role.DISTRICT_COORDINATOR: "district_a",
    Role.PROVINCE_COORDINATOR: "province",
    Role.PROVINCE_COORDINATOR_ASSISTANT: "province",
}


@pytest.mark.parametrize("role", sorted(APPOINTED_ROLES))
@pytest.mark.parametrize("by", ["sysadmin", "province_manager"])
def test_no_one_gives_a_coordinator_role_outside_an_appointment(world, role, by):
    before = RoleAssignment.objects.count()
    with pytest.raises(ValidationError) as caught:
        role_assign(by=getattr(world, by), user=world.nobody, role=role, node=getattr(world, WHERE[role]))
    assert "role" in caught.value.message_dict
    assert RoleAssignment.objects.count() == before


def test_the_system_and_the_appointment_still_give_it(world):
    role_assign(by=None, user=world.nobody, role=Role.DISTRICT_COORDINATOR, node=world.district_a)
    role_assign(
        by=world.province_manager,
        user=world.teacher,
        role=Role.DISTRICT_COORDINATOR,
        node=world.district_a,
        appointment=True,
    )
    assert (
        RoleAssignment.objects.filter(
            role=Role.DISTRICT_COORDINATOR, user__in=[world.nobody, world.teacher]
        ).count()
        == 2
    )


def test_the_role_page_does_not_offer_coordinator_roles_and_refuses_them(world, client):
    client.force_login(world.province_manager)
    url = reverse("org:user-role-new", args=[world.teacher.pk])
    page = client.get(url).content.decode()
    for role in APPOINTED_ROLES:
        assert f'value="{role}"' not in page
    response = client.post(url, {"role": Role.DISTRICT_COORDINATOR, "node": world.district_a.pk})
    assert response.status_code == 200
    assert not world.teacher.assignments.filter(role=Role.DISTRICT_COORDINATOR).exists()
