"""Program meetings: who records and changes which level's meetings, who sees them, attendance and rates."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import Meeting, MeetingAttendee
from izlem.harezmi.selectors import meetings as selectors_meetings
from izlem.harezmi.services.meetings import Outsider, parse_outsiders
from izlem.harezmi.tests.activities_fixtures import query_count
from izlem.org.models import Role
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def meeting(world, year, *, node=None, kind="experience_sharing", invitees=(), day=None, **extra):
    return services.meeting_create(
        by=None,
        program_year=year,
        kind=kind,
        node=node or world.province,
        title=extra.pop("title", "Deneyim paylaşım toplantısı"),
        held_on=day or year.start_date + 10 * DAY,
        place="İl MEM",
        invitees=invitees,
        **extra,
    )


def create_as(by, year, node, kind, title, *, day=None, **extra):
    """A meeting recorded by `by` (the year's first day unless `day`)."""
    return services.meeting_create(
        by=by, program_year=year, kind=kind, node=node, title=title, held_on=day or year.start_date, **extra
    )


def test_province_coordinator_records_a_province_meeting_and_the_invited_are_told(world, year, client):
    client.force_login(world.province_coordinator)
    response = client.post(
        reverse("harezmi:program-meeting-create") + f"?year={year.pk}",
        {
            "kind": "experience_sharing",
            "node": world.province.pk,
            "title": "İl deneyim paylaşımı",
            "held_on": (year.start_date + 5 * DAY).isoformat(),
            "place": "Öğretmenevi",
            "invitees": [world.district_coordinator.pk, world.principal.pk],
            "outsiders": "Prof. Dr. Ayşe Yılmaz — EBYÜ\nVeli temsilcisi",
            "minutes": "Görüşüldü.",
            "decisions": "Aylık paylaşım yapılacak.",
        },
    )
    created = Meeting.objects.get()
    assert response.status_code == 302 and created.decisions == "Aylık paylaşım yapılacak."
    rows = {(row.person_id, row.name, row.role_note) for row in created.attendees.all()}
    assert rows == {
        (world.district_coordinator.pk, "", ""),
        (world.principal.pk, "", ""),
        (None, "Prof. Dr. Ayşe Yılmaz", "EBYÜ"),
        (None, "Veli temsilcisi", ""),
    }
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        world.district_coordinator.pk,
        world.principal.pk,
    }


def test_invited_principal_sees_the_province_meeting_but_an_outsider_does_not(world, year, client):
    m = meeting(world, year, invitees=[world.principal])
    url = reverse("harezmi:program-meeting-detail", args=[m.pk])
    client.force_login(world.principal)
    assert client.get(url).status_code == 200
    client.force_login(world.teacher)  # not invited, reads no province records
    assert client.get(url).status_code == 404
    client.force_login(world.outsider)  # district B's manager: not invited, not their subtree
    assert client.get(url).status_code == 404
    client.force_login(world.planning_officer)  # a province reader
    assert client.get(url).status_code == 200


def test_district_roles_hold_district_meetings_not_the_provinces(world, year):
    ok = create_as(
        world.district_coordinator,
        year,
        world.district_a,
        "process_management",
        "İlçe süreç yönetimi",
        day=year.start_date + DAY,
    )
    assert ok.node == world.district_a
    with pytest.raises(PermissionDenied):
        create_as(
            world.district_coordinator,
            year,
            world.province,
            "experience_sharing",
            "İl",
            day=year.start_date + DAY,
        )
    with pytest.raises(PermissionDenied):
        create_as(
            world.outsider,
            year,
            world.district_a,
            "experience_sharing",
            "Başka ilçe",
            day=year.start_date + DAY,
        )
    assert Meeting.objects.count() == 1


