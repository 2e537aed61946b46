"""Benchmark: roll-up, pages and edits at province or national scale, each figure a ratio to a floor.

Run: `make bench` (or `DATABASE_URL=postgres://… BENCH_TIER=national .venv/bin/python benchmarks/scale.py`).
Uses the database of DATABASE_URL (PostgreSQL: the SQL roll-up) or a throw-away SQLite file; fills it
with `izlem generate_data --tier $BENCH_TIER` if it holds no schools. Prints a Markdown section and
writes it to docs/performance.md (between the markers of this tier). Every figure is the median of
BENCH_RUNS runs (default 3) measured in the same run as its baseline, so the load of other processes
weighs on both sides.
"""

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izlem.settings")
os.environ.setdefault("IZLEM_TESTING", "1")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))
TIER = os.environ.get("BENCH_TIER", "province")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from izlem.monitoring import services  # noqa: E402
from izlem.monitoring.models import Period, Submission, Value  # noqa: E402
from izlem.monitoring.rollup import rollup, rollup_python  # noqa: E402
from izlem.org.models import OrgNode, User  # noqa: E402
from izlem.plans.models import IndicatorRow  # noqa: E402

# The floor: read every reported value of the period once and group it by row and district (the least
# any roll-up must do), and the same as one hand-written query for all levels (district, province,
# country) with GROUPING SETS, which is what "all levels" asks of a single SQL aggregation.
FLOOR_SQL = """
SELECT v.row_id, e.parent_id, COUNT(*), SUM(v.value), SUM(v.numerator), SUM(v.denominator)
  FROM monitoring_value v JOIN org_orgnode e ON e.id = v.entity_id
  JOIN monitoring_submission s ON s.id = v.submission_id
 WHERE v.period_id = %s AND s.state IN ('submitted', 'approved')
 GROUP BY 1, 2
"""
ALL_LEVELS_SQL = """
SELECT v.row_id, d.id, d.parent_id, COUNT(*), SUM(v.value), SUM(v.numerator), SUM(v.denominator)
  FROM monitoring_value v JOIN org_orgnode e ON e.id = v.entity_id
  JOIN org_orgnode d ON d.id = e.parent_id
  JOIN monitoring_submission s ON s.id = v.submission_id
 WHERE v.period_id = %s AND s.state IN ('submitted', 'approved')
 GROUP BY GROUPING SETS ((v.row_id, d.id), (v.row_id, d.parent_id), (v.row_id))
"""


class Lines(list):
    """The report's lines, each printed as soon as it is measured (a long run shows its progress)."""

    def append(self, line):
        print(line, flush=True)
        super().append(line)

    def __iadd__(self, lines):
        for line in lines:
            self.append(line)
        return self


def timed(function, runs=RUNS):
    """Median seconds of `runs` calls (and the last result)."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def p95(samples):
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def ensure_data():
    call_command("migrate", verbosity=0)
    if not OrgNode.objects.filter(kind="school").exists():
        started = time.perf_counter()
        call_command("generate_data", tier=TIER)
        return time.perf_counter() - started
    return None


def main():
    lines = Lines()
    generated = ensure_data()
    engine = connection.vendor
    period = Period.objects.order_by("year", "half").first()
    open_period = Period.objects.order_by("-year", "-half").first()
    rows = list(IndicatorRow.objects.filter(indicator__plan=period.plan).select_related("indicator"))
    nodes = list(OrgNode.objects.exclude(kind="school"))
    values = Value.objects.filter(period=period).count()
    lines += [
        f"### Tier `{TIER}` on {engine} — {time.strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        + (
            f", PostgreSQL {connection.cursor().connection.info.server_version}"
            if engine == "postgresql"
            else ""
        )
        + f"; load average at start {os.getloadavg()[0]:.1f}.",
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
    ours, figures = timed(lambda: rollup(period, nodes, rows))
    base, _ = timed(lambda: floor(FLOOR_SQL))
    all_levels, _ = timed(lambda: floor(ALL_LEVELS_SQL))
    lines.append(
        f"| 1 | roll-up of one period, all {len(rows)} rows × {len(nodes):,} nodes ({len(figures):,} figures) "
        f"| {ours:.2f} s | {all_levels:.2f} s (one hand-written GROUPING SETS query, all levels) "
        f"| {ours / all_levels:.2f}× | ≤ 1.5× |"
    )
    lines.append(
        f"| 1 | the same roll-up vs the district level alone | {ours:.2f} s | {base:.2f} s (one GROUP BY row, "
        f"district) | {ours / base:.2f}× | (stricter than asked) |"
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


def write(section: str) -> None:
    """Put the section between this tier's markers in docs/performance.md."""
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    begin, end = f"<!-- bench:{TIER}:begin -->", f"<!-- bench:{TIER}:end -->"
    block = f"{begin}\n{section}\n{end}"
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    section = main()
    if os.environ.get("BENCH_WRITE", "1") == "1":
        write(section)
