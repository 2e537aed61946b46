"""Planning officer: imports the strategic plan in the browser (upload, preview, confirm), adds a
monitoring period and opens it."""

from pathlib import Path

from django.utils import translation
from playwright.sync_api import expect

from izlem.monitoring.models import Period
from izlem.plans.models import Plan
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, shot, sign_in

SEED = Path(__file__).resolve().parents[2] / "izlem" / "plans" / "seed" / "erzincan_2015_2019.txt"


def test_planning_officer_imports_the_plan_and_opens_a_period(world, live_url, page):
    # given the plan document, imported in the browser: upload, preview, confirm
    sign_in(page, live_url, "planning_officer", PASSWORD)
    page.goto(f"{live_url}/plans/")  # no plan yet: the menu shows the plan browser once there is one
    page.get_by_role("link", name=T("Import a plan file")).click()
    page.get_by_label(T("Plan file")).set_input_files(str(SEED))
    page.get_by_label(T("Owner of the plan")).select_option(label=world.province.name)
    assert_accessible(page)
    page.get_by_role("button", name=T("Show what would change")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(T("Preview of the plan import"))
    expect(page.get_by_text(T("It creates a new plan."))).to_be_visible()
    assert not Plan.objects.exists()  # the preview is a dry run
    assert_accessible(page)
    shot(page, "plan-import-preview")
    page.get_by_role("button", name=T("Confirm and apply these changes")).click()
    expect(page.get_by_role("status")).to_contain_text(T("The plan was imported."))
    plan = Plan.objects.get()
    assert plan.indicators.count() == 55
    # when the officer finds it in the plan browser
    page.get_by_role("link", name=T("Strategic plan"), exact=True).first.click()
    expect(page.get_by_role("link", name=plan.title)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2015-2019")
    expect(page.get_by_role("link", name=T("Workbook (XLSX)"))).to_be_visible()
    shot(page, "plan")
    # and adds the 2026 first-half period from the monitoring page
    page.goto(f"{live_url}/monitoring/")
    expect(page.locator(".empty-state")).to_contain_text(
        T("There is no monitoring period yet. A planning officer adds one for the plan year and opens it.")
    )
    page.get_by_role("link", name=T("Add a period to %(title)s") % {"title": plan.title}).click()
    page.locator("#id_year").fill("2017")
    page.locator("#id_half").select_option("H1")
    page.locator("#id_open_date").fill("2017-06-15")
    page.locator("#id_school_due").fill("2099-07-10")
    page.locator("#id_district_due").fill("2099-07-20")
    assert_accessible(page)
    page.get_by_role("button", name=T("Save")).click()
    # then the period is planned; the officer opens it
    expect(page.get_by_role("status")).to_contain_text(
        T("The period was added. Open it when schools may start entering.")
    )
    page.get_by_role("button", name=T("Open the period")).click()
    # then the page says it is open, and so does the database
    period = Period.objects.get(plan=plan, year=2017, half="H1")
    with translation.override("tr"):
        state = str(Period.State.OPEN.label)
    expect(page.get_by_role("status")).to_contain_text(T("The period is now %(state)s.") % {"state": state})
    expect(page.get_by_role("button", name=T("Close and lock the period"))).to_be_visible()
    assert_accessible(page)
    shot(page, "period")
    period.refresh_from_db()
    assert period.state == "open"
