"""Monitoring pages: access in and out of scope, htmx entry, approvals, query counts."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from izlem.monitoring.models import Value
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.org.models import OrgNode, Role
from izlem.plans.models import IndicatorRow
from tests.support.world import make_user


def _count_row():
    return IndicatorRow.objects.get(indicator__code="1.1.2")


def test_principal_opens_own_entry_page_with_only_applicable_rows(world, period, client):
    client.force_login(world.principal)
    response = client.get(reverse("monitoring:entry", args=[period.pk, world.school_a1.pk]))
    assert response.status_code == 200
    codes = [(line["row"].indicator.code, line["row"].breakdown) for line in response.context["lines"]]
    assert codes == [("1.1.1", "Ortaokul"), ("1.1.2", "")]
    assert all(line["can_edit"] for line in response.context["lines"])


@pytest.mark.parametrize(
    ("user", "school"),
    [
        ("outsider", "school_a1"),
        ("other_manager", "school_b1"),
        ("teacher", "school_a1"),
        ("stakeholder", "school_a1"),
        ("principal", "school_b1"),
        ("principal", "school_a2"),
    ],
)
def test_entry_page_of_another_school_is_hidden(world, period, client, user, school):
    client.force_login(world.users[user])
    response = client.get(reverse("monitoring:entry", args=[period.pk, getattr(world, school).pk]))
    assert response.status_code == 404


def test_district_manager_sees_school_page_read_only(world, period, client):
    client.force_login(world.district_manager)
    response = client.get(reverse("monitoring:entry", args=[period.pk, world.school_a1.pk]))
    assert response.status_code == 200 and not any(line["can_edit"] for line in response.context["lines"])


def test_htmx_save_returns_the_row_with_the_saved_value(world, period, client):
    client.force_login(world.principal)
    url = reverse("monitoring:value-save", args=[period.pk, world.school_a1.pk, _count_row().pk])
    response = client.post(url, {"value": "1.250", "note": "e-Okul", "version": "0"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-state="saved"' in html
    assert f'name="line-{_count_row().pk}-version" form="entry-form" value="1"' in html
    value = Value.objects.get(entity=world.school_a1, row=_count_row())
    assert value.value == Decimal(1250) and value.note == "e-Okul"


def test_htmx_save_shows_a_validation_error_and_writes_nothing(world, period, client):
    client.force_login(world.principal)
    row = IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")
    url = reverse("monitoring:value-save", args=[period.pk, world.school_a1.pk, row.pk])
    response = client.post(
        url, {"numerator": "60", "denominator": "50", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Value.objects.exists()


def test_stale_version_is_refused_with_a_message(world, period, client):
    client.force_login(world.principal)
    url = reverse("monitoring:value-save", args=[period.pk, world.school_a1.pk, _count_row().pk])
    client.post(url, {"value": "10", "version": "0"}, HTTP_HX_REQUEST="true")
    client.post(url, {"value": "11", "version": "1"}, HTTP_HX_REQUEST="true")
    response = client.post(url, {"value": "12", "version": "1"}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in response.content.decode()
    assert Value.objects.get(row=_count_row()).value == Decimal(11)


def test_outsider_cannot_post_a_value(world, period, client):
    client.force_login(world.outsider)
    url = reverse("monitoring:value-save", args=[period.pk, world.school_a1.pk, _count_row().pk])
    assert client.post(url, {"value": "10"}, HTTP_HX_REQUEST="true").status_code == 404
    assert not Value.objects.exists()


def _submitted_a1(world, period):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(by=world.principal, submission=submission, row=_count_row(), value=Decimal(5))
    row = IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")
    entry_services.value_save(
        by=world.principal, submission=submission, row=row, numerator=Decimal(1), denominator=Decimal(2)
    )
    workflow_services.submission_submit(by=world.principal, submission=submission)
    return submission


def test_district_returns_with_comment_through_the_page(world, period, client):
    submission = _submitted_a1(world, period)
    client.force_login(world.district_manager)
    response = client.post(
        reverse("monitoring:submission-decide", args=[submission.pk, "return"]),
        {"comment": "Öğrenci sayısını düzeltin"},
    )
    submission.refresh_from_db()
    assert response.status_code == 302 and submission.state == "returned"


def test_sibling_district_cannot_approve_and_nothing_changes(world, period, client):
    submission = _submitted_a1(world, period)
    client.force_login(world.outsider)
    response = client.post(reverse("monitoring:submission-decide", args=[submission.pk, "approve"]))
    submission.refresh_from_db()
    assert response.status_code == 404 and submission.state == "submitted"


def test_period_pages_render_for_the_planner(world, period, client):
    _submitted_a1(world, period)
    client.force_login(world.planning_officer)
    for url in [
        reverse("monitoring:home"),
        reverse("monitoring:period-detail", args=[period.pk]),
        reverse("monitoring:rollup", args=[period.pk, world.province.pk]),
        reverse("monitoring:school-realization", args=[period.pk, world.province.pk]),
        reverse("monitoring:deviation-list", args=[period.pk]),
        reverse("monitoring:measure-list", args=[period.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_period_of_another_province_is_hidden(world, period, client):
    client.force_login(world.other_manager)
    assert client.get(reverse("monitoring:period-detail", args=[period.pk])).status_code == 404
    assert client.get(reverse("monitoring:rollup", args=[period.pk, world.province.pk])).status_code == 404


def test_district_user_sees_results_of_own_district_only(world, period, client):
    client.force_login(world.district_manager)
    assert client.get(reverse("monitoring:rollup", args=[period.pk, world.district_a.pk])).status_code == 200
    assert client.get(reverse("monitoring:rollup", args=[period.pk, world.province.pk])).status_code == 404
    assert client.get(reverse("monitoring:rollup", args=[period.pk, world.district_b.pk])).status_code == 404


def _queries_for(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_entry_page_and_district_rollup_query_counts_do_not_grow_with_schools(
    world, period, client, django_assert_max_num_queries
):
    client.force_login(world.district_manager)
    entry = reverse("monitoring:entry", args=[period.pk, world.school_a1.pk])
    results = reverse("monitoring:rollup", args=[period.pk, world.district_a.pk])
    before = (_queries_for(client, entry, None), _queries_for(client, results, None))
    for index in range(40):
        school = OrgNode.objects.create(
            kind="school",
            code=f"9{index:05d}",
            name=f"Okul {index}",
            parent=world.district_a,
            school_type="ortaokul",
            level_middle=True,
        )
        principal = make_user(f"p{index}", Role.PRINCIPAL, school)
        submission = entry_services.submission_get_or_create(period=period, entity=school)
        entry_services.value_save(by=principal, submission=submission, row=_count_row(), value=Decimal(index))
    after = (_queries_for(client, entry, None), _queries_for(client, results, None))
    assert after == before


def test_schools_get_no_scorecard_tab(world, client, period):
    # given: the principal's period pages show their school as the top node
    client.force_login(world.principal)
    # when
    response = client.get(reverse("monitoring:period-detail", args=[period.pk]))
    # then: the tab is absent for a school (a scorecard ranks the schools of a district or province)
    assert response.status_code == 200
    school_card = reverse("reports:scorecard", args=[period.pk, world.school_a1.pk])
    assert school_card not in response.content.decode()


def test_period_form_explains_due_dates_in_the_wrong_order(world, small_plan, client):
    # given
    client.force_login(world.planning_officer)
    payload = {
        "year": 2030,
        "half": "H1",
        "open_date": "2030-06-01",
        "school_due": "2030-07-10",
        "district_due": "2030-07-01",
    }
    # when
    response = client.post(reverse("monitoring:period-create", args=[small_plan.pk]), payload)
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Okullar için son tarih, ilçeler için son tarihten sonra olamaz." in body
    assert "period_due_order" not in body
    assert not small_plan.periods.filter(year=2030).exists()


@pytest.mark.parametrize("page", ["monitoring:deviation-list", "monitoring:measure-list"])
def test_period_tabs_of_a_school_lead_to_pages_it_may_open(world, period, client, page):
    # given the principal, whose tabs must not open the province's results or scorecard
    client.force_login(world.principal)
    # when
    body = client.get(reverse(page, args=[period.pk])).content.decode()
    # then every tab link answers 200 for the principal
    tabs = body.split('aria-label="Dönem sayfaları"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"', tabs)
    assert links and all(client.get(link).status_code == 200 for link in links)
    assert reverse("reports:scorecard", args=[period.pk, world.province.pk]) not in body
