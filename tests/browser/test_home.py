"""A district user signs in and sees the Turkish home page with their district's name."""

from playwright.sync_api import expect

from tests.support.world import PASSWORD

from .conftest import sign_in


def test_district_user_sees_turkish_home_with_district_name(world, live_url, page):
    # given a district manager of Merkez
    # when they sign in through the form
    sign_in(page, live_url, "district_manager", PASSWORD)
    # then the Turkish home page greets them and names their district
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoş geldiniz")
    expect(page.get_by_role("heading", name="Merkez")).to_be_visible()
    expect(page.get_by_role("link", name="Organizasyon", exact=True)).to_be_visible()
