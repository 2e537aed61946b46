"""Deadline-day load test: gunicorn + the task worker + PostgreSQL, then SQLite in WAL mode, all on 127.0.0.1.

Run: `make load` (installs locust through the `bench` extra), or `.venv/bin/python benchmarks/load/run.py`
with `--engines postgresql,sqlite`, `--users 10,20,30,40,60` (the steps), `--seconds 60` (per step),
`--writers 20` (the SQLite step), `--workers 4` (gunicorn processes).

PostgreSQL: a throw-away database made with `createdb` (PGHOST/PGUSER, default 127.0.0.1 and postgres) and
dropped at the end; SQLite: a throw-away file (and the reports the worker makes go to a throw-away MEDIA_ROOT). Each is filled with `izlem generate_data --tier province`;
before each step every submission of the open period is put back to draft (deadline day: every school is
still entering). Then gunicorn (`--workers` processes, 127.0.0.1 only) and one `izlem db_worker` are
started, and locust runs the mix of benchmarks/load/locustfile.py headless for each step of users
(statistics reset once every user has signed in). PostgreSQL: the steps go up until one fails the goal
— 0 errors and p95 < 500 ms — and the highest passing rate is reported. SQLite: one step of `--writers`
principals only (every one of them saving lines), which must end with no error at all: any 5xx, and so any
"database is locked" reaching a user, fails it; gunicorn's log is searched for "database is locked" too.
Every figure carries the load average (the machine is shared). The results are printed and written to
docs/performance.md (sections `load-postgresql` and `load-sqlite`). Everything started is stopped, by process id.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from common import write  # noqa: E402

VENV = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("BENCH_PORT", "8702"))
P95_GOAL_MS = 500
BASE_ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "DJANGO_SETTINGS_MODULE": "izlem.settings",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "HTTPS": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    # static files from the finders (no collectstatic), the generator's fast password hasher, and no
    # sign-in rate limit (every simulated person signs in from 127.0.0.1)
    "IZLEM_TESTING": "1",
    "DB_CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
}


def loadavg() -> float:
    return os.getloadavg()[0]


def izlem(env: dict, *args: str, quiet: bool = True) -> None:
    subprocess.run(
        [str(VENV / "izlem"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


RESET = (
    "from izlem.monitoring.models import Period, Submission;"
    "p = Period.objects.order_by('-year', '-half').first();"
    "Submission.objects.filter(period=p).update(state='draft', submitted_at=None, decided_at=None)"
)


class Servers:
    """gunicorn and one db_worker for the duration of an engine's steps; stopped by process id."""

    def __init__(self, env: dict, workers: int, log: Path):
        self.env, self.workers, self.log = env, workers, log
        self.processes: list[subprocess.Popen] = []

    def __enter__(self):
        output = self.log.open("ab")
        self.processes = [
            subprocess.Popen(
                [
                    str(VENV / "gunicorn"),
                    "izlem.wsgi",
                    "-w",
                    str(self.workers),
                    "-b",
                    f"127.0.0.1:{PORT}",
                    "--timeout",
                    "120",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=output,
                stderr=output,
            ),
            subprocess.Popen(
                [str(VENV / "izlem"), "db_worker", "--interval", "0.5", "--no-reload"],
                env=self.env,
                cwd=ROOT,
                stdout=output,
                stderr=output,
            ),
        ]
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5)
                return self
            except OSError:
                time.sleep(1)
        raise RuntimeError("gunicorn did not answer on /healthz")

    def __exit__(self, *exc):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def locust(
    users: int, seconds: int, prefix: Path, classes: list[str], pause: str = "1,3", submit: bool = True
) -> dict:
    """One headless locust step; returns the aggregated figures (and the save's p95)."""
    before = loadavg()
    subprocess.run(
        [
            str(VENV / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "load" / "locustfile.py"),
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--headless",
            "--only-summary",
            "--reset-stats",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 5)),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
            *classes,
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BENCH_PAUSE": pause,
            "BENCH_SUBMIT": "1" if submit else "0",
        },
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8"))}
    total = rows["Aggregated"]
    save = rows.get("save one line (htmx)")
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
    return {
        "users": users,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rate": float(total["Requests/s"]),
        "p95": float(total["95%"]),
        "save_p95": float(save["95%"]) if save else None,
        "saves": int(save["Request Count"]) if save else 0,
        "failures": [f"{f['Method']} {f['Name']}: {f['Error']} ×{f['Occurrences']}" for f in failures][:5],
        "load": (before, loadavg()),
    }


def warm_up(args, prefix: Path) -> None:
    """A short unrecorded run: every gunicorn process loads its templates and caches before the steps."""
    locust(min(args.users[0], 10), 20, prefix, [])


def passed(step: dict) -> bool:
    return step["errors"] == 0 and step["p95"] < P95_GOAL_MS and step["requests"] > 0


def row(step: dict, verdict: str | None = None) -> str:
    save = f"{step['save_p95']:.0f} ms ({step['saves']:,})" if step["save_p95"] is not None else "—"
    errors = str(step["errors"]) + (f" ({'; '.join(step['failures'])})" if step["failures"] else "")
    verdict = verdict or ("pass" if passed(step) else "fail")
    return (
        f"| {step['users']} | {step['rate']:.1f} | {step['requests']:,} | {step['p95']:.0f} ms | {save} | {errors} "
        f"| {verdict} | {step['load'][0]:.1f} → {step['load'][1]:.1f} |"
    )


