"""Workflow steps taken twice: every Harezmi state transition re-reads its row under a row lock.

Two people (or two clicks) holding the same object take the same step: the second is refused with a clear
message and the step happens once. Each test loads two copies of the row before either acts — the state two
requests read at the same moment — so the second copy's state in memory is stale and only the re-read
under the lock (`services.common.lock_for_step`) can refuse it. Sequential, so it runs on SQLite too; the
threaded PostgreSQL variant is in `test_lost_updates.py`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import (
    Application,
    ApplicationStep,
    AssignmentStep,
    CoordinatorAppointment,
    Student,
    TeacherAssignment,
)
from izlem.harezmi.services.applications import PROVINCE_ROLES
from izlem.harezmi.services.common import people_with
from tests.support.harezmi import (
    consent,
    doc,
    in_window,
    trained,
)

# Uploads in a temporary folder, English texts: as in every Harezmi test.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")

ELSE = "Someone else has just changed this record"
TODAY = timezone.localdate


def _copies(model, pk: int):
    """Two copies of one row, as two requests arriving together would load them."""
    return model.objects.get(pk=pk), model.objects.get(pk=pk)


@pytest.fixture
def submitted(world, year):
    """School A1's application, submitted to district A."""
    application = services.application_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        requested_team_count=2,
        motivation="Gerekçe",
        today=in_window(year),
    )
    services.application_submit(by=None, application=application, today=in_window(year))
    return application


def _steps(application, state) -> int:
    return ApplicationStep.objects.filter(application=application, state=state).count()


def test_second_forward_of_the_same_application_is_refused_and_it_is_forwarded_once(world, submitted):
    # given the district coordinator and the district's top manager holding the same submitted application
    first, second = _copies(Application, submitted.pk)
    # when both forward it
    services.application_forward(by=world.district_coordinator, application=first, comment="Uygun")
    with pytest.raises(ValidationError) as refused:
        services.application_forward(by=world.district_manager, application=second, comment="Uygundur")
    # then the second is told someone else acted, and the application was forwarded once, by the first
    assert ELSE in refused.value.messages[0] and "Forwarded to the province" in refused.value.messages[0]
    stored = Application.objects.get(pk=submitted.pk)
    assert stored.state == Application.State.FORWARDED
    assert (stored.reviewed_by, stored.district_comment) == (world.district_coordinator, "Uygun")
    assert _steps(submitted, Application.State.FORWARDED) == 1
    province_people = people_with(PROVINCE_ROLES, world.province)
    assert province_people
    assert Notification.objects.filter(message__contains="forwarded the application").count() == len(
        province_people
    )


def test_second_return_of_the_same_application_is_refused_and_it_is_returned_once(world, submitted):
    first, second = _copies(Application, submitted.pk)
    services.application_return(by=world.district_coordinator, application=first, comment="Eksik belge")
    with pytest.raises(ValidationError, match=ELSE):
        services.application_return(by=world.district_manager, application=second, comment="Başka neden")
    stored = Application.objects.get(pk=submitted.pk)
    assert stored.state == Application.State.RETURNED and stored.district_comment == "Eksik belge"
    assert _steps(submitted, Application.State.RETURNED) == 1
    assert Notification.objects.filter(message__contains="was returned").count() == 1


def test_forward_and_return_of_the_same_application_give_one_review(world, submitted):
    # one reviewer forwards while the other returns: only the first step counts
    first, second = _copies(Application, submitted.pk)
    services.application_forward(by=world.district_coordinator, application=first)
    with pytest.raises(ValidationError, match=ELSE):
        services.application_return(by=world.district_manager, application=second, comment="Eksik")
    assert Application.objects.get(pk=submitted.pk).state == Application.State.FORWARDED
    assert _steps(submitted, Application.State.FORWARDED) == 1
    assert _steps(submitted, Application.State.RETURNED) == 0


