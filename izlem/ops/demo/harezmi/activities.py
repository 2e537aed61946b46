"""Demo meetings, trainings, training needs, material support, projects, events and awards of the demo
program year up to the demo's today (at most September–February). Everything goes through the services
with `by=None` (the system) and backdated days; dates come from `common.DemoClock`, and nothing dated after
today is recorded. Idempotent: nothing is done if the year already has meetings."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from izlem.core.formats import format_month
from izlem.harezmi import access, services
from izlem.harezmi.models import (
    CalendarEvent,
    Meeting,
    ProgramYear,
    TeacherAssignment,
    Training,
    TrainingCompletion,
)
from izlem.harezmi.services.meetings import Outsider
from izlem.harezmi.services.trainings import training_participant_candidates
from izlem.ops.demo.harezmi.common import DemoClock, demo_clock
from izlem.org.models import OrgNode, Role, RoleAssignment, User

D = dt.date


def _users(*usernames: str) -> list[User]:
    found = User.objects.in_bulk(list(usernames), field_name="username")
    return [found[name] for name in usernames if name in found]


def _teachers_by_school(year: ProgramYear) -> dict[OrgNode, list[User]]:
    """Active Harezmi teachers per school (in a stable order)."""
    rows = (
        TeacherAssignment.objects.filter(team__program_year=year, state=TeacherAssignment.State.ACTIVE)
        .select_related("team__school__parent", "teacher")
        .order_by("team__school__code", "teacher__username")
    )
    result: dict[OrgNode, list[User]] = {}
    for row in rows:
        staff = result.setdefault(row.team.school, [])
        if row.teacher not in staff:
            staff.append(row.teacher)
    return result


def _eligible(people, allowed) -> list[User]:
    """The people among `people` that the service will accept (roles in force today)."""
    ids = set(allowed.values_list("pk", flat=True))
    return [person for person in people if person.pk in ids]


def _attend(meeting: Meeting, rng: random.Random, share: float, c: DemoClock) -> None:
    present = [row.pk for row in meeting.attendees.order_by("pk") if rng.random() < share]
    services.meeting_attendance_record(by=None, meeting=meeting, present=present, today=c.today)


def _meetings(year, rng, province, merkez, coordinators, teachers, c: DemoClock) -> None:
    events = {
        event.starts_on: event
        for event in CalendarEvent.objects.filter(program_year=year).exclude(kind=CalendarEvent.Kind.TRAINING)
    }
    managers = _users("il.muduru", "ilce.muduru")
    for month in (9, 10, 11, 12, 1, 2):
        day = D(year.semester1_start.year + (month < 9), month, 15)
        if not c.past(day):
            break
        meeting = services.meeting_create(
            by=None,
            program_year=year,
            kind=Meeting.Kind.PROCESS_MANAGEMENT,
            node=province,
            title=f"Süreç yönetimi toplantısı ({format_month(day)})",
            held_on=day,
            place="İl MEM toplantı salonu",
            calendar_event=events.get(day),
            invitees=_eligible([*coordinators, *managers], access.harezmi_meeting_people(province)),
            minutes="Ayın uygulama, ziyaret ve devam durumları ilçe ilçe değerlendirildi.",
            decisions="Uygulama günü dengesizliği olan okullarla görüşülecek; ziyaret planları güncellenecek.",
        )
        _attend(meeting, rng, 0.85, c)
    if c.past(c.d(2025, 12, 10)):
        _sharing(year, rng, merkez, coordinators, teachers, events, c)
    _school_meetings(year, rng, teachers, c)


def _sharing(year, rng, merkez, coordinators, teachers, events, c: DemoClock) -> None:
    """Merkez's experience-sharing meeting in December, with a guest from the university."""
    merkez_teachers = [
        person for school, staff in teachers.items() if school.parent_id == merkez.pk for person in staff
    ]
    sharing = services.meeting_create(
        by=None,
        program_year=year,
        kind=Meeting.Kind.EXPERIENCE_SHARING,
        node=merkez,
        title="Merkez ilçe deneyim paylaşım toplantısı",
        held_on=c.d(2025, 12, 10),
        place="Merkez İlçe MEM",
        calendar_event=events.get(c.d(2025, 12, 10)),
        invitees=_eligible(
            [p for p in coordinators if p.username.startswith("ilce")] + merkez_teachers[:24],
            access.harezmi_meeting_people(merkez),
        ),
        outsiders=[Outsider("Doç. Dr. Selim Aydemir", "Erzincan Binali Yıldırım Üniversitesi")],
        minutes="Ekipler ilk dönem projelerini sundu; Arduino ve blok tabanlı kodlama deneyimleri paylaşıldı.",
        decisions="İyi örnekler e-portfolyoda toplanacak; ikinci dönemde okullar arası eşleştirme yapılacak.",
    )
    _attend(sharing, rng, 0.75, c)


