"""The generator's Harezmi stage: a program year per province, applications of a share of the schools,
teams, teachers and students."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from izlem.ops.datagen.sizes import PASSWORD
from izlem.org.models import OrgNode, Role, RoleAssignment, User


class HarezmiStages:
    """The Harezmi stage of `Generator` (izlem.ops.datagen.generator)."""

    # --- Harezmi ----------------------------------------------------------------------------------------
    def harezmi(self) -> None:
        """A 2025-2026 program year per province; applications of a share of schools; teams, teachers, students."""
        from izlem.harezmi.models import Application, ProgramYear, Student, TeacherAssignment, Team

        rng = self.rng("harezmi")
        D = dt.date
        years = ProgramYear.objects.bulk_create(
            [
                ProgramYear(
                    province=province,
                    name="2025-2026",
                    start_date=D(2025, 9, 8),
                    end_date=D(2026, 6, 26),
                    application_opens=D(2025, 5, 5),
                    application_closes=D(2025, 6, 20),
                    semester1_start=D(2025, 9, 8),
                    semester1_end=D(2026, 1, 16),
                    semester2_start=D(2026, 2, 2),
                    semester2_end=D(2026, 6, 26),
                )
                for province in OrgNode.objects.filter(kind="province").order_by("pk")
            ]
        )
        year_of = {year.province_id: year for year in years}
        candidates = OrgNode.objects.filter(kind="school").filter(
            level_primary=True
        ) | OrgNode.objects.filter(kind="school", level_middle=True)
        schools = [
            school
            for school in candidates.order_by("pk").only("pk", "path", "code")
            if rng.random() < self.size.harezmi_share
        ]
        states = ["approved"] * 80 + ["submitted"] * 8 + ["forwarded"] * 6 + ["rejected"] * 6
        now = timezone.now()
        applications, teams = [], []
        for school in schools:
            province_id = int(school.path.strip("/").split("/")[1])
            state = rng.choice(states)
            requested = 2 if rng.random() < 0.4 else 1
            applications.append(
                Application(
                    program_year=year_of[province_id],
                    school=school,
                    state=state,
                    requested_team_count=requested,
                    approved_team_count=requested if state == "approved" else None,
                    motivation="Öğrencilerimizin disiplinler arası proje tabanlı öğrenme deneyimi için.",
                    submitted_at=now,
                    decided_at=now if state in ("approved", "rejected") else None,
                )
            )
            if state == "approved":
                for number in range(requested):
                    teams.append(
                        Team(
                            program_year=year_of[province_id],
                            school=school,
                            name=f"Ekip {number + 1}",
                            weekday=rng.randint(1, 5),
                            first_lesson=rng.choice((1, 5)),
                        )
                    )
        Application.objects.bulk_create(applications, batch_size=5000)
        Team.objects.bulk_create(teams, batch_size=5000)
        password = make_password(PASSWORD)
        teachers = User.objects.bulk_create(
            [
                User(
                    username=f"hzm{team.school.code}.{team.name[-1]}.{index}",
                    password=password,
                    first_name="Öğretmen",
                    title="Öğretmen",
                )
                for team in teams
                for index in range(3)
            ],
            batch_size=5000,
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=teacher, role=Role.TEACHER, node=teams[i // 3].school, start_date=D(2025, 9, 1)
                )
                for i, teacher in enumerate(teachers)
            ],
            batch_size=5000,
        )
        TeacherAssignment.objects.bulk_create(
            [
                TeacherAssignment(
                    team=teams[i // 3],
                    teacher=teacher,
                    state="active",
                    is_initial=True,
                    start_date=D(2025, 9, 8),
                )
                for i, teacher in enumerate(teachers)
            ],
            batch_size=5000,
        )
        students = []
        for team in teams:
            for index in range(rng.randint(10, 20)):
                students.append(
                    Student(
                        program_year=team.program_year,
                        school=team.school,
                        first_name=f"Öğrenci {index + 1}",
                        last_name=team.name,
                        grade=rng.randint(3, 8),
                    )
                )
        Student.objects.bulk_create(students, batch_size=5000)
        self.report.counts.update(
            program_years=len(years),
            applications=len(applications),
            teams=len(teams),
            teachers=len(teachers),
            students=len(students),
        )
