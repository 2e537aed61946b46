"""Harezmi, report and bulk-upload lists keep a constant number of queries whatever the page size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from izlem.harezmi.models import (
    Application,
    ApplicationStep,
    AssignmentStep,
    CalendarEvent,
    CoordinatorAppointment,
    OfficialDocument,
    ParentalConsent,
    ParentMeeting,
    ScheduleChange,
    Student,
    TeacherAssignment,
    Team,
    TrainingCompletion,
)
from izlem.monitoring.models import BulkUpload
from izlem.org.models import OrgNode, Role
from izlem.reports.models import Publication, ReportJob
from tests.support.api import page_queries
from tests.support.harezmi import make_year
from tests.support.world import make_user

MANY = 12


@pytest.fixture
def many_harezmi(world, plan_data, settings, tmp_path):
    """Twelve schools of district A, each applying, with a team, a teacher (added mid-year, with its
    documents and steps), a student with consent, an appointment, an event, a meeting and a schedule change;
    twelve report jobs, publications and bulk uploads."""
    settings.MEDIA_ROOT = tmp_path
    year = make_year(world)
    now = timezone.now()
    for i in range(MANY):
        school = OrgNode.objects.create(
            kind="school", code=f"72{i:04d}", name=f"Okul {i}", parent=world.district_a, level_primary=True
        )
        teacher = make_user(f"ogretmen{i}", Role.TEACHER, school)
        application = Application.objects.create(
            program_year=year,
            school=school,
            requested_team_count=1,
            motivation="M",
            state="approved",
            approved_team_count=1,
        )
        application.proposed_teachers.add(teacher)
        ApplicationStep.objects.create(application=application, state="draft", at=now)
        ApplicationStep.objects.create(application=application, state="approved", at=now)
        team = Team.objects.create(
            program_year=year, school=school, name="Ekip", weekday=1 + i % 5, first_lesson=1
        )
        petition = OfficialDocument.objects.create(
            kind="petition", date=year.start_date, node=school, person=teacher
        )
        approval = OfficialDocument.objects.create(
            kind="district_governor_approval", date=year.start_date, node=world.district_a, person=teacher
        )
        assignment = TeacherAssignment.objects.create(
            team=team,
            teacher=teacher,
            state="active",
            start_date=year.start_date,
            petition=petition,
            approval=approval,
        )
        AssignmentStep.objects.create(
            assignment=assignment, action="petition", state="pending_approval", at=now
        )
        AssignmentStep.objects.create(assignment=assignment, action="approved", state="active", at=now)
        student = Student.objects.create(
            program_year=year, school=school, team=team, first_name="Ali", last_name=f"K{i}", grade=5
        )
        ParentalConsent.objects.create(
            student=student, parent_name="Veli", given_on=year.start_date, form_file="x.pdf"
        )
        TrainingCompletion.objects.create(person=teacher, completed_on=dt.date(2024, 8, 1 + i))
        appointment = CoordinatorAppointment.objects.create(
            program_year=year,
            kind="district_coordinator",
            person=teacher,
            node=world.district_a,
            start_date=year.start_date,
            end_date=year.end_date,
            employment="part_time",
            petition=petition,
        )
        appointment.schools.add(school)
        CalendarEvent.objects.create(
            program_year=year,
            kind="other",
            title=f"Etkinlik {i}",
            starts_on=year.start_date,
            node=world.district_a,
        )
        ParentMeeting.objects.create(
            program_year=year, school=school, team=team, held_on=year.start_date, place="Salon"
        )
        ScheduleChange.objects.create(
            team=team, new_weekday=1, new_first_lesson=1, effective_from=year.start_date
        )
        job = ReportJob.objects.create(
            kind="six_month", period=plan_data.period, node=world.district_a, fingerprint=str(i), state="done"
        )
        Publication.objects.create(job=job, title=f"Rapor {i}", data={}, node=world.district_a, pdf="p.pdf")
        BulkUpload.objects.create(period=plan_data.period, by=world.sysadmin, file="u.xlsx")
    return year


LISTS = [
    "/api/v1/harezmi/years/",  # one year: checked for a constant count all the same
    "/api/v1/harezmi/calendar-events/",
    "/api/v1/harezmi/trainings/",
    "/api/v1/harezmi/appointments/",
    "/api/v1/harezmi/applications/",
    "/api/v1/harezmi/teams/",
    "/api/v1/harezmi/schedule-changes/",
    "/api/v1/harezmi/assignments/",
    "/api/v1/harezmi/staff-changes/",
    "/api/v1/harezmi/students/",
    "/api/v1/harezmi/parent-meetings/",
    "/api/v1/harezmi/weeks/",  # the districts of the province: a few
    "/api/v1/report-jobs/",
    "/api/v1/publications/",
    "/api/v1/bulk-uploads/",
]
FEW = {"/api/v1/harezmi/years/", "/api/v1/harezmi/weeks/"}
NOT_FOR_DISTRICT = {"/api/v1/bulk-uploads/"}  # one's own uploads: the sysadmin's here


@pytest.mark.parametrize("user", ["sysadmin", "district_manager"])
@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_the_page(world, api, many_harezmi, user, path):
    # given
    client = api(getattr(world, user))
    client.get(path)  # the token's first use records `last_used_at` once
    # when
    small_queries, small_items = page_queries(client, path, 5)
    large_queries, large_items = page_queries(client, path, 50)
    # then
    if path not in FEW and not (user == "district_manager" and path in NOT_FOR_DISTRICT):
        assert small_items == 5 and large_items > 5, (small_items, large_items)
    assert small_queries == large_queries
    assert large_queries <= 12
