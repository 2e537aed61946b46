"""A teacher logs a week's session on a phone (390×844): the plan, what was done, attendance."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from izlem.harezmi import services
from izlem.harezmi.models import Absence, Session
from izlem.harezmi.tests.test_sessions_pages import past_weeks
from tests.support.harezmi import consent
from tests.support.world import PASSWORD

from .conftest import sign_in

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_teacher_logs_a_session_on_a_phone(world, year, team, live_url, page):
    # given a Wednesday team with two students and a past week without a session
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5, effective_from=year.start_date)
    ada, can = (
        services.student_register(
            by=None,
            program_year=year,
            school=world.school_a1,
            first_name=first,
            last_name="Kaya",
            grade=7,
            team=team,
            consent=consent(year.start_date),
        )
        for first in ("Ada", "Can")
    )
    week = past_weeks(team)[-1]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_url, "teacher", PASSWORD)
    # when the teacher opens the team's weeks and logs that week
    page.goto(f"{live_url}/harezmi/teams/{team.pk}/sessions/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.locator(f"a[href$='/sessions/{week.isoformat()}/']").click()
    expect(page.locator("textarea[name=activities]")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.locator("input[name=state][value=held]").check()
    page.locator("input[name=held_on]").fill((week + dt.timedelta(days=2)).isoformat())
    page.locator("textarea[name=plan]").fill("Algoritma kartları")
    page.locator("textarea[name=activities]").fill("Trafik lambası kodlandı")
    page.locator("textarea[name=evaluation]").fill("Takımlar hedefe ulaştı")
    page.locator("textarea[name=plan_update]").fill("Haftaya sensörler")
    page.locator(f"input[name=students_present][value='{can.pk}']").uncheck()
    page.locator("form.session-form button[type=submit]").click()
    # then the grid shows the week held and the session is stored with its attendance
    expect(page.locator(f"a[href$='/sessions/{week.isoformat()}/']")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    session = Session.objects.get(team=team, week_start=week)
    assert session.state == "held" and session.activities == "Trafik lambası kodlandı"
    assert dict(session.student_attendance.values_list("student_id", "present")) == {
        ada.pk: True,
        can.pk: False,
    }
    assert session.teacher_attendance.get().present


def test_teacher_reports_an_absence_on_a_phone(world, year, team, live_url, page):
    # given a teacher of the team who will be on sick leave for two days
    first = timezone.localdate() + dt.timedelta(days=1)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_url, "teacher", PASSWORD)
    # when they report it from the phone
    page.goto(f"{live_url}/harezmi/absences/new/?year={year.pk}")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.locator("select[name=kind]").select_option("sick")
    page.locator("input[name=starts_on]").fill(first.isoformat())
    page.locator("input[name=ends_on]").fill((first + dt.timedelta(days=1)).isoformat())
    page.locator("main form button[type=submit]").click()
    # then the list confirms it and the district coordinator has been told
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    absence = Absence.objects.get(teacher=world.teacher, program_year=year)
    assert absence.kind == "sick" and absence.starts_on == first
    assert world.district_coordinator.notifications.exists()


def test_the_harezmi_menu_folds_on_a_phone_and_the_weeks_open_at_this_week(world, year, team, live_url, page):
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5, effective_from=year.start_date)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_url, "teacher", PASSWORD)
    page.goto(f"{live_url}/harezmi/teams/{team.pk}/sessions/")
    # the list of weeks opened at this week, not at the year's first one
    expect(page.locator("#this-week")).to_be_in_viewport()
    # on a phone: one button, the sections hidden until it is pressed
    toggle = page.locator("nav.harezmi-menu button[data-bs-toggle=collapse]")
    sections = page.locator("#harezmi-menu-items")
    expect(toggle).to_be_visible()
    expect(sections).to_be_hidden()
    toggle.click()
    expect(sections).to_be_visible()
    # on a desktop screen: the sections are shown and the button is not
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(page.locator("#harezmi-menu-items")).to_be_visible()
    expect(page.locator("nav.harezmi-menu button[data-bs-toggle=collapse]")).to_be_hidden()
