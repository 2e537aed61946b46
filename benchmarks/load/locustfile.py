"""Deadline-day load mix for locust, against gunicorn + a database + the task worker on 127.0.0.1.

Data: `izlem generate_data --tier province` (users `okulNNNNNN.mudur`, `ilceNNNN.mudur`, `il24.mudur`,
`il24.arge`, password `izlem-bench-2026`). `benchmarks/load/run.py` starts everything, steps the number of
users up and writes the results to docs/performance.md; by hand (bounded in time):

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8700 --headless \
        -u 40 -r 10 -t 60s --csv var/load/step

Mix (each user signs in once, then works with 1-3 s pauses, as people do; BENCH_PAUSE=0,0 for none):
* school principals (weight 12): open the entry page of the open period, save lines one by one through
  the htmx per-line endpoint (the same value or a changed one, as a person correcting figures does), now
  and then submit the school's data for approval;
* district managers (weight 3): their dashboard, the period's "who has submitted" page, approve a
  submitted school or return one with a comment;
* the province manager (weight 1): the dashboard and the province's indicator list;
* the province planning officer (weight 1): requests the six-month report (queued for the worker) and
  follows its page.

Any answer that is not 2xx/3xx counts as an error; so does an entry line that comes back without its form
(a save that did not render). Saves refused by a rule (locked data, an unusual value to confirm) are
normal answers: people meet them too.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "izlem-bench-2026")
PAUSE = [float(s) for s in os.environ.get("BENCH_PAUSE", "1,3").split(",")]  # seconds between a user's tasks
# BENCH_SUBMIT=0: principals never submit, so they keep saving (a submitted school is locked)
SUBMITTING = os.environ.get("BENCH_SUBMIT", "1") == "1"
SCHOOL_CODES = [f"{700000 + n}" for n in range(1, int(os.environ.get("BENCH_SCHOOLS", "250")) + 1)]
DISTRICT_CODES = [f"24{n:02d}" for n in range(1, int(os.environ.get("BENCH_DISTRICTS", "9")) + 1)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ENTRY_LINK = re.compile(r'href="(/monitoring/periods/(\d+)/entry/(\d+)/)"')
LINE = re.compile(
    r'<form class="card card-body py-2 entry-line" id="line-\d+" method="post" action="([^"]+)".*?</form>',
    re.S,
)
VERSION = re.compile(r'name="version" value="(\d+)"')
FIELD = re.compile(r'name="(value|numerator|denominator)" inputmode="decimal" value="([^"]*)"( disabled)?')
SUBMIT = re.compile(r'action="(/monitoring/submissions/\d+/submit/)"')
APPROVE = re.compile(r'action="(/monitoring/submissions/(\d+)/decide/approve/)"')
PERIOD = re.compile(r'href="/monitoring/periods/(\d+)/"')
REPORT = re.compile(r'action="(/reports/periods/\d+/generate/\d+/)"')


def number(text: str) -> int:
    """A figure as the form shows it ("1.234,5") as a whole number."""
    text = text.replace(".", "").replace(",", ".").strip()
    try:
        return int(float(text))
    except ValueError:
        return 0


class Person(HttpUser):
    """Signs in once, then works through the mix."""

    abstract = True
    wait_time = between(*PAUSE)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="sign-in form")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="sign in",
        )

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post(self, url: str, data: dict, name: str, **kwargs):
        headers = {"X-CSRFToken": self.csrf(), "Referer": self.host + url, **kwargs.pop("headers", {})}
        return self.client.post(
            url, {**data, "csrfmiddlewaretoken": self.csrf()}, name=name, headers=headers, **kwargs
        )


class Principal(Person):
    """Enters the school's values line by line on deadline day, then submits."""

    weight = 12

    def on_start(self):
        self.username = f"okul{random.choice(SCHOOL_CODES)}.mudur"
        super().on_start()
        self.entry_url = None

    def find_entry(self) -> str | None:
        if self.entry_url is None:  # the home page links the school's entry form of the open period
            links = ENTRY_LINK.findall(self.client.get("/", name="home (principal)").text)
            self.entry_url = links[0][0] if links else None
        return self.entry_url

    @task(2)
    def home(self):
        self.client.get("/", name="home (principal)")

    @task(10)
    def enter_values(self):
        url = self.find_entry()
        if url is None:
            return
        page = self.client.get(url, name="entry page")
        lines = [match for match in LINE.finditer(page.text)]
        editable = [m for m in lines if " disabled" not in m.group(0)]
        for match in random.sample(editable, min(len(editable), random.randint(1, 3))):
            form = match.group(0)
            data = {"version": VERSION.search(form).group(1), "note": ""}
            for field, value, _disabled in FIELD.findall(form):
                current = number(value) if value else 0
                if field == "denominator":
                    data[field] = str(current or 100)
                elif field == "numerator":
                    data[field] = str(current or 50)
                else:  # a count: the same, or one more (a correction)
                    data[field] = str((current or 10) + random.choice((0, 0, 1)))
            if "denominator" in data and number(data["numerator"]) > number(data["denominator"]):
                data["numerator"] = data["denominator"]
            with self.client.post(
                match.group(1),
                {**data, "csrfmiddlewaretoken": self.csrf()},
                headers={"HX-Request": "true", "X-CSRFToken": self.csrf(), "Referer": self.host + url},
                name="save one line (htmx)",
                catch_response=True,
            ) as response:
                if response.status_code == 200 and "entry-line" not in response.text:
                    response.failure("the line came back without its form")

    @task(1)
    def submit(self):
        url = self.find_entry() if SUBMITTING else None
        if url is None:
            return
        page = self.client.get(url, name="entry page")
        found = SUBMIT.search(page.text)
        if found:
            self.post(found.group(1), {}, name="submit for approval")


