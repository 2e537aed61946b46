"""The generator's plan and monitoring: the seed plan through the real importer, then periods whose values
follow each row's path to its target (streamed with COPY on PostgreSQL, bulk-inserted elsewhere)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from izlem.ops.datagen.sizes import MONITORING_YEAR_STATES
from izlem.org.models import OrgNode


class MonitoringStages:
    """The plan and monitoring stages of `Generator` (izlem.ops.datagen.generator)."""

    # --- plan and monitoring ----------------------------------------------------------------------------
    def plan(self):
        """The seed plan through the real importer, owned by the province (or the Ministry for the country)."""
        from izlem.ops.demo.plans import SEED_PLAN
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
        from izlem.monitoring.models import Period
        from izlem.monitoring.selectors import row_plans
        from izlem.ops.demo.monitoring import _path_value
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
