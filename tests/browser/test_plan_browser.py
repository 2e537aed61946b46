"""A planning officer signs in, opens an indicator of the Erzincan plan in Turkish and sets a yearly
target in place (htmx). Assertions are on data (codes, names, Turkish numbers), not on translated labels."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from izlem.org.models import Unit
from izlem.org.standard_units import STANDARD_UNITS
from izlem.plans.importers.loader import plan_import_document
from izlem.plans.importers.ministry_text import parse_plan_file
from izlem.plans.models import Indicator, YearValue
from tests.support.world import PASSWORD

from .conftest import sign_in

SEED = Path(__file__).resolve().parents[2] / "izlem" / "plans" / "seed" / "erzincan_2015_2019.txt"


@pytest.fixture
def standard_units(transactional_db):
    """The directorate's standard units, as migration 0002 creates them.

    A live-server test flushes every table when it ends, the units the migrations made too, so a
    browser test that runs after another one must put them back before building the world.
    """
    for code, name, aliases in STANDARD_UNITS:
        Unit.objects.get_or_create(code=code, defaults={"name": name, "aliases": "\n".join(aliases)})


def test_planning_officer_opens_indicator_in_turkish_and_sets_a_target(standard_units, world, live_url, page):
    # given the Erzincan seed plan and its province planning officer
    plan = plan_import_document(parse_plan_file(SEED), source_name="seed").plan
    indicator = Indicator.objects.get(plan=plan, code="1.1.1")
    target_2016 = YearValue.objects.get(row__indicator=indicator, kind="target", year=2016)
    sign_in(page, live_url, "planning_officer", PASSWORD)
    # when they open indicator 1.1.1
    page.goto(live_url + reverse("plans:indicator-detail", args=[indicator.pk]))
    # then the page is Turkish, names the indicator and shows its numbers the Turkish way, with a chart
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.1.1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("okul öncesi")
    row_2012 = page.locator("tr", has=page.locator("th", has_text="2012"))
    expect(row_2012).to_contain_text("52,75")
    expect(page.locator("tr", has=page.locator("th", has_text="2019"))).to_contain_text("85,00")
    expect(page.locator("figure.chart svg[role=img]")).to_be_visible()
    # when they set the 2016 target to 66,5 in place
    edit = reverse("plans:yearly-target-edit", args=[target_2016.pk])
    page.locator(f'a[href="{edit}"]').click()
    field = page.locator("tr input[name=value]")
    expect(field).to_be_focused()
    field.fill("66,5")
    page.locator("tr button[type=submit]").click()
    # then the row shows the new value without leaving the page, and it is stored as set by hand
    row_2016 = page.locator("tr", has=page.locator("th", has_text="2016"))
    expect(row_2016).to_contain_text("66,50")
    expect(page.locator("tr input[name=value]")).to_have_count(0)
    target_2016.refresh_from_db()
    assert (str(target_2016.value), target_2016.is_default) == ("66.5000", False)
