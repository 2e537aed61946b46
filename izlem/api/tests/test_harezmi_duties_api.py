"""API twins of the Harezmi duties pages: tasks, announcements, cooperations, research and reports, and the
announcement of a team's first weekly time. In scope allowed; a visible record not yours to change 403;
out of scope 404 like a missing record; nothing changed on any refusal."""

# ruff: noqa: F811  (fixtures imported from the Harezmi tests)
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from izlem.harezmi import services
from izlem.harezmi.models import Announcement, AssignedTask, Cooperation, ResearchReport, ScheduleChange
from tests.support.api import ids
from tests.support.harezmi import approve, pdf

DAY = dt.timedelta(days=1)
TASKS = "/api/v1/harezmi/tasks/"
ANNOUNCEMENTS = "/api/v1/harezmi/announcements/"
COOPERATIONS = "/api/v1/harezmi/cooperations/"
REPORTS = "/api/v1/harezmi/research-reports/"
MISSING = 999_999


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _not_found(response) -> bool:
    return response.status_code == 404


# --- tasks ------------------------------------------------------------------------------------------------


def _task_body(world, year, **extra):
    body = {
        "program_year": year.pk,
        "assignee": world.district_coordinator.pk,
        "title": "Erasmus başvurusu",
        "description": "Okullarla",
        "due_on": str(timezone.localdate() + 7 * DAY),
    }
    body.update(extra)
    return body


