"""Benchmark: roll-up, pages and edits at province or national scale, each figure a ratio to a floor.

Run: `make bench` (or `DATABASE_URL=postgres://… BENCH_TIER=national .venv/bin/python benchmarks/scale.py`).
Uses the database of DATABASE_URL (PostgreSQL: the SQL roll-up) or a throw-away SQLite file; fills it
with `izlem generate_data --tier $BENCH_TIER` if it holds no schools. Prints a Markdown section and
writes it to docs/performance.md (between the markers of this tier). Every figure is the median of
BENCH_RUNS runs (default 3) measured in the same run as its baseline, so the load of other processes
weighs on both sides.
"""

import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RUNS, Lines, django_setup, ensure_province, machine, timed, write  # noqa: E402

TIER = os.environ.get("BENCH_TIER", "province")
django_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from izlem.monitoring import services  # noqa: E402
from izlem.monitoring.models import Period, Submission, Value  # noqa: E402
from izlem.monitoring.rollup import rollup, rollup_python  # noqa: E402
from izlem.org.models import OrgNode, User  # noqa: E402
from izlem.plans.models import IndicatorRow  # noqa: E402

# The floors: read every reported value of the period once and group it by row and district (the
# least any roll-up must do), and the fastest single hand-written query found for all levels (district,
# province, country): the district sums once, then added up to the provinces and the country (one
# GROUP BY GROUPING SETS over the values took 2.4× as long on PostgreSQL at national size).
FLOOR_SQL = """
SELECT v.row_id, e.parent_id, COUNT(*), SUM(v.value), SUM(v.numerator), SUM(v.denominator)
  FROM monitoring_value v JOIN org_orgnode e ON e.id = v.entity_id
  JOIN monitoring_submission s ON s.id = v.submission_id
 WHERE v.period_id = %s AND s.state IN ('submitted', 'approved')
 GROUP BY 1, 2
"""
ALL_LEVELS_SQL = """
WITH district AS MATERIALIZED (
SELECT v.row_id, e.parent_id AS node, COUNT(*) AS n, SUM(v.value) AS value, SUM(v.numerator) AS numerator,
       SUM(v.denominator) AS denominator
  FROM monitoring_value v JOIN org_orgnode e ON e.id = v.entity_id
  JOIN monitoring_submission s ON s.id = v.submission_id
 WHERE v.period_id = %s AND s.state IN ('submitted', 'approved')
 GROUP BY 1, 2
)
SELECT row_id, node, n, value, numerator, denominator FROM district
 UNION ALL
SELECT d.row_id, g.parent_id, SUM(n), SUM(value), SUM(numerator), SUM(denominator)
  FROM district d JOIN org_orgnode g ON g.id = d.node GROUP BY 1, 2
 UNION ALL
SELECT row_id, NULL, SUM(n), SUM(value), SUM(numerator), SUM(denominator) FROM district GROUP BY 1
"""


