"""Teams and their teachers: formation, additions with the Kaymakamlık Oluru, departures with the EBYS letter."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import Notification
from izlem.harezmi import selectors, services
from izlem.harezmi.models import AssignmentStep, OfficialDocument, TeacherAssignment, Team
from tests.support.harezmi import before_start, doc

TODAY = timezone.localdate


def test_team_needs_an_approved_application(world, year):
    with pytest.raises(ValidationError, match="approved"):
        services.team_create(by=world.principal, program_year=year, school=world.school_a1, name="Ekip 1")
    assert Team.objects.count() == 0


def test_the_approved_number_of_teams_is_fixed(world, year, approved):
    services.team_create(by=world.principal, program_year=year, school=world.school_a1, name="Ekip 1")
    services.team_create(by=world.principal, program_year=year, school=world.school_a1, name="Ekip 2")
    with pytest.raises(ValidationError, match=r"approved number of teams \(2\)"):
        services.team_create(by=world.principal, program_year=year, school=world.school_a1, name="Ekip 3")
    assert Team.objects.count() == 2


def test_teacher_cannot_form_a_team(world, year, approved):
    with pytest.raises(PermissionDenied):
        services.team_create(by=world.teacher, program_year=year, school=world.school_a1, name="Ekip 1")
    assert Team.objects.count() == 0


def test_formation_places_teachers_at_once(world, year, team):
    assignment = TeacherAssignment.objects.get(team=team)
    assert (assignment.state, assignment.is_initial, assignment.start_date) == (
        "active",
        True,
        year.start_date,
    )
    assert [s.action for s in assignment.steps.all()] == ["formed"]


def test_mid_year_addition_needs_petition_and_justification_and_nothing_changes(world, year, team, teacher2):
    with pytest.raises(ValidationError) as error:
        services.teacher_assignment_add(by=world.principal, team=team, teacher=teacher2)
    assert set(error.value.message_dict) == {"petition_date", "justification"}
    assert TeacherAssignment.objects.filter(teacher=teacher2).count() == 0


def test_mid_year_addition_is_inactive_until_the_kaymakamlik_oluru(world, year, team, teacher2):
    # given the teacher's petition and the justification
    assignment = services.teacher_assignment_add(
        by=world.principal,
        team=team,
        teacher=teacher2,
        petition=doc(TODAY()),
        justification="Ders yükü arttı",
    )
    # then: waiting, inactive, cannot be put on a schedule or a session
    assert assignment.state == "pending_approval" and assignment.start_date is None
    assert not assignment.is_active_on(TODAY())
    with pytest.raises(ValidationError, match="not an active teacher"):
        services.teacher_ensure_active(team=team, teacher=teacher2)
    assert (
        Notification.objects.filter(
            recipient=world.district_coordinator, message__contains="asks to add Teacher2"
        ).count()
        == 1
    )
    # when the district records the Kaymakamlık Oluru citing the Valilik Oluru
    services.teacher_assignment_approve(
        by=world.district_coordinator,
        assignment=assignment,
        district_approval=doc(TODAY(), "E-2401-55"),
        new_governor_approval=doc(year.start_date, "E-24-100"),
    )
    # then
    assignment.refresh_from_db()
    assert assignment.state == "active" and assignment.start_date == TODAY()
    assert assignment.approval.kind == OfficialDocument.Kind.DISTRICT_GOVERNOR_APPROVAL
    assert assignment.approval.cites.kind == OfficialDocument.Kind.GOVERNOR_APPROVAL
    assert assignment.approval.cites.number == "E-24-100"
    assert services.teacher_ensure_active(team=team, teacher=teacher2) == assignment
    assert [(s.action, s.by) for s in assignment.steps.all()] == [
        ("petition", world.principal),
        ("approved", world.district_coordinator),
    ]


def test_approval_without_the_valilik_oluru_is_refused_and_nothing_changes(world, year, team, teacher2):
    assignment = services.teacher_assignment_add(
        by=world.principal, team=team, teacher=teacher2, petition=doc(TODAY()), justification="Gerekçe"
    )
    documents = OfficialDocument.objects.count()
    with pytest.raises(ValidationError, match="must cite the Valilik Oluru"):
        services.teacher_assignment_approve(
            by=world.district_coordinator, assignment=assignment, district_approval=doc(TODAY(), "E-1")
        )
    assignment.refresh_from_db()
    assert assignment.state == "pending_approval" and OfficialDocument.objects.count() == documents


def test_principal_cannot_approve_an_addition(world, year, team, teacher2):
    assignment = services.teacher_assignment_add(
        by=world.principal, team=team, teacher=teacher2, petition=doc(TODAY()), justification="Gerekçe"
    )
    with pytest.raises(PermissionDenied):
        services.teacher_assignment_approve(
            by=world.principal,
            assignment=assignment,
            district_approval=doc(TODAY(), "E-1"),
            new_governor_approval=doc(year.start_date, "V-1"),
        )
    assignment.refresh_from_db()
    assert assignment.state == "pending_approval"


def test_refused_addition_is_kept_with_its_reason(world, year, team, teacher2):
    assignment = services.teacher_assignment_add(
        by=world.principal, team=team, teacher=teacher2, petition=doc(TODAY()), justification="Gerekçe"
    )
    services.teacher_assignment_refuse(by=world.district_manager, assignment=assignment, note="Norm fazlası")
    assignment.refresh_from_db()
    assert assignment.state == "refused" and assignment.steps.last().note == "Norm fazlası"


def test_departure_needs_justification_then_the_letter_ends_it(world, year, team):
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    last_day = TODAY() + dt.timedelta(days=10)
    # a departure without a justification is refused
    with pytest.raises(ValidationError, match="staff stability"):
        services.teacher_departure_request(
            by=world.principal,
            assignment=assignment,
            petition=doc(TODAY()),
            justification="",
            end_date=last_day,
        )
    assignment.refresh_from_db()
    assert assignment.state == "active" and assignment.departure_petition is None
    # with the petition and the justification it waits for the letter
    services.teacher_departure_request(
        by=world.principal,
        assignment=assignment,
        petition=doc(TODAY()),
        justification="Tayin",
        end_date=last_day,
    )
    assignment.refresh_from_db()
    assert assignment.state == "departure_pending" and assignment.end_date == last_day
    # the district records the EBYS letter to the province: the teacher has left
    services.teacher_departure_report(
        by=world.district_coordinator, assignment=assignment, letter=doc(TODAY(), "E-77")
    )
    assignment.refresh_from_db()
    assert assignment.state == "ended" and assignment.departure_letter.number == "E-77"
    assert [s.action for s in assignment.steps.all()] == ["formed", "departure_petition", "departure_letter"]
    assert Notification.objects.filter(
        recipient=world.province_coordinator, message__contains="Tayin"
    ).exists()


def test_the_province_sees_every_change_in_the_ledger(world, year, team, teacher2, client):
    # given an addition and a departure in district A
    services.teacher_assignment_add(
        by=world.principal, team=team, teacher=teacher2, petition=doc(TODAY()), justification="Ek destek"
    )
    leaving = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    services.teacher_departure_request(
        by=world.principal, assignment=leaving, petition=doc(TODAY()), justification="Tayin", end_date=TODAY()
    )
    # when the province coordinator opens the ledger
    client.force_login(world.province_coordinator)
    response = client.get(reverse("harezmi:staff-ledger") + f"?year={year.pk}")
    # then both changes are there with their justification
    rows = list(response.context["page"])
    assert {(a.teacher.username, a.state) for a in rows} == {
        ("teacher2", "pending_approval"),
        ("teacher", "departure_pending"),
    }
    assert "Ek destek" in response.content.decode() and "Tayin" in response.content.decode()
    # and the outsider of district B sees none of them
    client.force_login(world.outsider)
    assert list(client.get(reverse("harezmi:staff-ledger") + f"?year={year.pk}").context["page"]) == []


def test_team_size_warning_outside_the_configured_range(world, year, team):
    assert selectors.team_size_warning(team, 1) == "Ekip 1 has 1 active teacher(s); 3 to 6 are expected."
    assert selectors.team_size_warning(team, 3) == ""
    approved = team.school.harezmi_applications.get()
    services.application_settings_update(by=None, application=approved, teacher_min=1, teacher_max=2)
    assert selectors.team_size_warning(team, 1) == ""
    assert selectors.team_size_warning(team, 3) == "Ekip 1 has 3 active teacher(s); 1 to 2 are expected."


def test_double_booking_of_a_teacher_in_two_schools(world, year, team):
    # given the teacher also teaches at school A2, in a team at the same day and overlapping hours
    from izlem.org.services import role_assign
    from tests.support.harezmi import approve

    role_assign(by=None, user=world.teacher, role="teacher", node=world.school_a2)
    approve(year, world.school_a2, 1)
    other = services.team_create(by=None, program_year=year, school=world.school_a2, name="Ekip 1")
    services.teacher_assignment_add(by=None, team=other, teacher=world.teacher, today=before_start(year))
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5)
    services.team_schedule_set(by=None, team=other, weekday=3, first_lesson=3)
    # when
    found = selectors.double_bookings(year)
    # then
    assert [(b.teacher, {b.first, b.second}) for b in found] == [(world.teacher, {team, other})]
    # and no warning once the hours no longer overlap
    services.team_schedule_set(by=None, team=other, weekday=3, first_lesson=1, reason="r", announcement="a")
    assert selectors.double_bookings(year) == []


def test_ledger_steps_are_audited(world, year, team):
    assert AssignmentStep.history.count() == 1
