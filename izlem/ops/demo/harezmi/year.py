"""Demo Harezmi data for `izlem demo`: Erzincan's program year containing today (docs/harezmi.md, Demo).

The dates are written for 2025-2026 and moved by whole weeks to the school year of `today` (so weekdays
stay); dates tied to the calendar (semester ends, breaks) come from that year's MEB calendar. Nothing
dated after `today` is recorded: no session, absence, visit, meeting or change yet to come.
Everything goes through the services (with `by=None`, the system, and backdated `today` where a
rule depends on the date), so the demo exercises the real rules. Idempotent: if the year exists,
nothing is done. Deterministic: one seeded random generator.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from izlem.core.formats import format_month
from izlem.harezmi import meb_calendar, services
from izlem.harezmi.models import (
    Application,
    CalendarEvent,
    CoordinatorAppointment,
    ProgramYear,
    TeacherAssignment,
)
from izlem.ops.demo.harezmi.activities import load_demo_activities
from izlem.ops.demo.harezmi.common import (
    BASE_START,
    BRANCHES,
    FIRST_NAMES,
    LAST_NAMES,
    D,
    DemoClock,
    _doc,
    _person,
    _role,
)
from izlem.ops.demo.harezmi.duties import load_demo_duties
from izlem.ops.demo.harezmi.people import _mid_year_changes, _students, _tercan
from izlem.ops.demo.harezmi.sessions import load_demo_sessions
from izlem.org.models import OrgNode, Role, RoleAssignment, User

# How many application schools per district (code → count): about 30 in all.
SCHOOLS_PER_DISTRICT = {"2401": 18, "2408": 5, "2407": 3, "2409": 2, "2404": 2}
HAREZMI_TYPES = ["ortaokul", "imam_hatip", "genel_lise", "mesleki_teknik", "ilkokul"]
# Extra district coordinators (username, first name, last name): one more for Merkez, one for Tercan.
COORDINATORS = [
    ("ilce.koordinator2", "Selin", "Aksoy"),
    ("tercan.koordinator", "Kemal", "Doğan"),
]


def _application_schools(rng: random.Random) -> list[OrgNode]:
    """About 30 schools: the demo principal's school first, then middle and high schools by district."""
    principal_school = RoleAssignment.objects.filter(
        user__username="okul.muduru", role=Role.PRINCIPAL
    ).first()
    chosen = [principal_school.node] if principal_school else []
    for code, count in SCHOOLS_PER_DISTRICT.items():
        district = OrgNode.objects.get(kind=OrgNode.Kind.DISTRICT, code=code)
        pool = list(
            OrgNode.objects.schools()
            .filter(parent=district, school_type__in=HAREZMI_TYPES, is_public=True)
            .exclude(pk__in=[s.pk for s in chosen])
            .order_by("code")
        )
        wanted = count - sum(1 for s in chosen if s.parent_id == district.pk)
        chosen += rng.sample(pool, min(wanted, len(pool)))
    return chosen


def _calendar(year: ProgramYear, merkez: OrgNode, c: DemoClock) -> None:
    """Trainings and the meetings of the year (September to June), also those yet to come (plans)."""
    province = year.province
    first_year = year.semester1_start.year
    K = CalendarEvent.Kind
    events = [
        (
            K.TRAINING,
            "Harezmi Öğretmen Eğitimi (yüz yüze)",
            c.d(2025, 8, 25),
            c.d(2025, 8, 29),
            province,
            "Erzincan Öğretmenevi",
        ),
        (
            K.TRAINING,
            "Harezmi Öğretmen Eğitimi (çevrim içi)",
            c.d(2026, 1, 26),
            c.d(2026, 1, 30),
            province,
            "Çevrim içi",
        ),
        (
            K.EXPERIENCE_SHARING,
            "Merkez ilçe deneyim paylaşım toplantısı",
            c.d(2025, 12, 10),
            None,
            merkez,
            "Merkez İlçe MEM",
        ),
        (
            K.EXPERIENCE_SHARING,
            "İl deneyim paylaşım toplantısı",
            c.d(2026, 6, 10),
            None,
            province,
            "İl MEM konferans salonu",
        ),
    ]
    for month in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6):
        day = D(first_year if month >= 9 else first_year + 1, month, 15)
        events.append(
            (
                K.PROCESS_MANAGEMENT,
                f"Süreç yönetimi toplantısı ({format_month(day)})",
                day,
                None,
                province,
                "İl MEM",
            )
        )
    for kind, title, start, end, node, place in events:
        services.calendar_event_create(
            by=None,
            program_year=year,
            node=node,
            kind=kind,
            title=title,
            starts_on=start,
            ends_on=end,
            place=place,
        )


