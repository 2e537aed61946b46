"""The demo year's people over the year: Tercan's coordinator who leaves after the first semester,
teachers joining (approved, pending, refused) and leaving, and the students of every team with their
consent forms and parent meetings."""

from __future__ import annotations

import datetime as dt
import random

from izlem.harezmi import services
from izlem.harezmi.models import CoordinatorAppointment, ProgramYear, TeacherAssignment
from izlem.harezmi.services.students import ConsentInput
from izlem.ops.demo.harezmi.common import FIRST_NAMES, LAST_NAMES, DemoClock, _doc, _national_id, _pdf
from izlem.org.models import OrgNode, User


def _tercan(year: ProgramYear, district: OrgNode, person: User, c: DemoClock) -> None:
    """Tercan's part-time coordinator of the first semester, who asks to leave at its end."""
    post = services.coordinator_appoint(
        by=None,
        program_year=year,
        kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR,
        unit="district_private_office",
        person=person,
        node=district,
        semester="1",
        employment="part_time",
        petition=_doc(c.d(2025, 8, 25), "", "dilekce.pdf"),
        start_letter=_doc(year.semester1_start, "E-2408-77", "baslama.pdf"),
        today=c.today,
    )
    petition, departure = year.semester1_end - dt.timedelta(days=11), year.semester1_end
    if not c.past(petition):
        return
    services.coordinator_departure_request(
        by=None,
        appointment=post,
        petition=_doc(petition, "", "ayrilma-dilekcesi.pdf"),
        reason="Ders yükü nedeniyle ikinci dönem görev alamayacak.",
        departure_date=departure,
    )
    services.coordinator_departure_approve(by=None, appointment=post)


def _mid_year_changes(year: ProgramYear, teachers: dict[int, list[User]], c: DemoClock) -> None:
    """Teachers joining (approved, pending, refused) and leaving (reported, pending) during the year."""
    from izlem.harezmi.models import Team

    governor = None
    teams = list(
        Team.objects.filter(program_year=year)
        .select_related("school__parent")
        .order_by("school__code", "name")
    )
    joiners = teams[1:6]
    for index, team in enumerate(joiners):
        current = set(
            TeacherAssignment.objects.current().filter(team=team).values_list("teacher_id", flat=True)
        )
        candidate = next((t for t in teachers[team.school_id] if t.pk not in current), None)
        if candidate is None:
            continue
        assignment = services.teacher_assignment_add(
            by=None,
            team=team,
            teacher=candidate,
            petition=_doc(c.d(2025, 10, 6), "", "dilekce.pdf"),
            justification="Ekipteki öğretmenin ders yükü arttığı için ekibe destek olacak.",
            today=c.d(2025, 10, 13),
        )
        if index == 3:
            continue  # waits for the Kaymakamlık Oluru
        if index == 4:
            services.teacher_assignment_refuse(
                by=None, assignment=assignment, note="Öğretmenin norm kadrosu başka okulda."
            )
            continue
        district_approval = _doc(
            c.d(2025, 10, 20), f"E-{team.school.parent.code}-{4100 + index}", "kaymakamlik-oluru.pdf"
        )
        if governor is None:
            services.teacher_assignment_approve(
                by=None,
                assignment=assignment,
                district_approval=district_approval,
                new_governor_approval=_doc(c.d(2025, 9, 1), "E-71625318-100-9001", "valilik-oluru.pdf"),
            )
            governor = assignment.approval.cites
        else:
            services.teacher_assignment_approve(
                by=None,
                assignment=assignment,
                district_approval=district_approval,
                governor_approval=governor,
            )
    petition, end = year.semester1_end - dt.timedelta(days=8), year.semester1_end
    if not c.past(petition):
        return  # nobody has asked to leave yet
    leavers = teams[7:10]
    for index, team in enumerate(leavers):
        assignment = (
            TeacherAssignment.objects.filter(team=team, state=TeacherAssignment.State.ACTIVE, is_initial=True)
            .exclude(teacher__username="ogretmen")
            .order_by("pk")
            .last()
        )
        if assignment is None:
            continue
        services.teacher_departure_request(
            by=None,
            assignment=assignment,
            petition=_doc(petition, "", "ayrilma-dilekcesi.pdf"),
            justification="Öğretmen il dışına atandı."
            if index
            else "Öğretmen sağlık raporu nedeniyle ayrılıyor.",
            end_date=end,
        )
        letter = end + dt.timedelta(days=3)
        if index < 2 and c.past(letter):
            services.teacher_departure_report(
                by=None,
                assignment=assignment,
                letter=_doc(letter, f"E-{team.school.parent.code}-{5200 + index}", "ebys.pdf"),
            )


def _students(year: ProgramYear, rng: random.Random, c: DemoClock) -> None:
    """Students of every team, most with consent (and some ID numbers); a few without, outside any team."""
    from izlem.harezmi.models import Team

    for team in (
        Team.objects.filter(program_year=year).select_related("school").order_by("school__code", "name")
    ):
        grade = (
            7
            if team.school.school_type in ("ortaokul", "imam_hatip")
            else (4 if team.school.school_type == "ilkokul" else 10)
        )
        for index in range(rng.randint(6, 10)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            # consent forms come in from mid-September; before that nobody has given one
            consented = (index < 6 or rng.random() < 0.6) and c.past(c.d(2025, 9, 15))
            services.student_register(
                by=None,
                program_year=year,
                school=team.school,
                first_name=first,
                last_name=last,
                grade=grade + rng.randint(0, 1),
                team=team if consented else None,
                national_id_number=_national_id(rng) if rng.random() < 0.3 else "",
                consent=ConsentInput(
                    parent_name=f"{rng.choice(FIRST_NAMES)} {last}",
                    given_on=c.d(2025, 9, 15),
                    form_file=_pdf("veli-izin.pdf"),
                )
                if consented
                else None,
            )
        if team.name == "Ekip 1" and c.past(c.d(2025, 9, 12)):
            services.parent_meeting_record(
                by=None,
                program_year=year,
                school=team.school,
                team=team,
                held_on=c.d(2025, 9, 12),
                place="Okul konferans salonu",
                parent_count=rng.randint(6, 14),
                summary="Harezmi Eğitim Modeli, uygulama günü ve veli izin belgesi anlatıldı.",
            )