def test_principals_hold_their_schools_meetings_only_and_kinds_fit_levels(world, year):
    create_as(
        world.principal,
        year,
        world.school_a1,
        "school_pre",
        "Uygulama öncesi okul toplantısı",
        invitees=[world.teacher],
    )
    with pytest.raises(PermissionDenied):
        create_as(world.principal, year, world.school_a2, "school_pre", "Başka okul")
    with pytest.raises(ValidationError) as error:
        create_as(world.district_coordinator, year, world.district_a, "school_post", "Yanlış düzey")
    assert "node" in error.value.error_dict
    with pytest.raises(ValidationError) as error:  # a teacher of another province cannot be invited
        create_as(
            world.principal, year, world.school_a1, "school_post", "Dış kişi", invitees=[world.other_manager]
        )
    assert "invitees" in error.value.error_dict
    assert Meeting.objects.count() == 1


def test_change_keeps_attendance_of_those_still_invited_and_outsiders_cannot_change(world, year, client):
    m = meeting(world, year, invitees=[world.principal, world.district_coordinator], day=year.start_date)
    row = m.attendees.get(person=world.principal)
    services.meeting_attendance_record(by=None, meeting=m, present=[row.pk])
    services.meeting_update(
        by=world.province_coordinator,
        meeting=m,
        invitees=[world.principal, world.teacher],
        outsiders=[Outsider("Misafir", "Üniversite")],
        decisions="Karar 1",
    )
    m.refresh_from_db()
    assert m.decisions == "Karar 1"
    assert set(m.attendees.values_list("person_id", "present")) == {
        (world.principal.pk, True),
        (world.teacher.pk, False),
        (None, False),
    }
    # denied: district B's manager posts a change; nothing changes
    client.force_login(world.outsider)
    response = client.post(
        reverse("harezmi:program-meeting-edit", args=[m.pk]),
        {"kind": "other", "node": world.province.pk, "title": "X", "held_on": year.start_date.isoformat()},
    )
    m.refresh_from_db()
    assert (
        response.status_code == 404
        and m.title == "Deneyim paylaşım toplantısı"
        and m.kind == "experience_sharing"
    )
    # an invited principal reads it but cannot change a province meeting
    client.force_login(world.principal)
    assert client.get(reverse("harezmi:program-meeting-edit", args=[m.pk])).status_code == 404


def test_attendance_is_recorded_on_the_page_and_not_before_the_meeting(world, year, client):
    past = meeting(world, year, invitees=[world.principal, world.district_coordinator], day=year.start_date)
    future = meeting(world, year, invitees=[world.principal], day=timezone.localdate() + 5 * DAY)
    client.force_login(world.province_coordinator)
    row = past.attendees.get(person=world.principal)
    response = client.post(
        reverse("harezmi:program-meeting-attendance", args=[past.pk]), {"present": [row.pk]}
    )
    assert response.status_code == 302
    assert dict(past.attendees.values_list("person_id", "present")) == {
        world.principal.pk: True,
        world.district_coordinator.pk: False,
    }
    future_row = future.attendees.get()
    client.post(reverse("harezmi:program-meeting-attendance", args=[future.pk]), {"present": [future_row.pk]})
    future_row.refresh_from_db()
    assert future_row.present is False
    # the district coordinator (invited) cannot tick attendance of the province's meeting
    client.force_login(world.district_coordinator)
    response = client.post(reverse("harezmi:program-meeting-attendance", args=[past.pk]), {"present": []})
    assert response.status_code == 404 and past.attendees.filter(present=True).count() == 1


