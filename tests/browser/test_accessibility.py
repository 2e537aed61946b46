"""Accessibility of the main pages (axe-core: no serious or critical violation), and keyboard-only use."""

from playwright.sync_api import expect

from izlem.plans.models import Indicator
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, shot, sign_in
from .test_monitoring_entry import _plan_and_period


def test_main_pages_have_no_serious_accessibility_violation(world, year, team, live_url, page):
    # given a plan with an open period and a Harezmi year with a team
    period = _plan_and_period(world)
    plan = period.plan
    indicator = Indicator.objects.get(plan=plan, code="1.1.1")
    pages = {
        "planning_officer": [
            ("/", "home"),
            ("/plans/", None),
            (f"/plans/{plan.pk}/", None),
            (f"/plans/indicators/{indicator.pk}/", "indicator"),
            (f"/monitoring/periods/{period.pk}/results/{world.province.pk}/", "rollup"),
            (f"/monitoring/periods/{period.pk}/schools/{world.province.pk}/", None),
            (f"/reports/periods/{period.pk}/", "reports"),
            (f"/reports/periods/{period.pk}/scorecard/{world.district_a.pk}/", "scorecard"),
            (f"/reports/indicators/{indicator.pk}/card/", None),
            ("/accounts/tokens/", None),
        ],
        "principal": [
            (f"/monitoring/periods/{period.pk}/entry/{world.school_a1.pk}/", None),
            (f"/harezmi/?year={year.pk}", "harezmi"),
            (f"/harezmi/teams/?year={year.pk}", None),
            (f"/harezmi/students/?year={year.pk}", None),
        ],
        "province_coordinator": [(f"/harezmi/week/?year={year.pk}", None)],
        "province_manager": [("/org/users/", "users"), ("/org/", None)],
    }
    for username, urls in pages.items():
        page.context.clear_cookies()
        sign_in(page, live_url, username, PASSWORD)
        for url, name in urls:
            # when the page is opened
            response = page.goto(live_url + url)
            # then it is there, in Turkish, and axe finds nothing serious
            assert response.status == 200, url
            expect(page.locator("html")).to_have_attribute("lang", "tr")
            assert_accessible(page)
            if name:
                shot(page, name)


def test_sign_in_and_save_with_the_keyboard_alone(world, live_url, page):
    # given the principal at the sign-in page, on the way to the school's entry page
    period = _plan_and_period(world)
    page.goto(f"{live_url}/accounts/login/?next=/monitoring/periods/{period.pk}/entry/{world.school_a1.pk}/")
    # when they Tab to each field, type, and press Enter
    page.bring_to_front()
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name === 'username'"):
            break
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type("principal")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # then they are on the school's entry page
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.school_a1.name)
    # when they Tab to the count's value, type it and press Enter (the grid moves on and saves the line)
    field = page.locator("input[name$='-value']").first
    for _ in range(60):
        if page.evaluate("() => (document.activeElement.name || '').endsWith('-value')"):
            break
        page.keyboard.press("Tab")
    expect(field).to_be_focused()
    # the focused control shows a visible outline
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    # then the line says it is saved
    row = field.locator("xpath=ancestor::tr")
    expect(row.locator(".entry-state")).to_have_text("✓ " + T("saved"))
