"""The Ministry report jobs, the statistics and planned vs done keep their number of queries from one
school's records to many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from izlem.harezmi.models import (
    PlannedVisit,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Student,
    TeacherAssignment,
    Team,
    Visit,
    VisitPlan,
)
from izlem.org.models import OrgNode, Role
from izlem.reports.models import ReportJob
from tests.support.harezmi import make_year
from tests.support.world import make_user

DAY = dt.timedelta(days=1)
MINISTRY = "/api/v1/harezmi/ministry-reports/"
STATISTICS = "/api/v1/harezmi/statistics/"
PLANNED_VS_DONE = "/api/v1/harezmi/visits/planned-vs-done/"
pytestmark = pytest.mark.usefixtures("files_and_tasks")


MANY = 12


def _school_with_records(world, year, i: int) -> None:
    """A school of district A with a team, its teacher and a student, a held session with attendance,
    its own coordinator's plan with a made visit, and a Ministry report job."""
    start = year.start_date
    school = OrgNode.objects.create(
        kind="school", code=f"74{i:04d}", name=f"Okul {i}", parent=world.district_a, level_primary=True
    )
    teacher = make_user(f"ikiz{i}", Role.TEACHER, school)
    coordinator = make_user(f"koord{i}", Role.DISTRICT_COORDINATOR, world.district_a)
    team = Team.objects.create(program_year=year, school=school, name="Ekip", weekday=1, first_lesson=1)
    TeacherAssignment.objects.create(team=team, teacher=teacher, state="active", start_date=start)
    student = Student.objects.create(
        program_year=year, school=school, team=team, first_name="Ali", last_name=f"K{i}", grade=5
    )
    monday = start - dt.timedelta(days=start.weekday()) + 7 * DAY
    session = Session.objects.create(team=team, week_start=monday, held_on=monday, state="held")
    SessionTeacherAttendance.objects.create(session=session, teacher=teacher, present=True)
    SessionStudentAttendance.objects.create(session=session, student=student, present=True)
    week = monday + i * 7 * DAY
    plan = VisitPlan.objects.create(
        program_year=year,
        coordinator=coordinator,
        node=world.district_a,
        span="week",
        starts_on=week,
        ends_on=week + 6 * DAY,
    )
    item = PlannedVisit.objects.create(plan=plan, school=school, planned_on=week, purpose="other")
    Visit.objects.create(
        program_year=year,
        coordinator=coordinator,
        school=school,
        visited_on=week,
        purpose="other",
        planned=item,
        observations="Gözlem",
    )
    ReportJob.objects.create(
        kind="ministry",
        program_year=year,
        node=world.district_a,
        fingerprint=str(i),
        state="done",
        requested_by=coordinator,
    )


def _queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context), response.json()


def _size(path: str, body: dict) -> int:
    """How many rows the answer holds (a list's items; the figures' rows but the node's own records)."""
    if path == MINISTRY:
        return len(body["results"])
    return len([row for row in body["rows"] if not row.get("own")])


@pytest.mark.parametrize("user", ["sysadmin", "district_manager"])
@pytest.mark.parametrize("path", [MINISTRY, STATISTICS, PLANNED_VS_DONE])
def test_new_lists_keep_their_query_count_from_one_row_to_many(world, api, user, path):
    year = make_year(world)
    url = f"{path}?year={year.pk}" + (f"&node={world.district_a.pk}" if path == STATISTICS else "")
    client = api(getattr(world, user))
    _school_with_records(world, year, 0)
    client.get(url)  # the token's first use records `last_used_at` once
    one_queries, one = _queries(client, url)
    for i in range(1, MANY):
        _school_with_records(world, year, i)
    many_queries, many = _queries(client, url)
    assert (_size(path, one), _size(path, many)) == (1, MANY)
    assert one_queries == many_queries
    assert many_queries <= 30  # the statistics: one grouped query per figure (izlem.harezmi.figures)
