"""A school principal fills the entry grid with the keyboard only: errors, an unusual value, leaving, submitting."""

import datetime as dt
from decimal import Decimal

from playwright.sync_api import expect

from izlem.monitoring import services
from izlem.monitoring.models import Period, Submission, Value
from izlem.plans.models import Goal, Indicator, IndicatorRow, Plan, Target
from tests.support.monitoring import make_indicator
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, shot, sign_in


def _plan_and_period(world):
    """The browser journeys' plan: a rate and a count collected from schools, and its open period."""
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


def _grid_plan_and_period(world):
    """The same with the rate's denominator the school's students, a second count, and 100 as the count's last value."""
    period = _plan_and_period(world)
    Indicator.objects.filter(plan=period.plan, code="1.1.1").update(denominator_source="students")
    make_indicator(
        period.plan, Target.objects.get(plan=period.plan), "1.1.4", unit="count", aggregation="sum"
    )
    earlier = Period.objects.create(
        plan=period.plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 10),
        district_due=dt.date(2016, 7, 20),
        state="open",
    )
    services.value_save(
        by=world.principal,
        submission=services.submission_get_or_create(period=earlier, entity=world.school_a1),
        row=IndicatorRow.objects.get(indicator__code="1.1.2"),
        value=Decimal(100),
    )
    Period.objects.filter(pk=earlier.pk).update(state="closed")
    return period


def _focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_principal_fills_the_grid_with_the_keyboard_only(world, live_url, page):
    # given an open period and the principal of a middle school of 400 students
    period = _grid_plan_and_period(world)
    rate, count, other = (
        IndicatorRow.objects.get(indicator__code=c, indicator__plan=period.plan)
        for c in ("1.1.1", "1.1.2", "1.1.4")
    )
    sign_in(page, live_url, "principal", PASSWORD)
    page.goto(f"{live_url}/monitoring/periods/{period.pk}/entry/{world.school_a1.pk}/")
    summary = page.locator("#entry-summary-text")
    expect(summary).to_have_text(T("%(filled)s/%(total)s entered") % {"filled": 0, "total": 3})
    # the school's students are suggested as the rate's denominator, marked as a suggestion
    expect(page.locator(f"#den-{rate.pk}")).to_have_value("400")
    expect(page.locator(f"#sug-{rate.pk}")).to_have_text(T("suggested: the school's students"))
    assert_accessible(page)

    # when the principal jumps to the first gap and types a numerator above its denominator
    page.get_by_role("link", name=T("Go to the first gap")).focus()
    page.keyboard.press("Enter")
    assert _focused_id(page) == f"num-{rate.pk}"
    page.keyboard.type("60")
    page.keyboard.press("Tab")  # one stop per field: the denominator, its text selected
    assert _focused_id(page) == f"den-{rate.pk}"
    # then the line is saved with the suggested denominator: the principal's save, shown as saved
    expect(page.locator(f"#state-{rate.pk}")).to_contain_text(T("saved"))
    expect(page.locator(f"#rate-{rate.pk} output")).to_have_text("%15,0")
    page.keyboard.type("50")
    # then the rate is computed while typing
    expect(page.locator(f"#rate-{rate.pk} output")).to_have_text("%120,0")
    # and Enter moves down (as in a spreadsheet), saving the line: it is refused, in its cell
    page.keyboard.press("Enter")
    assert _focused_id(page) == f"val-{count.pk}"
    expect(page.locator(f"#state-{rate.pk}")).to_contain_text(T("error"))
    expect(page.locator(f"#msg-{rate.pk}")).to_contain_text("pay")
    expect(page.locator(f"#num-{rate.pk}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#rate-{rate.pk} output")).to_have_text("%120,0")  # of what was typed
    expect(page.locator(f"#sug-{rate.pk}")).to_have_count(0)  # no longer a suggestion: the principal's
    stored = Value.objects.get(period=period, row=rate)  # the refused 60/50 did not replace 60/400
    assert (stored.numerator, stored.denominator, stored.version) == (Decimal(60), Decimal(400), 1)
    expect(summary).to_contain_text(T("%(count)s to correct") % {"count": 1})
    assert_accessible(page)
    assert page.evaluate(
        "() => (() => { const box = document.getElementById('entry-grid').parentElement; return box.scrollWidth <= box.clientWidth; })()"
    )
    shot(page, "entry-error")

    # when an unusual count (1.250 after 100) is typed, the question comes; a note and the checkbox answer it
    page.keyboard.type("1.250")
    page.keyboard.press("Tab")
    assert _focused_id(page) == f"note-{count.pk}"
    expect(page.locator(f"#state-{count.pk}")).to_contain_text(T("to confirm"))
    page.keyboard.type("Yeni bina açıldı")
    page.keyboard.press("Tab")
    expect(page.locator(f"#confirm-{count.pk}")).to_be_focused()
    page.keyboard.press("Space")
    # then it is saved, marked as confirmed, and the focus goes on to the next line (not to the top)
    expect(page.locator(f"#state-{count.pk}")).to_contain_text(T("saved"))
    expect(page.locator(f"#state-{count.pk}")).to_contain_text(T("unusual value, confirmed"))
    expect(page.locator(f"#val-{other.pk}")).to_be_focused()

    # when a value is typed and the page is left before it is saved, the browser asks first
    page.keyboard.type("30")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("() => { window.location.href = '/'; }")
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"] and "/entry/" in page.url

    # when the arrows go back up to the refused line and it is corrected
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert _focused_id(page) == f"num-{rate.pk}"
    page.keyboard.type("30")  # the cell's text is selected on arrival: typing replaces it
    page.keyboard.press("Enter")
    expect(page.locator(f"#state-{rate.pk}")).to_contain_text(T("saved"))
    expect(page.locator(f"#rate-{rate.pk} output")).to_have_text("%60,0")
    expect(summary).to_have_text(T("%(filled)s/%(total)s entered") % {"filled": 3, "total": 3})
    assert Value.objects.get(period=period, row=other).value == Decimal(30)

    # when the last value is changed and the submit button is reached and pressed at once
    page.keyboard.press("ArrowDown")
    assert _focused_id(page) == f"val-{other.pk}"
    page.keyboard.type("31")
    page.get_by_role("button", name=T("Submit for approval")).focus()
    page.keyboard.press("Enter")
    # then the change is saved and the data submitted
    expect(page.get_by_text(T("The data was submitted for approval."))).to_be_visible()
    assert_accessible(page)
    shot(page, "entry")
    submission = Submission.objects.get(entity=world.school_a1, period=period)
    assert submission.state == "submitted"
    values = {v.row_id: v for v in Value.objects.filter(period=period)}
    assert (values[rate.pk].numerator, values[rate.pk].denominator) == (Decimal(30), Decimal(50))
    assert (values[count.pk].value, values[count.pk].outlier_confirmed) == (Decimal(1250), True)
    assert values[other.pk].value == Decimal(31)
