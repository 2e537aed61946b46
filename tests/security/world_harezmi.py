"""The scope world's Harezmi objects: program years, holidays, applications, teams, assignments, students,
Ministry report jobs, documents, letters and coordinator appointments."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from izlem.org.models import OrgNode, Role
from tests.security.scope_world import DAY, ScopeWorld, pdf_upload
from tests.security.world_harezmi_records import add_harezmi_activity, add_harezmi_records
from tests.support.world import make_user


def add_harezmi(sw: ScopeWorld) -> None:
    """Program years, applications, appointments, teams, teacher assignments, students, consents, documents,
    Ministry report jobs (the province and each district)."""
    from izlem.harezmi import services
    from izlem.harezmi.models import OfficialDocument, ScheduleChange
    from izlem.harezmi.services.common import DocumentInput, document_record
    from izlem.harezmi.services.students import ConsentInput
    from izlem.reports.models import ReportJob

    w = sw.world
    today = timezone.localdate()
    start = today - 60 * DAY
    other_teacher = make_user("other_teacher", Role.TEACHER, w.other_school)
    b1_teacher = make_user("b1_teacher", Role.TEACHER, w.school_b1)
    a2_teacher = make_user("a2_teacher", Role.TEACHER, w.school_a2)
    teachers = {
        w.school_a1: w.teacher,
        w.school_a2: a2_teacher,
        w.school_b1: b1_teacher,
        w.other_school: other_teacher,
    }
    for province, schools in (
        (w.province, [w.school_a1, w.school_a2, w.school_b1]),
        (w.other_province, [w.other_school]),
    ):
        year = services.program_year_create(
            by=None,
            province=province,
            name="2025-2026",
            start_date=start,
            end_date=start + 290 * DAY,
            application_opens=start - 100 * DAY,
            application_closes=start - 20 * DAY,
            semester1_start=start,
            semester1_end=start + 120 * DAY,
            semester2_start=start + 135 * DAY,
            semester2_end=start + 290 * DAY,
        )
        sw.add("year", province, year)
        sunday = start + 200 * DAY
        sunday += (6 - sunday.weekday()) * DAY  # a Sunday: the holiday changes no planned week of the world
        holiday = services.school_holiday_create(
            by=None,
            program_year=year,
            kind="public_holiday",
            name="Tatil",
            first_day=sunday,
            last_day=sunday,
        )
        sw.add("holiday", province, holiday)
        for school in schools:
            application = services.application_create(
                by=None,
                program_year=year,
                school=school,
                requested_team_count=1,
                motivation="Gerekçe",
                today=start - 95 * DAY,
            )
            services.application_submit(by=None, application=application, today=start - 95 * DAY)
            services.application_forward(by=None, application=application)
            services.application_approve(by=None, application=application, approved_team_count=1)
            sw.add("application", school, application)
        services.application_results_announce(by=None, program_year=year)
        year_teams = {}
        for school in schools:
            team = services.team_create(by=None, program_year=year, school=school, name=f"Ekip {school.code}")
            assignment = services.teacher_assignment_add(
                by=None, team=team, teacher=teachers[school], today=start - 3 * DAY
            )
            student = services.student_register(
                by=None,
                program_year=year,
                school=school,
                first_name="Ayşe",
                last_name=f"Öğrenci{school.code}",
                grade=5,
                team=team,
                consent=ConsentInput(parent_name="Veli", given_on=start, form_file=pdf_upload("izin.pdf")),
            )
            services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5, effective_from=start)
            sw.add("schedulechange", school, ScheduleChange.objects.filter(team=team).latest("pk"))
            sw.add("team", school, team)
            year_teams[school] = team
            sw.add("teacherassignment", school, assignment)
            sw.add("student", school, student)
        for node in [province, *OrgNode.objects.districts().filter(parent=province)]:
            ministry_job = ReportJob.objects.create(
                kind=ReportJob.Kind.MINISTRY,
                program_year=year,
                node=node,
                fingerprint=f"ministry-{year.pk}-{node.pk}",
                state=ReportJob.State.DONE,
            )
            ministry_job.pdf.save("bakanlik.pdf", ContentFile(b"%PDF-1.4 ministry"), save=False)
            ministry_job.xlsx.save("bakanlik.xlsx", ContentFile(b"PK\x03\x04 ministry"), save=True)
            sw.add("ministryjob", node, ministry_job)
            document = document_record(
                kind=OfficialDocument.Kind.choices[0][0],
                data=DocumentInput(date=start, number=f"E-{node.code}", file=pdf_upload()),
                node=node,
                by=None,
            )
            sw.add("document", node, document)
        add_harezmi_records(sw, year, province, schools, teachers)
        _harezmi_letters(sw, year, province, start)
        coordinator = w.province_coordinator if province == w.province else None
        if coordinator is not None:
            from izlem.harezmi.models import CoordinatorAppointment

            for kind, person, node in (
                (CoordinatorAppointment.Kind.PROVINCE_COORDINATOR, w.province_coordinator, w.province),
                (CoordinatorAppointment.Kind.DISTRICT_COORDINATOR, w.district_coordinator, w.district_a),
            ):
                appointment = CoordinatorAppointment.objects.create(
                    program_year=year,
                    kind=kind,
                    person=person,
                    node=node,
                    start_date=start,
                    end_date=start + 290 * DAY,
                )
                sw.add("appointment", node, appointment)
            coordinators = [(w.province_coordinator, w.province), (w.district_coordinator, w.district_a)]
        else:
            from izlem.harezmi.models import CoordinatorAppointment

            appointment = CoordinatorAppointment.objects.create(
                program_year=year,
                kind=CoordinatorAppointment.Kind.PROVINCE_COORDINATOR,
                person=w.other_manager,
                node=province,
                start_date=start,
                end_date=start + 290 * DAY,
            )
            sw.add("appointment", province, appointment)
            coordinators = [(w.other_manager, province)]
        add_harezmi_activity(sw, year, year_teams, teachers, coordinators)
    for node in OrgNode.objects.districts():
        sw.add("district", node, node)


def _harezmi_letters(sw: ScopeWorld, year, province: OrgNode, start) -> None:
    """A district coordinator's start letter to the province in each district of the province (the
    letter inbox's objects)."""
    from izlem.harezmi.models import CoordinatorAppointment, OfficialDocument
    from izlem.harezmi.services.common import DocumentInput, document_record

    for district in OrgNode.objects.districts().filter(parent=province):
        letter = document_record(
            kind=OfficialDocument.Kind.EBYS_LETTER,
            data=DocumentInput(date=start, number=f"E-BASLAMA-{district.code}", file=pdf_upload()),
            node=district,
            by=None,
        )
        CoordinatorAppointment.objects.create(
            program_year=year,
            kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR,
            person=make_user(f"letter_{district.code}"),
            node=district,
            start_date=start,
            end_date=start + 120 * DAY,
            state=CoordinatorAppointment.State.ENDED,
            start_letter=letter,
        )
        sw.add("letter", district, letter)
