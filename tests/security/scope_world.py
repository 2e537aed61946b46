"""A scope world for the security tests: the test world (tests.support.world) with one object of every
protected type at several places of the tree, and the position of each place relative to a user.

Objects are anchored at a node (a plan at its owner, a submission at its entity, a team at its school …);
`position(user, node)` says whether that node is the user's own, a child, a parent, a sibling (same
province, not above or below) or in another province. The matrix picks one object per position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from izlem.org.models import OrgNode, Role, Unit
from tests.support.world import World, build_world, make_user

DAY = dt.timedelta(days=1)
POSITIONS = ("own", "child", "sibling", "parent", "other")


def pdf_upload(name: str = "belge.pdf") -> SimpleUploadedFile:
    """A small valid PDF upload."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def home_node(user) -> OrgNode | None:
    """The node where the user holds their (first) role."""
    assignment = user.assignments.order_by("pk").select_related("node").first()
    return assignment.node if assignment else None


def province_of(node: OrgNode) -> int | None:
    """Id of the province at or above `node` (None for the ministry)."""
    parts = [int(p) for p in node.path.strip("/").split("/") if p]
    return parts[1] if len(parts) > 1 else None


def position(user_node: OrgNode | None, node: OrgNode) -> str | None:
    """Where `node` lies seen from `user_node`: own, child, parent, sibling (same province) or other."""
    if user_node is None:
        return "other"
    if node.pk == user_node.pk:
        return "own"
    if node.path.startswith(user_node.path):
        return "child"
    if user_node.path.startswith(node.path):
        return "parent"
    if province_of(node) is not None and province_of(node) == province_of(user_node):
        return "sibling"
    return "other"


@dataclass
class ScopeWorld:
    """The world plus, per object type, a list of (anchor node, object)."""

    world: World
    objects: dict[str, list[tuple[OrgNode, object]]] = field(default_factory=dict)
    periods: dict[int, object] = field(default_factory=dict)  # province id → open period of its plan
    rows: dict[int, object] = field(default_factory=dict)  # plan id → a school-level row (count)
    secrets: dict[str, str] = field(default_factory=dict)  # username → API token secret

    def add(self, kind: str, anchor: OrgNode, obj) -> None:
        self.objects.setdefault(kind, []).append((anchor, obj))

    def pick(self, kind: str, user) -> list[tuple[str, object]]:
        """One object of `kind` per position relative to the user (own, child, sibling, parent, other)."""
        user_node = home_node(user)
        chosen: dict[str, object] = {}
        for anchor, obj in self.objects.get(kind, []):
            where = position(user_node, anchor)
            if where is not None and where not in chosen:
                chosen[where] = obj
        return [(where, chosen[where]) for where in POSITIONS if where in chosen]


def make_plan(owner: OrgNode, title: str):
    """A 2015-2019 plan of `owner` with a school-level ratio and count and a province-level indicator."""
    from izlem.plans.models import Goal, Plan, Target
    from tests.support.monitoring import make_indicator

    plan = Plan.objects.create(owner=owner, title=title, period_start=2015, period_end=2019)
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılımı artırmak")
    make_indicator(plan, target, "1.1.1", rows=(("İlkokul", "primary"), ("Ortaokul", "middle")))
    make_indicator(
        plan,
        target,
        "1.1.2",
        unit="count",
        aggregation="sum",
        baseline=Decimal(100),
        plan_target=Decimal(150),
    )
    make_indicator(
        plan,
        target,
        "1.1.3",
        unit="count",
        aggregation="none",
        level="province",
        baseline=Decimal(10),
        plan_target=Decimal(20),
        responsible=Unit.objects.get(code="strateji"),
    )
    return plan


def _plan_parts(plan) -> list[tuple[str, object]]:
    """One of each analysis and costing part of a plan, as (kind, object)."""
    from izlem.plans.models import (
        ArchitectureComponent,
        CostLine,
        Goal,
        PestItem,
        ProblemArea,
        Stakeholder,
        SwotItem,
        TowsStrategy,
    )

    strength = SwotItem.objects.create(plan=plan, category="strength", number=1, text="Güçlü kadro")
    tows = TowsStrategy.objects.create(plan=plan, kind="SO", text="Kadroyu geliştirmek")
    tows.cites.add(strength)
    return [
        ("goal", Goal.objects.get(plan=plan)),
        ("swotitem", strength),
        ("towsstrategy", tows),
        ("pestitem", PestItem.objects.create(plan=plan, category="social", text="Göç")),
        (
            "stakeholder",
            Stakeholder.objects.create(plan=plan, name="Valilik", internal=False, core_partner=True),
        ),
        ("problemarea", ProblemArea.objects.create(plan=plan, theme="Erişim", text="Okullaşma düşük")),
        (
            "architecturecomponent",
            ArchitectureComponent.objects.create(plan=plan, code="1.1.1", title="Okullaşma"),
        ),
        (
            "costline",
            CostLine.objects.create(plan=plan, kind="target", key="1.1", amount=Decimal("1000.00"), order=1),
        ),
    ]


