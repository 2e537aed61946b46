"""Students, parental consent and parent meetings through the API.

The same scope and rights as the pages, actions as explicit POSTs, files only through access-checked
endpoints, state-refused steps answered 409 with nothing changed. World: school A1 (district A,
Erzincan), its principal and teacher; the outsider is district B's top manager; Kars's manager
(`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import datetime as dt

import pytest

from izlem.harezmi import services
from izlem.harezmi.models import ParentMeeting, Student
from tests.support.api import ids, results
from tests.support.harezmi import pdf

DAY = dt.timedelta(days=1)

pytestmark = pytest.mark.usefixtures("temporary_media")


def test_teacher_registers_a_student_with_consent_and_places_them(world, api, year, team):
    year.collect_national_id = True
    year.save()
    client = api(world.teacher)
    r = client.post(
        "/api/v1/harezmi/students/",
        {
            "program_year": year.pk,
            "school": world.school_a1.pk,
            "first_name": "Ali",
            "last_name": "Yılmaz",
            "grade": "6",
            "national_id": "10000000146",
            "team": team.pk,
            "parent_name": "Ayşe Yılmaz",
            "consent_date": str(year.start_date),
            "consent_file": pdf("izin.pdf"),
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["national_id_masked"] == "*********46" and "national_id" not in body
    assert "10000000146" not in r.content.decode()
    assert body["has_consent"] and body["team"] == team.pk
    pk = body["id"]
    form = client.get(f"/api/v1/harezmi/students/{pk}/consent-form/")
    assert form.status_code == 200 and b"".join(form.streaming_content).startswith(b"%PDF")
    assert api(world.outsider).get(f"/api/v1/harezmi/students/{pk}/consent-form/").status_code == 404
    assert api(world.outsider).get(f"/api/v1/harezmi/students/{pk}/").status_code == 404


def test_no_team_without_consent_and_nothing_changes(world, api, year, team):
    student = services.student_register(
        by=None, program_year=year, school=world.school_a1, first_name="Can", last_name="Er", grade=5
    )
    r = api(world.principal).post(f"/api/v1/harezmi/students/{student.pk}/place/", {"team": team.pk})
    assert r.status_code == 400 and "team" in r.json()["fields"]
    student.refresh_from_db()
    assert student.team_id is None
    # the consent form is uploaded (multipart only), then placing works
    c = api(world.principal).post(
        f"/api/v1/harezmi/students/{student.pk}/consent/",
        {"parent_name": "Veli", "given_on": str(year.start_date), "form_file": pdf("izin.pdf")},
        format="multipart",
    )
    assert c.status_code == 200 and c.json()["consent"]["parent_name"] == "Veli"
    assert (
        api(world.principal)
        .post(f"/api/v1/harezmi/students/{student.pk}/place/", {"team": team.pk})
        .json()["team"]
        == team.pk
    )


def test_teacher_without_the_team_cannot_record_consent(world, api, year, team, teacher2):
    student = services.student_register(
        by=None, program_year=year, school=world.school_a1, first_name="Can", last_name="Er", grade=5
    )
    r = api(teacher2).post(
        f"/api/v1/harezmi/students/{student.pk}/consent/",
        {"parent_name": "Veli", "given_on": str(year.start_date), "form_file": pdf("izin.pdf")},
        format="multipart",
    )
    assert r.status_code == 404  # a teacher sees only their own teams' students
    assert not Student.objects.with_consent().exists()


def test_parent_meetings_are_recorded_by_the_school(world, api, year, team):
    body = {
        "program_year": year.pk,
        "school": world.school_a1.pk,
        "held_on": str(year.start_date + 3 * DAY),
        "place": "Konferans salonu",
        "parent_count": 25,
    }
    r = api(world.teacher).post("/api/v1/harezmi/parent-meetings/", body)
    assert r.status_code == 201, r.content
    outsider = api(world.outsider).post("/api/v1/harezmi/parent-meetings/", body)  # not their school
    assert outsider.status_code == 400 and "school" in outsider.json()["fields"]
    assert api(world.stakeholder).post("/api/v1/harezmi/parent-meetings/", body).status_code == 403
    assert ParentMeeting.objects.count() == 1
    assert ids(api(world.district_manager).get("/api/v1/harezmi/parent-meetings/")) == {r.json()["id"]}
    assert results(api(world.outsider).get("/api/v1/harezmi/parent-meetings/")) == []
