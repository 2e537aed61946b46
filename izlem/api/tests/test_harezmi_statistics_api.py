"""The Harezmi statistics through the API answer the statistics page's figures; a node outside the
requester's scope is a 404 like a missing one.

World: school A1 (district A, Erzincan), its principal and teacher; the outsider is district B's top
manager; Kars's manager (`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from izlem.harezmi.selectors.statistics import COUNT_FIELDS, PROGRAMMES
from tests.support.api import not_found

STATISTICS = "/api/v1/harezmi/statistics/"
MISSING = 999_999
pytestmark = pytest.mark.usefixtures("files_and_tasks")


def test_statistics_answer_the_pages_figures(world, api, stats_world, client):
    # when the province coordinator asks without a node: the highest they read
    response = api(world.province_coordinator).get(f"{STATISTICS}?year={stats_world.year.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    # then the page's figures: the province, a row per district, the total
    client.force_login(world.province_coordinator)
    page = client.get(reverse("harezmi:statistics") + f"?year={stats_world.year.pk}").context["stats"]
    assert body["node"] == {"id": world.province.pk, "code": "24", "name": "Erzincan", "kind": "province"}
    assert (body["program_year"], body["day"], body["weeks"]) == (
        stats_world.year.pk,
        str(page.day),
        page.weeks,
    )
    assert [row["node"]["name"] for row in body["rows"]] == [row.node.name for row in page.rows]
    for name in COUNT_FIELDS:
        assert body["total"][name] == getattr(page.total, name), name
        assert [row["figures"][name] for row in body["rows"]] == [
            getattr(row.figures, name) for row in page.rows
        ], name
    assert (body["total"]["schools"], body["total"]["teams"], body["total"]["students"]) == (2, 3, 4)
    assert body["total"]["consent_rate"] == str(page.total.consent_rate)
    assert [(p["programme"], p["count"]) for p in body["total"]["by_programme"]] == [
        (programme, {"etwinning": 1, "erasmus": 1, "national": 1}.get(programme, 0))
        for programme in PROGRAMMES
    ]


def test_statistics_outside_the_scope_arenot_found(world, api, stats_world):
    year = stats_world.year.pk
    district = api(world.district_manager)
    own = district.get(f"{STATISTICS}?year={year}")
    assert own.status_code == 200 and own.json()["node"]["id"] == world.district_a.pk
    # A1, A2 (a planned visit) and the district's own records (its training)
    rows = own.json()["rows"]
    assert [row["node"]["id"] for row in rows] == [
        world.school_a1.pk,
        world.school_a2.pk,
        world.district_a.pk,
    ]
    assert [row["own"] for row in rows] == [False, False, True]
    school = district.get(f"{STATISTICS}?year={year}&node={world.school_a1.pk}")
    assert school.status_code == 200 and school.json()["rows"] == []
    missing = district.get(f"{STATISTICS}?year={year}&node={MISSING}")
    assert not_found(missing)
    for node in (world.district_b, world.province, world.other_province):
        assert district.get(f"{STATISTICS}?year={year}&node={node.pk}").json() == missing.json()
    assert not_found(api(world.teacher).get(f"{STATISTICS}?year={year}"))  # a teacher sees no statistics
    assert not_found(api(world.other_manager).get(f"{STATISTICS}?year={year}"))
    assert not_found(api(world.other_manager).get(STATISTICS))  # Kars has no year
    bad = district.get(f"{STATISTICS}?node=abc")
    assert bad.status_code == 400 and "node" in bad.json()["fields"]
