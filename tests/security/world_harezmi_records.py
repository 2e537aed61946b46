"""The scope world's Harezmi II records, sessions, absences, visits and the coordinators' duties (tasks,
announcements, cooperations, research reports)."""

from __future__ import annotations

from django.utils import timezone

from izlem.org.models import OrgNode, Role
from tests.security.scope_world import DAY, ScopeWorld, pdf_upload
from tests.support.world import make_user


def add_harezmi_records(
    sw: ScopeWorld, year, province: OrgNode, schools: list[OrgNode], teachers: dict
) -> None:
    """Harezmi II records of a year at the province, its districts and its schools: program meetings,
    trainings held (with a participant), training needs, material requests, projects, events, awards,
    calendar events, parent meetings, training completions."""
    from izlem.harezmi import services

    districts = list(OrgNode.objects.districts().filter(parent=province))
    start = year.start_date
    for node in [province, *districts, *schools]:
        is_school = node.kind == OrgNode.Kind.SCHOOL
        meeting = services.meeting_create(
            by=None,
            program_year=year,
            kind="school_pre" if is_school else "experience_sharing",
            node=node,
            title=f"Toplantı {node.code}",
            held_on=start + 10 * DAY,
        )
        sw.add("programmeeting", node, meeting)
        project = services.project_record(
            by=None,
            program_year=year,
            node=node,
            programme="etwinning",
            title=f"Proje {node.code}",
            role="partner",
            starts_on=start,
            ends_on=year.end_date,
            student_participants=10,
            teacher_participants=2,
        )
        activity = services.activity_record(
            by=None, node=node, program_year=year, kind="festival", title=f"Şenlik {node.code}", held_on=start
        )
        sw.add("project", node, project)
        sw.add("activity", node, activity)
        if not is_school:
            training = services.training_create(
                by=None,
                program_year=year,
                node=node,
                kind="harezmi",
                topic="harezmi",
                title=f"Eğitim {node.code}",
                mode="in_person",
                venue="Öğretmenevi",
                starts_on=start,
                ends_on=start + 4 * DAY,
                hours=30,
            )
            sw.add("course", node, training)
    for node in [province, *districts]:
        event = services.calendar_event_create(
            by=None,
            program_year=year,
            node=node,
            kind="training",
            title=f"Etkinlik {node.code}",
            starts_on=start,
        )
        sw.add("event", node, event)
    for school in schools:
        teacher = teachers[school]
        sw.add(
            "parentmeeting",
            school,
            services.parent_meeting_record(
                by=None,
                program_year=year,
                school=school,
                held_on=start + 5 * DAY,
                place="Okul",
                parent_count=3,
            ),
        )
        sw.add(
            "trainingrecord", school, services.training_record(by=None, person=teacher, completed_on=start)
        )
        award = services.award_record(
            by=None,
            node=school,
            program_year=year,
            person=teacher,
            kind="thanks",
            title="Başarı",
            given_on=start,
            given_by="Valilik",
        )
        sw.add("award", school, award)
        need = services.training_need_record(
            by=None, program_year=year, person=teacher, school=school, topic="harezmi"
        )
        sw.add("need", school, need)
        material = services.material_request_create(
            by=None, program_year=year, school=school, item="arduino", quantity=2, reason="Ekip çalışması"
        )
        sw.add("material", school, material)
        district_training = next(t for a, t in sw.objects["course"] if a.pk == school.parent_id)
        (participant,) = services.training_participants_add(
            by=None, training=district_training, people=[teacher]
        )
        sw.add("participant", school, participant)


