"""Trainings held, participants and completion (→ TrainingCompletion), training needs and their summary."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.harezmi import services
from izlem.harezmi.models import Training, TrainingCompletion, TrainingNeed, TrainingParticipant
from izlem.harezmi.selectors import trainings as selectors_trainings
from izlem.harezmi.services.coordinators import has_completed_training
from izlem.harezmi.tests.activities_fixtures import query_count
from izlem.org.models import Role
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def training(world, year, *, node=None, kind="harezmi", topic="harezmi", **extra):
    return services.training_create(
        by=None,
        program_year=year,
        node=node or world.province,
        kind=kind,
        topic=topic,
        title=extra.pop("title", "Harezmi Öğretmen Eğitimi"),
        mode="in_person",
        venue=extra.pop("venue", "Öğretmenevi"),
        starts_on=year.start_date,
        ends_on=year.start_date + 4 * DAY,
        hours=30,
        **extra,
    )


def test_province_coordinator_records_a_training_with_a_coordinator_trainer(world, year, client):
    client.force_login(world.province_coordinator)
    response = client.post(
        reverse("harezmi:training-held-create") + f"?year={year.pk}",
        {
            "node": world.province.pk,
            "kind": "harezmi",
            "topic": "harezmi",
            "title": "Harezmi eğitimi",
            "mode": "online",
            "starts_on": year.start_date.isoformat(),
            "ends_on": (year.start_date + DAY).isoformat(),
            "hours": 12,
            "trainers": [world.district_coordinator.pk],
            "external_trainers": "Dr. Ali Veli",
        },
    )
    created = Training.objects.get()
    assert response.status_code == 302 and list(created.trainers.all()) == [world.district_coordinator]
    with pytest.raises(ValidationError) as error:  # a teacher is not a coordinator: write them by name
        training(world, year, trainers=[world.teacher])
    assert "trainers" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        training(world, year, venue="")
    assert "venue" in error.value.error_dict
    assert Training.objects.count() == 1


def test_only_the_organisers_level_changes_a_training(world, year, client):
    held = training(world, year)
    with pytest.raises(PermissionDenied):
        services.training_update(by=world.district_coordinator, training=held, title="Değişti")
    client.force_login(world.outsider)
    response = client.post(reverse("harezmi:training-held-edit", args=[held.pk]), {"title": "Değişti"})
    held.refresh_from_db()
    assert response.status_code == 404 and held.title == "Harezmi Öğretmen Eğitimi"
    services.training_update(by=world.province_coordinator, training=held, title="Yeni ad", hours=24)
    held.refresh_from_db()
    assert (held.title, held.hours) == ("Yeni ad", 24)
    with pytest.raises(PermissionDenied):
        services.training_create(
            by=world.principal,
            program_year=year,
            node=world.school_a1,
            kind="other",
            topic="coding",
            title="Okulda kurs",
            mode="online",
            starts_on=year.start_date,
            ends_on=year.start_date,
        )


def test_completing_a_harezmi_training_records_the_qualifying_completion(world, year, client):
    held = training(world, year)
    services.training_participants_add(
        by=world.province_coordinator, training=held, people=[world.teacher, world.principal]
    )
    row = held.participants.get(person=world.teacher)
    day = year.start_date + 4 * DAY
    assert not has_completed_training(world.teacher, day)
    client.force_login(world.province_coordinator)
    response = client.post(
        reverse("harezmi:training-participant-state", args=[row.pk]),
        {"state": "completed", "completed_on": day.isoformat(), "certificate_number": "HZM-1"},
    )
    row.refresh_from_db()
    assert response.status_code == 302 and row.state == "completed" and row.completion is not None
    assert (row.completion.person, row.completion.kind, row.completion.completed_on) == (
        world.teacher,
        "harezmi",
        day,
    )
    assert has_completed_training(world.teacher, day)
    # a completion is final
    with pytest.raises(ValidationError):
        services.training_participant_state_set(by=None, participant=row, state="dropped")
    # another course's completion does not qualify
    course = training(world, year, kind="other", topic="occupational_safety", title="İSG")
    services.training_participants_add(by=None, training=course, people=[world.principal])
    other = course.participants.get()
    services.training_participant_state_set(by=None, participant=other, state="completed", completed_on=day)
    other.refresh_from_db()
    assert other.state == "completed" and other.completion is None
    assert TrainingCompletion.objects.count() == 1
    # the trainings page lists both the training held and the completion (old URL names still work)
    page = client.get(reverse("harezmi:training-list") + f"?year={year.pk}").content.decode()
    assert "Harezmi Öğretmen Eğitimi" in page and "HZM-1" in page  # the completion carries the certificate
    assert client.get(reverse("harezmi:training-create")).status_code == 200
    assert selectors_trainings.people_trained(Training.objects.all()) == 2
    assert selectors_trainings.people_trained(Training.objects.all(), topic="occupational_safety") == 1
    assert selectors_trainings.trainings_held(Training.objects.all(), topic="occupational_safety") == 1


def test_outsider_cannot_enrol_or_complete_and_nothing_changes(world, year, client):
    held = training(world, year)
    services.training_participants_add(by=None, training=held, people=[world.teacher])
    row = held.participants.get()
    client.force_login(world.outsider)
    response = client.post(
        reverse("harezmi:training-participant-state", args=[row.pk]),
        {"state": "completed", "completed_on": year.start_date.isoformat()},
    )
    row.refresh_from_db()
    assert response.status_code == 404 and row.state == "enrolled" and TrainingCompletion.objects.count() == 0
    assert client.get(reverse("harezmi:training-participants", args=[held.pk])).status_code == 404
    with pytest.raises(ValidationError):  # someone of another province cannot be enrolled
        services.training_participants_add(by=None, training=held, people=[world.other_manager])
    assert held.participants.count() == 1
    # a participant teacher sees the training; another district's manager does not
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:training-detail", args=[held.pk])).status_code == 200
    district_b = training(world, year, node=world.district_b, title="Tercan eğitimi")
    client.force_login(world.district_coordinator)
    assert client.get(reverse("harezmi:training-detail", args=[district_b.pk])).status_code == 404


def test_coordinators_collect_needs_and_the_summary_matches_a_hand_count(world, year, client):
    t2 = make_user("t2", Role.TEACHER, world.school_a2)
    tb = make_user("tb", Role.TEACHER, world.school_b1)
    client.force_login(world.district_coordinator)
    response = client.post(
        reverse("harezmi:training-need-create") + f"?year={year.pk}",
        {
            "person": world.teacher.pk,
            "school": world.school_a1.pk,
            "topic": "robotics",
            "description": "Arduino",
        },
    )
    assert response.status_code == 302
    services.training_need_record(
        by=world.district_coordinator, program_year=year, person=t2, school=world.school_a2, topic="robotics"
    )
    services.training_need_record(
        by=world.district_coordinator, program_year=year, person=t2, school=world.school_a2, topic="coding"
    )
    services.training_need_record(
        by=world.province_coordinator, program_year=year, person=tb, school=world.school_b1, topic="robotics"
    )
    # denied: district B's schools are not district A's coordinator's; a principal does not collect
    with pytest.raises(PermissionDenied):
        services.training_need_record(
            by=world.district_coordinator,
            program_year=year,
            person=tb,
            school=world.school_b1,
            topic="coding",
        )
    with pytest.raises(PermissionDenied):
        services.training_need_record(
            by=world.principal,
            program_year=year,
            person=world.teacher,
            school=world.school_a1,
            topic="coding",
        )
    with pytest.raises(ValidationError):  # t2 does not teach at A1
        services.training_need_record(
            by=world.district_coordinator,
            program_year=year,
            person=t2,
            school=world.school_a1,
            topic="coding",
        )
    assert TrainingNeed.objects.count() == 4
    # one robotics need of A2 is met by a training
    held = training(world, year, node=world.district_a, topic="robotics", title="Robotik")
    need = TrainingNeed.objects.get(person=t2, topic="robotics")
    (row,) = services.training_participants_add(by=None, training=held, people=[t2])
    services.training_participant_state_set(
        by=None, participant=row, state="completed", completed_on=held.ends_on
    )
    services.training_need_mark_met(by=world.district_coordinator, need=need, training=held)
    # then: per district — Merkez robotics 1 open + 1 met, coding 1 open; Tercan robotics 1 open
    rows, total = selectors_trainings.training_need_summary(TrainingNeed.objects.all())
    by_name = {row.node.name: row for row in rows}
    assert by_name["Merkez"].open == {"robotics": 1, "coding": 1} and by_name["Merkez"].met == {
        "robotics": 1,
        "coding": 0,
    }
    assert by_name["Tercan"].open == {"robotics": 1} and total.open_total == 3 and total.total == 4
    rows, _total = selectors_trainings.training_need_summary(TrainingNeed.objects.all(), by="school")
    assert {row.node.name: row.total for row in rows} == {
        "Atatürk Ortaokulu": 1,
        "Gazi İlkokulu": 2,
        "Tercan Anadolu Lisesi": 1,
    }
    # the district coordinator's page counts only district A
    response = client.get(reverse("harezmi:training-need-summary") + f"?year={year.pk}")
    assert [row.node for row in response.context["rows"]] == [world.district_a]
    # the outsider cannot change district A's need
    client.force_login(world.outsider)
    response = client.post(reverse("harezmi:training-need-edit", args=[need.pk]), {"topic": "coding"})
    need.refresh_from_db()
    assert response.status_code == 404 and need.topic == "robotics" and need.met_by == held


def test_training_pages_query_count_does_not_grow(world, year, client):
    client.force_login(world.province_coordinator)
    urls = [
        reverse("harezmi:training-list") + f"?year={year.pk}",
        reverse("harezmi:training-need-list") + f"?year={year.pk}",
        reverse("harezmi:training-need-summary") + f"?year={year.pk}&by=school",
    ]

    def grow(start, count):
        for index in range(start, start + count):
            person = make_user(f"n{index}", Role.TEACHER, world.school_a1)
            held = training(world, year, title=f"Eğitim {index}")
            services.training_participants_add(by=None, training=held, people=[person, world.teacher])
            services.training_participant_state_set(
                by=None,
                participant=held.participants.get(person=person),
                state="completed",
                completed_on=year.start_date,
            )
            services.training_need_record(
                by=None, program_year=year, person=person, school=world.school_a1, topic="coding"
            )

    grow(0, 2)
    first = Training.objects.order_by("pk").first()
    few = [query_count(client, url) for url in [*urls, reverse("harezmi:training-detail", args=[first.pk])]]
    grow(2, 20)
    many = [query_count(client, url) for url in [*urls, reverse("harezmi:training-detail", args=[first.pk])]]
    assert TrainingParticipant.objects.count() == 44
    assert few == many and max(many) <= 18
