"""The Harezmi supervisor and the province strategy office (issue 19): where they are held, who gives them,
what they read, the letter inbox and its evaluation record, and who is told of letters and coordinators."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import Notification
from izlem.harezmi import access, services
from izlem.harezmi.models import (
    CoordinatorAppointment,
    LetterEvaluation,
    OfficialDocument,
    TeacherAssignment,
    Team,
)
from izlem.harezmi.services import letters as letter_services
from izlem.org.models import Role, RoleAssignment
from izlem.org.services import role_assign
from tests.support.harezmi import approve, before_start, doc, trained
from tests.support.world import make_user

TODAY = timezone.localdate
K = CoordinatorAppointment.Kind


@pytest.fixture
def people(world):
    """The province's supervisor and strategy office, district A's supervisor, another province's office."""
    return {
        "il_supervisor": make_user("il_sorumlu", Role.HAREZMI_SUPERVISOR, world.province),
        "ilce_supervisor": make_user("ilce_sorumlu", Role.HAREZMI_SUPERVISOR, world.district_a),
        "strategy": make_user("strateji", Role.STRATEGY_OFFICE, world.province),
        "other_strategy": make_user("kars_strateji", Role.STRATEGY_OFFICE, world.other_province),
    }


@pytest.fixture
def start_letter(world, year, people):
    """District A's coordinator appointed with the start letter sent to the province."""
    person = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(person)
    appointment = services.coordinator_appoint(
        by=world.district_manager,
        program_year=year,
        kind=K.DISTRICT_COORDINATOR,
        unit="district_private_office",
        person=person,
        node=world.district_a,
        semester="1",
        employment="full_time",
        petition=doc(year.start_date - dt.timedelta(days=10)),
        start_letter=doc(year.start_date, "E-2401-1"),
    )
    return appointment


@pytest.fixture
def departure_letter(world, year, team, people):
    """The world's teacher leaves team 1 of school A1; district A writes to the province."""
    assignment = TeacherAssignment.objects.get(team=team, teacher=world.teacher)
    services.teacher_departure_request(
        by=world.principal,
        assignment=assignment,
        petition=doc(TODAY()),
        justification="Tayin",
        end_date=TODAY(),
    )
    services.teacher_departure_report(
        by=world.district_coordinator, assignment=assignment, letter=doc(TODAY(), "E-77")
    )
    assignment.refresh_from_db()
    return assignment


# --- the roles -------------------------------------------------------------------------------------


def test_the_roles_are_held_only_where_the_seed_puts_them(world):
    supervisor_at_school = RoleAssignment(
        user=world.teacher, role=Role.HAREZMI_SUPERVISOR, node=world.school_a1
    )
    office_at_district = RoleAssignment(user=world.teacher, role=Role.STRATEGY_OFFICE, node=world.district_a)
    with pytest.raises(ValidationError, match="cannot be held at a school"):
        supervisor_at_school.full_clean()
    with pytest.raises(ValidationError, match="cannot be held at a district"):
        office_at_district.full_clean()
    RoleAssignment(user=world.teacher, role=Role.HAREZMI_SUPERVISOR, node=world.district_a).full_clean()
    RoleAssignment(user=world.teacher, role=Role.STRATEGY_OFFICE, node=world.province).full_clean()


def test_top_managers_give_the_roles_inside_their_subtree_only(world):
    person = make_user("mudur_yardimcisi")
    # the district's top manager gives the district's supervisor
    role_assign(by=world.district_manager, user=person, role=Role.HAREZMI_SUPERVISOR, node=world.district_a)
    assert RoleAssignment.objects.filter(user=person, role=Role.HAREZMI_SUPERVISOR).count() == 1
    # but neither the province's strategy office (above them) nor district B's supervisor (a sibling)
    for role, node in ((Role.STRATEGY_OFFICE, world.province), (Role.HAREZMI_SUPERVISOR, world.district_b)):
        with pytest.raises(PermissionDenied):
            role_assign(by=world.district_manager, user=person, role=role, node=node)
    # a principal and a coordinator give neither
    with pytest.raises(PermissionDenied):
        role_assign(by=world.principal, user=person, role=Role.HAREZMI_SUPERVISOR, node=world.school_a1)
    with pytest.raises(PermissionDenied):
        role_assign(
            by=world.province_coordinator, user=person, role=Role.STRATEGY_OFFICE, node=world.province
        )
    assert RoleAssignment.objects.filter(user=person).count() == 1
    # the province's top manager gives the strategy office
    role_assign(by=world.province_manager, user=person, role=Role.STRATEGY_OFFICE, node=world.province)
    assert RoleAssignment.objects.filter(user=person, role=Role.STRATEGY_OFFICE, node=world.province).exists()