class DistrictManager(Person):
    """Follows the district's schools and decides on their submissions."""

    weight = 3

    def on_start(self):
        self.username = f"ilce{random.choice(DISTRICT_CODES)}.mudur"
        super().on_start()
        self.period_url = None

    @task(2)
    def dashboard(self):
        self.client.get("/", name="home (district dashboard)")

    @task(3)
    def decide(self):
        if self.period_url is None:
            found = PERIOD.search(self.client.get("/monitoring/", name="monitoring home").text)
            if not found:
                return
            self.period_url = f"/monitoring/periods/{found.group(1)}/"
        page = self.client.get(self.period_url, name="period page (who has submitted)")
        waiting = APPROVE.findall(page.text)
        if not waiting:
            return
        url, pk = random.choice(waiting)
        if random.random() < 0.8:
            self.post(url, {"next": self.period_url}, name="approve a school")
        else:
            self.post(
                f"/monitoring/submissions/{pk}/decide/return/",
                {"comment": "Öğrenci sayısını kontrol ediniz."},
                name="return a school",
            )


class ProvinceManager(Person):
    """Watches the province on the dashboard."""

    weight = 1

    def on_start(self):
        self.username = "il24.mudur"
        super().on_start()

    @task(2)
    def dashboard(self):
        self.client.get("/", name="home (province dashboard)")

    @task(1)
    def results(self):
        found = PERIOD.search(self.client.get("/monitoring/", name="monitoring home").text)
        if found:
            page = self.client.get(f"/monitoring/periods/{found.group(1)}/", name="period page (province)")
            del page


class PlanningOfficer(Person):
    """Asks for the six-month report (the worker makes it) and follows it."""

    weight = 1
    wait_time = between(30, 60)  # a report is asked for now and then, not every few seconds

    def on_start(self):
        self.username = "il24.arge"
        super().on_start()

    @task
    def report(self):
        found = PERIOD.search(self.client.get("/monitoring/", name="monitoring home").text)
        if not found:
            return
        index = self.client.get(f"/reports/periods/{found.group(1)}/", name="reports page")
        generate = REPORT.search(index.text)
        if generate:
            job = self.post(generate.group(1), {}, name="request a report")
            if job.status_code == 200 and "/reports/jobs/" in job.url:
                self.client.get(job.url.replace(self.host, "") + "progress/", name="report progress")