def add_harezmi_activity(sw: ScopeWorld, year, teams: dict, teachers: dict, coordinators: list) -> None:
    """Sessions (one held week per team), absences (with a document), a pending mid-year staff change per
    team, coordinators' visit plans with a planned visit, visits with a follow-up."""
    from izlem.harezmi import services
    from izlem.harezmi.services.sessions import AbsenceInput, SessionInput

    start = year.start_date
    monday = start + (7 - start.weekday()) * DAY + 7 * DAY  # the second full week of the year
    for school, team in teams.items():
        teacher = teachers[school]
        session = services.session_record(
            by=None,
            team=team,
            week_start=monday,
            data=SessionInput(state="held", held_on=monday + 2 * DAY, plan="Isınma", activities="Kodlama"),
            today=monday + 3 * DAY,
        )
        sw.add("session", school, session)
        absence = services.absence_report(
            by=None,
            program_year=year,
            teacher=teacher,
            data=AbsenceInput(
                kind="leave",
                starts_on=monday + 7 * DAY,
                ends_on=monday + 8 * DAY,
                document=pdf_upload("izin.pdf"),
            ),
        )
        sw.add("absence", school, absence)
        late = make_user(f"late_{school.code}", Role.TEACHER, school)
        change = services.teacher_assignment_add(  # a mid-year addition waiting for approval: a staff change
            by=None,
            team=team,
            teacher=late,
            petition=services.DocumentInput(date=monday),
            justification="Ekibe katılım",
            today=monday,
        )
        sw.add("staffchange", school, change)
    for coordinator, node in coordinators:
        plan = services.visit_plan_create(
            by=None, program_year=year, coordinator=coordinator, node=node, day=monday
        )
        sw.add("visitplan", node, plan)
        school = next(s for s in teams if s.path.startswith(node.path))
        item = services.planned_visit_add(
            by=None, plan=plan, school=school, planned_on=monday + 2 * DAY, purpose="school_meeting"
        )
        sw.add("plannedvisit", node, item)
        visit = services.visit_record(
            by=None,
            program_year=year,
            coordinator=coordinator,
            school=school,
            visited_on=monday + 2 * DAY,
            purpose="school_meeting",
            observations="Ekip çalışıyor",
            today=monday + 3 * DAY,
        )
        sw.add("visit", school, visit)
        sw.add(
            "followup",
            school,
            services.follow_up_add(by=None, visit=visit, action="Malzeme", owner_name="Müdür"),
        )


def add_harezmi_duties(sw: ScopeWorld) -> None:
    """Tasks given by the province coordinator to the assistant (the province) and to district A's
    coordinator; and by the other province's İl MEM to its district coordinator."""
    from izlem.harezmi import services
    from izlem.harezmi.models import ProgramYear

    w = sw.world
    due = timezone.localdate() + 7 * DAY
    year = ProgramYear.objects.get(province=w.province)
    for assignee, node in ((w.users["assistant"], w.province), (w.district_coordinator, w.district_a)):
        task = services.task_give(
            by=w.province_coordinator, program_year=year, assignee=assignee, title="Görev", due_on=due
        )
        sw.add("task", node, task)
    other_year = ProgramYear.objects.get(province=w.other_province)
    other_coordinator = make_user("other_district_coordinator", Role.DISTRICT_COORDINATOR, w.other_district)
    task = services.task_give(
        by=w.other_manager, program_year=other_year, assignee=other_coordinator, title="Görev", due_on=due
    )
    sw.add("task", w.other_district, task)
    # announcements: the province coordinator's to all schools, district A's coordinator's to school A2
    announcement = services.announcement_send(
        by=w.province_coordinator, program_year=year, node=w.province, title="Duyuru", body="Metin"
    )
    sw.add("announcement", w.province, announcement)
    announcement = services.announcement_send(
        by=w.district_coordinator,
        program_year=year,
        node=w.district_a,
        title="Duyuru",
        body="Metin",
        schools=[w.school_a2],
    )
    sw.add("announcement", w.school_a2, announcement)
    # cooperations of the province (with school B1) and of each district
    for node, schools in ((w.province, [w.school_b1]), (w.district_a, []), (w.district_b, [])):
        cooperation = services.cooperation_record(
            by=None,
            program_year=year,
            node=node,
            institution="Erzincan Binali Yıldırım Üniversitesi",
            kind="university",
            subject="Eğitim",
            starts_on=year.start_date,
            schools=schools,
        )
        sw.add("cooperation", node, cooperation)
    # research, reports and suggestions of the province coordinator and of district A's coordinator
    for author, node in ((w.province_coordinator, w.province), (w.district_coordinator, w.district_a)):
        report = services.report_share(
            by=author,
            program_year=year,
            node=node,
            kind="report",
            title="Rapor",
            summary="Özet",
            file=pdf_upload("rapor.pdf"),
        )
        sw.add("researchreport", node, report)
