"""Benchmark (6): "what users do today" — consolidating the schools' workbooks by hand — vs izlem's report.

Run: `make bench` (or `.venv/bin/python benchmarks/consolidation.py`; DATABASE_URL for PostgreSQL, else
SQLITE_PATH or a throw-away SQLite file filled with `izlem generate_data --tier province`).

Set-up (not timed): one XLSX per school of the province (openpyxl, as a school would send it: a line per
value row of the plan with the school's value, or numerator and denominator) from the values of the
province's last H1 period (the six-month report's period).

Timed, median of BENCH_RUNS runs:
* today: open every school workbook with openpyxl (read-only, the fast mode), sum each row over the schools
  (numerators and denominators for rates), write one province workbook;
* izlem: the province's six-month report as the worker makes it (`build_report` — roll-up of every row in
  every period so far, evaluation against targets, measures — and `report_xlsx`), from the same numbers;
  the whole job with the PDF (`services.job_run`) is timed once as well.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RUNS, Lines, django_setup, ensure_province, load, machine, timed, write  # noqa: E402

django_setup()

from openpyxl import Workbook, load_workbook  # noqa: E402

from izlem.monitoring.models import Period, Value  # noqa: E402
from izlem.org.models import OrgNode, User  # noqa: E402
from izlem.plans.models import IndicatorRow  # noqa: E402
from izlem.reports import services  # noqa: E402
from izlem.reports.models import ReportJob  # noqa: E402
from izlem.reports.monitoring_report import SIX_MONTH, build_report  # noqa: E402
from izlem.reports.render import report_xlsx  # noqa: E402

HEADERS = ["Gösterge", "Kırılım", "Değer", "Pay", "Payda"]


def school_workbooks(period: Period, province: OrgNode, folder: Path) -> tuple[list[Path], int]:
    """One workbook per school of the province with its values of the period, as a school writes it."""
    rows = list(
        IndicatorRow.objects.filter(indicator__plan=period.plan, indicator__collection_level="school")
        .select_related("indicator")
        .order_by("indicator__sort_key", "order")
    )
    values = defaultdict(dict)
    count = 0
    for entity, row, value, numerator, denominator in Value.objects.filter(
        period=period, entity__kind="school", entity__path__startswith=province.path
    ).values_list("entity_id", "row_id", "value", "numerator", "denominator"):
        values[entity][row] = (value, numerator, denominator)
        count += 1
    paths = []
    for school in OrgNode.objects.filter(kind="school", path__startswith=province.path).order_by("code"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Veriler"
        sheet.append([school.code, school.name, str(period)])
        sheet.append(HEADERS)
        for row in rows:
            value, numerator, denominator = values[school.pk].get(row.pk, (None, None, None))
            ratio = row.indicator.aggregation == "ratio"
            sheet.append(
                [
                    row.indicator.code,
                    row.breakdown,
                    None if ratio or value is None else float(value),
                    None if numerator is None else float(numerator),
                    None if denominator is None else float(denominator),
                ]
            )
        path = folder / f"{school.code}.xlsx"
        workbook.save(path)
        paths.append(path)
    return paths, count


def consolidate(paths: list[Path], target: Path) -> int:
    """Today's way: read every school's workbook, sum each row, write the province's table."""
    totals: dict[tuple, list] = {}
    for path in paths:
        workbook = load_workbook(path, read_only=True, data_only=True)
        for line in workbook["Veriler"].iter_rows(min_row=3, values_only=True):
            code, breakdown, value, numerator, denominator = line[:5]
            total = totals.setdefault((code, breakdown or ""), [0.0, 0.0, 0.0, 0])
            if value is not None:
                total[0] += value
            if numerator is not None and denominator is not None:
                total[1] += numerator
                total[2] += denominator
            if value is not None or numerator is not None:
                total[3] += 1
        workbook.close()
    out = Workbook(write_only=True)
    sheet = out.create_sheet("İl")
    sheet.append(["Gösterge", "Kırılım", "Toplam", "Pay", "Payda", "Oran (%)", "Okul sayısı"])
    for (code, breakdown), (value, numerator, denominator, schools) in totals.items():
        rate = numerator / denominator * 100 if denominator else None
        sheet.append([code, breakdown, value, numerator, denominator, rate, schools])
    out.save(target)
    return len(totals)


def main() -> str:
    lines = Lines()
    generated = ensure_province()
    province = OrgNode.objects.get(kind="province", code="24")  # Erzincan (one of 81 at the national tier)
    period = Period.objects.filter(half="H1").order_by("-year").first()
    folder = Path(tempfile.mkdtemp(prefix="izlem-schools-"))
    try:
        started = time.perf_counter()
        paths, values = school_workbooks(period, province, folder)
        setup = time.perf_counter() - started
        size = sum(path.stat().st_size for path in paths)
        lines += [
            machine(),
            f"Data: {OrgNode.objects.filter(kind='school').count():,} schools in the database; {province.name}, "
            f"period {period} (closed), {len(paths)} schools, {values:,} school values; the "
            f"{len(paths)} school workbooks ({size / 1e6:.1f} MB) were written in {setup:.1f} s (not timed)."
            + (f" Generated in {generated:.0f} s." if generated else ""),
            "",
        ]
        loads = [load()]
        today, today_times, row_count = timed(lambda: consolidate(paths, folder / "il.xlsx"))
        loads.append(load())

        def report():
            data = build_report(SIX_MONTH, period, province)
            return data, report_xlsx(data)

        ours, ours_times, (data, xlsx) = timed(report)
        loads.append(load())
        reported = sum(len(target["rows"]) for goal in data["goals"] for target in goal["targets"])
        officer = User.objects.get(username=f"il{province.code}.arge")
        job = ReportJob.objects.create(
            kind=SIX_MONTH, period=period, node=province, fingerprint="bench", requested_by=officer
        )
        started = time.perf_counter()
        services.job_run(job.pk)
        whole = time.perf_counter() - started
        loads.append(load())
        job.refresh_from_db()
        job.pdf.delete(save=False)  # the job's files under MEDIA_ROOT go with it
        job.xlsx.delete(save=False)
        job.delete()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines += [
        "| measure | time | what it gives | load average |",
        "|---|---|---|---|",
        f"| today: openpyxl reads {len(paths)} school workbooks, sums each row, writes one workbook "
        f"| {today:.2f} s | {row_count} rows of sums, no targets, no districts | {loads[0]}–{loads[1]} |",
        f"| izlem: the province's six-month report, data + XLSX (`build_report` + `report_xlsx`) "
        f"| {ours:.2f} s ({ours / today:.2f}× today) | {reported} rows rolled up by each indicator's rule, "
        f"evaluated against the year's target, history of {len(data['periods'])} period(s), "
        f"{len(xlsx) / 1000:.0f} kB XLSX | {loads[1]}–{loads[2]} |",
        f"| izlem: the whole report job as the worker runs it (data, PDF with charts, XLSX; one run) "
        f"| {whole:.2f} s | the same, plus the print-ready PDF | {loads[2]}–{loads[3]} |",
        "",
        f"Median of {RUNS} runs; samples: today "
        + ", ".join(f"{t:.2f}" for t in today_times)
        + " s; izlem "
        + ", ".join(f"{t:.2f}" for t in ours_times)
        + f" s. Today's figure leaves out what users do by hand around it: collecting {len(paths)} e-mail "
        "attachments, chasing the late schools and fixing workbooks whose rows were moved.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    write("consolidation", main())
