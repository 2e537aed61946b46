"""Crash-safe imports: a plan import and a bulk value upload killed with SIGKILL at random moments.

Each run starts the real code in a separate process (`izlem import_plan …`, and the bulk upload's
background step `bulk.upload_process`), kills it with SIGKILL after a random delay within the time a
full run takes, then checks the database: it holds all of the file or none of it, never a part.
Marked `drill` (slow): `make drills` runs them; the figures go to docs/security.md.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from openpyxl import load_workbook

from izlem.org.models import OrgNode

pytestmark = [pytest.mark.drill, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
IZLEM = str(Path(sys.executable).with_name("izlem"))
SEED = ROOT / "izlem" / "plans" / "seed" / "erzincan_2015_2019.txt"
KILLS = int(os.environ.get("IZLEM_DRILL_KILLS", "20"))
PLAN_TABLES = [
    "plans_plan",
    "plans_goal",
    "plans_target",
    "plans_indicator",
    "plans_indicatorrow",
    "plans_yearvalue",
    "plans_measure",
    "plans_costline",
]


@dataclass
class Database:
    """The database the child processes use: a file copy (SQLite) or the test database itself (PostgreSQL)."""

    env: dict[str, str]
    sqlite_file: Path | None = None
    pristine: Path | None = None

    def counts(self, tables: list[str]) -> dict[str, int]:
        """Row counts as the child processes see them (committed data only)."""
        if self.sqlite_file is not None:
            # closing(): an open connection would hold the file while `reset` replaces it
            with closing(sqlite3.connect(self.sqlite_file, timeout=60)) as db:
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        with connection.cursor() as cursor:
            result = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - our own table names
                result[table] = cursor.fetchone()[0]
            return result

    def reset(self, reset_pg) -> None:
        """Back to the state before the file (SQLite: copy the pristine file; PostgreSQL: `reset_pg()`)."""
        if self.sqlite_file is not None:
            for suffix in ("-wal", "-shm"):
                Path(f"{self.sqlite_file}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.pristine, self.sqlite_file)
        else:
            reset_pg()


def child_database(tmp_path: Path, media_root: Path) -> Database:
    """Share the prepared test data with child processes."""
    env = {
        **os.environ,
        "IZLEM_TESTING": "1",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "ERROR",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if connection.vendor == "sqlite":
        pristine = tmp_path / "pristine.sqlite3"
        target = sqlite3.connect(pristine)
        connection.ensure_connection()
        connection.connection.backup(target)  # the in-memory test database, copied to a file
        target.close()
        live = tmp_path / "live.sqlite3"
        shutil.copyfile(pristine, live)
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(live)
        return Database(env=env, sqlite_file=live, pristine=pristine)
    db = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )
    return Database(env=env)


@dataclass
class DrillResult:
    """What the kills left behind."""

    runs: int = 0
    none: int = 0
    complete: int = 0
    partial: list[dict] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)


def run_until(command: list[str], env: dict, delay: float | None) -> tuple[float, int]:
    """Start `command`; SIGKILL it after `delay` seconds (None: let it finish). Returns (seconds, code)."""
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if delay is None:
        _out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err.decode()[-3000:]
        return time.monotonic() - started, 0
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    process.stderr.close()
    return time.monotonic() - started, process.returncode


def drill(*, command, env, database: Database, tables, full: dict, reset_pg, rng, before=None) -> DrillResult:
    """Calibrate on a full run, then kill KILLS runs at random moments; classify what each left."""
    before = before or (lambda: None)
    empty = database.counts(tables)
    before()
    full_seconds, _code = run_until(command, env, None)
    assert database.counts(tables) == full, "the calibration run did not write the whole file"
    database.reset(reset_pg)
    assert database.counts(tables) == empty
    result = DrillResult()
    for _run in range(KILLS):
        delay = rng.uniform(0.3, 1.0) * full_seconds  # the first ~30 % is mostly Python starting up
        before()
        run_until(command, env, delay)
        now = database.counts(tables)
        result.runs += 1
        result.delays.append(round(delay, 2))
        if now == empty:
            result.none += 1
        elif now == full:
            result.complete += 1
            database.reset(reset_pg)
        else:
            result.partial.append(now)
            database.reset(reset_pg)
    return result


def report(name: str, result: DrillResult, full: dict) -> None:
    line = (
        f"{name}: {result.runs} SIGKILLs (delays {min(result.delays):.2f}-{max(result.delays):.2f} s), "
        f"none: {result.none}, all: {result.complete}, partial: {len(result.partial)}; "
        f"rows of the whole file: {sum(full.values())}; database: {connection.vendor}"
    )
    print(line)
    out = os.environ.get("IZLEM_DRILL_REPORT")
    if out:
        with open(out, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def test_plan_import_killed_at_random_moments_leaves_all_or_nothing(world, tmp_path, settings):
    # given: the world in a database the child processes share, and the whole-file counts
    from izlem.plans.models import Plan

    database = child_database(tmp_path, tmp_path / "media")
    command = [IZLEM, "import_plan", str(SEED), "--owner", world.province.code]
    tables = [*PLAN_TABLES]
    # the whole file's counts of every plan table: from one uninterrupted run (the seed's known figures)
    run_until(command, database.env, None)
    full = database.counts(tables)
    assert (full["plans_plan"], full["plans_goal"], full["plans_target"]) == (1, 3, 6)
    assert (full["plans_indicator"], full["plans_indicatorrow"], full["plans_measure"]) == (55, 73, 58)
    database.reset(lambda: Plan.objects.all().delete())
    # when
    result = drill(
        command=command,
        env=database.env,
        database=database,
        tables=tables,
        full=full,
        reset_pg=lambda: Plan.objects.all().delete(),
        rng=random.Random(int(os.environ.get("IZLEM_DRILL_SEED", "10"))),
    )
    # then
    report("plan import", result, full)
    assert result.partial == [] and result.none + result.complete == KILLS


BULK_SCRIPT = (
    "from izlem.monitoring import bulk; u = bulk.upload_process({pk}); assert u.state == 'done', u.errors"
)


def test_bulk_upload_killed_at_random_moments_leaves_all_or_nothing(world, tmp_path, settings):
    # given: a period of a small plan, 60 more schools, and the planning officer's filled template
    from izlem.monitoring import bulk
    from izlem.monitoring.models import BulkUpload, Period, Submission, Value
    from izlem.plans.models import Goal, Plan, Target
    from tests.support.monitoring import make_indicator

    settings.MEDIA_ROOT = tmp_path / "media"
    plan = Plan.objects.create(owner=world.province, title="Drill planı", period_start=2015, period_end=2019)
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılım")
    for number in range(1, 6):
        make_indicator(plan, target, f"1.1.{number}", unit="count", aggregation="sum", baseline=Decimal(100))
    for n in range(60):  # save() fills the tree fields that scope queries use
        OrgNode.objects.create(
            kind="school",
            code=f"71{n:04d}",
            name=f"Okul {n}",
            parent=world.district_a,
            school_type="ortaokul",
            level_middle=True,
            setting="urban",
            student_count=300,
        )
    period = Period.objects.create(
        plan=plan,
        year=2016,
        half="H2",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )
    officer = world.planning_officer
    buffer = io.BytesIO()
    bulk.template_write(bulk.scope_load(user=officer, period=period), buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    filled = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if (
                    cell.protection.locked is False
                    and cell.value is None
                    and 2 < cell.column < sheet.max_column - 1  # not the note, not the versions
                ):
                    cell.value, filled = 101, filled + 1
    out = io.BytesIO()
    workbook.save(out)
    upload = BulkUpload.objects.create(
        period=period, by=officer, file=ContentFile(out.getvalue(), "veri.xlsx")
    )
    assert filled == 5 * 63, [(ws.title, ws.max_row, ws.max_column) for ws in workbook.worksheets]
    database = child_database(tmp_path, Path(settings.MEDIA_ROOT))
    tables = ["monitoring_value", "monitoring_historicalvalue"]
    full = {"monitoring_value": filled, "monitoring_historicalvalue": filled}
    command = [IZLEM, "shell", "--no-imports", "-c", BULK_SCRIPT.format(pk=upload.pk)]

    def reset_pg():
        # the history last: deleting values and submissions writes "deleted" history rows of its own
        Value.objects.all().delete()
        Submission.objects.all().delete()
        Value.history.all().delete()
        Submission.history.all().delete()
        BulkUpload.objects.filter(pk=upload.pk).update(state="queued", processed=0, total=0)

    def requeue():
        """Every run starts from a queued upload (a killed one stays 'running' until the stale sweep)."""
        if database.sqlite_file is not None:
            with closing(sqlite3.connect(database.sqlite_file, timeout=60)) as db, db:
                db.execute("UPDATE monitoring_bulkupload SET state='queued' WHERE id=?", (upload.pk,))
        else:
            BulkUpload.objects.filter(pk=upload.pk).update(state="queued")

    result = drill(
        command=command,
        env=database.env,
        database=database,
        tables=tables,
        full=full,
        reset_pg=reset_pg,
        rng=random.Random(int(os.environ.get("IZLEM_DRILL_SEED", "10"))),
        before=requeue,
    )
    report("bulk upload", result, full)
    assert result.partial == [] and result.none + result.complete == KILLS
