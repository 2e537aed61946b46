"""Synthetic data at scale (`izlem generate_data`): a province or the whole country, deterministic by seed.

Tiers: `province` = an Erzincan-sized province (9 districts, ~250 schools) with the seed plan and 10
periods; `national` = 81 provinces, 922 districts, 60,000 schools, the seed plan and 2 periods, plus
Harezmi program years, applications, teams, teachers and students in every province. Everything goes
through bulk paths: organisation nodes get their ids (and so their materialised paths) before one
insert, values are streamed with COPY on PostgreSQL and bulk-inserted elsewhere. Generated data has no
audit rows (like the demo data: it was generated, not entered).

Values follow each row's path from its baseline to its target (the demo's `_path_value`), with a
factor per province and noise per school; rates have a numerator and a denominator (the school's
students), counts are the school's share of the province figure. At the national tier the indicators
the seed plan collects at the province are collected from the schools instead (the Ministry asks the
schools), so every value row reaches the school level.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from izlem.org.models import OrgNode, Role, RoleAssignment, User

PASSWORD = "izlem-bench-2026"  # every generated user's password (synthetic data only)
MONITORING_YEAR_STATES = ("approved",) * 60 + ("submitted",) * 15 + ("returned",) * 8 + ("draft",) * 17

PROVINCES = [
    "Adana",
    "Adıyaman",
    "Afyonkarahisar",
    "Ağrı",
    "Amasya",
    "Ankara",
    "Antalya",
    "Artvin",
    "Aydın",
    "Balıkesir",
    "Bilecik",
    "Bingöl",
    "Bitlis",
    "Bolu",
    "Burdur",
    "Bursa",
    "Çanakkale",
    "Çankırı",
    "Çorum",
    "Denizli",
    "Diyarbakır",
    "Edirne",
    "Elazığ",
    "Erzincan",
    "Erzurum",
    "Eskişehir",
    "Gaziantep",
    "Giresun",
    "Gümüşhane",
    "Hakkari",
    "Hatay",
    "Isparta",
    "Mersin",
    "İstanbul",
    "İzmir",
    "Kars",
    "Kastamonu",
    "Kayseri",
    "Kırklareli",
    "Kırşehir",
    "Kocaeli",
    "Konya",
    "Kütahya",
    "Malatya",
    "Manisa",
    "Kahramanmaraş",
    "Mardin",
    "Muğla",
    "Muş",
    "Nevşehir",
    "Niğde",
    "Ordu",
    "Rize",
    "Sakarya",
    "Samsun",
    "Siirt",
    "Sinop",
    "Sivas",
    "Tekirdağ",
    "Tokat",
    "Trabzon",
    "Tunceli",
    "Şanlıurfa",
    "Uşak",
    "Van",
    "Yozgat",
    "Zonguldak",
    "Aksaray",
    "Bayburt",
    "Karaman",
    "Kırıkkale",
    "Batman",
    "Şırnak",
    "Bartın",
    "Ardahan",
    "Iğdır",
    "Yalova",
    "Karabük",
    "Kilis",
    "Osmaniye",
    "Düzce",
]
# (school type, levels, share of schools, typical students)
SCHOOL_MIX = [
    (OrgNode.SchoolType.PRESCHOOL, ("preschool",), 14, 90),
    (OrgNode.SchoolType.PRIMARY, ("primary",), 22, 320),
    (OrgNode.SchoolType.PRIMARY, ("preschool", "primary"), 7, 260),
    (OrgNode.SchoolType.MIDDLE, ("middle",), 22, 380),
    (OrgNode.SchoolType.MIDDLE, ("primary", "middle"), 8, 140),
    (OrgNode.SchoolType.GENERAL_HIGH, ("secondary",), 8, 620),
    (OrgNode.SchoolType.VOCATIONAL_HIGH, ("secondary",), 7, 540),
    (OrgNode.SchoolType.IMAM_HATIP, ("middle", "secondary"), 4, 450),
    (OrgNode.SchoolType.SPECIAL_EDUCATION, ("primary", "middle"), 2, 40),
    (OrgNode.SchoolType.BOARDING, ("primary", "middle"), 1, 210),
    (OrgNode.SchoolType.PUBLIC_EDUCATION_CENTRE, (), 3, 0),
    (OrgNode.SchoolType.GUIDANCE_CENTRE, (), 1, 0),
    (OrgNode.SchoolType.SCIENCE_ARTS_CENTRE, (), 1, 60),
]
SCHOOL_SUFFIX = {
    OrgNode.SchoolType.PRESCHOOL: "Anaokulu",
    OrgNode.SchoolType.PRIMARY: "İlkokulu",
    OrgNode.SchoolType.MIDDLE: "Ortaokulu",
    OrgNode.SchoolType.GENERAL_HIGH: "Anadolu Lisesi",
    OrgNode.SchoolType.VOCATIONAL_HIGH: "Mesleki ve Teknik Anadolu Lisesi",
    OrgNode.SchoolType.IMAM_HATIP: "İmam Hatip Okulu",
    OrgNode.SchoolType.SPECIAL_EDUCATION: "Özel Eğitim Uygulama Okulu",
    OrgNode.SchoolType.BOARDING: "Yatılı Bölge Ortaokulu",
    OrgNode.SchoolType.PUBLIC_EDUCATION_CENTRE: "Halk Eğitimi Merkezi",
    OrgNode.SchoolType.GUIDANCE_CENTRE: "Rehberlik ve Araştırma Merkezi",
    OrgNode.SchoolType.SCIENCE_ARTS_CENTRE: "Bilim ve Sanat Merkezi",
}


@dataclass(frozen=True)
class Size:
    """How much to generate."""

    provinces: int
    districts: int
    schools: int
    periods: int
    harezmi_share: float = 0.08  # share of primary/middle schools applying to Harezmi


TIERS = {
    "tiny": Size(provinces=1, districts=2, schools=12, periods=2, harezmi_share=0.5),
    "province": Size(provinces=1, districts=9, schools=250, periods=10),
    "national": Size(provinces=81, districts=922, schools=60_000, periods=2),
}


@dataclass
class Report:
    """What was generated and how long each stage took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class GenerateError(Exception):
    """The database is not one the generator may write into."""