# --- reading the program ---------------------------------------------------------------------------


def test_the_district_supervisor_reads_their_district_like_a_top_manager(world, year, team, people, client):
    other = approve(year, world.school_b1, 1)
    team_b = services.team_create(by=None, program_year=year, school=other.school, name="Ekip B")
    client.force_login(people["ilce_supervisor"])
    query = f"?year={year.pk}"
    for name in ("harezmi:home", "harezmi:appointment-list", "harezmi:team-list", "harezmi:staff-ledger"):
        assert client.get(reverse(name) + query).status_code == 200, name
    assert client.get(reverse("harezmi:statistics") + query).status_code == 200
    assert client.get(reverse("harezmi:team-detail", args=[team.pk])).status_code == 200
    # out of scope: district B's team
    assert client.get(reverse("harezmi:team-detail", args=[team_b.pk])).status_code == 404
    listed = client.get(reverse("harezmi:team-list") + query).content.decode()
    assert "Ekip 1" in listed and "Ekip B" not in listed
    # the province's supervisor reads both districts
    assert set(access.harezmi_teams_visible(people["il_supervisor"])) == {team, team_b}


def test_supervisors_and_the_office_change_nothing(world, year, team, people, client):
    count = Team.objects.count()
    for person in (people["il_supervisor"], people["ilce_supervisor"], people["strategy"]):
        client.force_login(person)
        response = client.post(
            reverse("harezmi:team-create"), {"year": year.pk, "school": world.school_a1.pk, "name": "Yeni"}
        )
        assert response.status_code == 404
        assert not access.harezmi_can_appoint(person, K.DISTRICT_COORDINATOR, world.district_a)
        assert not access.harezmi_district_nodes(person).exists()
    assert Team.objects.count() == count


def test_the_letter_inbox_is_the_province_offices(world, year, people, client):
    assert access.harezmi_has_letter_inbox(people["strategy"])
    assert access.harezmi_has_letter_inbox(people["il_supervisor"])
    for name in ("ilce_supervisor",):
        assert not access.harezmi_has_letter_inbox(people[name])
    for user in (world.district_manager, world.province_coordinator, world.planning_officer):
        assert not access.harezmi_has_letter_inbox(user)
        client.force_login(user)
        assert client.get(reverse("harezmi:letter-inbox") + f"?year={year.pk}").status_code == 404


# --- the inbox and the evaluation ------------------------------------------------------------------


def test_the_office_lists_both_kinds_of_letter_and_records_the_evaluation(
    world, year, people, start_letter, departure_letter, client
):
    client.force_login(people["strategy"])
    inbox = reverse("harezmi:letter-inbox") + f"?year={year.pk}"
    rows = client.get(inbox).context["rows"]
    assert {(row.kind, row.document.number) for row in rows} == {("start", "E-2401-1"), ("departure", "E-77")}
    letter = departure_letter.departure_letter
    # when the office records the evaluation
    response = client.post(
        reverse("harezmi:letter-evaluate", args=[letter.pk]), {"year": year.pk, "note": "Uygun görüldü."}
    )
    assert response.status_code == 302
    evaluation = LetterEvaluation.objects.get(document=letter)
    assert evaluation.evaluated_by == people["strategy"] and evaluation.note == "Uygun görüldü."
    # then only the start letter still waits, and the ledger shows the departure as evaluated
    assert [row.document.number for row in client.get(inbox).context["rows"]] == ["E-2401-1"]
    evaluated = client.get(inbox + "&state=evaluated").context["rows"]
    assert [row.document.number for row in evaluated] == ["E-77"]
    ledger = client.get(reverse("harezmi:staff-ledger") + f"?year={year.pk}").content.decode()
    assert "Evaluated by the province" in ledger and "Uygun görüldü." in ledger
    # the district that wrote the letter is told
    assert Notification.objects.filter(
        recipient=world.district_coordinator, message__contains="E-77"
    ).exists()


