"""Benchmark: a province planning officer uploads the bulk template filled for every demo school.

Run: `.venv/bin/python benchmarks/bulk_upload.py` (builds a throw-away SQLite database in /tmp).
Prints the number of values and the seconds for the check and the write (median of 3 runs).
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izlem.settings")
os.environ.setdefault("IZLEM_TESTING", "1")
os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

call_command("migrate", verbosity=0)
from izlem.core.demo.org import org_rows  # noqa: E402
from izlem.monitoring import bulk  # noqa: E402
from izlem.monitoring.models import Period, Value  # noqa: E402
from izlem.org.importers import org_import_rows  # noqa: E402
from izlem.org.models import OrgNode, Role, User  # noqa: E402
from izlem.org.services import role_assign  # noqa: E402
from izlem.plans.demo import load_demo_plan  # noqa: E402

org_import_rows(org_rows())
plan = load_demo_plan()
officer = User.objects.create_user("bench", password="x-bench-12345")
role_assign(by=None, user=officer, role=Role.PLANNING_OFFICER, node=OrgNode.objects.get(kind="province"))


def filled_template(period: Period) -> bytes:
    """The template with every open cell filled with a plausible number."""
    buffer = io.BytesIO()
    bulk.template_write(bulk.scope_load(user=officer, period=period), buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    for sheet in workbook.worksheets:
        if sheet.protection.sheet is False:
            continue
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if cell.protection.locked is False and cell.value is None and cell.column > 2:
                    cell.value = 40 if "payda" not in str(sheet.cell(1, cell.column).value).lower() else 50
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


timings = []
for run in range(3):
    period = (
        Period.objects.create(
            plan=plan,
            year=2016,
            half="H1" if run == 0 else "H2",
            state="open",
            open_date=dt.date(2016, 6, 1),
            school_due=dt.date(2099, 1, 1),
            district_due=dt.date(2099, 1, 2),
        )
        if run < 2
        else Period.objects.create(
            plan=plan,
            year=2017,
            half="H1",
            state="open",
            open_date=dt.date(2017, 6, 1),
            school_due=dt.date(2099, 1, 1),
            district_due=dt.date(2099, 1, 2),
        )
    )
    data = filled_template(period)
    scope = bulk.scope_load(user=officer, period=period)
    started = time.perf_counter()
    check = bulk.upload_check(scope, io.BytesIO(data))
    checked = time.perf_counter()
    written, problems = bulk.changes_write(user=officer, period=period, changes=check.changes)
    done = time.perf_counter()
    assert not check.errors and not problems, (check.errors[:3], problems[:3])
    timings.append((checked - started, done - checked, written))

check_s = statistics.median(t[0] for t in timings)
write_s = statistics.median(t[1] for t in timings)
print(f"values per upload: {timings[0][2]}; schools: {OrgNode.objects.filter(kind='school').count()}")
print(f"check: {check_s:.2f} s, write: {write_s:.2f} s, total: {check_s + write_s:.2f} s (median of 3)")
print(f"values in database: {Value.objects.count()}")