def _monitoring(sw: ScopeWorld) -> None:
    """Plans, periods, submissions, deviations, measure progress, bulk uploads, report jobs, publications."""
    from izlem.monitoring import services as monitoring
    from izlem.monitoring.models import BulkUpload, Deviation, MeasureProgress, Period, Value
    from izlem.plans.models import Indicator, IndicatorRow, Measure, Target, YearValue
    from izlem.reports.models import Publication, ReportJob

    w = sw.world
    owners = [w.province, w.district_a, w.other_province]
    for owner in owners:
        plan = make_plan(owner, f"Plan {owner.name}")
        period = Period.objects.create(
            plan=plan,
            year=2016,
            half="H2",
            open_date=dt.date(2016, 12, 1),
            school_due=dt.date(2099, 1, 10),
            district_due=dt.date(2099, 1, 20),
            state="open",
        )
        if owner.kind == OrgNode.Kind.PROVINCE:
            sw.periods[owner.pk] = period
        count_row = IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.2")
        sw.rows[plan.pk] = count_row
        target = Target.objects.get(plan=plan)
        measure = Measure.objects.create(plan=plan, target=target, number=1, text="Kampanya")
        progress = MeasureProgress.objects.create(
            period=period, measure=measure, status="in_progress", percent=40
        )
        progress.evidence.save("kanit.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
        deviation = Deviation.objects.create(
            period=period, row=count_row, unit=count_row.indicator.responsible_unit, rate=Decimal("-10")
        )
        parts = _plan_parts(plan)
        for kind, obj in (
            *parts,
            ("plan", plan),
            ("target", target),
            ("indicator", Indicator.objects.filter(plan=plan).first()),
            ("yearvalue", YearValue.objects.filter(row=count_row, kind="target").first()),
            ("indicatorrow", count_row),
            ("measure", measure),
            ("period", period),
            ("progress", progress),
            ("deviation", deviation),
        ):
            sw.add(kind, owner, obj)
        entities = [n for n in OrgNode.objects.filter(path__startswith=owner.path) if n.kind != "ministry"]
        for entity in entities:
            submission = monitoring.submission_get_or_create(period=period, entity=entity)
            sw.add("submission", entity, submission)
            if entity.kind == OrgNode.Kind.SCHOOL:
                value = Value.objects.create(
                    period=period, entity=entity, submission=submission, row=count_row, value=Decimal(110)
                )
                sw.add("value", entity, value)
            if owner.kind == OrgNode.Kind.PROVINCE:  # period + entity pairs: every node of the province
                sw.add("period_node", entity, (period, entity))
            job = ReportJob.objects.create(
                kind=ReportJob.Kind.YEAR_END,
                period=period,
                node=entity,
                fingerprint=f"fp-{period.pk}-{entity.pk}",
                state=ReportJob.State.DONE,
            )
            job.pdf.save("rapor.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
            job.xlsx.save("rapor.xlsx", ContentFile(b"PK report"), save=True)
            sw.add("job", entity, job)
            publication = Publication(job=job, title=f"Rapor {entity.name}", node=entity, data={})
            publication.pdf.save("yayin.pdf", ContentFile(b"%PDF-1.4 published"), save=False)
            publication.save()
            sw.add("publication", entity, publication)
    for username in ("principal", "district_planner", "planning_officer", "other_manager"):
        user = w.users[username]
        node = home_node(user)
        period = sw.periods[province_of(node)]
        upload = BulkUpload(period=period, by=user)
        upload.file.save("toplu.xlsx", ContentFile(b"PK"), save=False)
        upload.save()
        sw.add("bulk", node, upload)


def _harezmi(sw: ScopeWorld) -> None:
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
        _harezmi_records(sw, year, province, schools, teachers)
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
        _harezmi_activity(sw, year, year_teams, teachers, coordinators)
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


def _harezmi_records(sw: ScopeWorld, year, province: OrgNode, schools: list[OrgNode], teachers: dict) -> None:
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


def _harezmi_activity(sw: ScopeWorld, year, teams: dict, teachers: dict, coordinators: list) -> None:
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


def _harezmi_duties(sw: ScopeWorld) -> None:
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


def build_scope_world() -> ScopeWorld:
    """Create the scope world in the database (call inside a transaction that is rolled back)."""
    sw = ScopeWorld(build_world())
    w = sw.world
    # the one role the shared world has no user for (added here only, so other tests are unchanged)
    w.users["assistant"] = make_user("assistant", Role.PROVINCE_COORDINATOR_ASSISTANT, w.province)
    # issue 19's roles: a district's Harezmi supervisor and the province's strategy office
    w.users["supervisor"] = make_user("supervisor", Role.HAREZMI_SUPERVISOR, w.district_a)
    w.users["strategy_office"] = make_user("strategy_office", Role.STRATEGY_OFFICE, w.province)
    for node in (
        w.ministry,
        w.province,
        w.district_a,
        w.district_b,
        w.school_a1,
        w.school_a2,
        w.school_b1,
        w.other_province,
        w.other_district,
        w.other_school,
    ):
        sw.add("node", node, node)
    _monitoring(sw)
    _harezmi(sw)
    _harezmi_duties(sw)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from izlem.api import services as api_services

    for username, user in w.users.items():
        token, secret = api_services.token_create(user=user, name="matrix")
        sw.secrets[username] = secret
        node = home_node(user)
        if node is None:
            continue
        sw.add("user", node, user)
        sw.add("assignment", node, user.assignments.order_by("pk").first())
        sw.add("token", node, token)
        sw.add("totp-device", node, TOTPDevice.objects.create(user=user, name="matrix", confirmed=True))
    return sw


def module_scope_world(django_db_blocker):
    """Generator for a module-scoped fixture: build the scope world once, roll it back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_scope_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
