"""Benchmark (5): a bulk XLSX upload of 100,000 values vs a raw bulk insert of the same rows.

Run: `make bench` (or `.venv/bin/python benchmarks/bulk_upload.py`). It builds its own throw-away SQLite
database (or uses BENCH_OWN_DATABASE_URL, e.g. an empty PostgreSQL database made with createdb): a bigger
synthetic province, `izlem generate_data --tier province --schools $BENCH_BULK_SCHOOLS (3,700)
--districts 30 --periods 1`, because one upload covers one period and the province tier's 250 schools
report only ~6,900 cells a period; 3,700 schools × the ~27 rows each reports ≈ 100,000 cells.

The upload: a new open period; the province planning officer's template (`bulk.template_write`, the real
download) filled with openpyxl, each cell with the school's value of the generated period (a plausible
figure, so no outlier needs a note); then timed, as the worker runs it: `scope_load` + `upload_check` (read
the workbook, check every cell) + `changes_write` (every value through `services.values_save_many` in one
transaction, audit-history rows included). The baseline: the same rows inserted raw — the submissions and
the values with `bulk_create` (SQLite) or `COPY` (PostgreSQL), in one transaction. Between runs the
period's values, their history rows and submissions are deleted, so every run writes into an empty period.
Goal: izlem's speed at least 25 % of the raw insert's. `BENCH_PROFILE=1` prints a cProfile of one upload.

Also: reading the same filled workbook with izlem's reader (`izlem.core.workbook`, python-calamine, with
its check for formulas without a stored value) against openpyxl's fastest mode (`read_only=True,
data_only=True`, every row's values), the reader the upload used before. `BENCH_BULK_READ_ONLY=1` measures
only that (section `bulk-read`), without the upload runs.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RUNS, Lines, django_setup, ensure_province, load, machine, write  # noqa: E402

django_setup(own_database=True)

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from izlem.core.workbook import read_workbook  # noqa: E402
from izlem.monitoring import bulk  # noqa: E402
from izlem.monitoring.models import Period, Submission, SubmissionEvent, Value  # noqa: E402
from izlem.org.models import OrgNode, User  # noqa: E402

SCHOOLS = int(os.environ.get("BENCH_BULK_SCHOOLS", "3700"))
DISTRICTS = int(os.environ.get("BENCH_BULK_DISTRICTS", "30"))


def filled_template(officer: User, period: Period, source: Period) -> tuple[bytes, float]:
    """The real template, every open cell filled with the school's value of `source` (openpyxl)."""
    started = time.perf_counter()
    buffer = io.BytesIO()
    bulk.template_write(bulk.scope_load(user=officer, period=period), buffer)
    download = time.perf_counter() - started
    earlier = {
        (entity, row): (value, numerator, denominator)
        for entity, row, value, numerator, denominator in Value.objects.filter(period=source).values_list(
            "entity_id", "row_id", "value", "numerator", "denominator"
        )
    }
    code_to_id = dict(OrgNode.objects.values_list("code", "pk"))
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    for sheet in workbook.worksheets:
        if sheet.protection.sheet is False:
            continue
        keys = [cell.value for cell in sheet[2]]
        for line in sheet.iter_rows(min_row=3):
            entity = code_to_id.get(str(line[0].value).removeprefix("'"))
            for cell in line[2:]:
                key = keys[cell.column - 1] or ""
                if cell.protection.locked is not False or cell.value is not None or "/" not in key:
                    continue
                row, part = key.split("/")
                value, numerator, denominator = earlier.get((entity, int(row)), (None, None, None))
                stored = {"value": value, "numerator": numerator, "denominator": denominator}[part]
                fallback = 50 if part == "denominator" else 40
                cell.value = fallback if stored is None else bulk._number(stored)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), download


def openpyxl_read(data: bytes) -> int:
    """The upload's reader before izlem.core.workbook: openpyxl read-only, every row's values."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return sum(len(list(ws.iter_rows(values_only=True))) for ws in workbook.worksheets)
    finally:
        workbook.close()


def calamine_read(data: bytes) -> int:
    """izlem's reader (python-calamine and the stored-formula check)."""
    return sum(len(sheet.lines) for sheet in read_workbook(io.BytesIO(data), name="upload.xlsx"))


