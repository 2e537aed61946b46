"""Harezmi program years and their calendar through the API.

The same scope and rights as the pages, actions as explicit POSTs, files only through access-checked
endpoints, state-refused steps answered 409 with nothing changed. World: school A1 (district A,
Erzincan), its principal and teacher; the outsider is district B's top manager; Kars's manager
(`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import datetime as dt

import pytest

from izlem.harezmi.models import CalendarEvent, ProgramYear
from tests.support.api import ids, results

DAY = dt.timedelta(days=1)


pytestmark = pytest.mark.usefixtures("temporary_media")


@pytest.mark.parametrize(
    "user", ["province_coordinator", "district_manager", "principal", "teacher", "outsider"]
)
def test_people_of_the_province_see_its_years(world, api, year, user):
    client = api(getattr(world, user))
    assert ids(client.get("/api/v1/harezmi/years/")) == {year.pk}
    assert client.get(f"/api/v1/harezmi/years/{year.pk}/").json()["name"] == "2025-2026"


def test_another_province_sees_no_year_and_gets_404(world, api, year):
    client = api(world.other_manager)
    assert results(client.get("/api/v1/harezmi/years/")) == []
    assert client.get(f"/api/v1/harezmi/years/{year.pk}/").status_code == 404
    assert client.patch(f"/api/v1/harezmi/years/{year.pk}/", {"last_lesson": 7}).status_code == 404
    year.refresh_from_db()
    assert year.last_lesson == 8


def test_province_coordinator_changes_the_rules_of_the_year(world, api, year):
    r = api(world.province_coordinator).patch(f"/api/v1/harezmi/years/{year.pk}/", {"team_teacher_max": 8})
    assert r.status_code == 200, r.content
    year.refresh_from_db()
    assert year.team_teacher_max == 8 and r.json()["team_teacher_max"] == 8
    assert year.history.count() == 2  # audited like the page's change


def test_district_reads_the_year_but_may_not_change_it(world, api, year):
    r = api(world.district_manager).patch(f"/api/v1/harezmi/years/{year.pk}/", {"team_teacher_max": 8})
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    year.refresh_from_db()
    assert year.team_teacher_max == 6


def test_year_rules_are_checked_by_the_service(world, api, year):
    r = api(world.province_coordinator).patch(
        f"/api/v1/harezmi/years/{year.pk}/", {"team_teacher_min": 7, "team_teacher_max": 6}
    )
    assert r.status_code == 400 and "team_teacher_max" in r.json()["fields"]


def test_opening_a_year_needs_a_province_role(world, api):
    fields = {
        "name": "2030-2031",
        "start_date": "2030-09-01",
        "end_date": "2031-06-20",
        "application_opens": "2030-05-01",
        "application_closes": "2030-06-01",
        "semester1_start": "2030-09-01",
        "semester1_end": "2031-01-20",
        "semester2_start": "2031-02-05",
        "semester2_end": "2031-06-20",
    }
    refused = api(world.district_manager).post(
        "/api/v1/harezmi/years/", {"province": world.province.pk, **fields}
    )
    assert refused.status_code == 403 and not ProgramYear.objects.exists()
    r = api(world.province_coordinator).post(
        "/api/v1/harezmi/years/", {"province": world.province.pk, **fields}
    )
    assert r.status_code == 201, r.content
    assert ProgramYear.objects.get().name == "2030-2031"


def test_district_puts_an_event_on_its_own_level_only(world, api, year):
    client = api(world.district_coordinator)
    body = {
        "program_year": year.pk,
        "kind": "process_management",
        "title": "Süreç toplantısı",
        "starts_on": str(year.start_date + 7 * DAY),
    }
    r = client.post("/api/v1/harezmi/calendar-events/", {**body, "node": world.district_a.pk})
    assert r.status_code == 201, r.content
    at_province = client.post("/api/v1/harezmi/calendar-events/", {**body, "node": world.province.pk})
    assert at_province.status_code == 400 and "node" in at_province.json()["fields"]
    teacher = api(world.teacher).post(
        "/api/v1/harezmi/calendar-events/", {**body, "node": world.district_a.pk}
    )
    assert teacher.status_code == 403
    assert CalendarEvent.objects.count() == 1
    assert ids(api(world.teacher).get(f"/api/v1/harezmi/calendar-events/?year={year.pk}")) == {r.json()["id"]}
    assert results(api(world.other_manager).get("/api/v1/harezmi/calendar-events/")) == []