def _school_meetings(year, rng, teachers, c: DemoClock) -> None:
    """Eight schools' meetings before the sessions and at the end of the first semester (those held)."""
    for index, (school, staff) in enumerate(list(teachers.items())[:8]):
        principals = (
            RoleAssignment.objects.active().filter(role=Role.PRINCIPAL, node=school).values("user_id")
        )
        people = [*User.objects.filter(pk__in=principals), *staff]
        for kind, day, title in (
            (Meeting.Kind.SCHOOL_PRE, c.d(2025, 9, 10 + index % 5), "Uygulama öncesi okul toplantısı"),
            (
                Meeting.Kind.SCHOOL_POST,
                year.semester1_end - dt.timedelta(days=4 - index % 5),
                "Birinci dönem değerlendirme toplantısı",
            ),
        ):
            if not c.past(day):
                continue
            meeting = services.meeting_create(
                by=None,
                program_year=year,
                kind=kind,
                node=school,
                title=title,
                held_on=day,
                place="Öğretmenler odası",
                invitees=_eligible(people, access.harezmi_meeting_people(school)),
                minutes="Ekiplerin planları ve öğrenci katılımı görüşüldü.",
                decisions="Uygulama saatleri ve veli bilgilendirmesi kararlaştırıldı.",
            )
            _attend(meeting, rng, 0.9, c)


def _trainings(year, rng, province, merkez, coordinators, teachers, c: DemoClock) -> list[Training]:
    everyone = [person for staff in teachers.values() for person in staff]
    trainers = _eligible(
        [p for p in coordinators if p.username in ("il.koordinator", "ilce.koordinator")],
        access.harezmi_trainer_people(province, program_year=year),
    )
    summer = services.training_create(
        by=None,
        program_year=year,
        node=province,
        kind=Training.Kind.HAREZMI,
        topic="harezmi",
        title="Harezmi Öğretmen Eğitimi (yüz yüze)",
        mode=Training.Mode.IN_PERSON,
        venue="Erzincan Öğretmenevi",
        starts_on=c.d(2025, 8, 25),
        ends_on=c.d(2025, 8, 29),
        hours=30,
        trainers=trainers,
        external_trainers="Öğr. Gör. Nihan Kurt",
    )
    # the teachers who completed it in August (recorded in Harezmi I) are its participants
    done = TrainingCompletion.objects.filter(
        kind="harezmi", completed_on=min(c.d(2025, 8, 29), c.today)
    ).select_related("person")
    people = [record.person for record in done]
    services.training_participants_add(
        by=None, training=summer, people=_eligible(people, training_participant_candidates(summer))
    )
    for row in summer.participants.all() if c.past(summer.ends_on) else []:
        services.training_participant_state_set(
            by=None,
            participant=row,
            state="completed",
            completed_on=min(c.d(2025, 8, 29), c.today),
            today=c.today,
        )
    untrained = [p for p in everyone if not p.harezmi_trainings.exists()]
    online = services.training_create(
        by=None,
        program_year=year,
        node=province,
        kind=Training.Kind.HAREZMI,
        topic="harezmi",
        title="Harezmi Öğretmen Eğitimi (çevrim içi)",
        mode=Training.Mode.ONLINE,
        starts_on=c.d(2026, 1, 26),
        ends_on=c.d(2026, 1, 30),
        hours=30,
        trainers=trainers,
    )
    services.training_participants_add(by=None, training=online, people=untrained[:16])
    for index, row in enumerate(online.participants.order_by("pk")):
        if not c.past(online.ends_on):
            break  # under way or yet to come: everyone still enrolled
        if index % 8 == 7:
            services.training_participant_state_set(by=None, participant=row, state="dropped")
        else:
            services.training_participant_state_set(
                by=None,
                participant=row,
                state="completed",
                completed_on=c.d(2026, 1, 30),
                certificate_number=f"HZM-{online.ends_on.year}-{index + 1:03d}",
                today=c.today,
            )
    safety = services.training_create(
        by=None,
        program_year=year,
        node=province,
        kind=Training.Kind.OTHER,
        topic="occupational_safety",
        title="İş sağlığı ve güvenliği: atölye ve laboratuvar güvenliği",
        mode=Training.Mode.ONLINE,
        starts_on=c.d(2025, 11, 18),
        ends_on=c.d(2025, 11, 18),
        hours=4,
        external_trainers="İSG uzmanı Orhan Taş",
    )
    services.training_participants_add(by=None, training=safety, people=everyone[:30])
    for row in safety.participants.all() if c.past(safety.ends_on) else []:
        services.training_participant_state_set(
            by=None, participant=row, state="completed", completed_on=c.d(2025, 11, 18), today=c.today
        )
    robotics = services.training_create(
        by=None,
        program_year=year,
        node=merkez,
        kind=Training.Kind.OTHER,
        topic="robotics",
        title="Arduino ile robotik kodlama",
        mode=Training.Mode.IN_PERSON,
        venue="Merkez Bilim ve Sanat Merkezi",
        starts_on=c.d(2026, 2, 16),
        ends_on=c.d(2026, 2, 20),
        hours=20,
        trainers=[p for p in trainers if p.username == "ilce.koordinator"],
    )
    merkez_people = [p for school, staff in teachers.items() if school.parent_id == merkez.pk for p in staff]
    services.training_participants_add(by=None, training=robotics, people=merkez_people[:12])
    for index, row in enumerate(robotics.participants.order_by("pk")):
        if index < 9 and c.past(robotics.ends_on):
            services.training_participant_state_set(
                by=None, participant=row, state="completed", completed_on=c.d(2026, 2, 20), today=c.today
            )
    return [summer, online, safety, robotics]


