"""A school principal enters values, meets a validation error, fixes it and submits."""

import datetime as dt

from playwright.sync_api import expect

from izlem.core.testing import PASSWORD
from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.tests.conftest import make_indicator  # noqa: F401 - used through small_plan
from izlem.plans.models import Goal, Plan, Target

from .conftest import assert_accessible, shot, sign_in


def _plan_and_period(world):
    plan = Plan.objects.create(
        owner=world.province, title="Tarayıcı planı", period_start=2015, period_end=2019
    )
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılımı artırmak")
    make_indicator(plan, target, "1.1.1", rows=(("Ortaokul", "middle"),))
    make_indicator(plan, target, "1.1.2", unit="count", aggregation="sum")
    return Period.objects.create(
        plan=plan,
        year=2016,
        half="H2",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )


def test_principal_enters_fixes_an_error_and_submits(world, live_url, page):
    # given an open period and the principal of an ortaokul
    period = _plan_and_period(world)
    sign_in(page, live_url, "principal", PASSWORD)
    page.goto(f"{live_url}/monitoring/periods/{period.pk}/entry/{world.school_a1.pk}/")
    assert_accessible(page)
    # when a rate has a numerator above its denominator
    page.get_by_label("Pay").first.fill("60")
    page.get_by_label("Payda").first.fill("50")
    page.locator("#line-" + str(period.plan.indicators.get(code="1.1.1").rows.get().pk)).get_by_role(
        "button"
    ).click()
    # then the line says so, and nothing is saved
    expect(page.get_by_role("alert")).to_contain_text("pay")
    assert not Value.objects.exists()
    assert_accessible(page)
    shot(page, "entry-error")
    # when it is fixed and the count is entered too
    page.get_by_label("Pay").first.fill("30")
    page.locator("#line-" + str(period.plan.indicators.get(code="1.1.1").rows.get().pk)).get_by_role(
        "button"
    ).click()
    expect(page.get_by_role("status").first).to_be_visible()
    page.get_by_label("Değer").first.fill("1.250")
    page.locator("#line-" + str(period.plan.indicators.get(code="1.1.2").rows.get().pk)).get_by_role(
        "button"
    ).click()
    expect(
        page.locator("#line-" + str(period.plan.indicators.get(code="1.1.2").rows.get().pk))
    ).to_contain_text("Kaydedildi")
    # and submitted
    page.get_by_role("button", name="Onaya gönder").click()
    # then the data is waiting for the district
    expect(page.get_by_text("gönderildi").first).to_be_visible()
    assert_accessible(page)
    shot(page, "entry")
    submission = Submission.objects.get(entity=world.school_a1, period=period)
    assert submission.state == "submitted"
    assert sorted(str(v) for v in Value.objects.values_list("value", flat=True)) == ["1250.0000", "60.0000"]