def test_a_letter_is_evaluated_once(world, year, people, departure_letter, client):
    letter = departure_letter.departure_letter
    first = services.letter_evaluate(by=people["strategy"], document=letter, note="İlk")
    # a second evaluation (the same person clicking twice, or the system) is refused and changes nothing
    with pytest.raises(ValidationError, match="already evaluated by Strateji"):
        services.letter_evaluate(by=people["strategy"], document=letter, note="İkinci")
    with pytest.raises(ValidationError, match="already evaluated"):
        services.letter_evaluate(by=None, document=letter)
    client.force_login(people["strategy"])
    client.post(reverse("harezmi:letter-evaluate", args=[letter.pk]), {"year": year.pk, "note": "Üçüncü"})
    assert list(LetterEvaluation.objects.values_list("pk", "note", "evaluated_by")) == [
        (first.pk, "İlk", people["strategy"].pk)
    ]


def test_the_evaluation_checks_again_under_the_lock(world, year, people, departure_letter, monkeypatch):
    # given another evaluator who records the same letter while this request waits for the row lock
    letter = departure_letter.departure_letter
    real_lock = letter_services.lock_row

    def lock_after_the_other(instance):
        LetterEvaluation.objects.create(document=letter, evaluated_by=None, evaluated_at=timezone.now())
        real_lock(instance)

    monkeypatch.setattr(letter_services, "lock_row", lock_after_the_other)
    # when this request gets the lock, it sees the other's record and is refused (no second row)
    with pytest.raises(ValidationError, match="already evaluated by the system"):
        services.letter_evaluate(by=people["strategy"], document=letter, note="Geç kalan")


def test_out_of_scope_evaluations_are_refused_and_change_nothing(
    world, year, people, start_letter, departure_letter, client
):
    letter = start_letter.start_letter
    # people who may not evaluate: the supervisors (they read), district and province managers, another
    # province's strategy office
    refused = [
        people["il_supervisor"],
        people["ilce_supervisor"],
        people["other_strategy"],
        world.province_manager,
        world.province_coordinator,
        world.district_manager,
    ]
    for person in refused:
        with pytest.raises(PermissionDenied):
            services.letter_evaluate(by=person, document=letter)
        with pytest.raises(Http404):
            access.harezmi_letter_for(person, letter.pk, action="evaluate")
        client.force_login(person)
        response = client.post(reverse("harezmi:letter-evaluate", args=[letter.pk]), {"note": "x"})
        assert response.status_code == 404
    # a document that is not a letter to the province (the coordinator's petition) is no inbox letter
    petition = start_letter.petition
    with pytest.raises(PermissionDenied):
        services.letter_evaluate(by=people["strategy"], document=petition)
    with pytest.raises(ValidationError, match="Only a district's start letter"):
        services.letter_evaluate(by=None, document=petition)
    client.force_login(people["strategy"])
    assert client.post(reverse("harezmi:letter-evaluate", args=[petition.pk])).status_code == 404
    assert LetterEvaluation.objects.count() == 0
    # the other province's office sees none of these letters; the province's supervisor sees them all
    assert not access.harezmi_letters_visible(people["other_strategy"]).exists()
    assert set(access.harezmi_letters_visible(people["il_supervisor"])) == {
        letter,
        departure_letter.departure_letter,
    }


def test_a_long_note_is_refused_with_its_length(world, year, people, departure_letter):
    with pytest.raises(ValidationError, match="2001 characters long"):
        services.letter_evaluate(
            by=people["strategy"], document=departure_letter.departure_letter, note="a" * 2001
        )
    assert LetterEvaluation.objects.count() == 0


# --- notifications ---------------------------------------------------------------------------------


def test_letters_and_coordinators_are_told_to_the_supervisors_and_the_office(
    world, year, people, start_letter, departure_letter
):
    def told(person, text):
        return Notification.objects.filter(recipient=person, message__contains=text).exists()

    coordinator = start_letter.person
    # the start letter and the departure letter reach the office and the province's supervisor
    for person in (people["strategy"], people["il_supervisor"]):
        assert told(person, "E-2401-1") and told(person, "E-77")
    # the appointment reaches the district's supervisor (their coordinator), not the other province's office
    assert told(people["ilce_supervisor"], f"{coordinator} was appointed")
    assert not Notification.objects.filter(recipient=people["other_strategy"]).exists()
    # when the coordinator leaves, the district's supervisor is told
    services.coordinator_departure_request(
        by=coordinator,
        appointment=start_letter,
        petition=doc(TODAY()),
        reason="Ders yükü",
        departure_date=TODAY(),
    )
    services.coordinator_departure_approve(by=world.district_manager, appointment=start_letter)
    assert told(people["ilce_supervisor"], "Ders yükü")
    assert not told(people["il_supervisor"], "Ders yükü")