NEEDS = [
    ("robotics", "Arduino ve sensörlerle proje geliştirme"),
    ("coding", "Blok tabanlı kodlamadan metin tabanlı kodlamaya geçiş"),
    ("pedagogy", "Disiplinlerarası proje tasarımı ve değerlendirme"),
    ("harezmi", "Harezmi değerlendirme rubriklerinin kullanımı"),
    ("occupational_safety", "Atölyede elektrikli araç güvenliği"),
    ("robotics", "3B tasarım ve yazıcı kullanımı"),
]


def _needs(year, rng, teachers, robotics: Training) -> None:
    """Needs collected from teachers of every school; some met by the robotics course."""
    for school, staff in teachers.items():
        for person in staff[: rng.randint(0, 2)]:
            topic, text = rng.choice(NEEDS)
            need = services.training_need_record(
                by=None, program_year=year, person=person, school=school, topic=topic, description=text
            )
            if (
                topic == "robotics"
                and robotics.participants.filter(person=person, state="completed").exists()
            ):
                services.training_need_mark_met(by=None, need=need, training=robotics)
    # the robotics course answered the robotics needs of some who took it
    school_of = {person.pk: school for school, staff in teachers.items() for person in staff}
    for row in robotics.participants.filter(state="completed").select_related("person")[:4]:
        need = services.training_need_record(
            by=None,
            program_year=year,
            person=row.person,
            school=school_of[row.person_id],
            topic="robotics",
            description="Arduino ve sensörlerle proje geliştirme",
        )
        services.training_need_mark_met(by=None, need=need, training=robotics)


def _materials(year, rng, teachers, c: DemoClock) -> None:
    schools = list(teachers)[:10]
    plan = [
        ("arduino", 10, "approve", 10, [6, 4]),
        ("robotics_set", 4, "approve", 3, [3]),
        ("coding_set", 12, "approve", 12, [12]),
        ("sensor_set", 6, "approve", 6, [2]),
        ("arduino", 8, "approve", 5, []),
        ("robotics_set", 5, "refuse", None, []),
        ("arduino", 6, "approve", 6, [6]),
        ("other", 2, "approve", 2, [1]),
        ("coding_set", 20, "refuse", None, []),
        ("sensor_set", 3, None, None, []),
    ]
    for index, (school, (item, quantity, decision, approved, parts)) in enumerate(
        zip(schools, plan, strict=False)
    ):
        request = services.material_request_create(
            by=None,
            program_year=year,
            school=school,
            item=item,
            quantity=quantity,
            description="3B yazıcı ve filament" if item == "other" else "",
            reason="Harezmi ekiplerinin proje çalışmaları için okulda yeterli set bulunmuyor.",
        )
        if decision is None:
            continue
        decided = dt.datetime(2025, 10, 6 + index, 10, 0, tzinfo=dt.UTC) + c.offset
        if not c.past(decided.date()):
            continue
        if decision == "refuse":
            services.material_request_decide(
                by=None,
                request=request,
                approve=False,
                note="Bu dönemin ödeneği tükendi; bahar döneminde yeniden değerlendirilecek.",
                decided_at=decided,
            )
            continue
        services.material_request_decide(
            by=None, request=request, approve=True, approved_quantity=approved, decided_at=decided
        )
        for part, amount in enumerate(parts):
            delivered = c.d(2025, 11, 3 + index) + dt.timedelta(days=30 * part)
            if not c.past(delivered):
                break
            services.material_delivery_record(
                by=None,
                request=request,
                quantity=amount,
                delivered_on=delivered,
                supplier=school.parent if index % 3 else year.province,
                note="Teslim tutanağı okulda",
                today=c.today,
            )


