"""District coordinator, on a phone: balances the district's Harezmi week."""

from playwright.sync_api import expect

from izlem.harezmi import selectors
from izlem.harezmi.models import Visit
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, assert_fits_phone, shot, sign_in


def test_district_coordinator_balances_the_week(world, year, crowded, live_url, phone):
    # given four schools of the district all on Wednesday at the same hours
    assert selectors.district_week(year, world.district_a).loads()[3] == 4
    page = phone
    sign_in(page, live_url, "district_coordinator", PASSWORD)
    # when the coordinator opens the week on a phone and asks for a proposal
    page.goto(f"{live_url}/harezmi/week/{world.district_a.pk}/?year={year.pk}")
    assert_fits_phone(page)
    assert_accessible(page)
    shot(page, "phone-week")
    page.get_by_role("link", name=T("Propose a balanced week")).click()
    expect(page.get_by_role("heading", name=T("Proposed balanced week"))).to_be_visible()
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name=T("Apply all")).click()
    # then the week is spread: one school a day, no clash left
    expect(page.get_by_role("status").first).to_be_visible()
    assert_fits_phone(page)
    week = selectors.district_week(year, world.district_a)
    assert sorted(week.loads().values()) == [0, 1, 1, 1, 1] and week.problems() == []


def test_district_coordinator_records_a_visit(world, year, crowded, live_url, phone):
    # given a district coordinator on a phone after a morning at a school of the district
    page = phone
    sign_in(page, live_url, "district_coordinator", PASSWORD)
    # when they record the visit with what they observed
    page.goto(f"{live_url}/harezmi/visits/new/?year={year.pk}")
    assert_fits_phone(page)
    assert_accessible(page)
    page.locator("select[name=school]").select_option(str(world.school_a1.pk))
    page.locator("select[name=purpose]").select_option("application_hours")
    page.locator("textarea[name=observations]").fill("Takımlar sensör projesine başladı.")
    page.get_by_role("button", name=T("Save")).click()
    # then the visit page shows it and asks for the follow-up actions
    expect(page.get_by_text("Takımlar sensör projesine başladı.")).to_be_visible()
    assert_fits_phone(page)
    visit = Visit.objects.get(program_year=year, school=world.school_a1)
    assert visit.coordinator == world.district_coordinator and visit.purpose == "application_hours"
