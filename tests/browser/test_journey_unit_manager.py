"""Unit manager: explains a deviation of the unit's indicator and sets the corrective action."""

from decimal import Decimal

from playwright.sync_api import expect

from izlem.monitoring.models import Deviation
from izlem.org.models import Unit
from izlem.plans.models import IndicatorRow
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, shot, sign_in
from .test_monitoring_entry import _plan_and_period


def test_unit_manager_explains_a_deviation(world, live_url, page):
    # given indicator 1.1.1 of Temel Eğitim off track in the period
    period = _plan_and_period(world)
    deviation = Deviation.objects.create(
        period=period,
        row=IndicatorRow.objects.get(indicator__code="1.1.1"),
        unit=Unit.objects.get(code="temel-egitim"),
        rate=Decimal("41.5"),
    )
    sign_in(page, live_url, "unit_manager", PASSWORD)
    # when the unit manager opens the period's deviations
    page.goto(f"{live_url}/monitoring/periods/{period.pk}/deviations/")
    expect(page.get_by_role("row").filter(has_text="1.1.1")).to_contain_text(T("waiting for an explanation"))
    expect(page.get_by_role("row").filter(has_text="1.1.1")).to_contain_text("41,50")
    assert_accessible(page)
    page.get_by_role("link", name=T("Explain")).click()
    # and writes the cause, the corrective action, its owner and due date
    page.locator("#id_d-cause").fill("Köylerde taşımalı eğitim kapsamı daraldı.")
    page.locator("#id_d-corrective_action").fill("Taşıma güzergâhları yeniden planlanacak.")
    page.locator("#id_d-action_owner").fill("Temel Eğitim Şubesi")
    page.locator("#id_d-action_due").fill("2027-03-31")
    assert_accessible(page)
    shot(page, "deviation")
    page.get_by_role("button", name=T("Save the explanation")).click()
    # then the list shows the explanation and the action with its Turkish due date
    row = page.get_by_role("row").filter(has_text="1.1.1")
    expect(row).to_contain_text("Taşıma güzergâhları yeniden planlanacak.")
    expect(row).to_contain_text("31.03.2027")
    deviation.refresh_from_db()
    assert (deviation.state, deviation.action_owner) == ("explained", "Temel Eğitim Şubesi")
