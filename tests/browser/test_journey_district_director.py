"""District director: returns one school's data with a comment and approves another school's."""

from decimal import Decimal

from playwright.sync_api import expect

from izlem.monitoring import services
from izlem.monitoring.models import Submission
from izlem.org.models import Role
from izlem.plans.models import IndicatorRow
from tests.support.world import PASSWORD, make_user

from .conftest import T, assert_accessible, shot, sign_in
from .test_monitoring_entry import _plan_and_period


def _submitted(period, school, principal, rows):
    """The school's values entered and submitted by its principal, through the services."""
    submission = services.submission_get_or_create(period=period, entity=school)
    for row, fields in rows:
        services.value_save(by=principal, submission=submission, row=row, **fields)
    return services.submission_submit(by=principal, submission=submission)


def test_district_director_returns_one_school_and_approves_another(world, live_url, page):
    # given two schools of Merkez that have submitted their values
    period = _plan_and_period(world)
    rate = IndicatorRow.objects.get(indicator__code="1.1.1")
    count = IndicatorRow.objects.get(indicator__code="1.1.2")
    _submitted(
        period,
        world.school_a1,
        world.principal,
        [(rate, {"numerator": Decimal(30), "denominator": Decimal(50)}), (count, {"value": Decimal(120)})],
    )
    principal_a2 = make_user("principal_a2", Role.PRINCIPAL, world.school_a2)
    _submitted(period, world.school_a2, principal_a2, [(count, {"value": Decimal(80)})])
    sign_in(page, live_url, "district_manager", PASSWORD)
    # when the director opens the period and then Atatürk Ortaokulu's values
    page.goto(f"{live_url}/monitoring/periods/{period.pk}/")
    expect(
        page.get_by_role("heading", name=T("Who has submitted — %(name)s") % {"name": "Merkez"})
    ).to_be_visible()
    shot(page, "period-progress")
    page.get_by_role("link", name=world.school_a1.name).click()
    assert_accessible(page)
    # and returns them with what must be corrected
    page.get_by_label(T("What must be corrected")).fill("1.1.2: öğrenci sayısını e-Okul'a göre düzeltin.")
    page.get_by_role("button", name=T("Return with comment")).click()
    expect(page.get_by_role("status").filter(has_text=world.school_a1.name)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("e-Okul'a göre düzeltin")
    # and approves Gazi İlkokulu from the period page
    page.goto(f"{live_url}/monitoring/periods/{period.pk}/")
    row_a2 = page.get_by_role("row").filter(has_text=world.school_a2.name)
    row_a2.get_by_role("button", name=T("Approve")).click()
    # then the director sees one school returned and the other approved
    expect(page.get_by_role("row").filter(has_text=world.school_a1.name)).to_contain_text(T("returned"))
    expect(page.get_by_role("row").filter(has_text=world.school_a2.name)).to_contain_text(T("approved"))
    assert_accessible(page)
    states = dict(Submission.objects.filter(period=period).values_list("entity__code", "state"))
    assert states == {"700001": "returned", "700002": "approved"}
    assert Submission.objects.get(entity=world.school_a1).comment.startswith("1.1.2:")