@transaction.atomic
def load_demo_harezmi(stdout=None, *, today: dt.date | None = None) -> ProgramYear | None:
    """Create the demo program year of `today` (default: today) once; return it (None without Erzincan)."""
    province = OrgNode.objects.filter(kind=OrgNode.Kind.PROVINCE, code="24").first()
    if province is None:
        return None
    today = today or timezone.localdate()
    meb = meb_calendar.school_year(meb_calendar.school_year_of(today))
    existing = ProgramYear.objects.filter(province=province, name=meb.name).first()
    if existing is not None:
        return existing
    rng = random.Random(2025)
    c = DemoClock(offset=meb.semester1_start - BASE_START, today=today)
    year = services.program_year_create(
        by=None,
        province=province,
        name=meb.name,
        start_date=meb.semester1_start,
        end_date=meb.semester2_end,
        application_opens=c.d(2025, 5, 5),
        application_closes=c.d(2025, 6, 20),
        semester1_start=meb.semester1_start,
        semester1_end=meb.semester1_end,
        semester2_start=meb.semester2_start,
        semester2_end=meb.semester2_end,
        collect_national_id=True,
    )
    # the breaks and public holidays first: planned weeks, sessions and visits leave them out
    for holiday in meb.holidays:
        services.school_holiday_create(
            by=None,
            program_year=year,
            kind=holiday.kind,
            name=holiday.name,
            first_day=holiday.first_day,
            last_day=holiday.last_day,
        )
    merkez = OrgNode.objects.get(kind=OrgNode.Kind.DISTRICT, code="2401")
    _calendar(year, merkez, c)
    schools = _application_schools(rng)

    # people: teachers of every application school, two extra coordinators
    teachers: dict[int, list[User]] = {}
    number = 0
    for school in schools:
        staff = []
        for _index in range(rng.randint(5, 8)):
            number += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            person = _person(
                f"harezmi.ogretmen{number:03d}", first, last, f"{rng.choice(BRANCHES)} Öğretmeni"
            )
            _role(person, Role.TEACHER, school, c.d(2025, 8, 1))
            staff.append(person)
        teachers[school.pk] = staff
    demo_teacher = User.objects.filter(username="ogretmen").first()
    if demo_teacher and schools:
        teachers[schools[0].pk].insert(0, demo_teacher)
    # a teacher who works in two schools (to show the double-booking warning)
    shared = teachers[schools[1].pk][0]
    _role(shared, Role.TEACHER, schools[3], c.d(2025, 8, 1))
    coordinators = {}
    for username, first, last in COORDINATORS:
        person = _person(username, first, last, "Harezmi İlçe Koordinatörü")
        coordinators[username] = person

    # trainings: coordinators and a share of teachers
    province_people = {
        u: User.objects.filter(username=u).first()
        for u in ("il.koordinator", "il.koordinator.yrd", "ilce.koordinator")
    }
    for person in [*province_people.values(), *coordinators.values(), demo_teacher]:
        if person is not None:
            services.training_record(
                by=None,
                person=person,
                completed_on=min(c.d(2024, 8, 30), today),
                certificate_number=f"HZM-{person.pk:05d}",
            )
    for staff in teachers.values():
        for person in staff[1:3]:
            if not person.harezmi_trainings.exists():
                services.training_record(by=None, person=person, completed_on=min(c.d(2025, 8, 29), today))

    # coordinators
    K = CoordinatorAppointment.Kind
    if province_people["il.koordinator"]:
        services.coordinator_appoint(
            by=None,
            program_year=year,
            kind=K.PROVINCE_COORDINATOR,
            unit="province_strategy",
            person=province_people["il.koordinator"],
            node=province,
            approval=_doc(min(c.d(2025, 8, 20), today), "E-71625318-903.02-8812345", "makam-onayi.pdf"),
        )
    if province_people["il.koordinator.yrd"]:
        services.coordinator_appoint(
            by=None,
            program_year=year,
            kind=K.PROVINCE_ASSISTANT,
            unit="province_strategy",
            person=province_people["il.koordinator.yrd"],
            node=province,
            approval=_doc(min(c.d(2025, 8, 20), today), "E-71625318-903.02-8812346", "makam-onayi-yrd.pdf"),
        )
    merkez_schools = [s for s in schools if s.parent_id == merkez.pk]
    half = len(merkez_schools) // 2
    district_posts = [
        (province_people["ilce.koordinator"], merkez, "full_time", merkez_schools[:half]),
        (coordinators["ilce.koordinator2"], merkez, "full_time", merkez_schools[half:]),
    ]
    for person, district, employment, followed in district_posts:
        for semester in ("1", "2"):
            start = year.semester_dates(semester)[0]
            if not c.past(start):
                continue  # the semester's start letter is not written yet
            services.coordinator_appoint(
                by=None,
                program_year=year,
                kind=K.DISTRICT_COORDINATOR,
                unit="district_private_office",
                person=person,
                node=district,
                semester=semester,
                employment=employment,
                schools=followed,
                petition=_doc(start - dt.timedelta(days=14), "", "dilekce.pdf"),
                start_letter=_doc(start, f"E-2401-{person.pk}-{semester}", "baslama-yazisi.pdf"),
                today=today,
            )
    tercan = OrgNode.objects.get(kind=OrgNode.Kind.DISTRICT, code="2408")
    if c.past(year.semester1_start):
        _tercan(year, tercan, coordinators["tercan.koordinator"], c)

    # applications in every state
    S = Application.State
    plan = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.FORWARDED, S.REJECTED, S.REJECTED]
    states = {school.pk: S.APPROVED for school in schools}
    for school, state in zip(reversed(schools[3:]), plan, strict=False):
        states[school.pk] = state
    approved = []
    for school in schools:
        staff = teachers[school.pk]
        requested = 2 if rng.random() < 0.45 or school == schools[0] else 1
        application = services.application_create(
            by=None,
            program_year=year,
            school=school,
            requested_team_count=requested,
            motivation="Öğrencilerimizin disiplinler arası proje tabanlı öğrenme deneyimi kazanması için.",
            proposed_teachers=staff[: 3 * requested],
            today=c.d(2025, 5, 20),
        )
        state = states[school.pk]
        if state == S.DRAFT:
            continue
        services.application_submit(by=None, application=application, today=c.d(2025, 6, 10))
        if state == S.SUBMITTED:
            continue
        if state == S.RETURNED:
            services.application_return(
                by=None, application=application, comment="Önerilen öğretmen listesini tamamlayınız."
            )
            continue
        services.application_forward(by=None, application=application, comment="Uygundur.")
        if state == S.FORWARDED:
            continue
        if state == S.REJECTED:
            services.application_reject(
                by=None, application=application, comment="Bu yıl kontenjan yetersiz."
            )
            continue
        services.application_approve(by=None, application=application, approved_team_count=requested)
        approved.append(application)
    services.application_results_announce(by=None, program_year=year)
    # one forwarded application waits for the province again: keep it forwarded (no announcement needed)

    # unavailable days, teams, initial teachers and a deliberately unbalanced week
    week_days = {"2401": [3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 2, 2, 1, 5, 3, 4, 2, 3], "default": [3, 3, 2, 4, 1]}
    for index, application in enumerate(approved):
        school = application.school
        blocked = {1} if index % 5 == 1 else ({5} if index % 7 == 3 else set())
        services.application_settings_update(by=None, application=application, unavailable_weekdays=blocked)
        days = week_days.get(school.parent.code, week_days["default"])
        day = days[index % len(days)]
        if day in blocked:
            day = 3
        first = 1 if index % 2 else 5
        staff = teachers[school.pk]
        for number in range(application.approved_team_count):
            team = services.team_create(by=None, program_year=year, school=school, name=f"Ekip {number + 1}")
            members = staff[number * 3 : number * 3 + 3] or staff[:3]
            if number == 0 and school == schools[3] and shared not in members:
                members = [*members, shared]
            for person in members:
                services.teacher_assignment_add(
                    by=None, team=team, teacher=person, today=min(c.d(2025, 9, 1), today)
                )
            services.team_schedule_set(
                by=None, team=team, weekday=day, first_lesson=first, effective_from=year.start_date
            )
    if c.past(c.d(2025, 10, 13)):
        _mid_year_changes(year, teachers, c)
    _letter_evaluations(year)
    _students(year, rng, c)
    # a school changes its time in the year and announces it
    from izlem.harezmi.models import Team

    moved = (
        Team.objects.filter(program_year=year, school__parent=merkez).order_by("school__code", "name").last()
    )
    if moved is not None and c.past(year.semester2_start):
        services.team_schedule_set(
            by=None,
            team=moved,
            weekday=4 if moved.weekday != 4 else 2,
            first_lesson=moved.first_lesson,
            reason="Okulun ders programı ikinci dönemde değişti.",
            announcement="Sevgili veliler, Harezmi uygulama günümüz ikinci dönemden itibaren değişmiştir.",
            effective_from=year.semester2_start,
        )
    load_demo_activities(year, rng, today=today)  # meetings, trainings, materials, projects
    load_demo_sessions(year, rng, today=today)  # sessions, absences, visits
    load_demo_duties(year, today=today)
    if stdout is not None:
        stdout.write(
            f"Harezmi {year.name}: {len(schools)} başvuru okulu, {Team.objects.filter(program_year=year).count()} ekip."
        )
    return year


def _letter_evaluations(year: ProgramYear) -> None:
    """The strategy office has evaluated the first semester's start letters and the oldest departure letter;
    the rest wait in its inbox (issue 19)."""
    from izlem.harezmi.models import OfficialDocument

    office = User.objects.filter(username="strateji").first()
    letters = list(OfficialDocument.objects.letters_to_province(year).order_by("date", "pk"))
    if office is None or not letters:
        return
    appointments = CoordinatorAppointment.objects.filter(program_year=year)
    first_semester = set(appointments.filter(semester="1").values_list("start_letter_id", flat=True))
    departed = set(
        TeacherAssignment.objects.filter(team__program_year=year, departure_letter__isnull=False).values_list(
            "departure_letter_id", flat=True
        )
    )
    departure_letters = [letter for letter in letters if letter.pk in departed]
    chosen = [letter for letter in letters if letter.pk in first_semester] + departure_letters[:1]
    for letter in chosen:
        services.letter_evaluate(by=office, document=letter, note="Uygun görülmüştür; bilgi edinilmiştir.")
