"""The top manager generates the year-end report and downloads its PDF."""

from playwright.sync_api import expect

from izlem.core.testing import PASSWORD

from .conftest import sign_in
from .test_monitoring_entry import _plan_and_period


def test_top_manager_generates_and_downloads_the_pdf(world, live_url, page, settings):
    # given a year-end period and the background worker running tasks at once
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    period = _plan_and_period(world)
    sign_in(page, live_url, "province_manager", PASSWORD)
    # when they open the reports of the period and generate the province report
    page.goto(f"{live_url}/reports/periods/{period.pk}/")
    page.get_by_role("button", name="PDF ve XLSX oluştur").first.click()
    # then the job page offers the PDF, which downloads as a real PDF
    link = page.get_by_role("link", name="PDF dosyasını indir")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
