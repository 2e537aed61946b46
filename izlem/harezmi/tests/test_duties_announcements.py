"""Coordinators' announcements to the application schools (seed §3 "iletişim kurar", §4 "iletişimde kalır")."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import Announcement
from izlem.org.models import Role
from tests.support.harezmi import approve
from tests.support.world import make_user


@pytest.fixture
def schools(world, year, approved):
    """School A1 (approved in the fixture) and A2 and B1 approved too: the year's application schools."""
    approve(year, world.school_a2)
    approve(year, world.school_b1)
    return world


def test_district_coordinator_announces_to_all_district_schools_and_they_are_told(
    world, year, schools, client
):
    a2_teacher = make_user("a2_teacher", Role.TEACHER, world.school_a2)
    b1_principal = make_user("b1_principal", Role.PRINCIPAL, world.school_b1)
    announcement = services.announcement_send(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        title="Toplantı",
        body="Cuma 14.00",
    )
    # then it went to district A's application schools only, and their principals and teachers are told
    assert set(announcement.schools.all()) == {world.school_a1, world.school_a2}
    assert announcement.all_schools and announcement.recipient_count == 3
    told = set(
        Notification.objects.filter(message__startswith="Harezmi announcement").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"principal", "teacher", "a2_teacher"}
    assert not Notification.objects.filter(recipient=b1_principal).exists()
    # and the teacher sees it on the Harezmi overview and can open it; the other district cannot
    client.force_login(a2_teacher)
    home = client.get(reverse("harezmi:home") + f"?year={year.pk}").content.decode()
    assert "Announcements to my school" in home and "Toplantı" in home
    assert client.get(reverse("harezmi:announcement-detail", args=[announcement.pk])).status_code == 200
    client.force_login(b1_principal)
    assert client.get(reverse("harezmi:announcement-detail", args=[announcement.pk])).status_code == 404
    assert (
        "Toplantı"
        not in client.get(reverse("harezmi:announcement-list") + f"?year={year.pk}").content.decode()
    )


def test_province_coordinator_announces_to_chosen_schools(world, year, schools):
    announcement = services.announcement_send(
        by=world.province_coordinator,
        program_year=year,
        node=world.province,
        title="Şenlik",
        body="Katılım",
        schools=[world.school_b1],
    )
    assert list(announcement.schools.all()) == [world.school_b1] and not announcement.all_schools
    assert announcement.recipient_count == 0  # school B1 has no principal or teacher in the test world


def test_a_district_coordinator_cannot_choose_a_school_of_another_district(world, year, schools):
    with pytest.raises(ValidationError) as error:
        services.announcement_send(
            by=world.district_coordinator,
            program_year=year,
            node=world.district_a,
            title="X",
            body="Y",
            schools=[world.school_b1],
        )
    assert "Tercan Anadolu Lisesi" in error.value.message_dict["schools"][0]
    assert not Announcement.objects.exists()
    assert not Notification.objects.filter(message__startswith="Harezmi announcement").exists()


def test_a_school_without_an_approved_application_is_not_an_application_school(world, year, approved):
    with pytest.raises(ValidationError) as error:
        services.announcement_send(
            by=world.district_coordinator,
            program_year=year,
            node=world.district_a,
            title="X",
            body="Y",
            schools=[world.school_a2],
        )
    assert set(error.value.message_dict) == {"schools"}


def test_title_and_text_are_required(world, year, schools):
    with pytest.raises(ValidationError) as error:
        services.announcement_send(
            by=world.district_coordinator, program_year=year, node=world.district_a, title=" ", body=""
        )
    assert set(error.value.message_dict) == {"title", "body"}
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("who", ["principal", "teacher", "district_manager", "province_manager", "outsider"])
def test_only_coordinators_announce_and_nothing_changes(world, year, schools, client, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.announcement_send(by=user, program_year=year, node=world.district_a, title="X", body="Y")
    client.force_login(user)
    response = client.post(
        reverse("harezmi:announcement-create") + f"?year={year.pk}",
        {"node": world.district_a.pk, "title": "X", "body": "Y"},
    )
    assert response.status_code == 404
    assert not Announcement.objects.exists()
    assert not Notification.objects.filter(message__startswith="Harezmi announcement").exists()


def test_a_district_coordinator_cannot_announce_from_the_province(world, year, schools):
    with pytest.raises(PermissionDenied):
        services.announcement_send(
            by=world.district_coordinator, program_year=year, node=world.province, title="X", body="Y"
        )
    assert not Announcement.objects.exists()


def test_the_coordinator_writes_through_the_page(world, year, schools, client):
    client.force_login(world.district_coordinator)
    page = client.get(reverse("harezmi:announcement-create") + f"?year={year.pk}").content.decode()
    assert world.school_a2.name in page and world.school_b1.name not in page
    response = client.post(
        reverse("harezmi:announcement-create") + f"?year={year.pk}",
        {"node": world.district_a.pk, "schools": [world.school_a1.pk], "title": "Sınav", "body": "Hazırlık"},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert list(announcement.schools.all()) == [world.school_a1]
    listing = client.get(reverse("harezmi:announcement-list") + f"?year={year.pk}").content.decode()
    assert "Sınav" in listing
    # the province reads it as a manager of the district
    client.force_login(world.province_coordinator)
    assert client.get(reverse("harezmi:announcement-detail", args=[announcement.pk])).status_code == 200
