"""The first weekly time of a team is announced to students and parents like a change is (seed §5)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.harezmi import selectors, services
from izlem.harezmi.models import ScheduleChange, Team
from tests.support.harezmi import consent


def _students(year, team, school, count):
    for index in range(count):
        services.student_register(
            by=None,
            program_year=year,
            school=school,
            first_name=f"Öğrenci{index}",
            last_name="K",
            grade=7,
            team=team,
            consent=consent(year.start_date),
        )


def test_a_first_time_set_without_an_announcement_is_not_announced_yet(world, year, team, client):
    # when the school sets the first time during planning, without announcing it
    change = services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    # then the record says nothing was announced, and the pages say so
    assert (change.announcement, change.announced_to, change.announced_on) == ("", 0, None)
    assert selectors.schedule_announcement(team) is None
    listed = selectors.teams_with_counts(Team.objects.filter(pk=team.pk)).get()
    assert listed.schedule_announced is False
    client.force_login(world.principal)
    detail = client.get(reverse("harezmi:team-detail", args=[team.pk]))
    assert "Not announced yet" in detail.content.decode()
    assert reverse("harezmi:team-schedule-announce", args=[team.pk]) in detail.content.decode()
    listing = client.get(reverse("harezmi:team-list") + f"?year={year.pk}")
    assert "Not announced yet" in listing.content.decode()


def test_a_first_time_set_with_its_announcement_records_it_like_a_change(world, year, team):
    _students(year, team, world.school_a1, 3)
    # when the first time is set with its announcement
    change = services.team_schedule_set(
        by=world.principal, team=team, weekday=2, first_lesson=5, announcement="Salı 5-8. dersler"
    )
    # then date, text and the number of students whose parents were told are kept
    assert change.old_weekday is None
    assert (change.announcement, change.announced_to, change.announced_on) == (
        "Salı 5-8. dersler",
        3,
        timezone.localdate(),
    )
    listed = selectors.teams_with_counts(Team.objects.filter(pk=team.pk)).get()
    assert listed.schedule_announced is True


def test_the_school_announces_the_first_time_later_on_the_same_record(world, year, team, client):
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    _students(year, team, world.school_a1, 2)
    today = timezone.localdate()
    # when the principal records the announcement through the page
    client.force_login(world.principal)
    response = client.post(
        reverse("harezmi:team-schedule-announce", args=[team.pk]),
        {"announced_on": today.isoformat(), "announcement": "Velilere duyuruldu"},
    )
    # then it goes on the first-setting record, with today's student count
    assert response.status_code == 302
    assert ScheduleChange.objects.filter(team=team).count() == 1
    change = ScheduleChange.objects.get(team=team)
    assert (change.announcement, change.announced_to, change.announced_on) == ("Velilere duyuruldu", 2, today)
    page = client.get(reverse("harezmi:team-detail", args=[team.pk])).content.decode()
    assert "Not announced yet" not in page and "the parents of 2 students" in page
    # and a second announcement is refused with the first one's date, nothing changes
    with pytest.raises(ValidationError) as error:
        services.team_schedule_announce(by=world.principal, team=team, announcement="Tekrar")
    assert today.strftime("%d.%m.%Y") in str(error.value)
    change.refresh_from_db()
    assert change.announcement == "Velilere duyuruldu"


def test_announcement_needs_a_set_time_a_text_and_a_date_not_in_the_future(world, year, team):
    with pytest.raises(ValidationError) as error:
        services.team_schedule_announce(by=world.principal, team=team, announcement="Duyuru")
    assert "Set the weekly application time" in str(error.value)
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    with pytest.raises(ValidationError) as error:
        services.team_schedule_announce(
            by=world.principal,
            team=team,
            announcement=" ",
            announced_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"announcement", "announced_on"}
    with pytest.raises(ValidationError) as error:
        services.team_schedule_announce(
            by=world.principal,
            team=team,
            announcement="Duyuru",
            announced_on=timezone.localdate() - dt.timedelta(days=3),
        )
    assert set(error.value.message_dict) == {"announced_on"}
    assert not ScheduleChange.objects.filter(team=team, announced_on__isnull=False).exists()


def test_a_change_counts_as_the_announcement_of_the_current_time(world, year, team):
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    services.team_schedule_set(
        by=world.principal, team=team, weekday=3, first_lesson=1, reason="Program", announcement="Çarşamba"
    )
    assert selectors.schedule_announcement(team).new_weekday == 3


def test_a_time_set_before_records_were_kept_gets_its_first_setting_record(world, year, team):
    Team.objects.filter(pk=team.pk).update(weekday=4, first_lesson=1)
    team.refresh_from_db()
    record = services.team_schedule_announce(by=world.principal, team=team, announcement="Perşembe")
    assert (record.old_weekday, record.new_weekday, record.new_first_lesson, record.source) == (
        None,
        4,
        1,
        "school",
    )


@pytest.mark.parametrize("who", ["teacher", "outsider", "district_coordinator_b"])
def test_only_those_who_edit_the_team_announce_and_nothing_changes(world, year, team, client, who):
    from izlem.org.models import Role
    from tests.support.world import make_user

    user = (
        make_user("dc_b", Role.DISTRICT_COORDINATOR, world.district_b)
        if who == "district_coordinator_b"
        else getattr(world, who)
    )
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    with pytest.raises(PermissionDenied):
        services.team_schedule_announce(by=user, team=team, announcement="Duyuru")
    client.force_login(user)
    response = client.post(
        reverse("harezmi:team-schedule-announce", args=[team.pk]),
        {"announced_on": timezone.localdate().isoformat(), "announcement": "Duyuru"},
    )
    assert response.status_code == 404
    assert not ScheduleChange.objects.filter(team=team, announced_on__isnull=False).exists()


def test_the_district_coordinator_of_the_school_may_announce(world, year, team):
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    record = services.team_schedule_announce(by=world.district_coordinator, team=team, announcement="Duyuru")
    assert record.announced_on == timezone.localdate()