def _projects(year, rng, province, merkez, teachers, c: DemoClock) -> None:
    schools = list(teachers)
    P = services.projects
    rows = [
        (
            schools[0],
            "etwinning",
            "Kodla, Keşfet, Paylaş",
            "partner",
            24,
            3,
            0,
            0,
            "Polonya, İtalya, Portekiz",
        ),
        (
            schools[1 % len(schools)],
            "etwinning",
            "Robots Around Europe",
            "coordinator",
            18,
            2,
            0,
            0,
            "İspanya, Yunanistan",
        ),
        (schools[2 % len(schools)], "etwinning", "Green Code", "partner", 15, 2, 0, 0, "Romanya"),
        (
            schools[3 % len(schools)],
            "erasmus",
            "STEM ile Kapsayıcı Öğrenme (KA122-SCH)",
            "coordinator",
            20,
            4,
            12,
            4,
            "Sevilla (İspanya) ortak okulu",
        ),
        (
            province,
            "erasmus",
            "Erzincan Okul Eğitimi Akreditasyonu (KA121-SCH)",
            "coordinator",
            30,
            12,
            8,
            10,
            "Konsorsiyum okulları",
        ),
        (schools[4 % len(schools)], "national", "TÜBİTAK 4006 Bilim Fuarı", "coordinator", 60, 6, 0, 0, ""),
    ]
    for node, programme, title, role, students, staff, sm, tm, partners in rows:
        P.project_record(
            by=None,
            node=node,
            program_year=year,
            programme=programme,
            title=title,
            role=role,
            starts_on=c.d(2025, 9, 15),
            ends_on=c.d(2026, 8, 31) if programme == "erasmus" else c.d(2026, 6, 12),
            partners=partners,
            student_participants=students,
            teacher_participants=staff,
            student_mobility=sm,
            teacher_mobility=tm,
        )
    activities = [
        (merkez, "festival", "Merkez Harezmi Bilim Şenliği", c.d(2026, 1, 14), 320),
        (province, "competition", "İl geneli robotik kodlama yarışması", c.d(2025, 12, 20), 84),
        (schools[0], "e_portfolio", "Ekiplerin birinci dönem e-portfolyoları", c.d(2026, 1, 16), 28),
        (province, "content", "Harezmi etkinlik kitapçığı (ilk dönem)", c.d(2026, 2, 10), 12),
    ]
    for node, kind, title, day, count in activities:
        if not c.past(day):
            continue
        P.activity_record(
            by=None, node=node, program_year=year, kind=kind, title=title, held_on=day, participants=count
        )
    winners = [(school, staff[0]) for school, staff in list(teachers.items())[:4] if staff]
    for index, (school, person) in enumerate(winners if c.past(c.d(2026, 1, 16)) else []):
        P.award_record(
            by=None,
            node=school,
            program_year=year,
            person=person,
            kind="thanks" if index % 2 else "commendation",
            title="Harezmi uygulamalarındaki üstün gayreti",
            given_on=c.d(2026, 1, 16),
            given_by="Erzincan Valiliği" if index % 2 == 0 else "Erzincan İl MEM",
        )
    principal = _users("okul.muduru")
    if principal and c.past(c.d(2026, 2, 6)):
        school = RoleAssignment.objects.filter(user=principal[0], role=Role.PRINCIPAL).first().node
        P.award_record(
            by=None,
            node=school,
            program_year=year,
            person=principal[0],
            kind="award",
            title="Harezmi okul yöneticisi başarı belgesi",
            given_on=c.d(2026, 2, 6),
            given_by="Erzincan Valiliği",
        )


def load_demo_activities(year: ProgramYear, rng: random.Random, *, today: dt.date | None = None) -> None:
    """Meetings with attendance, trainings with participants, needs, material support, projects,
    events and awards of September–February of `year` up to `today` (default: today), once."""
    if Meeting.objects.filter(program_year=year).exists():
        return
    c = demo_clock(year, today or timezone.localdate())
    province = year.province
    merkez = OrgNode.objects.get(kind=OrgNode.Kind.DISTRICT, code="2401")
    coordinators = _users("il.koordinator", "il.koordinator.yrd", "ilce.koordinator", "ilce.koordinator2")
    teachers = _teachers_by_school(year)
    if not teachers:
        return
    _meetings(year, rng, province, merkez, coordinators, teachers, c)
    trainings = _trainings(year, rng, province, merkez, coordinators, teachers, c)
    _needs(year, rng, teachers, trainings[-1])
    _materials(year, rng, teachers, c)
    _projects(year, rng, province, merkez, teachers, c)
