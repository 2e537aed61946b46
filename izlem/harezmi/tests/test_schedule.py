"""Weekly application hours: set, changed with an announcement, balanced by the district (fully or partly)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.core.models import Notification
from izlem.harezmi import selectors, services
from izlem.harezmi.models import ScheduleChange, Team
from tests.support.harezmi import approve, before_start, consent, doc, trained


def test_school_sets_a_teams_day_and_four_lesson_hours(world, year, team):
    # when
    change = services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    # then
    team.refresh_from_db()
    assert (team.weekday, team.first_lesson) == (2, 5)
    assert team.lesson_hours == [
        (5, "preparation"),
        (6, "application"),
        (7, "application"),
        (8, "evaluation"),
    ]
    assert (change.old_weekday, change.new_weekday, change.source) == (None, 2, "school")


def test_a_change_needs_its_reason_and_announcement_and_is_recorded(world, year, team):
    # given a set time and two students
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    for name in ("A", "B"):
        services.student_register(
            by=None,
            program_year=year,
            school=world.school_a1,
            first_name=name,
            last_name="K",
            grade=7,
            team=team,
            consent=consent(year.start_date),
        )
    # when changed without an announcement: refused, nothing changes
    with pytest.raises(ValidationError) as error:
        services.team_schedule_set(by=world.principal, team=team, weekday=4, first_lesson=1)
    assert set(error.value.message_dict) == {"announcement", "reason"}
    team.refresh_from_db()
    assert team.weekday == 2 and ScheduleChange.objects.count() == 1
    # when changed with them
    change = services.team_schedule_set(
        by=world.principal, team=team, weekday=4, first_lesson=1, reason="Program", announcement="Gün değişti"
    )
    # then
    assert (change.old_weekday, change.old_first_lesson, change.new_weekday, change.new_first_lesson) == (
        2,
        5,
        4,
        1,
    )
    assert change.announced_to == 2 and change.announcement == "Gün değişti"
    assert Notification.objects.filter(recipient=world.teacher, message__contains="Thursday").count() == 1


def test_unavailable_day_and_hours_outside_the_day_are_refused(world, year, team, approved):
    services.application_settings_update(by=None, application=approved, unavailable_weekdays=[5])
    with pytest.raises(ValidationError) as error:
        services.team_schedule_set(by=world.principal, team=team, weekday=5, first_lesson=6)
    assert set(error.value.message_dict) == {"weekday", "first_lesson"}
    team.refresh_from_db()
    assert team.weekday is None


def test_teacher_cannot_set_the_time(world, year, team):
    with pytest.raises(PermissionDenied):
        services.team_schedule_set(by=world.teacher, team=team, weekday=2, first_lesson=1)


def test_the_district_week_shows_the_load_and_the_conflicts(world, year, crowded):
    week = selectors.district_week(year, world.district_a)
    assert week.loads() == {1: 0, 2: 0, 3: 4, 4: 0, 5: 0}
    assert len(week.problems()) == 6  # every pair of the four schools overlaps for the coordinator


def test_balancing_applied_fully_spreads_the_schools_and_announces(world, year, crowded):
    # when the district coordinator applies the whole proposal
    changes = services.balancing_apply(
        by=world.district_coordinator, program_year=year, district=world.district_a
    )
    # then: one school per day, no conflict left, each move recorded and announced
    week = selectors.district_week(year, world.district_a)
    assert sorted(week.loads().values()) == [0, 1, 1, 1, 1] and week.problems() == []
    assert len(changes) == 3 and {c.source for c in changes} == {"balancing"}
    assert all("changes from Wednesday" in c.announcement for c in changes)
    assert (
        Notification.objects.filter(
            recipient=world.principal, message__contains="changes from Wednesday"
        ).count()
        <= 1
    )


def test_balancing_applied_partly(world, year, crowded):
    # given the proposal's moves
    week = selectors.district_week(year, world.district_a)
    moves = selectors.district_proposal(week).moves
    # when only the first move is applied
    services.balancing_apply(
        by=world.district_coordinator, program_year=year, district=world.district_a, keys=[moves[0].key]
    )
    # then only that team moved
    week = selectors.district_week(year, world.district_a)
    assert week.loads()[3] == 3 and sum(week.loads().values()) == 4
    assert ScheduleChange.objects.filter(source="balancing").count() == 1


def test_a_partial_application_that_would_overlap_is_refused_and_nothing_changes(world, year):
    # given one coordinator, afternoon blocks: P on Monday (Mon/Tue only), Q and R on Wednesday
    # (Q: Mon/Wed only, R: Wednesday only); the proposal moves Q to Monday and P to Tuesday
    from izlem.org.models import OrgNode
    from tests.support.world import make_user

    coordinator = make_user("koord", "teacher", world.school_a2)
    trained(coordinator)
    services.coordinator_appoint(
        by=None,
        program_year=year,
        kind="district_coordinator",
        unit="district_private_office",
        person=coordinator,
        node=world.district_a,
        employment="full_time",
        petition=doc(year.start_date),
        start_letter=doc(year.start_date, "E-1"),
    )
    school_r = OrgNode.objects.create(kind="school", code="700100", name="Okul R", parent=world.district_a)
    teams = {}
    for name, school, blocked, day in (
        ("P", world.school_a1, [3, 4, 5], 1),
        ("Q", world.school_a2, [2, 4, 5], 3),
        ("R", school_r, [1, 2, 4, 5], 3),
    ):
        application = approve(year, school, 1)
        services.application_settings_update(by=None, application=application, unavailable_weekdays=blocked)
        teams[name] = services.team_create(by=None, program_year=year, school=school, name="Ekip 1")
        services.team_schedule_set(by=None, team=teams[name], weekday=day, first_lesson=5)
    week = selectors.district_week(year, world.district_a)
    moves = {m.key: (m.from_day, m.to_day) for m in selectors.district_proposal(week).moves}
    q_key = f"{world.school_a2.pk}-3-5"
    assert moves == {f"{world.school_a1.pk}-1-5": (1, 2), q_key: (3, 1)}
    # when only Q's move is applied (it would meet P on Monday afternoon)
    with pytest.raises(ValidationError, match="same time"):
        services.balancing_apply(
            by=world.district_coordinator, program_year=year, district=world.district_a, keys=[q_key]
        )
    # then nothing changed
    assert {name: Team.objects.get(pk=t.pk).weekday for name, t in teams.items()} == {"P": 1, "Q": 3, "R": 3}
    assert ScheduleChange.objects.filter(source="balancing").count() == 0
    # and applying both works
    services.balancing_apply(by=world.district_coordinator, program_year=year, district=world.district_a)
    assert {name: Team.objects.get(pk=t.pk).weekday for name, t in teams.items()} == {"P": 2, "Q": 1, "R": 3}


def test_principal_and_outsider_cannot_balance_and_nothing_changes(world, year, crowded, client):
    for user in (world.principal, world.outsider, world.teacher):
        client.force_login(user)
        response = client.post(
            reverse("harezmi:week-apply", args=[world.district_a.pk]), {"year": year.pk, "all": "1"}
        )
        assert response.status_code == 404
    assert set(Team.objects.values_list("weekday", flat=True)) == {3}
    with pytest.raises(PermissionDenied):
        services.balancing_apply(by=world.principal, program_year=year, district=world.district_a)


def test_district_coordinator_balances_through_the_pages(world, year, crowded, client):
    client.force_login(world.district_coordinator)
    url = reverse("harezmi:week-proposal", args=[world.district_a.pk]) + f"?year={year.pk}"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    keys = [m["move"].key for m in fragment.context["moves"]]
    response = client.post(
        reverse("harezmi:week-apply", args=[world.district_a.pk]), {"year": year.pk, "move": keys}
    )
    assert response.status_code == 302
    assert sorted(selectors.district_week(year, world.district_a).loads().values()) == [0, 1, 1, 1, 1]


def test_teams_of_one_school_at_the_same_time_are_one_session(world, year, approved):
    teams = [
        services.team_create(by=None, program_year=year, school=world.school_a1, name=n) for n in ("1", "2")
    ]
    for team in teams:
        services.team_schedule_set(by=None, team=team, weekday=2, first_lesson=1)
    week = selectors.district_week(year, world.district_a)
    assert [(s.team_count, s.day) for s in week.sessions] == [(2, 2)]
    assert week.team_loads()[2] == 2 and week.loads()[2] == 1


def test_inactive_teacher_is_not_counted_on_the_schedule(world, year, team, teacher2):
    from tests.support.harezmi import doc

    services.teacher_assignment_add(
        by=world.principal, team=team, teacher=teacher2, petition=doc(year.start_date), justification="Destek"
    )
    services.teacher_assignment_add(by=None, team=team, teacher=world.principal, today=before_start(year))
    counted = selectors.teams_with_counts(Team.objects.filter(pk=team.pk)).get()
    assert (counted.teacher_count, counted.pending_count) == (2, 1)


def test_an_already_balanced_week_is_said_so_once(world, year, team, client):
    # given one session in the district: no week is better
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    client.force_login(world.district_coordinator)
    # when the proposal is asked for
    response = client.get(reverse("harezmi:week-proposal", args=[world.district_a.pk]) + f"?year={year.pk}")
    # then it says so, once, and offers nothing to apply
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("The week is already balanced: nothing to change.") == 1
    assert "Apply all" not in body
