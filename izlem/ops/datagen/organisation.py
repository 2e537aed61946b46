"""The generator's organisation and users: ministry, provinces, districts and schools in one insert
each (their ids and materialised paths known beforehand), a user with one role per place."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection

from izlem.ops.datagen.sizes import PASSWORD, PROVINCES, SCHOOL_MIX, SCHOOL_SUFFIX, _allocate
from izlem.org.models import OrgNode, Role, RoleAssignment, User


class OrganisationStages:
    """The organisation and users stages of `Generator` (izlem.ops.datagen.generator)."""

    # --- organisation ---------------------------------------------------------------------------------
    def organisation(self) -> None:
        """Ministry, provinces, districts and schools in one insert each, their paths known beforehand."""
        rng = self.rng("org")
        ministry, _created = OrgNode.objects.get_or_create(
            kind=OrgNode.Kind.MINISTRY, code="MEB", defaults={"name": "Millî Eğitim Bakanlığı"}
        )
        next_id = (OrgNode.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        if self.national:
            names = [(f"{i + 1:02d}", PROVINCES[i % len(PROVINCES)]) for i in range(self.size.provinces)]
        else:
            names = [("24", "Erzincan")] if self.size.provinces == 1 else []
        provinces, districts, schools = [], [], []
        for code, name in names:
            provinces.append(
                OrgNode(
                    pk=next_id,
                    kind="province",
                    code=code,
                    name=name,
                    parent=ministry,
                    path=f"{ministry.path}{next_id}/",
                )
            )
            next_id += 1
        province_weights = [rng.lognormvariate(0, 0.6) for _ in provinces]
        district_counts = _allocate(
            self.size.districts, province_weights, minimum=min(3, self.size.districts)
        )
        if len(provinces) == 1:
            district_counts = [self.size.districts]
        from izlem.ops.demo.org import DISTRICTS

        district_weights = []
        for province, count in zip(provinces, district_counts, strict=True):
            for index in range(count):
                if not self.national and index < len(DISTRICTS):
                    name, weight = DISTRICTS[index][1], DISTRICTS[index][2]
                else:
                    name = "Merkez" if index == 0 else f"{province.name} İlçe {index + 1}"
                    weight = 40 if index == 0 else rng.lognormvariate(2.5, 0.7)
                districts.append(
                    OrgNode(
                        pk=next_id,
                        kind="district",
                        code=f"{province.code}{index + 1:02d}",
                        name=name,
                        parent=province,
                        path=f"{province.path}{next_id}/",
                    )
                )
                district_weights.append(weight)
                next_id += 1
        school_counts = _allocate(self.size.schools, district_weights, minimum=1)
        from izlem.ops.demo.org import NAME_ROOTS, VILLAGES

        mix_weights = [share for _t, _l, share, _s in SCHOOL_MIX]
        number = 0
        for district, count in zip(districts, school_counts, strict=True):
            for _index in range(count):
                number += 1
                school_type, levels, _share, students = rng.choices(SCHOOL_MIX, mix_weights)[0]
                rural = rng.random() < 0.35
                students = (
                    int(students * rng.uniform(0.5, 1.6) * (0.4 if rural else 1.0)) if students else None
                )
                root = rng.choice(VILLAGES if rural else NAME_ROOTS)
                schools.append(
                    OrgNode(
                        pk=next_id,
                        kind="school",
                        code=f"{700000 + number}",
                        name=f"{root} {SCHOOL_SUFFIX[school_type]}",
                        parent=district,
                        path=f"{district.path}{next_id}/",
                        school_type=school_type,
                        level_preschool="preschool" in levels,
                        level_primary="primary" in levels,
                        level_middle="middle" in levels,
                        level_secondary="secondary" in levels,
                        setting="rural" if rural else "urban",
                        student_count=students,
                        teacher_count=max(2, students // 15) if students else rng.randint(4, 20),
                    )
                )
                next_id += 1
        for batch in (provinces, districts, schools):
            OrgNode.objects.bulk_create(batch, batch_size=5000)
        self._reset_sequences(OrgNode)
        self.report.counts.update(provinces=len(provinces), districts=len(districts), schools=len(schools))

    def _reset_sequences(self, *models) -> None:
        """Ids were given explicitly: move PostgreSQL's sequences past them."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    # --- users ------------------------------------------------------------------------------------------
    def users(self) -> None:
        """A planning officer and a top manager per province, a top manager per district, a principal per school."""
        password = make_password(PASSWORD)
        nodes = list(
            OrgNode.objects.exclude(kind="ministry").order_by("pk").values_list("pk", "kind", "code")
        )
        plan = []
        for pk, kind, code in nodes:
            if kind == "province":
                plan += [
                    (f"il{code}.arge", Role.PLANNING_OFFICER, pk),
                    (f"il{code}.mudur", Role.TOP_MANAGER, pk),
                ]
            elif kind == "district":
                plan.append((f"ilce{code}.mudur", Role.TOP_MANAGER, pk))
            else:
                plan.append((f"okul{code}.mudur", Role.PRINCIPAL, pk))
        users = User.objects.bulk_create(
            [User(username=name, password=password, first_name=name.split(".")[0]) for name, _r, _n in plan],
            batch_size=5000,
        )
        start = dt.date(2015, 1, 1)
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=user, role=role, node_id=node, start_date=start)
                for user, (_name, role, node) in zip(users, plan, strict=True)
            ],
            batch_size=5000,
        )
        self.report.counts["users"] = len(users)