def test_double_click_on_forward_page_forwards_once_with_a_clear_message(world, submitted, client):
    # given the district coordinator on the application's page
    client.force_login(world.district_coordinator)
    url = reverse("harezmi:application-review", args=[submitted.pk])
    # when the form is sent twice
    client.post(url, {"decision": "forward", "comment": "Uygun"})
    response = client.post(url, {"decision": "forward", "comment": "Uygun"}, follow=True)
    # then the second answer says why nothing happened, and there is one forward
    page = response.content.decode()
    assert response.status_code == 200 and "Only a submitted application can be forwarded." in page
    assert _steps(submitted, Application.State.FORWARDED) == 1


def test_second_submission_of_the_same_application_is_refused(world, year):
    application = services.application_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        requested_team_count=1,
        motivation="Gerekçe",
        today=in_window(year),
    )
    first, second = _copies(Application, application.pk)
    services.application_submit(by=world.principal, application=first, today=in_window(year))
    with pytest.raises(ValidationError, match=ELSE):
        services.application_submit(by=world.principal, application=second, today=in_window(year))
    assert _steps(application, Application.State.SUBMITTED) == 1


def test_change_of_an_application_after_it_was_submitted_is_refused(world, year):
    application = services.application_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        requested_team_count=1,
        motivation="Gerekçe",
        today=in_window(year),
    )
    first, second = _copies(Application, application.pk)
    services.application_submit(by=world.principal, application=first, today=in_window(year))
    with pytest.raises(ValidationError, match=ELSE):
        services.application_update(
            by=world.principal,
            application=second,
            requested_team_count=3,
            motivation="Değişti",
            today=in_window(year),
        )
    stored = Application.objects.get(pk=application.pk)
    assert (stored.requested_team_count, stored.motivation) == (1, "Gerekçe")


def test_second_decision_of_the_same_application_is_refused(world, submitted):
    services.application_forward(by=None, application=submitted)
    first, second = _copies(Application, submitted.pk)
    services.application_approve(by=world.province_manager, application=first, approved_team_count=2)
    with pytest.raises(ValidationError, match=ELSE):
        services.application_reject(by=world.province_coordinator, application=second, comment="Kontenjan")
    stored = Application.objects.get(pk=submitted.pk)
    assert stored.state == Application.State.APPROVED and stored.approved_team_count == 2
    assert _steps(submitted, Application.State.APPROVED) == 1
    assert _steps(submitted, Application.State.REJECTED) == 0


# --- the other Harezmi workflows ---------------------------------------------------------------------
@pytest.fixture
def departing_coordinator(world, year):
    """A district coordinator of district A whose departure petition is recorded."""
    from izlem.org.models import Role
    from tests.support.world import make_user

    person = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(person)
    appointment = services.coordinator_appoint(
        by=None,
        program_year=year,
        kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR,
        unit="district_private_office",
        person=person,
        node=world.district_a,
        semester="1",
        employment="full_time",
        petition=doc(year.start_date - dt.timedelta(days=10)),
        start_letter=doc(year.start_date, "E-2401-1"),
    )
    return appointment


def test_second_departure_petition_of_a_coordinator_is_refused(world, year, departing_coordinator):
    leave = year.semester1_start + dt.timedelta(days=30)
    first, second = _copies(CoordinatorAppointment, departing_coordinator.pk)
    fields = {"petition": doc(leave), "reason": "Tayin", "departure_date": leave}
    services.coordinator_departure_request(by=world.district_manager, appointment=first, **fields)
    with pytest.raises(ValidationError, match=ELSE):
        services.coordinator_departure_request(
            by=world.district_manager, appointment=second, **{**fields, "reason": "Başka"}
        )
    stored = CoordinatorAppointment.objects.get(pk=departing_coordinator.pk)
    assert stored.state == "departure_requested" and stored.departure_reason == "Tayin"


