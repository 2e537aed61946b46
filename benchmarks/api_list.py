"""Benchmark (4): the values API list endpoint vs a bare Django view returning the same rows as JSON.

Run: `make bench` (or `.venv/bin/python benchmarks/api_list.py`; DATABASE_URL for PostgreSQL, else SQLITE_PATH
or a throw-away SQLite file filled with `izlem generate_data --tier province`).

Both sides go through the same in-process WSGI handler (Django's test Client, every middleware) and return
the same 500 rows of the open period (the province manager's scope, the API's ordering): the API with a
token (`Authorization: Bearer …`, `?period=…&page_size=500`; IZLEM_API_MAX_PAGE_SIZE is raised to 500 for
the run, the default maximum is 200), the bare view with `Value.objects.filter(...).values(...)` →
`JsonResponse`, no authentication. Each run times BENCH_REQUESTS requests (default 20) per side, alternating
the sides; the figure is the median request time of BENCH_RUNS runs. Goal: the API's throughput at least
50 % of the bare view's. `BENCH_PROFILE=1` prints a cProfile of the API side.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RUNS, Lines, django_setup, ensure_province, load, machine, write  # noqa: E402

django_setup()

from django.db import connection, reset_queries  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from izlem.api.services import token_create  # noqa: E402
from izlem.monitoring.models import Period, Value  # noqa: E402
from izlem.org.models import OrgNode, User  # noqa: E402

PAGE = 500
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
ORDERING = ["period", "entity__path", "row__indicator__sort_key", "row__order"]
FIELDS = [
    "id",
    "period",
    "entity",
    "entity__name",
    "row",
    "row__indicator_id",
    "row__indicator__code",
    "row__breakdown",
    "value",
    "numerator",
    "denominator",
    "note",
    "outlier_confirmed",
    "computed",
    "entered_by",
    "entered_at",
    "version",
    "submission",
    "submission__state",
]


def bare_values(request):
    """The floor: the same rows as plain dictionaries, serialised by Django's JSON encoder."""
    period, under = int(request.GET["period"]), request.GET["under"]
    values = Value.objects.filter(period=period, entity__path__startswith=under)
    rows = list(values.order_by(*ORDERING).values(*FIELDS)[:PAGE])
    return JsonResponse({"results": rows})


urls = types.ModuleType("bench_api_urls")
urls.urlpatterns = [path("bench/values/", bare_values), path("", include("izlem.urls"))]
sys.modules["bench_api_urls"] = urls


def main() -> str:
    lines = Lines()
    generated = ensure_province()
    period = Period.objects.order_by("-year", "-half").first()
    manager = User.objects.get(username="il24.mudur")
    token, secret = token_create(user=manager, name=f"bench {time.time():.0f}")
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    bare = Client(HTTP_HOST="127.0.0.1")
    api_url = f"/api/v1/values/?period={period.pk}&page_size={PAGE}"
    province = OrgNode.objects.get(kind="province", code="24")  # il24.mudur's scope (same rows on both sides)
    bare_url = f"/bench/values/?period={period.pk}&under={province.path}"
    in_period = Value.objects.filter(period=period, entity__path__startswith=province.path).count()
    lines += [
        machine(),
        f"Data: {OrgNode.objects.filter(kind='school').count():,} schools, {Value.objects.count():,} values; "
        f"the manager of {province.name} sees {in_period:,} of them in the open period {period}."
        + (f" Generated in {generated:.0f} s." if generated else ""),
        "",
    ]
    with override_settings(ROOT_URLCONF="bench_api_urls", IZLEM_API_MAX_PAGE_SIZE=PAGE):
        # same rows on both sides (and warm caches)
        api_rows = api.get(api_url).json()["results"]
        bare_rows = bare.get(bare_url).json()["results"]
        assert [r["id"] for r in api_rows] == [r["id"] for r in bare_rows] and len(api_rows) == PAGE
        reset_queries()  # the generator's queries may fill the log (a full log captures nothing)
        with CaptureQueriesContext(connection) as captured:
            api.get(api_url)
        api_queries = len(captured)  # now: `captured_queries` reads the log lazily
        with CaptureQueriesContext(connection) as captured:
            bare.get(bare_url)
        bare_queries = len(captured)
        if os.environ.get("BENCH_PROFILE"):
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(10):
                api.get(api_url)
            profile.disable()
            pstats.Stats(profile).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(
                45
            )
        medians = {"api": [], "bare": []}
        loads = []
        for _run in range(RUNS):
            samples = {"api": [], "bare": []}
            loads.append(os.getloadavg()[0])
            for _ in range(REQUESTS):
                for side, client, url in (("api", api, api_url), ("bare", bare, bare_url)):
                    started = time.perf_counter()
                    response = client.get(url)
                    samples[side].append(time.perf_counter() - started)
                    assert response.status_code == 200, (side, response.status_code)
            for side in samples:
                medians[side].append(statistics.median(samples[side]))
    token.delete()  # a kept database (DATABASE_URL) would otherwise collect a token per run
    api_s, bare_s = statistics.median(medians["api"]), statistics.median(medians["bare"])
    ratio = bare_s / api_s
    lines += [
        "| measure | izlem API | bare view | throughput ratio (API / bare) | goal | load average |",
        "|---|---|---|---|---|---|",
        f"| `GET /api/v1/values/?period=…&page_size={PAGE}` with a token vs `.values()` → `JsonResponse`, "
        f"{PAGE} rows | {api_s * 1000:.0f} ms/request ({1 / api_s:.1f}/s), {api_queries} queries "
        f"| {bare_s * 1000:.0f} ms/request ({1 / bare_s:.1f}/s), {bare_queries} queries "
        f"| {ratio * 100:.0f} % | ≥ 50 % {'met' if ratio >= 0.5 else 'missed'} "
        f"| {min(loads):.1f}–{max(loads):.1f} |",
        "",
        f"Median of {RUNS} runs of {REQUESTS} requests per side (alternating); per-run medians: API "
        + ", ".join(f"{m * 1000:.0f}" for m in medians["api"])
        + " ms; bare "
        + ", ".join(f"{m * 1000:.0f}" for m in medians["bare"])
        + f" ms. Load average at the end {load()}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    write("api", main())
