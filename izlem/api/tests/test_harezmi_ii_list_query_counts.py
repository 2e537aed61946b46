"""The lists of Harezmi II (meetings, trainings held, needs, requests, projects, events, awards,
sessions, absences, visits, follow-ups) keep a constant number of queries whatever the page size."""

from __future__ import annotations

import datetime as dt

import pytest

from izlem.harezmi.models import (
    Absence,
    Activity,
    Award,
    FollowUp,
    MaterialDelivery,
    MaterialRequest,
    Meeting,
    MeetingAttendee,
    PlannedVisit,
    Project,
    Session,
    SessionTeacherAttendance,
    TeacherAssignment,
    Team,
    Training,
    TrainingNeed,
    TrainingParticipant,
    Visit,
    VisitPlan,
)
from izlem.org.models import OrgNode, Role
from tests.support.api import page_queries
from tests.support.harezmi import make_year
from tests.support.world import make_user

DAY = dt.timedelta(days=1)
MANY = 12


@pytest.fixture
def many_records(world):
    """Twelve schools of district A, each with a meeting (three on its list), a training with a trainer and
    two participants, a need, a request with a delivery, a project, an event and an award."""
    year = make_year(world)
    start = year.start_date
    coordinator = world.province_coordinator
    for i in range(MANY):
        school = OrgNode.objects.create(
            kind="school", code=f"73{i:04d}", name=f"Okul {i}", parent=world.district_a, level_primary=True
        )
        teacher = make_user(f"ogr{i}", Role.TEACHER, school)
        meeting = Meeting.objects.create(
            program_year=year, kind="school_pre", node=school, title=f"Toplantı {i}", held_on=start
        )
        MeetingAttendee.objects.create(meeting=meeting, person=teacher, present=True)
        MeetingAttendee.objects.create(meeting=meeting, person=world.district_manager)
        MeetingAttendee.objects.create(meeting=meeting, name="Misafir")
        training = Training.objects.create(
            program_year=year,
            node=world.district_a,
            kind="other",
            topic="coding",
            title=f"Kurs {i}",
            mode="online",
            starts_on=start,
            ends_on=start,
        )
        training.trainers.add(coordinator)
        TrainingParticipant.objects.create(training=training, person=teacher)
        TrainingParticipant.objects.create(training=training, person=world.teacher, state="dropped")
        TrainingNeed.objects.create(program_year=year, person=teacher, school=school, topic="coding")
        request = MaterialRequest.objects.create(
            program_year=year,
            school=school,
            item="arduino",
            quantity=2,
            reason="R",
            state="approved",
            approved_quantity=2,
        )
        MaterialDelivery.objects.create(
            request=request, quantity=1, delivered_on=start, supplier=world.district_a
        )
        Project.objects.create(
            node=school,
            program_year=year,
            programme="etwinning",
            title=f"Proje {i}",
            role="partner",
            starts_on=start,
            ends_on=start,
        )
        Activity.objects.create(node=school, program_year=year, kind="content", title=f"E {i}", held_on=start)
        team = Team.objects.create(program_year=year, school=school, name="Ekip", weekday=1, first_lesson=1)
        TeacherAssignment.objects.create(team=team, teacher=teacher, state="active", start_date=start)
        session = Session.objects.create(
            team=team, week_start=start, held_on=start, state="held", activities="Kodlama"
        )
        SessionTeacherAttendance.objects.create(session=session, teacher=teacher, present=True)
        Absence.objects.create(
            program_year=year, teacher=teacher, kind="sick", starts_on=start, ends_on=start
        )
        plan = VisitPlan.objects.create(
            program_year=year,
            coordinator=world.district_coordinator,
            node=world.district_a,
            span="week",
            starts_on=start + i * 7 * DAY,
            ends_on=start + (i * 7 + 6) * DAY,
        )
        item = PlannedVisit.objects.create(
            plan=plan, school=school, planned_on=plan.starts_on, purpose="other"
        )
        visit = Visit.objects.create(
            program_year=year,
            coordinator=world.district_coordinator,
            school=school,
            visited_on=plan.starts_on,
            purpose="other",
            planned=item,
            observations="Gözlem",
        )
        FollowUp.objects.create(visit=visit, action="Eylem", owner=teacher, due_on=plan.ends_on)
        Award.objects.create(
            node=school,
            program_year=year,
            person=teacher,
            kind="award",
            title=f"Ö {i}",
            given_on=start,
            given_by="İlçe",
        )
    return year


LISTS = [
    "/api/v1/harezmi/meetings/",
    "/api/v1/harezmi/courses/",
    "/api/v1/harezmi/course-participants/",
    "/api/v1/harezmi/training-needs/",
    "/api/v1/harezmi/material-requests/",
    "/api/v1/harezmi/projects/",
    "/api/v1/harezmi/activities/",
    "/api/v1/harezmi/awards/",
    "/api/v1/harezmi/sessions/",
    "/api/v1/harezmi/absences/",
    "/api/v1/harezmi/visit-plans/",
    "/api/v1/harezmi/visits/",
    "/api/v1/harezmi/follow-ups/",
]


@pytest.mark.parametrize("user", ["sysadmin", "district_manager"])
@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_the_page(world, api, many_records, user, path):
    client = api(getattr(world, user))
    client.get(path)  # the token's first use records `last_used_at` once
    small_queries, small_items = page_queries(client, path, 5)
    large_queries, large_items = page_queries(client, path, 50)
    assert small_items == 5 and large_items > 5, (small_items, large_items)
    assert small_queries == large_queries
    assert large_queries <= 12