def test_task_is_given_changed_and_completed_through_the_api(world, api, year):
    giver, assignee = api(world.province_coordinator), api(world.district_coordinator)
    created = giver.post(TASKS, _task_body(world, year), format="json")
    assert created.status_code == 201, created.content
    task_id = created.json()["id"]
    assert created.json()["state"] == "given" and created.json()["assignee_node"] == world.district_a.pk
    changed = giver.patch(f"{TASKS}{task_id}/", {"title": "Erasmus+ başvurusu"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Erasmus+ başvurusu"
    assert ids(assignee.get(TASKS)) == {task_id}
    done = assignee.post(f"{TASKS}{task_id}/complete/", {"completion_note": "Yapıldı"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "done"
    # a done task is neither changed nor cancelled: 409, unchanged
    again = giver.post(f"{TASKS}{task_id}/cancel/", {"reason": "Gerek kalmadı"}, format="json")
    assert again.status_code == 409
    assert AssignedTask.objects.get(pk=task_id).state == "done"


def test_task_refusals_change_nothing(world, api, year):
    # given a task of the province coordinator to the district coordinator
    task = services.task_give(
        by=world.province_coordinator,
        program_year=year,
        assignee=world.district_coordinator,
        title="Rapor",
        due_on=timezone.localdate() + 3 * DAY,
    )
    url = f"{TASKS}{task.pk}/"
    # giving: only the İl MEM and the province coordinator (403), to coordinators below (400)
    for user in (world.district_coordinator, world.principal, world.teacher, world.outsider):
        assert api(user).post(TASKS, _task_body(world, year), format="json").status_code == 403
    wrong = api(world.province_coordinator).post(
        TASKS, _task_body(world, year, assignee=world.principal.pk), format="json"
    )
    assert wrong.status_code == 400 and "assignee" in wrong.json()["fields"]
    # the assignee reads it but neither changes nor cancels it (403); the giver does not complete it (403)
    assignee = api(world.district_coordinator)
    assert assignee.patch(url, {"title": "X"}, format="json").status_code == 403
    assert assignee.post(f"{url}cancel/", {"reason": "X"}, format="json").status_code == 403
    giver = api(world.province_coordinator)
    assert giver.post(f"{url}complete/", {"completion_note": "X"}, format="json").status_code == 403
    # outside the scope: not found, like a missing task
    for user in (world.outsider, world.principal, world.teacher, world.other_manager):
        client = api(user)
        assert task.pk not in ids(client.get(TASKS))
        assert _not_found(client.get(url))
        assert _not_found(client.patch(url, {"title": "X"}, format="json"))
        assert _not_found(client.post(f"{url}complete/", {"completion_note": "X"}, format="json"))
        assert _not_found(client.post(f"{url}cancel/", {"reason": "X"}, format="json"))
    assert _not_found(giver.get(f"{TASKS}{MISSING}/"))
    task.refresh_from_db()
    assert (task.title, task.state, AssignedTask.objects.count()) == ("Rapor", "given", 1)
    # the giver cancels it
    cancelled = giver.post(f"{url}cancel/", {"reason": "Gerek kalmadı"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


# --- announcements ----------------------------------------------------------------------------------------


@pytest.fixture
def schools(world, year, approved):
    """School A1 (approved in the fixture) and A2 and B1 approved too: the year's application schools."""
    approve(year, world.school_a2)
    approve(year, world.school_b1)
    return world


def test_announcement_is_sent_and_read_by_the_schools(world, api, year, schools):
    body = {"program_year": year.pk, "node": world.district_a.pk, "title": "Toplantı", "body": "Cuma"}
    created = api(world.district_coordinator).post(ANNOUNCEMENTS, body, format="json")
    assert created.status_code == 201, created.content
    sent = created.json()
    assert sent["all_schools"] and set(sent["schools"]) == {world.school_a1.pk, world.school_a2.pk}
    for reader in (world.principal, world.teacher, world.district_manager, world.province_coordinator):
        assert ids(api(reader).get(ANNOUNCEMENTS)) == {sent["id"]}, reader.username
    for outsider in (world.outsider, world.other_manager):
        client = api(outsider)
        assert ids(client.get(ANNOUNCEMENTS)) == set()
        assert _not_found(client.get(f"{ANNOUNCEMENTS}{sent['id']}/"))


def test_announcement_refusals_change_nothing(world, api, year, schools):
    body = {"program_year": year.pk, "node": world.district_a.pk, "title": "Toplantı", "body": "Cuma"}
    for user in (world.principal, world.teacher, world.district_manager, world.outsider):
        assert api(user).post(ANNOUNCEMENTS, body, format="json").status_code == 403, user.username
    # a district coordinator does not announce from the province, nor to another district's school
    client = api(world.district_coordinator)
    province = client.post(ANNOUNCEMENTS, {**body, "node": world.province.pk}, format="json")
    assert province.status_code == 400 and "node" in province.json()["fields"]
    other = client.post(ANNOUNCEMENTS, {**body, "schools": [world.school_b1.pk]}, format="json")
    assert other.status_code == 400
    assert not Announcement.objects.exists()
    # nobody changes one once sent
    sent = client.post(ANNOUNCEMENTS, body, format="json").json()
    assert client.patch(f"{ANNOUNCEMENTS}{sent['id']}/", {"title": "X"}, format="json").status_code == 405
    assert Announcement.objects.get().title == "Toplantı"


# --- cooperations -----------------------------------------------------------------------------------------


def _cooperation_body(world, year, **extra):
    body = {
        "program_year": year.pk,
        "node": world.district_a.pk,
        "institution": "Erzincan Binali Yıldırım Üniversitesi",
        "kind": "university",
        "subject": "Robotik kodlama atölyesi",
        "starts_on": str(year.start_date),
        "schools": [world.school_a1.pk],
    }
    body.update(extra)
    return body


def test_cooperation_is_recorded_with_a_protocol_and_changed(world, api, year):
    client = api(world.district_coordinator)
    body = _cooperation_body(world, year, protocol_number="12", protocol_date=str(year.start_date))
    body["protocol_file"] = pdf()
    created = client.post(COOPERATIONS, body, format="multipart")
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["schools"] == [world.school_a1.pk] and record["protocol"]["number"] == "12"
    assert record["protocol"]["file_url"]
    changed = client.patch(f"{COOPERATIONS}{record['id']}/", {"subject": "Bilim şenliği"}, format="json")
    assert changed.status_code == 200 and changed.json()["subject"] == "Bilim şenliği"
    assert changed.json()["schools"] == [world.school_a1.pk]  # kept when not sent
    assert ids(api(world.principal).get(COOPERATIONS)) == {record["id"]}  # a school involved


def test_cooperation_refusals_change_nothing(world, api, year):
    for user in (world.principal, world.teacher):
        refused = api(user).post(COOPERATIONS, _cooperation_body(world, year), format="json")
        assert refused.status_code == 403, user.username
    outside = api(world.outsider).post(COOPERATIONS, _cooperation_body(world, year), format="json")
    assert outside.status_code == 400 and "node" in outside.json()["fields"]
    cooperation = services.cooperation_record(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        schools=[world.school_a1],
        institution="Üniversite",
        kind="university",
        subject="Atölye",
        starts_on=year.start_date,
    )
    url = f"{COOPERATIONS}{cooperation.pk}/"
    # the school reads it but does not change it (403); the other district and Kars do not find it
    assert api(world.principal).patch(url, {"subject": "X"}, format="json").status_code == 403
    for user in (world.outsider, world.other_manager):
        client = api(user)
        assert _not_found(client.get(url))
        assert _not_found(client.patch(url, {"subject": "X"}, format="json"))
    cooperation.refresh_from_db()
    assert (cooperation.subject, Cooperation.objects.count()) == ("Atölye", 1)


# --- research, reports and suggestions --------------------------------------------------------------------


def test_report_is_shared_read_upward_and_its_file_downloaded(world, api, year):
    client = api(world.district_coordinator)
    body = {
        "program_year": year.pk,
        "node": world.district_a.pk,
        "kind": "report",
        "title": "Aylık rapor",
        "summary": "Ekipler düzenli çalışıyor",
        "file": pdf(),
    }
    created = client.post(REPORTS, body, format="multipart")
    assert created.status_code == 201, created.content
    report = created.json()
    for reader in (world.district_manager, world.province_coordinator, world.province_manager):
        reading = api(reader)
        assert ids(reading.get(REPORTS)) == {report["id"]}, reader.username
        download = reading.get(report["file_url"])
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    changed = client.patch(f"{REPORTS}{report['id']}/", {"title": "Ekim raporu"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Ekim raporu"


def test_report_refusals_change_nothing(world, api, year):
    body = {
        "program_year": year.pk,
        "node": world.district_a.pk,
        "kind": "report",
        "title": "R",
        "summary": "S",
    }
    for user in (world.principal, world.teacher, world.district_manager):
        assert api(user).post(REPORTS, body, format="json").status_code == 403, user.username
    report = services.report_share(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        kind="report",
        title="Aylık rapor",
        summary="Özet",
        file=pdf(),
    )
    url = f"{REPORTS}{report.pk}/"
    # a reader above does not change it (403); outside the scope nothing is found, not even the file
    assert api(world.district_manager).patch(url, {"title": "X"}, format="json").status_code == 403
    for user in (world.outsider, world.principal, world.teacher, world.other_manager):
        client = api(user)
        assert ids(client.get(REPORTS)) == set()
        assert _not_found(client.get(url))
        assert _not_found(client.get(f"{url}file/"))
        assert _not_found(client.patch(url, {"title": "X"}, format="json"))
    report.refresh_from_db()
    assert (report.title, ResearchReport.objects.count()) == ("Aylık rapor", 1)


# --- the first weekly time's announcement -----------------------------------------------------------------


def test_the_first_weekly_time_is_announced_through_the_api(world, api, year, team):
    services.team_schedule_set(by=world.principal, team=team, weekday=2, first_lesson=5)
    url = f"/api/v1/harezmi/teams/{team.pk}/announce-schedule/"
    body = {"announcement": "Salı 5. ders, veliler bilgilendirildi."}
    # the teacher reads the team but does not announce (403); another district does not find it (404)
    assert api(world.teacher).post(url, body, format="json").status_code == 403
    assert _not_found(api(world.outsider).post(url, body, format="json"))
    assert not ScheduleChange.objects.filter(team=team, announced_on__isnull=False).exists()
    done = api(world.principal).post(url, body, format="json")
    assert done.status_code == 200, done.content
    change = ScheduleChange.objects.get(team=team)
    assert change.announced_on == timezone.localdate()
    # announced once only
    assert api(world.principal).post(url, body, format="json").status_code == 400


# --- query counts -----------------------------------------------------------------------------------------


def _one_of_each(world, year, i: int) -> None:
    services.task_give(
        by=world.province_coordinator,
        program_year=year,
        assignee=world.district_coordinator,
        title=f"Görev {i}",
        due_on=timezone.localdate() + DAY,
    )
    services.announcement_send(
        by=world.district_coordinator, program_year=year, node=world.district_a, title=f"D {i}", body="Metin"
    )
    services.cooperation_record(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        schools=[world.school_a1],
        institution=f"Kurum {i}",
        kind="ngo",
        subject="Konu",
        starts_on=year.start_date,
    )
    services.report_share(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        kind="suggestion",
        title=f"Öneri {i}",
        summary="Özet",
    )


@pytest.mark.parametrize("path", [TASKS, ANNOUNCEMENTS, COOPERATIONS, REPORTS])
def test_duties_lists_keep_their_query_count_from_one_row_to_many(world, api, year, schools, path):
    client = api(world.province_manager)
    _one_of_each(world, year, 0)
    client.get(path)  # the token's first use records `last_used_at` once
    counts = []
    for many in (1, 4):
        for i in range(len(ids(client.get(path))), many):
            _one_of_each(world, year, i)
        with CaptureQueriesContext(connection) as context:
            answer = client.get(path)
        assert answer.status_code == 200 and len(ids(answer)) == many
        counts.append(len(context))
    assert counts[0] == counts[1], counts
