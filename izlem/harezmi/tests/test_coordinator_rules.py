"""The remaining coordinator rules (issue 19): the unit a coordinator comes from, departures taking effect on
their date (coordinators and team teachers), needs met only by attended trainings, trainers of the training's
time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.harezmi import access, services
from izlem.harezmi.models import (
    CoordinatorAppointment,
    OfficialDocument,
    TeacherAssignment,
    Training,
    TrainingNeed,
)
from izlem.harezmi.services.sessions import province_coordinators
from izlem.org.models import Role, RoleAssignment
from tests.support.harezmi import DAY, doc, make_year, trained
from tests.support.world import make_user

K = CoordinatorAppointment.Kind


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def candidate(world):
    """A trained teacher of school A2."""
    person = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(person)
    return person


def _district(world, year, person, *, semester="1", unit="district_private_office", **extra):
    return services.coordinator_appoint(
        by=world.district_manager,
        program_year=year,
        kind=K.DISTRICT_COORDINATOR,
        unit=unit,
        person=person,
        node=world.district_a,
        semester=semester,
        employment="full_time",
        petition=doc(year.start_date - 10 * DAY),
        start_letter=doc(year.start_date, "E-2401-1"),
        **extra,
    )


def _province(world, year, person, *, kind=K.PROVINCE_COORDINATOR, unit="province_strategy", **extra):
    return services.coordinator_appoint(
        by=world.province_manager,
        program_year=year,
        kind=kind,
        unit=unit,
        person=person,
        node=world.province,
        approval=doc(year.start_date, "E-1"),
        **extra,
    )


def _counts():
    return (
        CoordinatorAppointment.objects.count(),
        RoleAssignment.objects.count(),
        OfficialDocument.objects.count(),
    )


# --- 1. the unit ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit"),
    [
        (K.PROVINCE_COORDINATOR, "district_private_office"),
        (K.PROVINCE_COORDINATOR, "district_rd"),
        (K.PROVINCE_ASSISTANT, "district_private_office"),
        (K.DISTRICT_COORDINATOR, "province_strategy"),
        (K.DISTRICT_COORDINATOR, "province_private_office"),
        (K.DISTRICT_COORDINATOR, "province_rd"),
    ],
)
def test_a_unit_not_allowed_for_the_post_is_refused_and_nothing_changes(world, year, candidate, kind, unit):
    before = _counts()
    appoint = _district if kind == K.DISTRICT_COORDINATOR else _province
    extra = {"kind": kind} if kind != K.DISTRICT_COORDINATOR else {}
    with pytest.raises(ValidationError) as error:
        appoint(world, year, candidate, unit=unit, **extra)
    message = error.value.message_dict["unit"][0]
    assert (
        "is not a unit for the post of" in message and str(CoordinatorAppointment.Unit(unit).label) in message
    )
    assert _counts() == before


def test_a_post_without_a_unit_is_refused_and_nothing_changes(world, year, candidate):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _district(world, year, candidate, unit="")
    assert "Choose the unit" in error.value.message_dict["unit"][0]
    assert _counts() == before


@pytest.mark.parametrize("unit", ["province_strategy", "province_rd", "province_private_office"])
def test_province_coordinator_from_an_allowed_province_unit(world, year, candidate, unit):
    appointment = _province(world, year, candidate, unit=unit)
    assert appointment.unit == unit and appointment.role_assignment.role == Role.PROVINCE_COORDINATOR


@pytest.mark.parametrize("unit", ["district_private_office", "district_rd"])
def test_district_coordinator_assigned_to_the_district_office_or_rd(world, year, candidate, unit):
    assert _district(world, year, candidate, unit=unit).unit == unit


def test_the_model_refuses_a_unit_of_the_wrong_level():
    appointment = CoordinatorAppointment(kind=K.DISTRICT_COORDINATOR, unit="province_strategy")
    with pytest.raises(ValidationError) as error:
        appointment.clean()
    assert "unit" in error.value.message_dict


def test_pages_show_the_unit_and_not_recorded_for_older_appointments(world, year, candidate, client):
    appointment = _district(world, year, candidate, unit="district_rd")
    older = _province(world, year, candidate2(world))
    CoordinatorAppointment.objects.filter(pk=older.pk).update(unit="")  # recorded before the unit existed
    client.force_login(world.province_manager)
    detail = client.get(reverse("harezmi:appointment-detail", args=[appointment.pk])).content.decode()
    assert "District R&amp;D unit" in detail
    older_page = client.get(reverse("harezmi:appointment-detail", args=[older.pk])).content.decode()
    assert "not recorded" in older_page
    listing = client.get(reverse("harezmi:appointment-list") + f"?year={year.pk}").content.decode()
    assert "District R&amp;D unit" in listing and "not recorded" in listing


def candidate2(world):
    person = make_user("ikinci", Role.TEACHER, world.school_b1)
    trained(person)
    return person


def test_the_form_refuses_a_district_coordinator_from_the_province_office(world, year, candidate, client):
    client.force_login(world.district_manager)
    response = client.post(
        reverse("harezmi:appointment-create") + f"?year={year.pk}",
        {
            "kind": K.DISTRICT_COORDINATOR,
            "node": world.district_a.pk,
            "person": candidate.pk,
            "semester": "1",
            "employment": "full_time",
            "unit": "province_strategy",
            "petition_date": year.start_date.isoformat(),
            "start_letter_number": "E-1",
            "start_letter_date": year.start_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "is not a unit for the post of" in response.content.decode()
    assert CoordinatorAppointment.objects.count() == 0


# --- 2. a departure takes effect on its date ----------------------------------------------------------------


def _leave(appointment, by, day):
    services.coordinator_departure_request(
        by=by, appointment=appointment, petition=doc(min(day, today())), reason="Tayin", departure_date=day
    )
    appointment.refresh_from_db()
    return appointment


def test_departure_approved_before_its_date_keeps_the_coordinator_in_office_until_then(
    world, year, candidate, client
):
    appointment = _district(world, year, candidate)
    leave = today() + 10 * DAY
    _leave(appointment, world.district_manager, leave)
    # when the district approves today, ten days ahead of the date
    services.coordinator_departure_approve(by=world.district_manager, appointment=appointment)
    appointment.refresh_from_db()
    role = RoleAssignment.objects.get(pk=appointment.role_assignment_id)
    # then the role still grants access today and up to the departure date, not a day more
    assert role.end_date == leave and role.ended_at is None and role.is_in_force
    holders = RoleAssignment.objects.filter(pk=role.pk)
    assert holders.active(on=leave).exists() and not holders.active(on=leave + DAY).exists()
    assert appointment.in_office_today
    assert CoordinatorAppointment.objects.in_office(leave).filter(pk=appointment.pk).exists()
    assert not CoordinatorAppointment.objects.in_office(leave + DAY).filter(pk=appointment.pk).exists()
    # and the page says so
    client.force_login(world.district_manager)
    page = client.get(reverse("harezmi:appointment-detail", args=[appointment.pk])).content.decode()
    assert "in office until" in page and leave.strftime("%d.%m.%Y") in page


def test_province_coordinator_leaving_later_still_holds_the_post_until_the_date(world, year, candidate):
    first = _province(world, year, candidate)
    leave = today() + 10 * DAY
    _leave(first, world.province_manager, leave)
    services.coordinator_departure_approve(by=world.province_manager, appointment=first)
    successor = candidate2(world)
    # a successor starting before the departure date would make two province coordinators: refused
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _province(world, year, successor, start_date=today() + DAY)
    assert "one province coordinator is in office at a time" in error.value.message_dict["person"][0]
    assert _counts() == before
    # starting the day after, accepted; until then the leaving one is the province coordinator
    second = _province(world, year, successor, start_date=leave + DAY)
    assert second.person == successor
    assert province_coordinators(year) == [candidate]


def test_departure_approved_after_its_date_ends_the_role_on_the_date(world, year, candidate):
    appointment = _district(world, year, candidate)
    leave = today() - 5 * DAY
    _leave(appointment, world.district_manager, leave)
    services.coordinator_departure_approve(by=world.district_manager, appointment=appointment)
    role = RoleAssignment.objects.get(pk=appointment.role_assignment_id)
    assert role.end_date == leave and role.ended_at is not None and not role.is_in_force
    holders = RoleAssignment.objects.filter(pk=role.pk)
    assert holders.active(on=leave).exists() and not holders.active(on=leave + DAY).exists()
    appointment.refresh_from_db()
    assert not appointment.in_office_today


def test_departure_approved_after_the_planned_end_still_ends_the_role_on_the_departure_date(world, candidate):
    # given a first-semester appointment of a year whose first semester is over
    year = make_year(world, name="2026-2027", start=today() - 200 * DAY)
    appointment = _district(world, year, candidate)
    assert appointment.end_date < today()
    leave = year.start_date + 30 * DAY
    _leave(appointment, world.district_manager, leave)
    # when the approval is recorded only now
    services.coordinator_departure_approve(by=world.district_manager, appointment=appointment)
    # then the role's last day is the departure date, not the planned end
    role = RoleAssignment.objects.get(pk=appointment.role_assignment_id)
    assert role.end_date == leave
    assert not RoleAssignment.objects.filter(pk=role.pk).active(on=leave + DAY).exists()


def test_departure_after_the_planned_end_is_refused_and_nothing_changes(world, year, candidate):
    appointment = _district(world, year, candidate)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _leave(appointment, world.district_manager, appointment.end_date + DAY)
    assert "must not be later" in error.value.message_dict["departure_date"][0]
    appointment.refresh_from_db()
    assert appointment.state == "active" and appointment.departed_on is None and _counts() == before


def _team_departure(world, team, last_day, petition_day):
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    services.teacher_departure_request(
        by=world.principal,
        assignment=assignment,
        petition=doc(petition_day),
        justification="Tayin",
        end_date=last_day,
    )
    return assignment


def test_team_departure_reported_before_the_last_day_keeps_the_teacher_until_then(world, year, team):
    last_day = today() + 10 * DAY
    assignment = _team_departure(world, team, last_day, today())
    services.teacher_departure_report(
        by=world.district_coordinator, assignment=assignment, letter=doc(today(), "E-77")
    )
    assignment.refresh_from_db()
    assert assignment.state == "ended"
    active = TeacherAssignment.objects.filter(pk=assignment.pk)
    assert active.active(today()).exists() and active.active(last_day).exists()
    assert not active.active(last_day + DAY).exists()
    # still the team's teacher until the last day: the principal may report their absence
    assert TeacherAssignment.objects.current().filter(pk=assignment.pk).exists()
    assert access.harezmi_absence_teachers(world.principal, year).filter(pk=world.teacher.pk).exists()
    assert not TeacherAssignment.objects.current(last_day + DAY).filter(pk=assignment.pk).exists()


def test_team_departure_reported_after_the_last_day_ends_on_the_last_day(world, year, team):
    last_day = today() - 3 * DAY
    assignment = _team_departure(world, team, last_day, today() - 5 * DAY)
    active = TeacherAssignment.objects.filter(pk=assignment.pk)
    # before the letter: the teacher left on the last day already
    assert active.active(last_day).exists() and not active.active(today()).exists()
    services.teacher_departure_report(
        by=world.district_coordinator, assignment=assignment, letter=doc(today(), "E-77")
    )
    assert active.active(last_day).exists() and not active.active(last_day + DAY).exists()
    assert not TeacherAssignment.objects.current().filter(pk=assignment.pk).exists()


# --- 3. a need is met only by a training the teacher attended -----------------------------------------------


def _training(world, year, **extra):
    fields = {
        "by": None,
        "program_year": year,
        "node": world.district_a,
        "kind": "other",
        "topic": "robotics",
        "title": "Robotik",
        "mode": "online",
    }
    if year is not None:
        fields |= {"starts_on": year.start_date, "ends_on": year.start_date + 2 * DAY}
    return services.training_create(**(fields | extra))


def _need(world, year):
    return services.training_need_record(
        by=world.district_coordinator,
        program_year=year,
        person=world.teacher,
        school=world.school_a1,
        topic="robotics",
    )


@pytest.mark.parametrize("state", [None, "enrolled", "dropped"])
def test_a_training_the_teacher_did_not_attend_does_not_meet_the_need(world, year, state):
    held = _training(world, year)
    need = _need(world, year)
    if state is not None:
        (row,) = services.training_participants_add(by=None, training=held, people=[world.teacher])
        if state != "enrolled":
            services.training_participant_state_set(by=None, participant=row, state=state)
    with pytest.raises(ValidationError) as error:
        services.training_need_mark_met(by=world.district_coordinator, need=need, training=held)
    message = error.value.message_dict["training"][0]
    assert "did not attend" in message and str(world.teacher) in message
    need.refresh_from_db()
    assert need.met_by is None


def test_a_training_the_teacher_completed_meets_the_need_and_the_list_shows_it(world, year, client):
    held = _training(world, year)
    need = _need(world, year)
    (row,) = services.training_participants_add(by=None, training=held, people=[world.teacher])
    services.training_participant_state_set(
        by=None, participant=row, state="completed", completed_on=held.ends_on
    )
    services.training_need_mark_met(by=world.district_coordinator, need=need, training=held)
    need.refresh_from_db()
    assert need.met_by == held
    # an older need marked met before attendance was checked is flagged on the list
    other = make_user("ogretmen2", Role.TEACHER, world.school_a1)
    older = services.training_need_record(
        by=None, program_year=year, person=other, school=world.school_a1, topic="coding"
    )
    TrainingNeed.objects.filter(pk=older.pk).update(met_by=held)
    client.force_login(world.district_coordinator)
    page = client.get(reverse("harezmi:training-need-list") + f"?year={year.pk}").content.decode()
    assert f"attended, completed on {held.ends_on:%d.%m.%Y}" in page
    assert "attendance not recorded" in page


def test_the_need_form_offers_only_trainings_the_teacher_attended(world, year, client):
    attended = _training(world, year, title="Katıldığı eğitim")
    _training(world, year, title="Katılmadığı eğitim")
    need = _need(world, year)
    (row,) = services.training_participants_add(by=None, training=attended, people=[world.teacher])
    services.training_participant_state_set(
        by=None, participant=row, state="completed", completed_on=attended.ends_on
    )
    client.force_login(world.district_coordinator)
    page = client.get(reverse("harezmi:training-need-edit", args=[need.pk])).content.decode()
    assert "Katıldığı eğitim" in page and "Katılmadığı eğitim" not in page


# --- 4. trainers of the training's time ---------------------------------------------------------------------


def test_trainers_are_the_coordinators_of_the_trainings_time_not_todays(world, year, candidate):
    # given a district coordinator who left ten days ago
    appointment = _district(world, year, candidate)
    leave = today() - 10 * DAY
    _leave(appointment, world.district_manager, leave)
    services.coordinator_departure_approve(by=world.district_manager, appointment=appointment)
    # then they may be named trainer of a training they gave while in office
    during = _training(world, year, starts_on=leave - 5 * DAY, ends_on=leave - 4 * DAY, trainers=[candidate])
    assert list(during.trainers.all()) == [candidate]
    # but not of one after they left, and nothing is recorded
    count = Training.objects.count()
    with pytest.raises(ValidationError) as error:
        _training(world, year, starts_on=leave + DAY, ends_on=leave + 2 * DAY, trainers=[candidate])
    assert "did not hold a Harezmi coordinator role" in error.value.message_dict["trainers"][0]
    assert Training.objects.count() == count


def test_a_coordinator_of_today_was_not_a_trainer_of_an_earlier_year(world, year, candidate):
    # given a training of an earlier year (no program year recorded), before anyone here had a role
    earlier = year.start_date - 400 * DAY
    with pytest.raises(ValidationError) as error:
        _training(
            world,
            None,
            starts_on=earlier,
            ends_on=earlier + DAY,
            trainers=[world.district_coordinator],
        )
    assert "trainers" in error.value.message_dict


def test_the_trainer_list_of_a_past_training_offers_who_was_coordinator_then(world, year, candidate, client):
    appointment = _district(world, year, candidate)
    leave = today() - 10 * DAY
    _leave(appointment, world.district_manager, leave)
    services.coordinator_departure_approve(by=world.district_manager, appointment=appointment)
    held = _training(world, year, starts_on=leave - 5 * DAY, ends_on=leave - 4 * DAY, trainers=[candidate])
    offered = access.harezmi_trainer_people(
        held.node, program_year=year, starts_on=held.starts_on, ends_on=held.ends_on
    )
    assert offered.filter(pk=candidate.pk).exists()
    later = access.harezmi_trainer_people(
        held.node, program_year=year, starts_on=leave + DAY, ends_on=leave + DAY
    )
    assert not later.filter(pk=candidate.pk).exists()
    client.force_login(world.district_manager)
    page = client.get(reverse("harezmi:training-held-edit", args=[held.pk])).content.decode()
    assert f'value="{candidate.pk}" selected' in page