def test_second_approval_of_a_coordinators_departure_is_refused(world, year, departing_coordinator):
    leave = year.semester1_start + dt.timedelta(days=30)
    services.coordinator_departure_request(
        by=None, appointment=departing_coordinator, petition=doc(leave), reason="Tayin", departure_date=leave
    )
    first, second = _copies(CoordinatorAppointment, departing_coordinator.pk)
    services.coordinator_departure_approve(by=world.district_manager, appointment=first)
    with pytest.raises(ValidationError, match=ELSE):
        services.coordinator_departure_approve(by=world.province_manager, appointment=second)
    stored = CoordinatorAppointment.objects.get(pk=departing_coordinator.pk)
    assert stored.state == "ended" and stored.departure_approved_by == world.district_manager


@pytest.fixture
def addition(world, team, teacher2):
    """A mid-year addition of teacher2 waiting for its Kaymakamlık Oluru."""
    return services.teacher_assignment_add(
        by=world.principal, team=team, teacher=teacher2, petition=doc(TODAY()), justification="Gerekçe"
    )


def _assignment_steps(assignment) -> list[str]:
    return list(
        AssignmentStep.objects.filter(assignment=assignment).order_by("pk").values_list("action", flat=True)
    )


def test_approval_and_refusal_of_one_addition_give_one_decision(world, year, addition):
    first, second = _copies(TeacherAssignment, addition.pk)
    services.teacher_assignment_approve(
        by=world.district_coordinator,
        assignment=first,
        district_approval=doc(TODAY(), "E-2401-55"),
        new_governor_approval=doc(year.start_date, "E-24-100"),
    )
    with pytest.raises(ValidationError, match=ELSE):
        services.teacher_assignment_refuse(by=world.district_manager, assignment=second, note="Norm fazlası")
    assert TeacherAssignment.objects.get(pk=addition.pk).state == "active"
    assert _assignment_steps(addition) == ["petition", "approved"]


def test_second_approval_of_one_addition_is_refused(world, year, addition):
    first, second = _copies(TeacherAssignment, addition.pk)
    fields = {
        "district_approval": doc(TODAY(), "E-2401-55"),
        "new_governor_approval": doc(year.start_date, "E-24-100"),
    }
    services.teacher_assignment_approve(by=world.district_coordinator, assignment=first, **fields)
    with pytest.raises(ValidationError, match=ELSE):
        services.teacher_assignment_approve(by=world.district_manager, assignment=second, **fields)
    assert _assignment_steps(addition) == ["petition", "approved"]


def test_second_departure_letter_of_a_teacher_is_refused(world, team):
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    services.teacher_departure_request(
        by=world.principal,
        assignment=assignment,
        petition=doc(TODAY()),
        justification="Tayin",
        end_date=TODAY() + dt.timedelta(days=10),
    )
    first, second = _copies(TeacherAssignment, assignment.pk)
    services.teacher_departure_report(
        by=world.district_coordinator, assignment=first, letter=doc(TODAY(), "E-77")
    )
    with pytest.raises(ValidationError, match=ELSE):
        services.teacher_departure_report(
            by=world.district_manager, assignment=second, letter=doc(TODAY(), "E-78")
        )
    stored = TeacherAssignment.objects.get(pk=assignment.pk)
    assert stored.state == "ended" and stored.departure_letter.number == "E-77"
    assert _assignment_steps(assignment) == ["formed", "departure_petition", "departure_letter"]


def test_second_withdrawal_of_a_consent_is_refused_and_keeps_the_first_date(world, year, team):
    student = services.student_register(
        by=world.principal,
        program_year=year,
        school=world.school_a1,
        first_name="Ada",
        last_name="Yılmaz",
        grade=6,
        consent=consent(year.start_date),
    )
    # two copies with their consent loaded, as the student's page loads them
    first, second = (Student.objects.select_related("consent").get(pk=student.pk) for _ in range(2))
    services.student_consent_withdraw(by=world.principal, student=first, on=TODAY())
    with pytest.raises(ValidationError, match="no consent to withdraw"):
        services.student_consent_withdraw(
            by=world.principal, student=second, on=TODAY() + dt.timedelta(days=1)
        )
    assert Student.objects.get(pk=student.pk).consent.withdrawn_on == TODAY()
