"""Teams, their teachers (mid-year additions, departures), the district week and the schedule changes
through the API.

The same scope and rights as the pages, actions as explicit POSTs, files only through access-checked
endpoints, state-refused steps answered 409 with nothing changed. World: school A1 (district A,
Erzincan), its principal and teacher; the outsider is district B's top manager; Kars's manager
(`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import datetime as dt

import pytest

from izlem.harezmi import services
from izlem.harezmi.models import OfficialDocument, TeacherAssignment, Team
from tests.support.api import ids, results
from tests.support.harezmi import approve, doc, pdf

DAY = dt.timedelta(days=1)

pytestmark = pytest.mark.usefixtures("temporary_media")


def test_principal_forms_a_team_and_sets_its_time(world, api, year, approved):
    principal = api(world.principal)
    r = principal.post(
        "/api/v1/harezmi/teams/", {"program_year": year.pk, "school": world.school_a1.pk, "name": "Ekip 1"}
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    s = principal.post(f"/api/v1/harezmi/teams/{pk}/schedule/", {"weekday": 3, "first_lesson": 5})
    assert s.status_code == 200 and (s.json()["weekday"], s.json()["first_lesson"]) == (3, 5)
    # a change of a set time needs a reason and an announcement
    change = principal.post(f"/api/v1/harezmi/teams/{pk}/schedule/", {"weekday": 2, "first_lesson": 5})
    assert change.status_code == 400 and {"reason", "announcement"} <= set(change.json()["fields"])
    assert Team.objects.get().weekday == 3
    planner = api(world.district_planner)  # reads district A's teams, changes none
    refused = planner.post(f"/api/v1/harezmi/teams/{pk}/schedule/", {"weekday": 2, "first_lesson": 1})
    assert refused.status_code == 403
    assert api(world.outsider).get(f"/api/v1/harezmi/teams/{pk}/").status_code == 404
    assert ids(principal.get(f"/api/v1/harezmi/schedule-changes/?team={pk}")) == set(
        Team.objects.get().schedule_changes.values_list("pk", flat=True)
    )


def test_teacher_sees_own_teams_only(world, api, year, team):
    other = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    assert ids(api(world.teacher).get("/api/v1/harezmi/teams/")) == {team.pk}
    assert ids(api(world.principal).get("/api/v1/harezmi/teams/")) == {team.pk, other.pk}
    assert api(world.teacher).get(f"/api/v1/harezmi/teams/{other.pk}/").status_code == 404


def test_mid_year_addition_waits_for_the_kaymakamlik_oluru_then_departure_and_letter(
    world, api, year, team, teacher2
):
    principal, district = api(world.principal), api(world.district_manager)
    # given the teacher's petition (scanned, multipart) and the justification
    added = principal.post(
        f"/api/v1/harezmi/teams/{team.pk}/teachers/",
        {
            "teacher": teacher2.pk,
            "justification": "Ekip büyüyor",
            "petition_date": str(year.start_date + 5 * DAY),
            "petition_file": pdf(),
        },
        format="multipart",
    )
    assert added.status_code == 201, added.content
    assert added.json()["state"] == "pending_approval"
    pk = added.json()["id"]
    # the school may not approve; the district does, with a new Valilik Oluru cited
    approval = {
        "approval_number": "K-1",
        "approval_date": str(year.start_date + 10 * DAY),
        "governor_number": "V-1",
        "governor_date": str(year.start_date + 2 * DAY),
    }
    assert principal.post(f"/api/v1/harezmi/assignments/{pk}/approve/", approval).status_code == 403
    assert TeacherAssignment.objects.get(pk=pk).state == "pending_approval"
    approved_ = district.post(f"/api/v1/harezmi/assignments/{pk}/approve/", approval)
    assert approved_.status_code == 200, approved_.content
    assert approved_.json()["state"] == "active" and approved_.json()["approval"]["number"] == "K-1"
    again = district.post(f"/api/v1/harezmi/assignments/{pk}/approve/", approval)
    assert again.status_code == 409 and OfficialDocument.objects.filter(number="K-1").count() == 1
    # then the departure: the school records the petition, the district the letter
    left = principal.post(
        f"/api/v1/harezmi/assignments/{pk}/departure/",
        {
            "petition_date": str(year.start_date + 40 * DAY),
            "justification": "Tayin",
            "end_date": str(year.start_date + 45 * DAY),
        },
    )
    assert left.status_code == 200 and left.json()["state"] == "departure_pending"
    letter = district.post(
        f"/api/v1/harezmi/assignments/{pk}/letter/",
        {"letter_number": "E-9", "letter_date": str(year.start_date + 46 * DAY)},
    )
    assert letter.status_code == 200 and letter.json()["state"] == "ended"
    steps = [s["action"] for s in letter.json()["steps"]]
    assert steps == ["petition", "approved", "departure_petition", "departure_letter"]
    # the province sees the change in the ledger; another district does not
    assert pk in ids(api(world.province_coordinator).get(f"/api/v1/harezmi/staff-changes/?year={year.pk}"))
    assert results(api(world.outsider).get("/api/v1/harezmi/staff-changes/")) == []
    petition_url = added.json()["petition"]["file_url"]
    assert principal.get(petition_url).status_code == 200
    assert api(world.outsider).get(petition_url).status_code == 404


def test_refusal_needs_a_note_and_the_district(world, api, year, team, teacher2):
    assignment = services.teacher_assignment_add(
        by=None, team=team, teacher=teacher2, petition=doc(year.start_date + 5 * DAY), justification="Neden"
    )
    url = f"/api/v1/harezmi/assignments/{assignment.pk}/refuse/"
    assert api(world.outsider).post(url, {"note": "Hayır"}).status_code == 404
    assert api(world.district_manager).post(url, {"note": ""}).status_code == 400
    assert api(world.district_manager).post(url, {"note": "Kadro yok"}).json()["state"] == "refused"
    assert api(world.district_manager).post(url, {"note": "Kadro yok"}).status_code == 409


@pytest.fixture
def crowded(world, year):
    """Three schools of district A, each with a team on Monday at lessons 1-4."""
    teams = []
    for school in (world.school_a1, world.school_a2):
        approve(year, school, teams=1)
        created = services.team_create(by=None, program_year=year, school=school, name="Ekip")
        services.team_schedule_set(by=None, team=created, weekday=1, first_lesson=1)
        teams.append(created)
    return teams


def test_district_sees_the_load_per_weekday_and_balances_it(world, api, year, crowded):
    client = api(world.district_manager)
    week = client.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}")
    assert week.status_code == 200, week.content
    assert [day["load"] for day in week.json()["days"]] == [2, 0, 0, 0, 0]
    proposal = client.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/proposal/?year={year.pk}").json()
    assert proposal["feasible"] and len(proposal["moves"]) == 1
    applied = client.post(
        f"/api/v1/harezmi/weeks/{world.district_a.pk}/apply/", {"year": year.pk, "all": True}
    )
    assert applied.status_code == 200 and len(applied.json()["changes"]) == 1
    after = client.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}").json()
    assert sorted(day["load"] for day in after["days"]) == [0, 0, 0, 1, 1]


def test_week_readers_may_not_balance_and_others_do_not_see_it(world, api, year, crowded):
    planner = api(world.district_planner)  # reads district A's Harezmi records, runs nothing
    assert planner.get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}").status_code == 200
    assert (
        planner.post(
            f"/api/v1/harezmi/weeks/{world.district_a.pk}/apply/", {"year": year.pk, "all": True}
        ).status_code
        == 403
    )
    assert (
        api(world.outsider).get(f"/api/v1/harezmi/weeks/{world.district_a.pk}/?year={year.pk}").status_code
        == 404
    )
    assert ids(api(world.outsider).get(f"/api/v1/harezmi/weeks/?year={year.pk}")) == {world.district_b.pk}
    assert set(Team.objects.values_list("weekday", flat=True)) == {1}


def test_schedule_changes_show_when_the_first_time_was_announced(world, api, year, team):
    services.team_schedule_set(by=world.principal, team=team, weekday=3, first_lesson=5)
    principal = api(world.principal)
    (row,) = results(principal.get(f"/api/v1/harezmi/schedule-changes/?team={team.pk}"))
    assert row["announced_on"] is None
    record = services.team_schedule_announce(by=world.principal, team=team, announcement="Duyuruldu")
    (row,) = results(principal.get(f"/api/v1/harezmi/schedule-changes/?team={team.pk}"))
    assert (row["announced_on"], row["announcement"]) == (record.announced_on.isoformat(), "Duyuruldu")