def test_a_province_post_is_told_to_the_province_supervisor(world, year, people):
    person = make_user("il_gonullu", Role.TEACHER, world.school_a1)
    trained(person)
    services.coordinator_appoint(
        by=world.province_manager,
        program_year=year,
        kind=K.PROVINCE_ASSISTANT,
        unit="province_rd",
        person=person,
        node=world.province,
        approval=doc(before_start(year), "E-5"),
    )
    assert Notification.objects.filter(
        recipient=people["il_supervisor"], message__contains="was appointed"
    ).exists()
    assert not Notification.objects.filter(recipient=people["ilce_supervisor"]).exists()


def test_the_home_inbox_lists_the_waiting_letters_for_the_office_only(
    world, year, people, start_letter, departure_letter
):
    from izlem.reports.inbox import LETTERS, inbox_for

    def letter_tasks(user):
        return [task for task in inbox_for(user) if task.kind == LETTERS]

    (task,) = letter_tasks(people["strategy"])
    assert task.title.startswith("2 Harezmi letters")
    for user in (people["il_supervisor"], people["other_strategy"], world.sysadmin, world.province_manager):
        assert letter_tasks(user) == []
    services.letter_evaluate(by=people["strategy"], document=departure_letter.departure_letter)
    (task,) = letter_tasks(type(people["strategy"]).objects.get(pk=people["strategy"].pk))
    assert task.title.startswith("1 Harezmi letter ")
    services.letter_evaluate(by=people["strategy"], document=start_letter.start_letter)
    assert letter_tasks(type(people["strategy"]).objects.get(pk=people["strategy"].pk)) == []


def test_the_page_says_why_a_long_note_is_refused(world, year, people, departure_letter, client):
    letter = departure_letter.departure_letter
    client.force_login(people["strategy"])
    response = client.post(
        reverse("harezmi:letter-evaluate", args=[letter.pk]),
        {"year": year.pk, "note": "a" * 2001},
        follow=True,
    )
    assert "The note is 2001 characters long; write at most 2000." in response.content.decode()
    assert not LetterEvaluation.objects.exists()


def test_a_teacher_added_during_the_year_reaches_the_inbox_and_is_evaluated(
    world, year, team, teacher2, people, client
):
    # given a teacher added to a team: petition, then the district's Kaymakamlık Oluru (seed §1.4, §2.3)
    assignment = services.teacher_assignment_add(
        by=world.principal,
        team=team,
        teacher=teacher2,
        petition=doc(TODAY()),
        justification="Ders yükü arttı",
    )
    client.force_login(people["strategy"])
    inbox = reverse("harezmi:letter-inbox") + f"?year={year.pk}"
    assert client.get(inbox).context["rows"] == []  # a petition alone is not correspondence to the province
    services.teacher_assignment_approve(
        by=world.district_coordinator,
        assignment=assignment,
        district_approval=doc(TODAY(), "E-2401-55"),
        new_governor_approval=doc(year.start_date, "E-24-100"),
    )
    # then the olur waits in the strategy office's inbox as an addition, and the office was told
    rows = client.get(inbox).context["rows"]
    assert [(row.kind, row.document.number, row.assignment.teacher) for row in rows] == [
        ("addition", "E-2401-55", teacher2)
    ]
    page = client.get(inbox).content.decode()
    assert "A teacher joins a team" in page or "Öğretmenin ekibe katılması" in page
    assert Notification.objects.filter(recipient=people["strategy"], message__contains="E-2401-55").exists()
    # when the office evaluates it, nothing waits any more
    letter = OfficialDocument.objects.get(number="E-2401-55")
    services.letter_evaluate(by=people["strategy"], document=letter, note="Bilgi edinildi.")
    assert client.get(inbox + "&state=waiting").context["rows"] == []
    # the Valilik Oluru it cites is the province's own document, not a letter to it
    assert not OfficialDocument.objects.letters_to_province(year).filter(number="E-24-100").exists()
