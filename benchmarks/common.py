"""Helpers shared by the benchmark scripts: Django set-up, timing, the machine line, the docs section.

Every script measures izlem against a baseline in the same run (median of BENCH_RUNS runs, default 3) and
rewrites its own section of docs/performance.md, between `<!-- bench:KEY:begin -->` and
`<!-- bench:KEY:end -->`. Import this module before anything from Django or izlem.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def django_setup(*, own_database: bool = False) -> None:
    """Set Django up on DATABASE_URL, or on SQLITE_PATH, or on a throw-away SQLite file.

    `own_database`: ignore DATABASE_URL/SQLITE_PATH (the script builds data no other script wants) unless
    BENCH_OWN_DATABASE_URL (e.g. an empty PostgreSQL database) or BENCH_OWN_SQLITE_PATH names one for it.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izlem.settings")
    os.environ.setdefault("IZLEM_TESTING", "1")  # no SECRET_KEY needed, the generator's fast hasher
    if own_database:
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_OWN_DATABASE_URL", "")
        if not os.environ["DATABASE_URL"]:
            os.environ["SQLITE_PATH"] = os.environ.get("BENCH_OWN_SQLITE_PATH") or str(
                Path(tempfile.mkdtemp()) / "bench.sqlite3"
            )
    elif not os.environ.get("DATABASE_URL") and not os.environ.get("SQLITE_PATH"):
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    import django

    django.setup()


class Lines(list):
    """The report's lines, each printed as soon as it is measured (a long run shows its progress)."""

    def append(self, line):
        print(line, flush=True)
        super().append(line)

    def __iadd__(self, lines):
        for line in lines:
            self.append(line)
        return self


def timed(function, runs: int = RUNS):
    """Median seconds of `runs` calls, every sample, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def load() -> str:
    """The 1-minute load average, for every figure (the machine is shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def machine() -> str:
    """Machine, engine and date line of a section."""
    from django.db import connection

    engine = connection.vendor
    if engine == "postgresql":
        with connection.cursor() as cursor:
            engine += f" {cursor.connection.info.server_version}"
    else:
        import sqlite3

        engine += f" {sqlite3.sqlite_version}"
    return (
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{engine}; {time.strftime('%Y-%m-%d %H:%M %Z')}; load average at start {load()}."
    )


def ensure_province(tier: str = "province", **overrides) -> float | None:
    """Migrate, then fill the database with `izlem generate_data` when it holds no schools."""
    from django.core.management import call_command

    from izlem.org.models import OrgNode

    call_command("migrate", verbosity=0)
    if OrgNode.objects.filter(kind="school").exists():
        return None
    started = time.perf_counter()
    call_command("generate_data", tier=tier, **overrides)
    return time.perf_counter() - started


def write(key: str, section: str) -> None:
    """Put `section` between the markers `key` in docs/performance.md (appended the first time).

    A run on another engine than SQLite writes its own section (`key-postgresql`), so both stay.
    (The load test's driver has no Django set up: its keys already name the engine.)
    """
    if os.environ.get("BENCH_WRITE", "1") != "1":
        return
    from django.conf import settings

    if settings.configured:  # the load test's driver runs no Django of its own and names its keys itself
        from django.db import connection

        if connection.vendor != "sqlite":
            key = f"{key}-{connection.vendor}"
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    begin, end = f"<!-- bench:{key}:begin -->", f"<!-- bench:{key}:end -->"
    block = f"{begin}\n{section.rstrip()}\n\n{end}"
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
