"""Top manager: generates the year-end report, downloads its PDF and publishes it; a stakeholder reads it."""

from playwright.sync_api import expect

from izlem.reports.models import Publication
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, shot, sign_in
from .test_monitoring_entry import _plan_and_period


def test_top_manager_generates_downloads_and_publishes_the_report(world, live_url, page, browser, settings):
    # given a closed year-end period and the background worker running tasks at once
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    period = _plan_and_period(world)
    period.state = "closed"
    period.save(update_fields=["state"])
    sign_in(page, live_url, "province_manager", PASSWORD)
    # when they open the reports of the period and generate the province report
    page.goto(f"{live_url}/reports/periods/{period.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=T("Generate PDF and XLSX")).first.click()
    # then the job page offers the PDF, which downloads as a real PDF
    link = page.get_by_role("link", name=T("Download the PDF"))
    expect(link).to_be_visible(timeout=60_000)
    shot(page, "report-job")
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # when they approve and publish it
    page.get_by_role("button", name=T("Approve and publish")).click()
    # then it is listed as published, with its link
    publication = Publication.objects.get()
    expect(
        page.get_by_role("link", name=publication.title if hasattr(publication, "title") else "")
    ).to_be_visible()
    assert_accessible(page)

    # and the stakeholder of the province opens the published, read-only view
    context = browser.new_context(locale="tr-TR", viewport={"width": 1280, "height": 800})
    reader = context.new_page()
    sign_in(reader, live_url, "stakeholder", PASSWORD)
    reader.goto(f"{live_url}/reports/published/")
    reader.locator(f'a[href$="/reports/p/{publication.token}/"]').first.click()
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    expect(reader.locator(".report-body")).to_contain_text("1.1.1")
    expect(reader.get_by_role("button", name=T("Approve and publish"))).to_have_count(0)
    assert_accessible(reader)
    shot(reader, "published")
    context.close()
