"""Schemathesis over the whole OpenAPI document, in-process (no server).

Every operation is called with generated data — valid (positive) and invalid (negative) — in the
examples, coverage and fuzzing phases, and every response is checked by all of schemathesis's checks
(`--checks all`) with one exclusion, for write operations only:

* `positive_data_acceptance` is excluded for POST/PUT/PATCH: a schema cannot say that a period's
  year lies in its plan's years, that an entity only enters its own rows, that a percentage's
  numerator is at most its denominator, or that a user name is still free; such schema-valid
  requests are rightly refused with 400 (or 403/409/422). It stays on for every GET: a valid filter,
  page or ordering is never refused.

Harezmi operations are called as the province's top manager (who runs the program there and may do
most of it), the others as the province's planning officer. Random ids rarely exist, so two thirds
of the valid (positive) cases are steered to real records the user may work on — the open period,
the province's submission and value, a deviation, a measure, a report job, an upload, a program
year, a team, a student, an appointment, a session, an absence, a visit plan and its visits, a
meeting, a training held, a material request, a project, a Ministry report … — and their `year` and
`node` query parameters to the program year and the province (the statistics), so that successful
answers (and their bodies) are checked too, not only 404s. The stateful checks
(`use_after_free`, `ensure_resource_availability`) have nothing to follow in a stateless run.
"""

from __future__ import annotations