HEADER = [
    "| users | requests/s | requests | p95 | p95 of a line save (saves) | errors | goal | load average |",
    "|---|---|---|---|---|---|---|---|",
]


def prepare(env: dict) -> None:
    izlem(env, "migrate")
    izlem(env, "generate_data", "--tier", "province")


def run_postgresql(args, out: Path) -> list[str]:
    host, user = os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGUSER", "postgres")
    name = f"izlem_load_{os.getpid()}"
    subprocess.run(["createdb", "-h", host, "-U", user, name], check=True)
    media = Path(tempfile.mkdtemp(prefix="izlem-load-media-"))  # the reports the worker makes
    env = {**BASE_ENV, "DATABASE_URL": f"postgres://{user}@{host}:5432/{name}", "MEDIA_ROOT": str(media)}
    lines = []
    try:
        prepare(env)
        steps = []
        with Servers(env, args.workers, out / "postgresql-gunicorn.log"):
            warm_up(args, out / "postgresql-warm-up")
            for users in args.users:
                izlem(env, "shell", "--no-imports", "-c", RESET)
                step = locust(users, args.seconds, out / f"postgresql-{users}", [])
                print(row(step), flush=True)
                steps.append(step)
                if not passed(step):
                    break
        best = max((s for s in steps if passed(s)), key=lambda s: s["rate"], default=None)
        lines += [
            f"**PostgreSQL** ({args.workers} gunicorn processes, 1 `db_worker`, {args.seconds} s per step after "
            "every user has signed in):",
            "",
            *HEADER,
            *[row(step) for step in steps],
            "",
            (
                f"Highest rate with 0 errors and p95 < {P95_GOAL_MS} ms: **{best['rate']:.1f} requests/s** "
                f"({best['users']} users, p95 {best['p95']:.0f} ms, load average {best['load'][1]:.1f})."
                if best
                else f"No step met 0 errors and p95 < {P95_GOAL_MS} ms."
            ),
            "",
        ]
    finally:
        subprocess.run(["dropdb", "-h", host, "-U", user, "--if-exists", name], check=False)
        shutil.rmtree(media, ignore_errors=True)
    return lines


def run_sqlite(args, out: Path) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="izlem-load-"))
    env = {**BASE_ENV, "SQLITE_PATH": str(folder / "izlem.sqlite3"), "MEDIA_ROOT": str(folder / "media")}
    env.pop("DATABASE_URL", None)
    log = out / "sqlite-gunicorn.log"
    log.unlink(missing_ok=True)
    try:
        prepare(env)
        izlem(env, "shell", "--no-imports", "-c", RESET)
        with Servers(env, args.workers, log):
            warm_up(args, out / "sqlite-warm-up")
            steps = []
            # people's pauses (and submissions), then none: every writer saving back to back, never submitting
            for pause, submit in (("1,3", True), ("0,0", False)):
                izlem(env, "shell", "--no-imports", "-c", RESET)
                name = f"sqlite-{args.writers}-pause-{pause.replace(',', '-')}"
                steps.append(locust(args.writers, args.seconds, out / name, ["Principal"], pause, submit))
                print(row(steps[-1], "see below"), flush=True)
        mode = subprocess.run(
            [
                str(VENV / "izlem"),
                "shell",
                "--no-imports",
                "-c",
                "from django.db import connection; c = connection.cursor(); "
                "print(c.execute('PRAGMA journal_mode').fetchone()[0])",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    locked = log.read_text(encoding="utf-8", errors="replace").count("database is locked")
    errors = sum(step["errors"] for step in steps)
    ok = errors == 0 and locked == 0
    return [
        f"**SQLite** (journal mode `{mode}`, {args.workers} gunicorn processes, 1 `db_worker`): {args.writers} "
        f"principals at once, {args.seconds} s saving lines and submitting with people's 1-3 s pauses, then "
        f"{args.seconds} s saving back to back with no pause and no submission (a submitted school is locked):",
        "",
        *HEADER,
        *[row(step, f"{'pass' if step['errors'] == 0 else 'fail'} (0 errors)") for step in steps],
        "",
        f'"database is locked" in gunicorn\'s log: {locked}; errors reaching a user (any 4xx/5xx): '
        f"{errors} — **{'pass' if ok else 'fail'}**.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--users", default="10,20,30,40,60")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    args.users = [int(u) for u in args.users.split(",")]
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    for engine in args.engines.split(","):
        lines = [
            f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}; load average at start {loadavg():.1f}. Data: `generate_data "
            "--tier province` (250 schools, 261 users); locust runs on the same machine. Command: `python "
            f"benchmarks/load/run.py --engines {engine} --users {','.join(map(str, args.users))} --seconds "
            f"{args.seconds} --writers {args.writers} --workers {args.workers}`.",
            "",
        ]
        lines += {"postgresql": run_postgresql, "sqlite": run_sqlite}[engine](args, out)
        section = "\n".join(lines)
        print(section, flush=True)
        write(f"load-{engine}", section)  # each engine its own section: one can be run again alone


if __name__ == "__main__":
    main()
