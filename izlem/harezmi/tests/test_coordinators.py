"""Coordinator appointments: trained people only, the approvals each post needs, roles, departures, the count rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.core.models import Notification
from izlem.harezmi import access, selectors, services
from izlem.harezmi.models import CoordinatorAppointment, OfficialDocument, Team
from izlem.org.models import Role, RoleAssignment
from tests.support.harezmi import approve, doc, trained
from tests.support.world import make_user

K = CoordinatorAppointment.Kind


@pytest.fixture
def candidate(world):
    """A teacher of school A2 who volunteers."""
    return make_user("gonullu", Role.TEACHER, world.school_a2)


def _appoint_district(world, year, person, **extra):
    fields = {
        "by": world.district_manager,
        "program_year": year,
        "kind": K.DISTRICT_COORDINATOR,
        "person": person,
        "node": world.district_a,
        "semester": "1",
        "employment": "full_time",
        "unit": "district_private_office",
        "petition": doc(year.start_date - dt.timedelta(days=10)),
        "start_letter": doc(year.start_date, "E-2401-1"),
    }
    fields.update(extra)
    return services.coordinator_appoint(**fields)


def test_province_manager_appoints_a_trained_province_coordinator_with_office_approval(
    world, year, candidate
):
    # given
    trained(candidate)
    # when
    appointment = services.coordinator_appoint(
        by=world.province_manager,
        program_year=year,
        kind=K.PROVINCE_COORDINATOR,
        unit="province_strategy",
        person=candidate,
        node=world.province,
        approval=doc(year.start_date, "E-123"),
    )
    # then: the appointment, its approval and the role the access module sees
    assert appointment.state == "active" and appointment.end_date == year.semester2_end
    assert (
        appointment.approval.kind == OfficialDocument.Kind.OFFICE_APPROVAL
        and appointment.approval.number == "E-123"
    )
    role = appointment.role_assignment
    assert (role.role, role.node, role.start_date, role.end_date) == (
        Role.PROVINCE_COORDINATOR,
        world.province,
        year.semester1_start,
        year.semester2_end,
    )
    candidate._izlem_assignments = None
    assert access.harezmi_province_nodes(candidate).get() == world.province


def test_untrained_person_is_refused_and_nothing_changes(world, year, candidate):
    # given a volunteer without the Harezmi training
    roles_before = RoleAssignment.objects.count()
    # when / then
    with pytest.raises(ValidationError) as error:
        _appoint_district(world, year, candidate)
    assert "has not completed the Harezmi in-service training" in str(error.value)
    assert CoordinatorAppointment.objects.count() == 0
    assert RoleAssignment.objects.count() == roles_before
    assert OfficialDocument.objects.count() == 0


def test_training_completed_after_the_start_does_not_count(world, year, candidate):
    trained(candidate, on=year.start_date + dt.timedelta(days=5))
    with pytest.raises(ValidationError, match="has not completed"):
        _appoint_district(world, year, candidate)


def test_province_post_without_office_approval_is_refused(world, year, candidate):
    trained(candidate)
    with pytest.raises(ValidationError, match="makam onayı"):
        services.coordinator_appoint(
            by=world.province_manager,
            program_year=year,
            kind=K.PROVINCE_COORDINATOR,
            unit="province_strategy",
            person=candidate,
            node=world.province,
        )
    assert CoordinatorAppointment.objects.count() == 0


def test_assistant_of_a_large_province_needs_the_ministrys_opinion(world, year, candidate):
    # given a province that counts as large from one team on
    trained(candidate)
    year.large_province_team_threshold = 1
    year.save()
    approve(year, world.school_a1, 1)
    Team.objects.create(program_year=year, school=world.school_a1, name="Ekip 1")
    fields = {
        "by": world.province_manager,
        "program_year": year,
        "kind": K.PROVINCE_ASSISTANT,
        "unit": "province_rd",
        "person": candidate,
        "node": world.province,
        "approval": doc(year.start_date, "E-9"),
    }
    # when the opinion is missing: refused
    with pytest.raises(ValidationError, match="Ministry's opinion"):
        services.coordinator_appoint(**fields)
    assert CoordinatorAppointment.objects.count() == 0
    # when it is recorded: appointed and flagged
    appointment = services.coordinator_appoint(**fields, ministry_opinion=doc(year.start_date, "OGM-1"))
    assert appointment.needs_ministry_opinion is True and appointment.ministry_opinion.number == "OGM-1"


def test_assistant_of_a_small_province_is_not_flagged(world, year, candidate):
    trained(candidate)
    appointment = services.coordinator_appoint(
        by=world.province_manager,
        program_year=year,
        kind=K.PROVINCE_ASSISTANT,
        unit="province_strategy",
        person=candidate,
        node=world.province,
        approval=doc(year.start_date, "E-9"),
    )
    assert appointment.needs_ministry_opinion is False


def test_district_coordinator_by_petition_for_a_semester_with_start_letter(world, year, candidate):
    # given
    trained(candidate)
    # when the district appoints the volunteer for the first semester, part-time
    appointment = _appoint_district(world, year, candidate, employment="part_time", schools=[world.school_a1])
    # then
    assert (appointment.start_date, appointment.end_date) == (year.semester1_start, year.semester1_end)
    assert appointment.petition.kind == "petition" and appointment.start_letter.number == "E-2401-1"
    assert appointment.full_time_equivalent == 0.5
    assert list(appointment.schools.all()) == [world.school_a1]
    assert appointment.role_assignment.role == Role.DISTRICT_COORDINATOR
    # and the province coordinators are told
    assert Notification.objects.filter(recipient=world.province_coordinator).count() == 1


def test_district_coordinator_needs_petition_working_time_and_letter(world, year, candidate):
    trained(candidate)
    with pytest.raises(ValidationError) as error:
        _appoint_district(world, year, candidate, petition=None, start_letter=None, employment="")
    assert set(error.value.message_dict) == {"petition_date", "start_letter_number", "employment"}
    assert CoordinatorAppointment.objects.count() == 0


def test_only_a_top_manager_appoints(world, year, candidate):
    trained(candidate)
    for user in (world.district_coordinator, world.principal, world.outsider):
        with pytest.raises(PermissionDenied):
            _appoint_district(world, year, candidate, by=user)
    assert CoordinatorAppointment.objects.count() == 0


def test_departure_by_petition_then_approval_ends_the_role(world, year, candidate):
    # given a district coordinator in office
    trained(candidate)
    appointment = _appoint_district(world, year, candidate)
    leave = year.semester1_start + dt.timedelta(days=30)
    # when the coordinator petitions to leave
    services.coordinator_departure_request(
        by=candidate, appointment=appointment, petition=doc(leave), reason="Tayin", departure_date=leave
    )
    appointment.refresh_from_db()
    assert (
        appointment.state == "departure_requested"
        and appointment.role_assignment.end_date == year.semester1_end
    )
    # and the district approves
    services.coordinator_departure_approve(by=world.district_manager, appointment=appointment)
    # then the post and the role end on the departure date
    appointment.refresh_from_db()
    assert appointment.state == "ended" and appointment.departure_approved_by == world.district_manager
    assert appointment.role_assignment.end_date == leave


def test_coordinator_cannot_approve_their_own_departure_and_nothing_changes(world, year, candidate, client):
    trained(candidate)
    appointment = _appoint_district(world, year, candidate)
    services.coordinator_departure_request(
        by=candidate,
        appointment=appointment,
        petition=doc(year.start_date),
        reason="Tayin",
        departure_date=year.start_date,
    )
    client.force_login(candidate)
    response = client.post(reverse("harezmi:appointment-departure-approve", args=[appointment.pk]))
    appointment.refresh_from_db()
    assert response.status_code == 404 and appointment.state == "departure_requested"


def test_appointment_form_refuses_an_untrained_person_with_a_clear_message(world, year, candidate, client):
    # given the district manager on the form (everyone listed)
    client.force_login(world.district_manager)
    url = reverse("harezmi:appointment-create") + f"?year={year.pk}&all=1"
    # when
    response = client.post(
        url,
        {
            "kind": K.DISTRICT_COORDINATOR,
            "node": world.district_a.pk,
            "person": candidate.pk,
            "semester": "1",
            "employment": "full_time",
            "unit": "district_private_office",
            "petition_date": year.start_date.isoformat(),
            "start_letter_number": "E-1",
            "start_letter_date": year.start_date.isoformat(),
        },
    )
    # then
    assert response.status_code == 200
    assert "has not completed the Harezmi in-service training" in response.content.decode()
    assert CoordinatorAppointment.objects.count() == 0


@pytest.mark.parametrize(
    ("schools", "teams", "expected"),
    [(0, 0, 0), (1, 1, 1), (10, 12, 1), (11, 12, 2), (5, 21, 2), (25, 61, 4)],
)
def test_coordinator_count_rule(year, schools, teams, expected):
    # the defaults: one per 10 schools or 20 teams, whichever needs more, at least one
    assert selectors.suggested_coordinator_count(schools=schools, teams=teams, program_year=year) == expected


def test_coordinator_need_table(world, year, candidate):
    # given two application schools in district A with 3 teams and a part-time coordinator
    approve(year, world.school_a1, 2)
    approve(year, world.school_a2, 1)
    for school, name in ((world.school_a1, "1"), (world.school_a1, "2"), (world.school_a2, "1")):
        services.team_create(by=None, program_year=year, school=school, name=name)
    trained(candidate)
    _appoint_district(world, year, candidate, employment="part_time", semester="both")
    # when
    rows = {row.district.name: row for row in selectors.coordinator_need(year)}
    # then
    merkez, tercan = rows["Merkez"], rows["Tercan"]
    assert (merkez.schools, merkez.teams, merkez.suggested, merkez.in_office, merkez.missing) == (
        2,
        3,
        1,
        0.5,
        0.5,
    )
    assert (tercan.schools, tercan.teams, tercan.suggested, tercan.in_office) == (0, 0, 0, 0)
