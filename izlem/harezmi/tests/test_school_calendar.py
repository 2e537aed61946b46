"""The school calendar: breaks and public holidays leave planned weeks, gaps, rates, sessions and visit
suggestions (docs/harezmi.md "School calendar")."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izlem.harezmi import services
from izlem.harezmi.models import SchoolHoliday, Session, Team
from izlem.harezmi.selectors import sessions as sel
from izlem.harezmi.selectors.statistics import school_weeks as statistics_weeks
from izlem.harezmi.services.visits import application_day_suggestions

from .sessions_fixtures import TODAY, D, fixed_scene, held


@pytest.fixture
def scene(world):
    return fixed_scene(world)


def holiday(year, kind, name, first, last=None):
    return services.school_holiday_create(
        by=None, program_year=year, kind=kind, name=name, first_day=first, last_day=last or first
    )


def breaks(year):
    """The first-term break of November 2030 and the second-term break of April 2031."""
    holiday(year, "mid_term_break", "Birinci dönem ara tatili", D(2030, 11, 11), D(2030, 11, 15))
    holiday(year, "mid_term_break", "İkinci dönem ara tatili", D(2031, 4, 14), D(2031, 4, 18))


def whole_year(scene):
    return sel.session_figures(
        Team.objects.filter(pk=scene.team.pk),
        scene.year.start_date,
        scene.year.end_date,
        today=D(2031, 12, 1),
    )


# --- planned weeks -----------------------------------------------------------------------------------
def test_the_november_and_april_breaks_are_no_planned_weeks(world, scene):
    assert whole_year(scene).planned == 39  # before: 19 + 20 Wednesdays
    breaks(scene.year)
    figures = whole_year(scene)
    assert figures.planned == 37
    per_team = sel.session_figures_by_team(
        Team.objects.filter(pk=scene.team.pk),
        scene.year.start_date,
        scene.year.end_date,
        today=D(2031, 12, 1),
    )
    assert D(2030, 11, 11) not in per_team[scene.team.pk].gap_weeks
    assert D(2031, 4, 14) not in per_team[scene.team.pk].gap_weeks
    weeks = sel.school_weeks(scene.year)
    assert D(2030, 11, 11) not in weeks and D(2031, 4, 14) not in weeks and D(2030, 11, 18) in weeks


def test_a_public_holiday_on_the_team_day_takes_that_week_only_from_that_team(world, scene):
    # 23 April 2031 is a Wednesday (the team's day); 29 October 2030 is a Tuesday
    holiday(scene.year, "public_holiday", "Ulusal Egemenlik ve Çocuk Bayramı", D(2031, 4, 23))
    holiday(scene.year, "public_holiday", "Cumhuriyet Bayramı", D(2030, 10, 29))
    assert whole_year(scene).planned == 38
    assert D(2031, 4, 21) in sel.school_weeks(scene.year)  # the week stays a school week
    cell = next(c for c in sel.team_week_grid(scene.team, today=D(2031, 12, 1)) if c.monday == D(2031, 4, 21))
    assert cell.state == "holiday" and cell.holiday.name == "Ulusal Egemenlik ve Çocuk Bayramı"
    # a Thursday team of the same week keeps its session
    services.team_schedule_set(
        by=None, team=scene.unscheduled, weekday=4, first_lesson=1, effective_from=scene.year.start_date
    )
    thursday = sel.session_figures(
        Team.objects.filter(pk=scene.unscheduled.pk), D(2031, 4, 21), D(2031, 4, 27), today=D(2031, 12, 1)
    )
    assert thursday.planned == 1


def test_gaps_and_rates_leave_a_break_out(world, scene):
    services.session_record(
        by=scene.teacher, team=scene.team, week_start=D(2030, 9, 9), data=held(D(2030, 9, 11)), today=TODAY
    )
    team = Team.objects.filter(pk=scene.team.pk)
    before = sel.session_figures(team, scene.year.start_date, scene.year.end_date, today=TODAY)
    assert (before.planned, before.gaps, before.held_percent) == (4, 3, Decimal("25.0"))
    holiday(scene.year, "mid_term_break", "Deneme tatili", D(2030, 9, 16), D(2030, 9, 20))
    after = sel.session_figures(team, scene.year.start_date, scene.year.end_date, today=TODAY)
    assert (after.planned, after.gaps, after.held_percent) == (3, 2, Decimal("33.3"))


def test_statistics_weeks_leave_the_breaks_out(world, scene):
    assert statistics_weeks(scene.year, D(2030, 11, 30)) == 12
    breaks(scene.year)
    assert statistics_weeks(scene.year, D(2030, 11, 30)) == 11


# --- sessions refused --------------------------------------------------------------------------------
def test_a_session_in_a_break_week_is_refused(world, scene):
    breaks(scene.year)
    with pytest.raises(ValidationError) as error:
        services.session_record(
            by=scene.teacher,
            team=scene.team,
            week_start=D(2030, 11, 11),
            data=held(D(2030, 11, 13)),
            today=D(2030, 12, 1),
        )
    assert "Birinci dönem ara tatili" in str(error.value.message_dict["week_start"])
    assert not Session.objects.exists()


def test_a_session_held_on_a_public_holiday_is_refused_another_day_of_the_week_is_not(world, scene):
    holiday(scene.year, "public_holiday", "Ulusal Egemenlik ve Çocuk Bayramı", D(2031, 4, 23))
    with pytest.raises(ValidationError) as error:
        services.session_record(
            by=None,
            team=scene.team,
            week_start=D(2031, 4, 21),
            data=held(D(2031, 4, 23)),
            today=D(2031, 5, 1),
        )
    assert "23.04.2031" in str(error.value.message_dict["held_on"])
    assert not Session.objects.exists()
    session = services.session_record(
        by=None, team=scene.team, week_start=D(2031, 4, 21), data=held(D(2031, 4, 24)), today=D(2031, 5, 1)
    )
    assert session.held_on == D(2031, 4, 24)


# --- visit plans -------------------------------------------------------------------------------------
def test_visit_suggestions_skip_holidays(world, scene):
    dc = world.district_coordinator
    plan = services.visit_plan_create(
        by=dc, program_year=scene.year, coordinator=dc, node=world.district_a, day=D(2030, 11, 12)
    )
    assert [s["day"] for s in application_day_suggestions(plan)] == [D(2030, 11, 13)] * 2
    breaks(scene.year)
    assert application_day_suggestions(plan) == []


# --- who may enter them ------------------------------------------------------------------------------
def test_province_coordinator_enters_a_break_others_may_not(world, scene):
    holiday_row = services.school_holiday_create(
        by=world.province_coordinator,
        program_year=scene.year,
        kind="semester_break",
        name="Yarıyıl tatili",
        first_day=D(2031, 1, 20),
        last_day=D(2031, 1, 31),
    )
    assert holiday_row.pk
    for outsider in (world.district_coordinator, world.users["other_manager"], world.teacher):
        with pytest.raises(PermissionDenied):
            services.school_holiday_create(
                by=outsider,
                program_year=scene.year,
                kind="public_holiday",
                name="Yılbaşı",
                first_day=D(2031, 1, 1),
                last_day=D(2031, 1, 1),
            )
        with pytest.raises(PermissionDenied):
            services.school_holiday_delete(by=outsider, holiday=holiday_row)
    assert list(SchoolHoliday.objects.values_list("name", flat=True)) == ["Yarıyıl tatili"]


def test_a_holiday_outside_the_year_or_backwards_is_refused(world, scene):
    with pytest.raises(ValidationError) as error:
        holiday(scene.year, "public_holiday", "Dışarıda", D(2031, 7, 15))
    assert "first_day" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        holiday(scene.year, "mid_term_break", "Ters", D(2030, 11, 15), D(2030, 11, 11))
    assert "last_day" in error.value.message_dict
    assert not SchoolHoliday.objects.exists()


def test_calendar_page_lists_adds_and_removes_holidays(world, scene, client):
    client.force_login(world.province_coordinator)
    url = reverse("harezmi:holiday-create", args=[scene.year.pk])
    response = client.post(
        url,
        {
            "kind": "mid_term_break",
            "name": "Birinci dönem ara tatili",
            "first_day": "2030-11-11",
            "last_day": "2030-11-15",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("harezmi:year-calendar", args=[scene.year.pk]))
    assert "Birinci dönem ara tatili" in page.content.decode()
    row = SchoolHoliday.objects.get()
    assert client.post(reverse("harezmi:holiday-delete", args=[row.pk])).status_code == 302
    assert not SchoolHoliday.objects.exists()


def test_calendar_page_refuses_others(world, scene, client):
    row = holiday(scene.year, "public_holiday", "Yılbaşı", D(2031, 1, 1))
    client.force_login(world.district_coordinator)
    url = reverse("harezmi:holiday-create", args=[scene.year.pk])
    response = client.post(
        url, {"kind": "public_holiday", "name": "X", "first_day": "2031-01-02", "last_day": "2031-01-02"}
    )
    assert response.status_code == 404
    assert client.post(reverse("harezmi:holiday-delete", args=[row.pk])).status_code == 404
    assert list(SchoolHoliday.objects.values_list("name", flat=True)) == ["Yılbaşı"]


# --- a property over any set of holidays ---------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spans=st.lists(st.tuples(st.integers(0, 290), st.integers(0, 14)), max_size=5))
def test_no_planned_week_falls_on_a_closed_day(world, scene, spans):
    SchoolHoliday.objects.all().delete()
    for offset, length in spans:
        first = scene.year.start_date + dt.timedelta(days=offset)
        last = min(first + dt.timedelta(days=length), scene.year.end_date)
        holiday(scene.year, "public_holiday", "Tatil", first, last)
    closed = sel.closed_days(scene.year)
    year = Team.objects.select_related("program_year").get(pk=scene.team.pk)
    planned = sel.planned_weeks(
        year, scene.year.start_date, scene.year.start_date, scene.year.end_date, D(2032, 1, 1)
    )
    weeks = sel.school_weeks(scene.year)
    for monday in planned:
        assert monday in weeks
        assert sel.session_day_in(monday, 3) not in closed
    all_weeks = sel.school_weeks(scene.year, {})
    # every school-week Wednesday that is open is planned: nothing else is dropped
    expected = [m for m in all_weeks if sel.is_school_day(scene.year, sel.session_day_in(m, 3), closed)]
    assert planned == expected