def read_comparison(data: bytes) -> list[str]:
    """Median time of each reader on the filled template, as a table row."""
    from common import timed

    loads = [os.getloadavg()[0]]
    ours, our_samples, lines_ours = timed(lambda: calamine_read(data))
    theirs, their_samples, lines_theirs = timed(lambda: openpyxl_read(data))
    loads.append(os.getloadavg()[0])
    assert lines_ours == lines_theirs, (lines_ours, lines_theirs)
    return [
        "| measure | izlem (python-calamine) | openpyxl read-only | speed ratio (openpyxl time / izlem time) "
        "| load average |",
        "|---|---|---|---|---|",
        f"| read the filled template ({len(data) / 1e6:.1f} MB, {lines_ours:,} lines) into cell values | "
        f"{ours:.2f} s | {theirs:.2f} s | {theirs / ours:.1f}× | {min(loads):.1f}–{max(loads):.1f} |",
        "",
        f"Median of {RUNS} runs; izlem samples "
        + ", ".join(f"{t:.2f}" for t in our_samples)
        + " s, openpyxl "
        + ", ".join(f"{t:.2f}" for t in their_samples)
        + " s.",
    ]


def upload(officer: User, period: Period, data: bytes) -> tuple[float, float, int]:
    """The worker's path: scope, check (reading the workbook), write; returns (check s, write s, values)."""
    started = time.perf_counter()
    scope = bulk.scope_load(user=officer, period=period)
    check = bulk.upload_check(scope, io.BytesIO(data))
    checked = time.perf_counter()
    written, problems = bulk.changes_write(user=officer, period=period, changes=check.changes)
    done = time.perf_counter()
    assert not check.errors and not problems, (check.errors[:3], problems[:3])
    return checked - started, done - checked, written


