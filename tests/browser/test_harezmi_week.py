"""A district coordinator balances the district's Harezmi week in the browser."""

from playwright.sync_api import expect

from izlem.core.testing import PASSWORD
from izlem.harezmi import selectors
from izlem.harezmi.tests.conftest import year  # noqa: F401 - fixture
from izlem.harezmi.tests.test_schedule import crowded  # noqa: F401 - fixture

from .conftest import sign_in


def test_district_coordinator_balances_the_week(world, year, crowded, live_url, page):  # noqa: F811
    # given four schools of the district all on Wednesday at the same hours
    assert selectors.district_week(year, world.district_a).loads()[3] == 4
    sign_in(page, live_url, "district_coordinator", PASSWORD)
    # when the coordinator asks for a proposal and applies all of it
    page.goto(f"{live_url}/harezmi/week/{world.district_a.pk}/?year={year.pk}")
    page.get_by_role("link", name="Dengeli bir hafta öner").click()
    expect(page.get_by_role("heading", name="Önerilen dengeli hafta")).to_be_visible()
    page.get_by_role("button", name="Tümünü uygula").click()
    # then the week is spread: one school a day, no clash left
    expect(page.get_by_role("status").first).to_be_visible()
    week = selectors.district_week(year, world.district_a)
    assert sorted(week.loads().values()) == [0, 1, 1, 1, 1] and week.problems() == []
