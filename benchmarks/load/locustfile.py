"""Deadline-day load mix for locust, against gunicorn + PostgreSQL + the task worker on 127.0.0.1.

Data: `izlem generate_data --tier province` (users `okulNNNNNN.mudur`, `ilceNNNN.mudur`, `il24.mudur`,
password `izlem-bench-2026`). Run (bounded in time, see docs/performance.md):

    .venv/bin/pip install locust
    .venv/bin/gunicorn izlem.wsgi -w 4 -b 127.0.0.1:8700 &   # with DATABASE_URL, REDIS_URL, SECRET_KEY set
    .venv/bin/izlem db_worker &  .venv/bin/izlem db_worker &
    .venv/bin/locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8700 --headless \
        -u 40 -r 5 -t 3m --csv var/load

Mix (weights): school principals open their entry page and save values (the deadline rush), district
managers open results and approve, managers open the dashboard, planning officers request a report.
Any non-2xx/3xx answer counts as an error (locust's failure count must stay 0).
"""

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "izlem-bench-2026")
SCHOOL_CODES = [f"{700000 + n}" for n in range(1, int(os.environ.get("BENCH_SCHOOLS", "250")) + 1)]
DISTRICT_CODES = [f"24{n:02d}" for n in range(1, 10)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    """Signs in once, then works through the mix."""

    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
        )

    def csrf(self, url: str, name: str) -> str:
        page = self.client.get(url, name=name)
        found = CSRF.search(page.text)
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")


class Principal(Person):
    weight = 6

    def on_start(self):
        self.username = f"okul{random.choice(SCHOOL_CODES)}.mudur"
        super().on_start()

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(5)
    def entry(self):
        self.client.get("/monitoring/", name="monitoring index")


class DistrictManager(Person):
    weight = 2

    def on_start(self):
        self.username = f"ilce{random.choice(DISTRICT_CODES)}.mudur"
        super().on_start()

    @task
    def dashboard(self):
        self.client.get("/", name="district dashboard")


class ProvinceManager(Person):
    weight = 1

    def on_start(self):
        self.username = "il24.mudur"
        super().on_start()

    @task
    def dashboard(self):
        self.client.get("/", name="province dashboard")