def raw_insert(period: Period, rows: list[tuple], *, copy: bool) -> int:
    """The floor: the same submissions and values inserted raw, in one transaction (COPY or bulk_create)."""
    now = timezone.now()
    with transaction.atomic():
        entities = sorted({row[0] for row in rows})
        Submission.objects.bulk_create(
            [Submission(period=period, entity_id=entity) for entity in entities], batch_size=5000
        )
        submission_of = dict(
            Submission.objects.filter(period=period).values_list("entity_id", "pk")
        )  # SQLite's bulk_create returns no ids
        if copy:
            columns = (
                "period_id, entity_id, submission_id, row_id, value, numerator, denominator, note, "
                "outlier_confirmed, computed, entered_at, version"
            )
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {Value._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for entity, row, value, numerator, denominator, note in rows:
                        copy.write_row(
                            (
                                period.pk,
                                entity,
                                submission_of[entity],
                                row,
                                value,
                                numerator,
                                denominator,
                                note,
                                False,
                                False,
                                now,
                                1,
                            )
                        )
        else:
            Value.objects.bulk_create(
                [
                    Value(
                        period=period,
                        entity_id=entity,
                        submission_id=submission_of[entity],
                        row_id=row,
                        value=value,
                        numerator=numerator,
                        denominator=denominator,
                        note=note,
                    )
                    for entity, row, value, numerator, denominator, note in rows
                ],
                batch_size=5000,
            )
    return len(rows)


def empty(period: Period) -> None:
    """Remove what a run wrote into the period (values, their history rows, submissions)."""
    with transaction.atomic():
        Value.history.filter(period_id=period.pk).delete()
        Value.objects.filter(period=period).delete()
        SubmissionEvent.objects.filter(submission__period=period).delete()
        Submission.objects.filter(period=period).delete()


def main() -> str:
    lines = Lines()
    generated = ensure_province(schools=SCHOOLS, districts=DISTRICTS, periods=1)
    source = Period.objects.order_by("year", "half").first()  # the generated period (values)
    province = OrgNode.objects.get(kind="province")
    officer = User.objects.get(username=f"il{province.code}.arge")
    year, half = (source.year, "H2") if source.half == "H1" else (source.year + 1, "H1")
    period, _created = Period.objects.get_or_create(
        plan=source.plan,
        year=year,
        half=half,
        defaults={
            "state": "open",
            "open_date": dt.date(year, 6, 1),
            "school_due": dt.date(2099, 1, 1),
            "district_due": dt.date(2099, 1, 2),
        },
    )
    empty(period)  # a database kept from an earlier run (BENCH_OWN_SQLITE_PATH)
    started = time.perf_counter()
    data, download = filled_template(officer, period, source)
    filling = time.perf_counter() - started - download
    schools = OrgNode.objects.filter(kind="school").count()
    lines += [
        machine(),
        f"Data: a synthetic province of {schools:,} schools in {DISTRICTS} districts (`generate_data --tier "
        f"province --schools {SCHOOLS} --districts {DISTRICTS} --periods 1`"
        + (f", {generated:.0f} s" if generated else "")
        + f"); the upload fills period {period} from the generated one. The template download took "
        f"{download:.1f} s, filling it with openpyxl {filling:.1f} s (not timed); the filled file is "
        f"{len(data) / 1e6:.1f} MB.",
        "",
    ]
    lines += read_comparison(data)
    if os.environ.get("BENCH_BULK_READ_ONLY"):
        return "\n".join(lines)
    lines.append("")
    if os.environ.get("BENCH_PROFILE"):
        profile = cProfile.Profile()
        profile.enable()
        upload(officer, period, data)
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(45)
        empty(period)
    postgres = connection.vendor == "postgresql"
    ours, checks, writes, floors, orm_floors, loads = [], [], [], [], [], []
    rows = None
    for _run in range(RUNS):
        loads.append(os.getloadavg()[0])
        check_s, write_s, written = upload(officer, period, data)
        checks.append(check_s)
        writes.append(write_s)
        ours.append(check_s + write_s)
        if rows is None:
            rows = list(
                Value.objects.filter(period=period).values_list(
                    "entity_id", "row_id", "value", "numerator", "denominator", "note"
                )
            )
        empty(period)
        started = time.perf_counter()
        raw_insert(period, rows, copy=postgres)
        floors.append(time.perf_counter() - started)
        empty(period)
        if postgres:  # Django's bulk_create too, the floor of the SQLite run
            started = time.perf_counter()
            raw_insert(period, rows, copy=False)
            orm_floors.append(time.perf_counter() - started)
            empty(period)
    loads.append(os.getloadavg()[0])
    izlem_s, floor_s = statistics.median(ours), statistics.median(floors)
    ratio = floor_s / izlem_s
    raw = "COPY" if connection.vendor == "postgresql" else "bulk_create"
    lines += [
        "| measure | izlem | raw insert | speed ratio (raw time / izlem time) | goal | load average |",
        "|---|---|---|---|---|---|",
        f"| bulk upload of {written:,} values from one XLSX (check + write, all or nothing) vs `{raw}` "
        f"of the same rows | {izlem_s:.1f} s (check {statistics.median(checks):.1f} s + write "
        f"{statistics.median(writes):.1f} s), {written / izlem_s:,.0f} values/s | {floor_s:.2f} s, "
        f"{written / floor_s:,.0f} values/s | {ratio * 100:.0f} % | ≥ 25 % "
        f"{'met' if ratio >= 0.25 else 'missed'} | {min(loads):.1f}–{max(loads):.1f} |",
    ]
    if orm_floors:
        orm_s = statistics.median(orm_floors)
        lines.append(
            f"| the same upload vs Django's `bulk_create` of the same rows | {izlem_s:.1f} s | {orm_s:.2f} s, "
            f"{written / orm_s:,.0f} values/s | {orm_s / izlem_s * 100:.0f} % | (the SQLite run's floor) | "
            f"{min(loads):.1f}–{max(loads):.1f} |"
        )
    lines += [
        "",
        f"Median of {RUNS} runs; izlem samples "
        + ", ".join(f"{t:.1f}" for t in ours)
        + " s, raw "
        + ", ".join(f"{t:.2f}" for t in floors)
        + (", bulk_create " + ", ".join(f"{t:.2f}" for t in orm_floors) if orm_floors else "")
        + f" s. Load average at the end {load()}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    write("bulk-read" if os.environ.get("BENCH_BULK_READ_ONLY") else "bulk", main())