import datetime as dt
import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from izlem.monitoring.models import Value
from izlem.org.models import Unit
from izlem.plans.models import (
    ArchitectureComponent,
    CostLine,
    PestItem,
    ProblemArea,
    Stakeholder,
    SwotItem,
    TowsStrategy,
    YearValue,
)
from izlem.wsgi import application
from tests.support.api import token_for

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def keep_connection():
    """Schemathesis calls the bare WSGI application, whose request signals would close the test's
    database connection (inside its transaction) on PostgreSQL; Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def harezmi_data(world, settings, tmp_path):
    """A running program year with one of every Harezmi record, in school A1 and district A."""
    from izlem.harezmi import services as harezmi
    from izlem.harezmi.models import OfficialDocument
    from tests.support.harezmi import approve, consent, doc, make_year, trained

    settings.MEDIA_ROOT = tmp_path / "media"

    year = make_year(world)
    application = approve(year, world.school_a1)
    team = harezmi.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 1")
    harezmi.team_schedule_set(by=None, team=team, weekday=2, first_lesson=1)
    teacher = harezmi.teacher_assignment_add(
        by=None, team=team, teacher=world.principal, petition=doc(year.start_date), justification="Yeni"
    )
    student = harezmi.student_register(
        by=None,
        program_year=year,
        school=world.school_a1,
        first_name="Ali",
        last_name="Kaya",
        grade=6,
        consent=consent(year.start_date),
    )
    trained(world.teacher)
    appointment = harezmi.coordinator_appoint(
        by=None,
        program_year=year,
        kind="district_coordinator",
        unit="district_private_office",
        person=world.teacher,
        node=world.district_a,
        employment="part_time",
        petition=doc(year.start_date),
        start_letter=doc(year.start_date, "E-1"),
    )
    event = harezmi.calendar_event_create(
        by=None,
        program_year=year,
        node=world.province,
        kind="training",
        title="Eğitim",
        starts_on=year.start_date,
    )
    meeting = harezmi.parent_meeting_record(
        by=None, program_year=year, school=world.school_a1, held_on=year.start_date, place="Salon"
    )
    part_two = _harezmi_two(world, year, team, student)
    return {
        **part_two,
        "harezmi/years": year.pk,
        "harezmi/calendar-events": event.pk,
        "harezmi/trainings": world.teacher.harezmi_trainings.get().pk,
        "harezmi/documents": OfficialDocument.objects.filter(file__gt="").first().pk,
        "harezmi/appointments": appointment.pk,
        "harezmi/applications": application.pk,
        "harezmi/teams": team.pk,
        "harezmi/schedule-changes": team.schedule_changes.get().pk,
        "harezmi/assignments": teacher.pk,
        "harezmi/staff-changes": teacher.pk,
        "harezmi/students": student.pk,
        "harezmi/parent-meetings": meeting.pk,
        "harezmi/weeks": world.district_a.pk,
    }


def _harezmi_two(world, year, team, student) -> dict:
    """One of every Harezmi II record of `year` (school A1, district A, the province), by resource."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

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
        SessionStudentAttendance,
        SessionTeacherAttendance,
        Training,
        TrainingNeed,
        TrainingParticipant,
        Visit,
        VisitPlan,
    )
    from izlem.reports.models import ReportJob

    start = year.start_date
    monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(days=7)
    teacher = world.principal  # the team's teacher (placed in `harezmi_data`)
    meeting = Meeting.objects.create(
        program_year=year, kind="process_management", node=world.district_a, title="Toplantı", held_on=start
    )
    MeetingAttendee.objects.create(meeting=meeting, person=world.teacher, present=True)
    MeetingAttendee.objects.create(meeting=meeting, name="Misafir")
    course = Training.objects.create(
        program_year=year,
        node=world.province,
        kind="harezmi",
        topic="harezmi",
        title="Kurs",
        mode="online",
        starts_on=start,
        ends_on=start,
        hours=12,
    )
    participant = TrainingParticipant.objects.create(training=course, person=world.teacher)
    need = TrainingNeed.objects.create(
        program_year=year, person=teacher, school=world.school_a1, topic="coding"
    )
    request = MaterialRequest.objects.create(
        program_year=year,
        school=world.school_a1,
        item="arduino",
        quantity=2,
        reason="Ekip",
        state="approved",
        approved_quantity=2,
    )
    MaterialDelivery.objects.create(
        request=request, quantity=1, delivered_on=start, supplier=world.district_a
    )
    project = Project.objects.create(
        node=world.school_a1,
        program_year=year,
        programme="etwinning",
        title="Proje",
        role="partner",
        starts_on=start,
        ends_on=start,
    )
    activity = Activity.objects.create(
        node=world.district_a, program_year=year, kind="festival", title="Şenlik", held_on=start
    )
    award = Award.objects.create(
        node=world.school_a1,
        program_year=year,
        person=teacher,
        kind="thanks",
        title="Teşekkür",
        given_on=start,
        given_by="Okul",
    )
    session = Session.objects.create(
        team=team, week_start=monday, held_on=monday, state="held", activities="Kodlama"
    )
    SessionTeacherAttendance.objects.create(session=session, teacher=teacher, present=True)
    SessionStudentAttendance.objects.create(session=session, student=student, present=True)
    absence = Absence.objects.create(
        program_year=year,
        teacher=teacher,
        kind="sick",
        starts_on=monday,
        ends_on=monday,
        document=SimpleUploadedFile("rapor.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
    )
    plan = VisitPlan.objects.create(
        program_year=year,
        coordinator=world.district_coordinator,
        node=world.district_a,
        span="week",
        starts_on=monday,
        ends_on=monday + dt.timedelta(days=6),
    )
    made = PlannedVisit.objects.create(
        plan=plan, school=world.school_a1, planned_on=monday, purpose="guidance"
    )
    PlannedVisit.objects.create(plan=plan, school=world.school_a2, planned_on=monday, purpose="other")
    visit = Visit.objects.create(
        program_year=year,
        coordinator=world.district_coordinator,
        school=world.school_a1,
        visited_on=monday,
        purpose="guidance",
        planned=made,
        observations="Gözlem",
    )
    follow_up = FollowUp.objects.create(visit=visit, action="Eylem", owner=teacher, due_on=monday)
    job = ReportJob.objects.create(
        kind="ministry",
        program_year=year,
        node=world.province,
        fingerprint="m",
        state="done",
        progress=100,
        data={"title": "Bakanlık raporu"},
    )
    job.pdf.save("bakanlik.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    job.xlsx.save("bakanlik.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return {
        "harezmi/meetings": meeting.pk,
        "harezmi/courses": course.pk,
        "harezmi/course-participants": participant.pk,
        "harezmi/training-needs": need.pk,
        "harezmi/material-requests": request.pk,
        "harezmi/projects": project.pk,
        "harezmi/activities": activity.pk,
        "harezmi/awards": award.pk,
        "harezmi/sessions": session.pk,
        "harezmi/absences": absence.pk,
        "harezmi/visit-plans": plan.pk,
        "harezmi/visits": visit.pk,
        "harezmi/follow-ups": follow_up.pk,
        "harezmi/ministry-reports": job.pk,
    }


@pytest.fixture
def fuzz(world, plan_data, harezmi_data, keep_connection):
    """The tokens (the officer; the province's top manager for Harezmi), and real ids by resource
    (path) and by body field."""
    from django.core.files.base import ContentFile

    from izlem.monitoring.models import BulkUpload
    from izlem.reports.models import Publication, ReportJob

    job = ReportJob.objects.create(
        kind="six_month",
        period=plan_data.period,
        node=world.province,
        fingerprint="x",
        state="done",
        progress=100,
        data={"title": "Rapor"},
    )
    job.pdf.save("rapor.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    job.xlsx.save("rapor.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    publication = Publication.objects.create(
        job=job, title="Rapor", data={}, node=world.province, pdf=job.pdf.name
    )
    upload = BulkUpload.objects.create(period=plan_data.period, by=world.planning_officer, file=job.xlsx.name)
    plan_data.progress.evidence.save("kanit.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    plan, period = plan_data.plan, plan_data.period
    first = {
        model: model.objects.filter(plan=plan).first().pk
        for model in (
            ArchitectureComponent,
            CostLine,
            PestItem,
            ProblemArea,
            Stakeholder,
            SwotItem,
            TowsStrategy,
        )
    }
    by_resource = {
        "nodes": world.province.pk,
        "units": plan_data.province_row.indicator.responsible_unit_id,
        "plans": plan.pk,
        "goals": plan.goals.get().pk,
        "targets": plan.targets.get().pk,
        "indicators": plan_data.province_row.indicator_id,
        "year-values": YearValue.objects.get(row=plan_data.province_row, kind="target", year=2016).pk,
        "measures": plan_data.measure.pk,
        "cost-lines": first[CostLine],
        "swot-items": first[SwotItem],
        "tows-strategies": first[TowsStrategy],
        "pest-items": first[PestItem],
        "stakeholders": first[Stakeholder],
        "problem-areas": first[ProblemArea],
        "architecture": first[ArchitectureComponent],
        "periods": period.pk,
        "submissions": plan_data.province_submission.pk,
        "values": Value.objects.get(row=plan_data.province_row).pk,
        "deviations": plan_data.deviation.pk,
        "measure-progress": plan_data.progress.pk,
        "report-jobs": job.pk,
        "publications": publication.pk,
        "bulk-uploads": upload.pk,
        **harezmi_data,
    }
    by_field = {
        "plan": plan.pk,
        "period": period.pk,
        "entity": world.province.pk,
        "row": plan_data.province_row.pk,
        "measure": plan_data.measure.pk,
        "node": world.province.pk,
        "unit": Unit.objects.get(code="strateji").pk,
        "user": world.planning_officer.pk,
        "program_year": harezmi_data["harezmi/years"],
        "school": world.school_a1.pk,
        "team": harezmi_data["harezmi/teams"],
        "person": world.teacher.pk,
        "teacher": world.teacher.pk,
    }
    by_query = {"year": harezmi_data["harezmi/years"], "node": world.province.pk}
    tokens = {"harezmi": token_for(world.province_manager), "other": token_for(world.planning_officer)}
    return tokens, by_resource, by_field, by_query


def _steer(case, by_resource: dict, by_field: dict, by_query: dict) -> None:
    """Point a valid case at real records (two cases in three, chosen from the case itself): the id in
    the path, ids in the body, and the Harezmi figures' `year` and `node` query parameters."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode()) % 3 == 0:
        return
    parts = case.operation.path.removeprefix("/api/v1/").split("/")
    resource = "/".join(parts[:2]) if parts[0] == "harezmi" else parts[0]
    if case.path_parameters and "id" in case.path_parameters and resource in by_resource:
        case.path_parameters["id"] = by_resource[resource]
    if isinstance(case.body, dict):
        for name, real in by_field.items():
            if isinstance(case.body.get(name), int) and not isinstance(case.body.get(name), bool):
                case.body[name] = real
    if parts[0] == "harezmi" and isinstance(case.query, dict):
        for name, real in by_query.items():
            if name in case.query:
                case.query[name] = real


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, fuzz):
    tokens, by_resource, by_field, by_query = fuzz
    _steer(case, by_resource, by_field, by_query)
    token = tokens["harezmi" if case.operation.path.startswith("/api/v1/harezmi/") else "other"]
    excluded = [positive_data_acceptance] if case.method.upper() in WRITES else []
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
