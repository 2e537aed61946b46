"""The approval chain of a team's staff, with dates: the current year's Valilik Oluru, petition ≤ olur ≤
start, nothing after today, inside the program year; a departure takes effect on its date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from izlem.harezmi import services
from izlem.harezmi.models import (
    CoordinatorAppointment,
    OfficialDocument,
    ParentalConsent,
    ParentMeeting,
    ScheduleChange,
    TeacherAssignment,
)
from tests.support.harezmi import consent, doc, make_year

DAY = dt.timedelta(days=1)
TODAY = timezone.localdate


def _pending(world, team, teacher, petition_day=None):
    """A mid-year addition waiting for its Kaymakamlık Oluru."""
    return services.teacher_assignment_add(
        by=world.principal,
        team=team,
        teacher=teacher,
        petition=doc(petition_day or TODAY() - 5 * DAY),
        justification="Ders yükü arttı",
    )


def _approve(world, assignment, approval_day, governor_day=None, governor=None):
    return services.teacher_assignment_approve(
        by=world.district_coordinator,
        assignment=assignment,
        district_approval=doc(approval_day, "E-2401-55"),
        governor_approval=governor,
        new_governor_approval=None
        if governor
        else doc(governor_day or assignment.team.program_year.start_date),
    )


def _unchanged(assignment, documents):
    assignment.refresh_from_db()
    assert assignment.state == "pending_approval" and assignment.approval_id is None
    assert OfficialDocument.objects.count() == documents


def test_a_kaymakamlik_oluru_citing_last_years_valilik_oluru_is_refused(world, year, team, teacher2):
    # given last year's Valilik Oluru on record, dated before this year's applications opened
    last_year = OfficialDocument.objects.create(
        kind=OfficialDocument.Kind.GOVERNOR_APPROVAL,
        number="E-OLD-1",
        date=year.application_opens - 30 * DAY,
        node=world.province,
    )
    assignment = _pending(world, team, teacher2)
    documents = OfficialDocument.objects.count()
    # when the district cites it, or records another one of that date
    with pytest.raises(ValidationError) as chosen:
        _approve(world, assignment, TODAY(), governor=last_year)
    with pytest.raises(ValidationError) as recorded:
        _approve(world, assignment, TODAY(), governor_day=year.application_opens - DAY)
    # then both are refused on their field, naming the program year, and nothing changes
    assert "outside the program year 2025-2026" in chosen.value.message_dict["governor_approval"][0]
    assert "The Valilik Oluru is dated" in recorded.value.message_dict["governor_date"][0]
    _unchanged(assignment, documents)
    # and the current year's Valilik Oluru is accepted
    _approve(world, assignment, TODAY(), governor_day=year.start_date)
    assignment.refresh_from_db()
    assert assignment.state == "active"


def test_a_petition_dated_after_today_is_refused(world, year, team, teacher2):
    with pytest.raises(ValidationError) as error:
        _pending(world, team, teacher2, petition_day=TODAY() + DAY)
    assert "after today" in error.value.message_dict["petition_date"][0]
    assert not TeacherAssignment.objects.filter(teacher=teacher2).exists()


def test_a_petition_outside_the_program_year_is_refused(world, year, team, teacher2):
    with pytest.raises(ValidationError) as error:
        _pending(world, team, teacher2, petition_day=year.start_date - DAY)
    assert "outside the program year" in error.value.message_dict["petition_date"][0]
    assert not TeacherAssignment.objects.filter(teacher=teacher2).exists()


def test_an_olur_older_than_its_petition_is_refused(world, year, team, teacher2):
    # given a petition of five days ago
    assignment = _pending(world, team, teacher2, petition_day=TODAY() - 5 * DAY)
    documents = OfficialDocument.objects.count()
    # when the Kaymakamlık Oluru is dated ten days ago
    with pytest.raises(ValidationError) as error:
        _approve(world, assignment, TODAY() - 10 * DAY)
    # then
    assert "cannot be dated before The petition" in error.value.message_dict["approval_date"][0]
    _unchanged(assignment, documents)


def test_an_olur_dated_after_today_is_refused(world, year, team, teacher2):
    assignment = _pending(world, team, teacher2)
    documents = OfficialDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        _approve(world, assignment, TODAY() + 3 * DAY)
    assert "after today" in error.value.message_dict["approval_date"][0]
    _unchanged(assignment, documents)


def _leaving(world, team, last_day):
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    services.teacher_departure_request(
        by=world.principal,
        assignment=assignment,
        petition=doc(TODAY() - DAY),
        justification="Tayin",
        end_date=last_day,
    )
    return assignment


def test_a_departure_letter_older_than_its_petition_is_refused(world, year, team):
    assignment = _leaving(world, team, TODAY() + 10 * DAY)
    with pytest.raises(ValidationError) as error:
        services.teacher_departure_report(
            by=world.district_coordinator, assignment=assignment, letter=doc(TODAY() - 3 * DAY, "E-77")
        )
    assert "cannot be dated before The departure petition" in error.value.message_dict["letter_date"][0]
    assignment.refresh_from_db()
    assert assignment.state == "departure_pending" and assignment.departure_letter_id is None


def test_a_departure_after_the_program_year_is_refused(world, year, team):
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    with pytest.raises(ValidationError) as error:
        _leaving(world, team, year.end_date + DAY)
    assert "end_date" in error.value.message_dict
    assignment.refresh_from_db()
    assert assignment.state == "active" and assignment.end_date is None


def test_a_departure_takes_effect_on_its_date_not_when_its_letter_is_recorded(world, year, team):
    # given a teacher leaving in ten days whose letter to the province is recorded today
    last_day = TODAY() + 10 * DAY
    assignment = _leaving(world, team, last_day)
    services.teacher_departure_report(
        by=world.district_coordinator, assignment=assignment, letter=doc(TODAY(), "E-77")
    )
    assignment.refresh_from_db()
    assert assignment.state == "ended"
    # then the teacher still teaches up to the last day, and not after it
    assert assignment.is_active_on(TODAY()) and assignment.is_active_on(last_day)
    assert not assignment.is_active_on(last_day + DAY)
    active = TeacherAssignment.objects.active
    assert list(active(TODAY())) == [assignment] and list(active(last_day + DAY)) == []
    assert services.teacher_ensure_active(team=team, teacher=world.teacher) == assignment


def test_a_weekly_time_change_dated_after_the_program_year_is_refused(world, year, team):
    # given a set time
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    changes = ScheduleChange.objects.count()
    # when a change is to take effect after the year has ended
    with pytest.raises(ValidationError) as error:
        services.team_schedule_set(
            by=world.province_coordinator,
            team=team,
            weekday=4,
            first_lesson=1,
            reason="Program",
            announcement="Gün değişti",
            effective_from=year.end_date + DAY,
        )
    # then it is refused on its field and nothing changes
    assert "ended on" in error.value.message_dict["effective_from"][0]
    team.refresh_from_db()
    assert (team.weekday, team.first_lesson) == (2, 5) and ScheduleChange.objects.count() == changes


def test_balancing_after_the_program_year_is_refused(world, year, team):
    # given two sessions on Tuesday: the proposal moves one
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    other = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    services.team_schedule_set(by=world.principal, team=other, weekday=2, first_lesson=1)
    # when applied to take effect after the year: refused, nothing changes
    with pytest.raises(ValidationError, match="ended on"):
        services.balancing_apply(
            by=world.district_coordinator,
            program_year=year,
            district=world.district_a,
            effective_from=year.end_date + DAY,
        )
    assert ScheduleChange.objects.count() == 2


@pytest.mark.parametrize(
    ("actor", "source"),
    [("principal", "school"), ("district_coordinator", "district"), ("province_coordinator", "province")],
)
def test_a_weekly_time_change_is_recorded_as_made_by_its_actor(world, year, team, actor, source):
    person = getattr(world, actor)
    # when
    change = services.team_schedule_set(by=person, team=team, weekday=2, first_lesson=5)
    # then the record says who made it: the province coordinator is not "the school"
    assert (change.source, change.changed_by) == (source, person)


def _register(world, year, consent_day):
    return services.student_register(
        by=world.principal,
        program_year=year,
        school=world.school_a1,
        first_name="Ada",
        last_name="Kaya",
        grade=7,
        consent=consent(consent_day),
    )


def test_a_consent_dated_after_today_is_refused(world, year, team):
    with pytest.raises(ValidationError) as error:
        _register(world, year, TODAY() + DAY)
    assert "cannot be recorded yet" in error.value.message_dict["given_on"][0]
    assert not ParentalConsent.objects.exists()


def test_a_consent_outside_the_program_year_is_refused(world, year, team):
    with pytest.raises(ValidationError) as error:
        _register(world, year, year.application_opens - DAY)
    assert "outside the program year 2025-2026" in error.value.message_dict["given_on"][0]
    assert not ParentalConsent.objects.exists()


def _meeting(world, year, day):
    return services.parent_meeting_record(
        by=world.principal, program_year=year, school=world.school_a1, held_on=day, place="Salon"
    )


def test_a_parent_meeting_is_held_by_today_and_inside_its_program_year(world, year):
    # given last year, ended 110 days ago
    last_year = make_year(world, name="2024-2025", start=TODAY() - 400 * DAY)
    # then a meeting of tomorrow, or one of this year filed under last year, is refused
    with pytest.raises(ValidationError) as future:
        _meeting(world, year, TODAY() + DAY)
    with pytest.raises(ValidationError) as filed_wrong:
        _meeting(world, last_year, TODAY())
    assert "has not been held yet" in future.value.message_dict["held_on"][0]
    assert "outside the program year 2024-2025" in filed_wrong.value.message_dict["held_on"][0]
    assert not ParentMeeting.objects.exists()
    # and today's meeting under the running year is recorded
    assert _meeting(world, year, TODAY()).held_on == TODAY()


def _appoint(world, year, **documents):
    from izlem.org.models import Role
    from tests.support.harezmi import trained
    from tests.support.world import make_user

    person = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(person)
    fields = {
        "petition": doc(year.start_date - 10 * DAY),
        "start_letter": doc(year.start_date, "E-2401-1"),
        **documents,
    }
    return services.coordinator_appoint(
        by=world.district_manager,
        program_year=year,
        kind="district_coordinator",
        unit="district_private_office",
        person=person,
        node=world.district_a,
        semester="1",
        employment="full_time",
        **fields,
    )


@pytest.mark.parametrize(
    ("documents", "field", "words"),
    [
        (
            {"start_letter": doc(TODAY() - 75 * DAY, "E-1")},
            "start_letter_date",
            "cannot be dated before The petition",
        ),
        ({"petition": doc(TODAY() + DAY)}, "petition_date", "after today"),
        ({"start_letter": doc(TODAY() + 5 * DAY, "E-1")}, "start_letter_date", "after today"),
        ({"petition": doc(TODAY() - 400 * DAY)}, "petition_date", "outside the program year"),
        ({"start_letter": doc(TODAY() - 50 * DAY, "E-1")}, "start_date", "cannot start"),
    ],
)
def test_a_coordinators_documents_are_in_order_by_today_and_inside_the_year(
    world, year, documents, field, words
):
    # (the year started 60 days ago; the petition is dated 70 days ago, the start at the year's start)
    before = CoordinatorAppointment.objects.count(), OfficialDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        _appoint(world, year, **documents)
    assert words in " ".join(error.value.message_dict[field])
    assert (CoordinatorAppointment.objects.count(), OfficialDocument.objects.count()) == before


def test_one_province_coordinator_in_office_at_a_time(world, year):
    from izlem.org.models import Role
    from tests.support.harezmi import trained
    from tests.support.world import make_user

    def person(name, school):
        user = make_user(name, Role.TEACHER, school)
        trained(user)
        return user

    def appoint(user, kind="province_coordinator", start=None):
        return services.coordinator_appoint(
            by=world.province_manager,
            program_year=year,
            kind=kind,
            unit="province_strategy",
            person=user,
            node=world.province,
            start_date=start,
            approval=doc(year.start_date, "E-1"),
        )

    # given a province coordinator in office for the whole year
    first = appoint(person("birinci", world.school_a1))
    # when a second one is appointed for the same dates: refused, naming the one in office
    second = person("ikinci", world.school_a2)
    with pytest.raises(ValidationError) as error:
        appoint(second)
    message = error.value.message_dict["person"][0]
    assert "one province coordinator is in office at a time" in message and str(first.person) in message
    assert CoordinatorAppointment.objects.filter(kind="province_coordinator").count() == 1
    # then an assistant is not counted, and after the first one leaves the second one may start
    appoint(person("yardimci", world.school_b1), kind="province_coordinator_assistant")
    services.coordinator_departure_request(
        by=world.province_manager,
        appointment=first,
        petition=doc(TODAY() - DAY),
        reason="Tayin",
        departure_date=TODAY(),
    )
    assert appoint(second, start=TODAY() + DAY).person == second
