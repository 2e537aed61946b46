"""Real screens (1280×800): no table cut off, sticky headers on long tables, contents on long reports.

The plan is the seed plan (long indicator names, many rows), so that the widths are those of a real page.
A table either fits its container or sits in a scroll box that says so (.table-scroll: the Harezmi
statistics matrix, wider than any screen by design); on a 1280 px screen no column hides behind a
horizontal scroll bar the user has to discover.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from izlem.harezmi import services
from izlem.monitoring.models import Period
from izlem.ops.demo.plans import load_demo_plan
from tests.support.harezmi import approve, make_year
from tests.support.world import PASSWORD

from .conftest import DESKTOP, T, sign_in

# every table on the page: how wide it is against the box it has to fit
TABLES = """() => [...document.querySelectorAll('main table')].map(t => {
  const box = t.closest('.table-scroll') || t.parentElement;
  return {head: (t.querySelector('thead th') || t).innerText.trim().slice(0, 40),
          width: t.scrollWidth, room: box.clientWidth, scrollBox: !!t.closest('.table-scroll'),
          pageWidth: document.scrollingElement.scrollWidth, screen: window.innerWidth};
})"""


def assert_no_table_cut(page) -> None:
    """Each table fits its container at this width, or is inside a declared scroll box; the page never scrolls sideways."""
    tables = page.evaluate(TABLES)
    assert tables, f"{page.url} shows no table"
    for table in tables:
        assert table["pageWidth"] <= table["screen"], f"{page.url} scrolls sideways: {table}"
        if not table["scrollBox"]:
            assert table["width"] <= table["room"], f"{page.url}: a table is cut off: {table}"


def assert_sticky_header(page, selector: str = "main table.table-sticky") -> None:
    """The long table's header cells are sticky and stay in view when the page is scrolled past them.

    Scrolls are instant: Bootstrap makes the page's scrolling smooth, which would measure mid-way."""
    table = page.locator(selector).first
    assert table.evaluate("t => getComputedStyle(t.querySelector('thead th')).position") == "sticky"
    if table.evaluate("t => t.closest('.table-scroll') === null"):
        top = table.evaluate(
            """t => { const r = t.getBoundingClientRect(); window.scrollTo({top: window.scrollY + r.top + r.height / 2, behavior: 'instant'});
                      return t.querySelector('thead th').getBoundingClientRect().top; }"""
        )
    else:
        top = table.evaluate(
            """t => { const box = t.closest('.table-scroll'); box.scrollTo({top: box.scrollHeight / 2, behavior: 'instant'});
                      return t.querySelector('thead th').getBoundingClientRect().top - box.getBoundingClientRect().top; }"""
        )
    assert -1 <= top <= 60, f"{page.url}: the header left the screen ({top}px)"


def assert_toc_resolves(page) -> None:
    """The contents list exists, every link names an id on the page, and a back link returns to it."""
    toc = page.locator("nav#toc")
    expect(toc).to_be_visible()
    targets = toc.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(targets) >= 3
    missing = page.evaluate(
        "hrefs => hrefs.filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1)))", targets
    )
    assert not missing, f"{page.url}: contents links without a heading: {missing}"
    expect(page.locator(".back-to-top a[href='#toc']")).to_have_count(1)


@pytest.fixture
def seed_plan_period(world):
    """The seed plan (owned by the test world's province) and a closed year-end period of it."""
    plan = load_demo_plan()
    assert plan.owner_id == world.province.pk
    return Period.objects.create(
        plan=plan,
        year=2016,
        half="H2",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2017, 1, 10),
        district_due=dt.date(2017, 1, 20),
        state="closed",
    )


def test_monitoring_and_report_pages_fit_a_1280_screen(world, seed_plan_period, live_url, page):
    # given the top manager on a 1280×800 screen and the seed plan's year-end period
    period = seed_plan_period
    assert page.viewport_size == DESKTOP
    sign_in(page, live_url, "province_manager", PASSWORD)
    # when they open the period's results (the page that lost "Durum" and "Öngörü")
    page.goto(f"{live_url}/monitoring/periods/{period.pk}/results/{world.province.pk}/")
    # then every column is on the screen, the Status and Forecast headers among them, and the header is sticky
    assert_no_table_cut(page)
    for header in (T("Status"), T("Forecast")):
        expect(page.get_by_role("columnheader", name=header, exact=True)).to_be_in_viewport()
    assert_sticky_header(page)
    # and the period page, the deviations and the measures fit too
    for url in ("", "deviations/", "measures/"):
        page.goto(f"{live_url}/monitoring/periods/{period.pk}/{url}")
        assert_no_table_cut(page)
    # and the district scorecard
    page.goto(f"{live_url}/reports/periods/{period.pk}/scorecard/{world.province.pk}/")
    assert_no_table_cut(page)
    # when they open the year-end report: a contents list whose links reach the headings, no table cut off
    page.goto(f"{live_url}/reports/periods/{period.pk}/view/{world.province.pk}/")
    assert_toc_resolves(page)
    assert_no_table_cut(page)
    page.locator("nav#toc a").nth(1).click()
    assert page.evaluate("() => location.hash") == "#goal-1"
    expect(page.locator("#goal-1")).to_be_in_viewport()
    # and the plan page has its contents too
    page.goto(f"{live_url}/plans/{period.plan.pk}/")
    assert_toc_resolves(page)


def test_harezmi_lists_fit_and_the_statistics_matrix_scrolls_in_its_box(world, live_url, page):
    # given a Harezmi year with approved schools and their teams
    year = make_year(world)
    for school in (world.school_a2, world.school_b1):
        approve(year, school)
        services.team_create(by=None, program_year=year, school=school, name="Ekip 1")
    sign_in(page, live_url, "province_manager", PASSWORD)
    # when the top manager opens the statistics, coordinators and teams at 1280 px
    for url in ("statistics/", "coordinators/", "teams/"):
        page.goto(f"{live_url}/harezmi/{url}?year={year.pk}")
        # then no table is cut off (the statistics matrix scrolls inside its own box)
        assert_no_table_cut(page)
    page.goto(f"{live_url}/harezmi/statistics/?year={year.pk}")
    box = page.locator(".table-scroll")
    expect(box).to_have_count(1)
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    assert_sticky_header(page, ".table-scroll table")
