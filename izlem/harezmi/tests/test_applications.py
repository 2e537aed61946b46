"""Applications: the window, school → district → province, results announced, refusals change nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import Application
from tests.support.harezmi import in_window


def _draft(world, year, **extra):
    fields = {
        "by": world.principal,
        "program_year": year,
        "school": world.school_a1,
        "requested_team_count": 2,
        "motivation": "Proje tabanlı öğrenme",
        "proposed_teachers": [world.teacher],
        "today": in_window(year),
    }
    fields.update(extra)
    return services.application_create(**fields)


def test_principal_applies_in_the_window(world, year):
    # when
    application = _draft(world, year)
    # then
    assert application.state == "draft" and list(application.proposed_teachers.all()) == [world.teacher]
    assert [(s.state, s.by) for s in application.steps.all()] == [("draft", world.principal)]


@pytest.mark.parametrize("offset", [-1, 1])
def test_outside_the_window_applications_are_closed_and_nothing_is_created(world, year, offset):
    day = year.application_opens + dt.timedelta(days=offset) if offset < 0 else year.application_closes
    day = day if offset < 0 else day + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="closed"):
        _draft(world, year, today=day)
    assert Application.objects.count() == 0


def test_submit_outside_the_window_is_refused_and_the_draft_stays(world, year):
    application = _draft(world, year)
    with pytest.raises(ValidationError, match="closed"):
        services.application_submit(
            by=world.principal, application=application, today=year.application_closes + dt.timedelta(days=1)
        )
    application.refresh_from_db()
    assert application.state == "draft" and application.submitted_at is None


def test_another_schools_principal_cannot_apply(world, year):
    with pytest.raises(PermissionDenied):
        _draft(world, year, school=world.school_b1)
    assert Application.objects.count() == 0


def test_only_the_schools_teachers_can_be_proposed(world, year):
    with pytest.raises(ValidationError, match="Only teachers of the school"):
        _draft(world, year, proposed_teachers=[world.outsider])
    assert Application.objects.count() == 0


def test_the_whole_workflow_with_who_and_when(world, year):
    # given a submitted application
    application = _draft(world, year)
    services.application_submit(by=world.principal, application=application, today=in_window(year))
    assert Notification.objects.filter(recipient=world.district_coordinator).count() == 1
    # when the district returns it, the school corrects and resubmits, the district forwards
    services.application_return(
        by=world.district_coordinator, application=application, comment="Öğretmen ekleyin"
    )
    assert Notification.objects.filter(
        recipient=world.principal, message__contains="Öğretmen ekleyin"
    ).exists()
    services.application_update(
        by=world.principal,
        application=application,
        requested_team_count=3,
        motivation="Düzeltildi",
        proposed_teachers=[world.teacher],
        today=in_window(year),
    )
    services.application_submit(by=world.principal, application=application, today=in_window(year))
    services.application_forward(by=world.district_coordinator, application=application, comment="Uygun")
    assert Notification.objects.filter(recipient=world.province_coordinator).count() == 1
    # and the province approves 2 of the 3 teams and announces
    services.application_approve(
        by=world.province_coordinator, application=application, approved_team_count=2
    )
    announced = services.application_results_announce(by=world.province_coordinator, program_year=year)
    # then
    application.refresh_from_db()
    assert application.state == "approved" and application.approved_team_count == 2 and announced == 1
    assert [s.state for s in application.steps.all()] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "forwarded",
        "approved",
    ]
    assert [s.by for s in application.steps.all()][-1] == world.province_coordinator
    assert Notification.objects.filter(
        recipient=world.principal, message__contains="approved with 2 team"
    ).exists()
    # and announcing again announces nothing new
    assert services.application_results_announce(by=world.province_coordinator, program_year=year) == 0


def test_rejection_needs_a_reason_and_is_announced(world, year):
    application = _draft(world, year)
    services.application_submit(by=None, application=application, today=in_window(year))
    services.application_forward(by=None, application=application)
    with pytest.raises(ValidationError):
        services.application_reject(by=world.province_coordinator, application=application, comment=" ")
    services.application_reject(
        by=world.province_coordinator, application=application, comment="Kontenjan doldu"
    )
    services.application_results_announce(by=world.province_coordinator, program_year=year)
    assert Notification.objects.filter(
        recipient=world.principal, message__contains="Kontenjan doldu"
    ).exists()


def test_province_cannot_approve_more_than_requested_or_before_the_district(world, year):
    application = _draft(world, year)
    services.application_submit(by=None, application=application, today=in_window(year))
    with pytest.raises(ValidationError, match="forwarded by the district"):
        services.application_approve(
            by=world.province_coordinator, application=application, approved_team_count=1
        )
    services.application_forward(by=None, application=application)
    with pytest.raises(ValidationError, match="between 1 and 2"):
        services.application_approve(
            by=world.province_coordinator, application=application, approved_team_count=3
        )
    application.refresh_from_db()
    assert application.state == "forwarded" and application.approved_team_count is None


def test_district_cannot_decide_and_province_of_elsewhere_cannot_review(world, year):
    application = _draft(world, year)
    services.application_submit(by=None, application=application, today=in_window(year))
    with pytest.raises(PermissionDenied):
        services.application_forward(by=world.outsider, application=application)
    services.application_forward(by=None, application=application)
    with pytest.raises(PermissionDenied):
        services.application_approve(
            by=world.district_coordinator, application=application, approved_team_count=1
        )
    application.refresh_from_db()
    assert application.state == "forwarded"


def test_outsider_cannot_review_through_the_page_and_nothing_changes(world, year, client):
    application = _draft(world, year)
    services.application_submit(by=None, application=application, today=in_window(year))
    client.force_login(world.outsider)
    response = client.post(
        reverse("harezmi:application-review", args=[application.pk]), {"decision": "forward"}
    )
    application.refresh_from_db()
    assert response.status_code == 404 and application.state == "submitted"


def test_district_forwards_through_the_page(world, year, client):
    application = _draft(world, year)
    services.application_submit(by=None, application=application, today=in_window(year))
    client.force_login(world.district_coordinator)
    response = client.post(
        reverse("harezmi:application-review", args=[application.pk]),
        {"decision": "forward", "comment": "Uygun"},
    )
    application.refresh_from_db()
    assert (
        response.status_code == 302
        and application.state == "forwarded"
        and application.district_comment == "Uygun"
    )


def test_principal_applies_and_submits_through_the_pages(world, window_year, client):
    # given the window is open today
    client.force_login(world.principal)
    # when
    response = client.post(
        reverse("harezmi:application-create") + f"?year={window_year.pk}",
        {"requested_team_count": "2", "proposed_teachers": [world.teacher.pk], "motivation": "Neden"},
    )
    application = Application.objects.get()
    client.post(reverse("harezmi:application-submit", args=[application.pk]))
    # then
    application.refresh_from_db()
    assert response.status_code == 302 and application.state == "submitted"


def test_the_page_says_applications_are_closed_outside_the_window(world, year, client):
    client.force_login(world.principal)
    response = client.post(
        reverse("harezmi:application-create") + f"?year={year.pk}",
        {"requested_team_count": "2", "motivation": "Neden"},
    )
    assert response.status_code == 200 and "closed" in response.content.decode()
    assert Application.objects.count() == 0


def test_school_settings_unavailable_days(world, year):
    application = _draft(world, year)
    services.application_settings_update(
        by=world.principal, application=application, unavailable_weekdays=[5, 1]
    )
    application.refresh_from_db()
    assert application.unavailable_weekdays == "1,5" and application.unavailable_day_set == {1, 5}
    with pytest.raises(ValidationError, match="At least one weekday"):
        services.application_settings_update(
            by=world.principal, application=application, unavailable_weekdays=[1, 2, 3, 4, 5]
        )
    application.refresh_from_db()
    assert application.unavailable_weekdays == "1,5"
