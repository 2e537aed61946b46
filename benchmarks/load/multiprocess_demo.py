"""Scale-out demonstration: 4 gunicorn processes and 2 task workers against one PostgreSQL, on 127.0.0.1.

Run: `DATABASE_URL=postgres://…/db_with_generated_data .venv/bin/python benchmarks/load/multiprocess_demo.py`
(a database filled by `izlem generate_data --tier province`; uses the local Redis when REDIS_URL is set).
Checks: a session created through one process is accepted by all (every one of 40 requests on fresh
connections, spread over the gunicorn processes, is signed in), and 20 queued tasks are shared by the two
workers (each runs some, none runs one twice). Stops everything it started.
"""

import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("BENCH_PORT", "8701"))
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "HTTPS": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "IZLEM_TESTING": "1",  # static files from the finders (no collectstatic) and the generator's password hasher
}


def request(method, path, body=None, cookies="", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)  # a fresh connection each time
    connection.request(method, path, body=body, headers={"Cookie": cookies, **(headers or {})})
    response = connection.getresponse()
    return response.status, response.getheaders(), response.read().decode("utf-8", "replace")


def cookies_of(headers, jar):
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";")[0]
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def main():
    venv = ROOT / ".venv" / "bin"
    started = [
        subprocess.Popen(
            [str(venv / "gunicorn"), "izlem.wsgi", "-w", "4", "-b", f"127.0.0.1:{PORT}", "--timeout", "120"],
            env=ENV,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        *[
            subprocess.Popen(
                [str(venv / "izlem"), "db_worker", "--interval", "0.2", "--no-reload"],
                env=ENV,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ],
    ]
    try:
        for _ in range(120):
            try:
                request("GET", "/healthz")
                break
            except OSError:
                time.sleep(1)
        jar = {}
        status, headers, page = request("GET", "/accounts/login/")
        assert "csrfmiddlewaretoken" in page, (status, page[:300])
        cookie = cookies_of(headers, jar)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = f"username=il24.mudur&password=izlem-bench-2026&csrfmiddlewaretoken={token}"
        status, headers, _page = request(
            "POST",
            "/accounts/login/",
            body,
            cookie,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{PORT}/"},
        )
        cookie = cookies_of(headers, jar)
        assert status == 302, f"login answered {status}"
        signed_in = sum(1 for _ in range(40) if request("GET", "/", cookies=cookie)[0] == 200)
        print(
            f"sessions: {signed_in}/40 requests on fresh connections to 4 gunicorn processes were signed in"
        )

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izlem.settings")
        os.environ.setdefault("IZLEM_TESTING", "1")
        import django

        django.setup()
        from benchmarks.load.demo_tasks import worker_pid

        results = [worker_pid.enqueue(number) for number in range(20)]
        deadline = time.time() + 120
        while time.time() < deadline and any(not r.is_finished for r in results):
            time.sleep(0.5)
            for result in results:
                result.refresh()
        pids = [result.return_value for result in results if result.is_finished]
        shares = {pid: pids.count(pid) for pid in set(pids)}
        print(f"tasks: {len(pids)}/20 done, by worker process: {shares}")
        ok = signed_in == 40 and len(pids) == 20 and len(shares) == 2
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