def _allocate(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), each at least `minimum`."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise GenerateError(f"cannot split {total} into {len(weights)} parts of at least {minimum}")
    scale = spare / sum(weights)
    exact = [w * scale for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: spare - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


class Generator:
    """One generation run: organisation, users, plan, periods with values, Harezmi."""

    def __init__(
        self, size: Size, *, seed: int = 2026, tier: str = "custom", progress: Callable | None = None
    ):
        self.size, self.seed, self.tier = size, seed, tier
        self.progress = progress or (lambda message: None)
        self.report = Report()
        self.postgres = connection.vendor == "postgresql"
        self.national = size.provinces > 1

    def rng(self, stage: str) -> random.Random:
        """A random stream per stage, so one stage's changes do not shift another's numbers."""
        return random.Random(f"{self.seed}-{stage}")

    def _stage(self, name: str, function: Callable, *args):
        started = time.perf_counter()
        result = function(*args)
        self.report.seconds[name] = time.perf_counter() - started
        self.progress(f"{name}: {self.report.seconds[name]:.1f} s")
        return result

    def run(self) -> Report:
        """Generate everything; refuses a database that already holds schools."""
        if OrgNode.objects.filter(kind=OrgNode.Kind.SCHOOL).exists():
            raise GenerateError("The database already holds schools: generate_data writes into an empty one.")
        self._stage("organisation", self.organisation)
        self._stage("users", self.users)
        plan = self._stage("plan", self.plan)
        self._stage("monitoring", self.monitoring, plan)
        self._stage("harezmi", self.harezmi)
        if self.postgres:
            self._stage("analyze", self._analyze)
        return self.report

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
        from izlem.core.demo.org import DISTRICTS

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
        from izlem.core.demo.org import NAME_ROOTS, VILLAGES

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

    # --- plan and monitoring ----------------------------------------------------------------------------
    def plan(self):
        """The seed plan through the real importer, owned by the province (or the Ministry for the country)."""
        from izlem.plans.demo import SEED_PLAN
        from izlem.plans.importers.loader import plan_import_document
        from izlem.plans.importers.ministry_text import parse_plan_file
        from izlem.plans.models import Indicator

        owner = (
            OrgNode.objects.get(kind="ministry") if self.national else OrgNode.objects.get(kind="province")
        )
        plan = plan_import_document(parse_plan_file(SEED_PLAN), source_name=SEED_PLAN.name, owner=owner).plan
        if self.national:
            province_level = Indicator.objects.filter(plan=plan, collection_level=Indicator.Level.PROVINCE)
            province_level.filter(unit__in=[Indicator.UnitKind.PERCENT, Indicator.UnitKind.RATIO]).update(
                collection_level=Indicator.Level.SCHOOL, aggregation=Indicator.Aggregation.RATIO
            )
            province_level.update(
                collection_level=Indicator.Level.SCHOOL, aggregation=Indicator.Aggregation.SUM
            )
        return plan

    def monitoring(self, plan) -> None:
        """Periods from the plan's first half-year on; all closed and approved but the last, which is open."""
        from izlem.monitoring.demo import _path_value
        from izlem.monitoring.models import Period
        from izlem.monitoring.selectors import row_plans
        from izlem.plans.models import IndicatorRow

        rows = list(
            IndicatorRow.objects.filter(indicator__plan=plan).select_related("indicator").order_by("pk")
        )
        plans = row_plans(rows, plan)
        lagging = {row.pk for row in rows if self.rng("lag").random() < 0.2}
        provinces = list(OrgNode.objects.filter(kind="province").order_by("pk"))
        schools = list(
            OrgNode.objects.filter(kind="school")
            .order_by("pk")
            .values_list(
                "pk",
                "parent__parent_id",
                "student_count",
                "level_preschool",
                "level_primary",
                "level_middle",
                "level_secondary",
            )
        )
        districts = list(OrgNode.objects.filter(kind="district").values_list("pk", flat=True))
        total = 0
        for index in range(self.size.periods):
            year, half = plan.period_start + index // 2, ("H1", "H2")[index % 2]
            final = index < self.size.periods - 1
            period = Period.objects.create(
                plan=plan,
                year=year,
                half=half,
                state="closed" if final else "open",
                open_date=dt.date(year, 6 if half == "H1" else 12, 1),
                school_due=dt.date(year, 7, 10) if half == "H1" else dt.date(year + 1, 1, 10),
                district_due=dt.date(year, 7, 20) if half == "H1" else dt.date(year + 1, 1, 20),
            )
            rng = self.rng(f"values-{period.label}")
            targets = {}
            for row in rows:
                base = _path_value(plans[row.pk], period, row.pk in lagging, rng)
                if base is not None:
                    targets[row.pk] = base
            written = self._period(period, rows, targets, provinces, districts, schools, rng, final=final)
            total += written
            self.progress(f"  {period.label}: {written:,} values")
        self.report.counts["periods"] = self.size.periods
        self.report.counts["values"] = total

    def _period(self, period, rows, targets, provinces, districts, schools, rng, *, final: bool) -> int:
        """Submissions and values of one period."""
        from izlem.monitoring.models import Submission
        from izlem.plans.models import Indicator

        now = timezone.now()
        school_states = {}
        for pk, *_rest in schools:
            silent = rng.random() < 0.04
            school_states[pk] = (
                "draft" if silent else ("approved" if final else rng.choice(MONITORING_YEAR_STATES))
            )
        submissions = [
            Submission(
                period=period, entity_id=pk, state=state, submitted_at=None if state == "draft" else now
            )
            for pk, state in school_states.items()
        ]
        for pk in [*districts, *(p.pk for p in provinces)]:
            state = "approved" if final else rng.choice(("draft", "submitted", "approved"))
            submissions.append(Submission(period=period, entity_id=pk, state=state))
        created = Submission.objects.bulk_create(submissions, batch_size=5000)
        submission_of = {s.entity_id: s.pk for s in created}

        level_keys = ("preschool", "primary", "middle", "secondary")
        row_specs = []
        for row in rows:
            if row.pk not in targets:
                continue
            indicator = row.indicator
            # the levels the row concerns (izlem.plans.applicability); a row of school types only (a
            # public education centre's) gets no generated values: the generated schools have no type
            wanted = (
                set(row.applicable_levels)
                if row.applicable_levels or row.applicable_school_types
                else set(level_keys)
            )
            multiplier = 100 if indicator.unit == Indicator.UnitKind.PERCENT else 1
            row_specs.append(
                (
                    row.pk,
                    indicator.collection_level,
                    indicator.aggregation,
                    indicator.unit,
                    wanted,
                    multiplier,
                    float(targets[row.pk]),
                )
            )
        province_factor = {p.pk: self.rng(f"province-{p.code}").uniform(0.85, 1.15) for p in provinces}
        schools_in = {}
        applicable = {}
        for _pk, province_id, _students, *levels in schools:
            schools_in[province_id] = schools_in.get(province_id, 0) + 1
            have = {key for key, flag in zip(level_keys, levels, strict=True) if flag}
            for spec in row_specs:
                if have & spec[4]:
                    applicable[(province_id, spec[0])] = applicable.get((province_id, spec[0]), 0) + 1
        erzincan_size = 250  # the seed plan's figures are Erzincan's: scale counts to each province's size

        def rows_of_period():
            for province in provinces:
                if not any(spec[1] == Indicator.Level.PROVINCE for spec in row_specs):
                    break
                for row_id, level, _aggregation, unit, _wanted, _m, target in row_specs:
                    if level == Indicator.Level.PROVINCE:
                        places = 0 if unit == Indicator.UnitKind.COUNT else 2
                        yield (
                            province.pk,
                            submission_of[province.pk],
                            row_id,
                            f"{round(target, places):.{places}f}",
                            None,
                            None,
                        )
            done, started = 0, time.perf_counter()
            step = max(10_000, len(schools) // 4)  # progress lines only where a period takes a while
            for pk, province_id, students, *levels in schools:
                done += 1
                if done % step == 0:
                    self.progress(
                        f"  {period.label}: {done:,}/{len(schools):,} schools, {time.perf_counter() - started:.0f} s"
                    )
                state = school_states[pk]
                if state == "draft" and (final or rng.random() < 0.5):
                    continue
                have = {key for key, flag in zip(level_keys, levels, strict=True) if flag}
                if not have:
                    continue
                factor = province_factor[province_id]
                size = max(10, students or 50)
                for row_id, level, aggregation, _unit, wanted, multiplier, target in row_specs:
                    if level != Indicator.Level.SCHOOL or not (have & wanted):
                        continue
                    if aggregation == Indicator.Aggregation.RATIO:
                        rate = max(0.0, target * factor * rng.uniform(0.9, 1.1))
                        if multiplier == 100:
                            rate = min(rate, 100.0)
                        numerator = int(size * rate / multiplier + 0.5)
                        # value = numerator / students × multiplier, rounded half-up to 4 places, in integers
                        scaled = (2 * numerator * multiplier * 10000 + size) // (2 * size)
                        yield (
                            pk,
                            submission_of[pk],
                            row_id,
                            f"{scaled // 10000}.{scaled % 10000:04d}",
                            str(numerator),
                            str(size),
                        )
                    else:
                        scale = schools_in[province_id] / erzincan_size if self.national else 1.0
                        share = max(0.0, target * factor * scale / applicable[(province_id, row_id)])
                        share *= rng.uniform(0.5, 1.5)
                        whole = int(share)  # stochastic rounding keeps the expected total right
                        yield (
                            pk,
                            submission_of[pk],
                            row_id,
                            str(whole + (1 if rng.random() < share - whole else 0)),
                            None,
                            None,
                        )

        if self.postgres:
            return self._copy_values(period, rows_of_period(), now)
        return self._insert_values(period, rows_of_period())

    def _copy_values(self, period, values, now) -> int:
        """Stream the values into PostgreSQL with COPY (tens of times faster than INSERTs at this size)."""
        from izlem.monitoring.models import Value

        count = 0
        columns = (
            "period_id, entity_id, submission_id, row_id, value, numerator, denominator, note, "
            "outlier_confirmed, computed, entered_at, version"
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {Value._meta.db_table} ({columns}) FROM STDIN") as copy:
                for entity, submission, row, value, numerator, denominator in values:
                    copy.write_row(
                        (
                            period.pk,
                            entity,
                            submission,
                            row,
                            value,
                            numerator,
                            denominator,
                            "",
                            False,
                            False,
                            now,
                            1,
                        )
                    )
                    count += 1
        return count

    def _insert_values(self, period, values) -> int:
        """Bulk-insert the values (SQLite and other engines)."""
        from izlem.monitoring.models import Value

        batch, count = [], 0
        for entity, submission, row, value, numerator, denominator in values:
            batch.append(
                Value(
                    period=period,
                    entity_id=entity,
                    submission_id=submission,
                    row_id=row,
                    value=Decimal(value),
                    numerator=Decimal(numerator) if numerator else None,
                    denominator=Decimal(denominator) if denominator else None,
                )
            )
            if len(batch) >= 5000:
                Value.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        Value.objects.bulk_create(batch)
        return count + len(batch)

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

    def _analyze(self) -> None:
        """Fresh planner statistics after a bulk load (autovacuum would get there, later)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(
    size: Size, *, seed: int = 2026, tier: str = "custom", progress: Callable | None = None
) -> Report:
    """Generate a whole data set in one transaction (all or nothing)."""
    with transaction.atomic():
        return Generator(size, seed=seed, tier=tier, progress=progress).run()