def secs(seconds: float) -> str:
    """Seconds, or milliseconds below a tenth of a second (the province tier's roll-up takes a few)."""
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def p95(samples):
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def main():
    lines = Lines()
    generated = ensure_province(tier=TIER)
    engine = connection.vendor
    period = Period.objects.order_by("year", "half").first()
    open_period = Period.objects.order_by("-year", "-half").first()
    rows = list(IndicatorRow.objects.filter(indicator__plan=period.plan).select_related("indicator"))
    nodes = list(OrgNode.objects.exclude(kind="school"))
    values = Value.objects.filter(period=period).count()
    lines += [
        f"### Tier `{TIER}` on {engine}",
        "",
        machine(),
        f"Data: {OrgNode.objects.filter(kind='school').count():,} schools, {len(nodes):,} nodes above them, "
        f"{Value.objects.count():,} values ({values:,} in the measured period), {len(rows)} value rows."
        + (f" Generated in {generated:.0f} s." if generated else ""),
        "",
        "| # | measure | izlem | baseline | ratio | goal |",
        "|---|---|---|---|---|---|",
    ]

    # 1. national (all levels) roll-up of one period vs one hand-written SQL aggregation
    def floor(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [period.pk])
            return len(cursor.fetchall())

    floor(FLOOR_SQL)  # warm the cache for every side
    runs = max(RUNS, 5)  # a few seconds each, and the ratio is the headline
    ours, _samples, figures = timed(lambda: rollup(period, nodes, rows), runs)
    base, _samples, _ = timed(lambda: floor(FLOOR_SQL), runs)
    all_levels, _samples, _ = timed(lambda: floor(ALL_LEVELS_SQL), runs)
    lines.append(
        f"| 1 | roll-up of one period, all {len(rows)} rows × {len(nodes):,} nodes ({len(figures):,} figures) "
        f"| {secs(ours)} | {secs(all_levels)} (one hand-written query, all levels) "
        f"| {ours / all_levels:.2f}× | ≤ 1.5× |"
    )
    lines.append(
        f"| 1 | the same roll-up vs the district level alone | {secs(ours)} | {secs(base)} (one GROUP BY row, "
        f"district) | {ours / base:.2f}× | (stricter than asked) |"
    )
    if engine == "postgresql":  # deployment.md's settings for the national set-up, on both sides
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
            cursor.execute("SET work_mem = '64MB'")
        tuned, _samples, _ = timed(lambda: rollup(period, nodes, rows), runs)
        tuned_floor, _samples, _ = timed(lambda: floor(ALL_LEVELS_SQL), runs)
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")
            cursor.execute("RESET work_mem")
        lines.append(
            f"| 1 | the same with deployment.md's settings on both sides (`jit = off`, `work_mem = 64MB`) "
            f"| {secs(tuned)} | {secs(tuned_floor)} (the all-levels query) | {tuned / tuned_floor:.2f}× | ≤ 1.5× |"
        )

    # 2. province dashboard and a district's results page: server time p95 and query count
    province = OrgNode.objects.filter(kind="province").order_by("pk").first()
    district = OrgNode.objects.filter(kind="district", parent=province).order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    manager = User.objects.get(username=f"il{province.code}.mudur")
    district_manager = User.objects.get(username=f"ilce{district.code}.mudur")
    for label, user, url in [
        ("province dashboard (home page)", manager, "/"),
        (
            "a district's indicator list (results page)",
            district_manager,
            f"/monitoring/periods/{open_period.pk}/results/{district.pk}/",
        ),
    ]:
        client.force_login(user)
        samples = []
        for _ in range(max(10, RUNS * 4)):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        lines.append(
            f"| 2 | {label}: server time p95 | {p95(samples) * 1000:.0f} ms | — | {len(queries.captured_queries)} "
            f"queries | p95 ≤ 300 ms; same query count at every tier |"
        )

    # 3. one school's value edit until the district and province figures are current
    school_values = list(
        Value.objects.filter(
            period=open_period,
            entity__path__startswith=district.path,
            submission__state__in=Submission.EDITABLE,
        ).select_related("row__indicator", "submission", "entity")[:200]
    )
    rng = random.Random(9)
    principal_of = {}
    edit_times, floor_times = [], []
    for value in rng.sample(school_values, min(len(school_values), max(10, RUNS * 4))):
        principal = principal_of.setdefault(
            value.entity_id, User.objects.get(username=f"okul{value.entity.code}.mudur")
        )
        amount = {"numerator": value.numerator, "denominator": value.denominator}
        if value.row.indicator.aggregation != "ratio":
            amount = {"value": (value.value or Decimal(0)) + 1}
        started = time.perf_counter()
        services.value_save(
            by=principal,
            submission=value.submission,
            row=value.row,
            confirm_outlier=True,
            note="bench",
            **amount,
        )
        rollup(open_period, [district, province], [value.row])
        edit_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        Value.objects.filter(pk=value.pk).update(note="bench")
        floor_times.append(time.perf_counter() - started)
    edit, base = statistics.median(edit_times), statistics.median(floor_times)
    lines.append(
        f"| 3 | one school's value edit (service, history, validation) + district and province figures "
        f"recomputed | {edit * 1000:.0f} ms (p95 {p95(edit_times) * 1000:.0f} ms) | {base * 1000:.1f} ms (bare "
        f"UPDATE) | {edit / base:.0f}× | ≤ 50 ms |"
    )

    # 3b. 10,000 random edits, then the figures equal a full recomputation
    edited_rows = [row for row in rows if row.indicator.collection_level == "school"][:5]
    candidates = list(
        Value.objects.filter(
            period=open_period, entity__path__startswith=province.path, row__in=edited_rows
        ).values_list("pk", "value", "numerator", "denominator")
    )
    started = time.perf_counter()
    changed = []
    for pk, _value, _numerator, denominator in rng.choices(candidates, k=10_000):
        if denominator is not None:
            changed.append(Value(pk=pk, numerator=rng.randint(0, int(denominator)), denominator=denominator))
        else:
            changed.append(Value(pk=pk, value=rng.randint(0, 500)))
    by_pk = {v.pk: v for v in changed}  # the last edit of a value wins
    Value.objects.bulk_update(
        [v for v in by_pk.values() if v.denominator is not None], ["numerator"], batch_size=2000
    )
    Value.objects.bulk_update(
        [v for v in by_pk.values() if v.denominator is None], ["value"], batch_size=2000
    )
    edits_seconds = time.perf_counter() - started
    scope = [province, *OrgNode.objects.filter(kind="district", parent=province)]
    current = rollup(open_period, scope, edited_rows)
    scratch = rollup_python(open_period, scope, edited_rows)
    differences = sum(1 for key, figure in scratch.items() if current[key] != figure)
    lines.append(
        f"| 3b | 10,000 random edits ({edits_seconds:.1f} s) in one province, then every district and province "
        f"figure vs a full recomputation in Python | {differences} differences | {len(scratch)} figures | — | 0 |"
    )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    write(TIER, main())