def test_attendance_rates_match_a_hand_count(world, year):
    # given: the principal is invited to 3 experience-sharing and 1 process meeting, came to 2 and 1;
    # the teacher is invited to 2, came to none, and came uninvited to one (not counted)
    start = year.start_date
    es = [
        meeting(world, year, invitees=[world.principal, world.teacher], day=start + i * DAY) for i in range(2)
    ]
    es.append(meeting(world, year, invitees=[world.principal], day=start + 3 * DAY))
    pm = meeting(world, year, kind="process_management", invitees=[world.principal], day=start + 4 * DAY)
    principal_rows = {m.pk: m.attendees.get(person=world.principal).pk for m in [*es, pm]}
    services.meeting_attendance_record(by=None, meeting=es[0], present=[principal_rows[es[0].pk]])
    services.meeting_attendance_record(by=None, meeting=es[2], present=[principal_rows[es[2].pk]])
    services.meeting_attendance_record(by=None, meeting=pm, present=[principal_rows[pm.pk]])
    walk_in = MeetingAttendee.objects.create(meeting=es[2], person=world.teacher, invited=False, present=True)
    assert walk_in.pk
    # when
    rates = {row.person.pk: row for row in selectors_meetings.attendance_rates(Meeting.objects.all())}
    # then
    principal = rates[world.principal.pk]
    assert (principal.invited, principal.present, str(principal.rate)) == (4, 3, "75.0")
    assert principal.by_kind["experience_sharing"].invited == 3
    assert str(principal.by_kind["experience_sharing"].rate) == "66.7"
    assert str(principal.by_kind["process_management"].rate) == "100.0"
    teacher = rates[world.teacher.pk]
    assert (teacher.invited, teacher.present, str(teacher.rate)) == (2, 0, "0.0")
    assert (
        str(
            selectors_meetings.person_attendance_rate(
                world.principal, Meeting.objects.all(), "experience_sharing"
            )
        )
        == "66.7"
    )
    # the page: lowest rate first; a teacher sees only their own row
    assert [row.person.pk for row in rates.values()] and list(rates)[0] == world.teacher.pk


def test_attendance_page_shows_a_teacher_only_their_own_rate(world, year, client):
    meeting(world, year, node=world.school_a1, kind="school_pre", invitees=[world.teacher, world.principal])
    client.force_login(world.teacher)
    response = client.get(reverse("harezmi:meeting-attendance-rates") + f"?year={year.pk}")
    assert response.status_code == 200 and [r["person"] for r in response.context["rows"]] == [world.teacher]
    client.force_login(world.principal)
    response = client.get(reverse("harezmi:meeting-attendance-rates") + f"?year={year.pk}")
    assert {r["person"] for r in response.context["rows"]} == {world.teacher, world.principal}


def test_parse_outsiders():
    assert parse_outsiders("A — B\n\n C , D \nE") == [
        Outsider("A", "B"),
        Outsider("C", "D"),
        Outsider("E", ""),
    ]


def test_parent_meeting_keeps_its_decisions(world, year, client):
    client.force_login(world.principal)
    response = client.post(
        reverse("harezmi:meeting-create") + f"?year={year.pk}",
        {
            "school": world.school_a1.pk,
            "held_on": year.start_date.isoformat(),
            "place": "Salon",
            "parent_count": 12,
            "decisions": "Veliler bilgilendirildi.",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("harezmi:meeting-list") + f"?year={year.pk}").content.decode()
    assert "Veliler bilgilendirildi." in page


def _many_meetings(world, year, start, count):
    people = [make_user(f"m{start + index}", Role.TEACHER, world.school_a1) for index in range(count)]
    for index in range(count):
        m = meeting(world, year, invitees=people[: index + 1], day=year.start_date + (index % 5) * DAY)
        services.meeting_attendance_record(by=None, meeting=m, present=[m.attendees.first().pk])


def test_meeting_pages_query_count_does_not_grow(world, year, client):
    client.force_login(world.province_coordinator)
    urls = [
        reverse("harezmi:program-meeting-list") + f"?year={year.pk}",
        reverse("harezmi:meeting-attendance-rates") + f"?year={year.pk}",
    ]
    _many_meetings(world, year, 0, 3)
    detail = reverse("harezmi:program-meeting-detail", args=[Meeting.objects.last().pk])
    few = [query_count(client, url) for url in [*urls, detail]]
    _many_meetings(world, year, 3, 25)
    detail_big = reverse("harezmi:program-meeting-detail", args=[Meeting.objects.order_by("pk").last().pk])
    many = [query_count(client, url) for url in [*urls, detail_big]]
    assert few == many and max(many) <= 16
