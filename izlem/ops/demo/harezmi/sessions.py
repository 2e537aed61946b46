"""Demo sessions, absences, visit plans, visits and follow-ups of the demo program year up to the demo's
today (visits: of the first semester).

Most planned weeks are held, a few are recorded as not held with a reason, a few are left as gaps;
some teams change their plan (the coordinator is told through the service). Teachers report leave and
sick days, which the sessions show. The province coordinator plans monthly, the district coordinators
weekly from their schools' application days, and most planned visits are made, some with follow-ups.
Idempotent: nothing is done if the year already has sessions. Deterministic: the caller's generator.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from izlem.harezmi import services
from izlem.harezmi.models import (
    Absence,
    CoordinatorAppointment,
    ProgramYear,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Team,
    Visit,
)
from izlem.harezmi.selectors.sessions import closed_days, is_school_day, planned_weeks
from izlem.harezmi.services.sessions import AbsenceInput, SessionInput
from izlem.harezmi.services.visits import application_day_suggestions
from izlem.ops.demo.harezmi.common import DemoClock, demo_clock
from izlem.org.models import OrgNode, Role, RoleAssignment

# Topics of a first semester of Harezmi (plan, what was done, evaluation).
TOPICS = [
    (
        "Algoritma nedir? Günlük hayattan adım adım yönergeler",
        "Sandviç yapma algoritması canlandırıldı, akış şeması çizildi",
    ),
    ("Blok tabanlı kodlamaya giriş", "Öğrenciler ilk animasyonlarını blok tabanlı ortamda hazırladı"),
    ("Döngüler ve tekrar", "Dans eden karakter projesinde tekrar blokları kullanıldı"),
    ("Koşullu ifadeler", "Trafik lambası senaryosu kodlandı ve takımlar birbirini test etti"),
    ("Problem çözme: okul bahçesinde su tasarrufu", "Takımlar sorunu tanımladı ve beyin fırtınası yaptı"),
    ("Sensörlerle tanışma", "Işık ve sıcaklık sensörüyle ölçüm yapıldı, veriler tabloya işlendi"),
    ("Arduino ile LED yakma", "Devre kuruldu, yanıp sönen LED kodu yazıldı"),
    ("Matematik ve kodlama: örüntüler", "Örüntü üreten program yazıldı, sonuçlar sınıfta paylaşıldı"),
    ("Fen bilimleri ile disiplinlerarası etkinlik", "Bitki sulama düzeneğinin prototipi tasarlandı"),
    ("Takım çalışması ve rol dağılımı", "Takımlar proje görevlerini paylaştı, zaman çizelgesi hazırladı"),
    ("Prototip geliştirme", "Karton ve motorla hareketli model yapıldı"),
    ("Hata ayıklama", "Hatalı kodlar takımlar arasında değiştirilerek düzeltildi"),
    ("Sunum hazırlığı", "Takımlar ürünlerini tanıtan kısa sunumlar hazırladı"),
    ("Dijital vatandaşlık ve güvenli internet", "Güçlü parola ve kişisel veri etkinliği yapıldı"),
    ("Ürün sergisi hazırlığı", "Dönem sonu sergisi için ürünler gözden geçirildi"),
]
EVALUATIONS = [
    "Öğrenciler etkinliğe istekli katıldı; süre yeterli oldu.",
    "Takımların çoğu hedefe ulaştı; iki takım ek destek istedi.",
    "Öz değerlendirme formları dolduruldu; kavramlar pekişti.",
    "Öğrenciler çözümlerini sınıfa anlattı; akran geri bildirimi verildi.",
    "Malzeme paylaşımında aksama oldu; gelecek hafta setler önceden hazırlanacak.",
]
NOT_HELD_REASONS = [
    "Okulda deprem tatbikatı ve veli toplantısı aynı güne denk geldi.",
    "Kar tatili nedeniyle okullar tatil edildi.",
    "Ortak sınav uygulaması nedeniyle ders yapılamadı.",
    "Okul gezisi nedeniyle öğrenciler okulda değildi.",
]
PLAN_CHANGES = [
    "Robot setleri henüz gelmediği için kâğıt üzerinde algoritma etkinliğine geçildi.",
    "Öğrencilerin ilgisi üzerine sensör projesi bir hafta öne alındı.",
    "Bilgisayar laboratuvarı bakımda olduğu için etkinlik sınıfta kodsuz yapıldı.",
    "Fen öğretmeninin önerisiyle su tasarrufu projesi iki haftaya yayıldı.",
]
OBSERVATIONS = [
    "Ekip uygulama saatlerini planına uygun yürütüyor; öğrenciler takım halinde çalışıyor.",
    "Hazırlık saatinde öğretmenler ortak plan yaptı; değerlendirme saatinde öz değerlendirme kullanıldı.",
    "Laboratuvar düzeni iyi; malzeme eksikliği nedeniyle bazı takımlar beklemek zorunda kaldı.",
    "Okul yönetimi programı destekliyor; veli bilgilendirme toplantısı planlanmış.",
    "Öğrenci devamı yüksek; ürün dosyaları düzenli tutuluyor.",
]
FOLLOW_UPS = [
    "Eksik Arduino setleri için malzeme talebi oluşturulacak.",
    "Ekip öğretmenleri deneyim paylaşım toplantısında örnek etkinliği sunacak.",
    "Veli bilgilendirme toplantısı yapılacak.",
    "Haftalık planlar ortak klasörde paylaşılacak.",
    "Laboratuvarın uygulama günü başka derse verilmeyecek şekilde düzenlenecek.",
]


def load_demo_sessions(year: ProgramYear, rng: random.Random, *, today: dt.date | None = None) -> None:
    """Fill `year` up to `today` (default: today) with sessions and absences, and its first semester up
    to then with visit plans, visits and follow-ups (the first-semester coordinators' work)."""
    if Session.objects.filter(team__program_year=year).exists():
        return
    c = demo_clock(year, today or timezone.localdate())
    until = min(c.today, year.end_date)
    if until < year.start_date:
        return  # the year has not started: nothing held yet
    with transaction.atomic():
        absences = _absences(year, rng, c)
        _sessions(year, rng, absences, until)
        _visits(year, rng, min(until, year.semester1_end))


def _absences(year: ProgramYear, rng: random.Random, c: DemoClock) -> list[Absence]:
    """About twenty leave or sick days of teachers in teams, reported through the service."""
    teams = list(Team.objects.filter(program_year=year).scheduled().prefetch_related("assignments__teacher"))
    teachers = sorted(
        {a.teacher for team in teams for a in team.assignments.all() if a.state == "active"},
        key=lambda u: u.pk,
    )
    result = []
    for teacher in rng.sample(teachers, min(20, len(teachers))):
        start = c.d(2025, 9, 15) + dt.timedelta(days=rng.randrange(0, 110))
        if start.weekday() > 4:
            start -= dt.timedelta(days=start.weekday() - 4)
        length = rng.choice([0, 0, 1, 2, 4])
        kind = rng.choice(["sick", "sick", "leave", "duty", "other"])
        if not c.past(start + dt.timedelta(days=length)):
            continue  # reported once it is over
        note = {
            "sick": "Sağlık raporu alındı.",
            "leave": "Mazeret izni.",
            "duty": "İlçe sınav komisyonu görevi.",
            "other": "Aile ziyareti.",
        }[kind]
        result.append(
            services.absence_report(
                by=None,
                program_year=year,
                teacher=teacher,
                data=AbsenceInput(
                    kind=kind, starts_on=start, ends_on=start + dt.timedelta(days=length), note=note
                ),
            )
        )
    return result


def _sessions(year: ProgramYear, rng: random.Random, absences: list[Absence], until: dt.date) -> None:
    """Every team's weeks up to `until`: most weeks held, some not held, some gaps, a few plan changes."""
    teams = list(
        Team.objects.filter(program_year=year)
        .scheduled()
        .select_related("program_year", "school")
        .prefetch_related("assignments__teacher", "students", "schedule_changes")
        .order_by("pk")
    )
    absent: dict[int, list[Absence]] = {}
    for absence in absences:
        absent.setdefault(absence.teacher_id, []).append(absence)
    sessions, plan_changes = [], []
    for team in teams:
        since = min((c.effective_from for c in team.schedule_changes.all()), default=None)
        topic = rng.randrange(len(TOPICS))
        for monday in planned_weeks(team, since, year.start_date, until, until):
            day = monday + dt.timedelta(days=team.weekday - 1)
            if day > until:
                break  # this week's session day has not come yet
            roll = rng.random()
            if roll < 0.06:
                continue  # a gap: nothing recorded
            plan, done = TOPICS[topic % len(TOPICS)]
            topic += 1
            if roll < 0.11:
                sessions.append(
                    Session(
                        team=team,
                        week_start=monday,
                        state=Session.State.NOT_HELD,
                        plan=plan,
                        not_held_reason=rng.choice(NOT_HELD_REASONS),
                    )
                )
                continue
            if roll > 0.975 and len(plan_changes) < 8:
                plan_changes.append((team, monday, day, plan, done))
                continue
            sessions.append(
                Session(
                    team=team,
                    week_start=monday,
                    held_on=day,
                    state=Session.State.HELD,
                    plan=plan,
                    activities=done,
                    evaluation=rng.choice(EVALUATIONS),
                    plan_update=f"Gelecek hafta: {TOPICS[topic % len(TOPICS)][0].lower()}",
                )
            )
    bulk_create_with_history(sessions, Session, batch_size=500)
    saved: dict[int, list[Session]] = {}
    for session in Session.objects.filter(team__program_year=year, state=Session.State.HELD).order_by("pk"):
        saved.setdefault(session.team_id, []).append(session)
    teacher_rows, student_rows = [], []
    for team in teams:
        students = list(team.students.all())
        for session in saved.get(team.pk, []):
            for assignment in team.assignments.all():
                if not assignment.is_active_on(session.held_on):
                    continue
                covering = next(
                    (a for a in absent.get(assignment.teacher_id, []) if a.covers(session.held_on)), None
                )
                present = covering is None and rng.random() > 0.03
                teacher_rows.append(
                    SessionTeacherAttendance(
                        session=session, teacher=assignment.teacher, present=present, absence=covering
                    )
                )
            for student in students:
                student_rows.append(
                    SessionStudentAttendance(session=session, student=student, present=rng.random() > 0.09)
                )
    bulk_create_with_history(teacher_rows, SessionTeacherAttendance, batch_size=1000)
    bulk_create_with_history(student_rows, SessionStudentAttendance, batch_size=1000)
    # A few plan changes go through the service, so the coordinators are told as in real use.
    for team, monday, day, plan, done in plan_changes:
        services.session_record(
            by=None,
            team=team,
            week_start=monday,
            data=SessionInput(
                state=Session.State.HELD,
                held_on=day,
                plan=plan,
                activities=done,
                evaluation=rng.choice(EVALUATIONS),
                plan_update="Plan güncellendi; değişiklik koordinatöre bildirildi.",
                plan_changed=True,
                plan_change_note=rng.choice(PLAN_CHANGES),
            ),
            today=until,
        )


def _principal(school: OrgNode):
    assignment = (
        RoleAssignment.objects.filter(role=Role.PRINCIPAL, node=school).select_related("user").first()
    )
    return assignment.user if assignment else None


def _visit(year, rng, coordinator, school, day, purpose, until, planned=None) -> Visit:
    visit = services.visit_record(
        by=None,
        program_year=year,
        coordinator=coordinator,
        school=school,
        visited_on=day,
        purpose=purpose,
        observations=rng.choice(OBSERVATIONS),
        planned=planned,
        today=until,
    )
    if rng.random() < 0.45:
        owner = _principal(school)
        follow = services.follow_up_add(
            by=None,
            visit=visit,
            action=rng.choice(FOLLOW_UPS),
            owner=owner,
            owner_name="" if owner else "Okul müdürü",
            due_on=day + dt.timedelta(days=14),
        )
        if rng.random() < 0.7:
            services.follow_up_done(
                by=None,
                follow_up=follow,
                done_on=min(day + dt.timedelta(days=rng.randint(3, 20)), until),
                result="Yapıldı; bir sonraki ziyarette kontrol edildi.",
                today=until,
            )
    return visit


def _visits(year: ProgramYear, rng: random.Random, until: dt.date) -> None:
    """Up to `until`: monthly plans of the province coordinator, weekly plans of the district coordinators, the visits."""
    posts = (
        CoordinatorAppointment.objects.filter(program_year=year, semester__in=["1", "both"])
        .exclude(kind=CoordinatorAppointment.Kind.PROVINCE_ASSISTANT)
        .select_related("person", "node")
        .prefetch_related("schools")
        .order_by("kind", "pk")
    )
    application_schools = list(
        OrgNode.objects.filter(pk__in=Team.objects.filter(program_year=year).values("school_id")).order_by(
            "code"
        )
    )
    closed = closed_days(year)
    for post in posts:
        person, node = post.person, post.node
        if post.kind == CoordinatorAppointment.Kind.PROVINCE_COORDINATOR:
            month = year.semester1_start.replace(day=1)
            while month <= until:
                plan = services.visit_plan_create(
                    by=None, program_year=year, coordinator=person, node=node, day=month,
                    notes="Aylık saha ziyaret planı: ilçelerdeki uygulama okulları.",
                )  # fmt: skip
                for school in rng.sample(application_schools, min(5, len(application_schools))):
                    day = plan.starts_on + dt.timedelta(days=rng.randrange(0, 27))
                    while day.weekday() > 4:
                        day += dt.timedelta(days=1)
                    if not (year.semester1_start <= day <= until) or day > plan.ends_on:
                        continue
                    if not is_school_day(year, day, closed):
                        continue  # no school visit in a break or on a public holiday
                    purpose = rng.choice(["school_meeting", "application_hours", "monitoring"])
                    item = services.planned_visit_add(
                        by=None, plan=plan, school=school, planned_on=day, purpose=purpose
                    )
                    if rng.random() < 0.8:
                        _visit(year, rng, person, school, day, purpose, until, item)
                month = (plan.ends_on + dt.timedelta(days=1)).replace(day=1)
            continue
        followed = {s.pk for s in post.schools.all()}
        monday = year.semester1_start
        while monday <= until:
            plan = services.visit_plan_create(
                by=None, program_year=year, coordinator=person, node=node, day=monday,
                notes="Haftalık plan: uygulama saatlerine katılım ve okul toplantıları.",
            )  # fmt: skip
            suggestions = [
                s for s in application_day_suggestions(plan) if not followed or s["school"].pk in followed
            ]
            for suggestion in rng.sample(suggestions, min(rng.choice([1, 2, 3]), len(suggestions))):
                purpose = rng.choice(["application_hours", "application_hours", "school_meeting"])
                item = services.planned_visit_add(
                    by=None,
                    plan=plan,
                    school=suggestion["school"],
                    team=suggestion["team"] if purpose == "application_hours" else None,
                    planned_on=suggestion["day"],
                    purpose=purpose,
                )
                if rng.random() < 0.82:
                    late = dt.timedelta(days=1 if rng.random() < 0.15 else 0)
                    day = min(suggestion["day"] + late, until)
                    if not is_school_day(year, day, closed):
                        day = suggestion["day"]  # not late into a holiday
                    if day > until:
                        continue  # planned, not made yet
                    _visit(year, rng, person, suggestion["school"], day, purpose, until, item)
            friday = min(monday + dt.timedelta(days=4), until)
            if (
                suggestions and rng.random() < 0.2 and is_school_day(year, friday, closed)
            ):  # an unplanned visit
                school = rng.choice(suggestions)["school"]
                _visit(year, rng, person, school, friday, "guidance", until)
            monday += dt.timedelta(days=7)
