"""The plan browser on the full Erzincan 2015-2019 seed plan: query-count guards, the real numbers on
the pages, search, costing and a planning officer's edit.

Each test imports the seed (about two seconds), so the module keeps to a handful of tests.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from izlem.plans.importers.loader.load import plan_import_document
from izlem.plans.importers.ministry_text import parse_plan_file
from izlem.plans.models import Indicator, Plan, YearValue

SEED = Path(__file__).resolve().parents[1] / "seed" / "erzincan_2015_2019.txt"
# Fixed costs of a page, whatever the plan's size: session, user, role assignments, the menu's
# scope checks, notifications, the plan access check and the page's own reads.
PLAN_PAGE_MAX_QUERIES = 18
INDICATOR_PAGE_MAX_QUERIES = 14
OTHER_PAGE_MAX_QUERIES = {"target": 16, "analyses": 19, "costs": 14}


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English, so that assertions on interface text do not depend on the Turkish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def seed_plan(world) -> Plan:
    """The Erzincan 2015-2019 plan, imported from the seed document and owned by the province."""
    return plan_import_document(parse_plan_file(SEED), source_name="seed").plan


def test_plan_page_of_the_seed_runs_a_fixed_number_of_queries(
    world, seed_plan, client, django_assert_max_num_queries
):
    # given the full seed plan (3 goals, 6 targets, 55 indicators, 58 measures)
    client.force_login(world.principal)
    client.get(reverse("plans:plan-list"))  # warm the session
    # when the plan page is opened
    with django_assert_max_num_queries(PLAN_PAGE_MAX_QUERIES):
        response = client.get(reverse("plans:plan-detail", args=[seed_plan.pk]))
    # then every indicator and measure is listed without a query per item
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/plans/indicators/') == 55
    assert html.count('href="/plans/measures/') == 58
    assert "1 target · 9 indicators · 21 measures" in html


@pytest.mark.parametrize(("code", "rows"), [("1.1.1", 1), ("1.1.2", 3), ("1.1.7", 4)])
def test_indicator_page_of_the_seed_runs_a_fixed_number_of_queries(
    world, seed_plan, client, django_assert_max_num_queries, code, rows
):
    # given seed indicators with one, three and four breakdown rows
    indicator = Indicator.objects.get(plan=seed_plan, code=code)
    client.force_login(world.planning_officer)
    client.get(reverse("plans:plan-list"))
    # when the indicator page is opened
    with django_assert_max_num_queries(INDICATOR_PAGE_MAX_QUERIES):
        response = client.get(reverse("plans:indicator-detail", args=[indicator.pk]))
    # then the same number of queries serves any number of rows, with a chart per row
    assert response.status_code == 200
    assert len(response.context["panels"]) == rows
    assert all(panel["chart"] is not None for panel in response.context["panels"])


@pytest.mark.parametrize("page_name", ["target", "analyses", "costs"])
def test_other_seed_pages_run_a_fixed_number_of_queries(
    world, seed_plan, client, django_assert_max_num_queries, page_name
):
    # given the seed plan: target 1.1 has 9 indicators (15 rows) and 21 measures; 39 SWOT items, 16 TOWS
    target = seed_plan.targets.get(code="1.1")
    url = {
        "target": reverse("plans:target-detail", args=[target.pk]),
        "analyses": reverse("plans:plan-analyses", args=[seed_plan.pk]),
        "costs": reverse("plans:plan-costs", args=[seed_plan.pk]),
    }[page_name]
    client.force_login(world.principal)
    client.get(reverse("plans:plan-list"))
    # when the page is opened
    with django_assert_max_num_queries(OTHER_PAGE_MAX_QUERIES[page_name]):
        response = client.get(url)
    # then it is served without a query per indicator, measure or analysis item
    assert response.status_code == 200


def test_seed_indicator_page_shows_the_documents_numbers(world, seed_plan, client):
    # given seed indicator 1.1.2 (net enrolment by level)
    indicator = Indicator.objects.get(plan=seed_plan, code="1.1.2")
    client.force_login(world.teacher)
    # when it is opened
    response = client.get(reverse("plans:indicator-detail", args=[indicator.pk]))
    # then the baselines, yearly targets and plan-end targets of each level show in Turkish format
    html = response.content.decode()
    panels = {panel["table"].row.breakdown: panel["table"] for panel in response.context["panels"]}
    assert list(panels) == ["İlkokul", "Ortaokul", "Ortaöğretim"]
    assert panels["Ortaokul"].baselines[2012].value is None
    assert panels["Ortaöğretim"].plan_end.value == Decimal("95.0000")
    for text in (">98,54<", ">99,85<", ">93,83<", ">98,50<", ">80,86<", ">87,89<", ">95,00<"):
        assert text in html


def test_search_finds_seed_indicator_by_code_and_words(world, seed_plan, client):
    # given the seed plan
    client.force_login(world.district_manager)
    # when searching by code and by words
    by_code = client.get(reverse("plans:search"), {"q": "1.1.2"}).context["results"]
    by_words = client.get(reverse("plans:search"), {"q": "net okullaşma"}).context["results"]
    by_measure = client.get(reverse("plans:search"), {"q": "58"}).context["results"]
    # then the exact indicator, the two indicators naming both words and measure 58 are found
    assert [indicator.code for indicator in by_code.indicators] == ["1.1.2"]
    assert [indicator.code for indicator in by_words.indicators] == ["1.1.2", "1.1.3"]
    assert [measure.number for measure in by_measure.measures] == [58]


def test_seed_costs_page_shows_computed_sums_and_the_printed_share_mismatches(world, seed_plan, client):
    # given the seed's costing table
    client.force_login(world.province_manager)
    # when the costs page is opened
    response = client.get(reverse("plans:plan-costs", args=[seed_plan.pk]))
    # then the computed sums agree with the printed ones and the four misprinted shares are marked
    table = response.context["table"]
    rows = {(row.kind, row.key): row for row in table.rows}
    assert rows[("goal", "2")].computed_amount == Decimal("3408200.00")
    assert rows[("goals_total", "goals_total")].computed_amount == Decimal("27737800.00")
    assert rows[("total", "total")].computed_amount == Decimal("132492009.00")
    assert not any(row.amount_differs for row in table.rows)
    assert sorted(key for (kind, key), row in rows.items() if row.share_differs) == [
        "2",
        "2.1",
        "2.3",
        "3.1",
        "3.2",
    ]
    assert (rows[("target", "2.3")].printed_share, rows[("target", "2.3")].computed_share) == (
        Decimal("0.16"),
        Decimal("0.14"),
    )
    html = response.content.decode()
    assert "132.492.009,00" in html and "3.408.200,00" in html
    assert "5 printed figures differ from the system" in html


def test_province_planning_officer_edits_a_seed_target_but_district_planner_cannot(world, seed_plan, client):
    # given the computed 2016 target of seed indicator 1.1.1 (66,00)
    target_2016 = YearValue.objects.get(
        row__indicator__plan=seed_plan, row__indicator__code="1.1.1", kind="target", year=2016
    )
    url = reverse("plans:yearly-target-edit", args=[target_2016.pk])
    # when the district planner tries, then the province planning officer saves 65
    client.force_login(world.district_planner)
    denied = client.post(url, {"value": "70"})
    target_2016.refresh_from_db()
    unchanged = (target_2016.value, target_2016.is_default)
    client.force_login(world.planning_officer)
    saved = client.post(url, {"value": "65"})
    target_2016.refresh_from_db()
    # then only the province planning officer's value is kept, as a hand-set target
    assert denied.status_code == 404 and unchanged == (Decimal("66.0000"), True)
    assert saved.status_code == 302 and (target_2016.value, target_2016.is_default) == (
        Decimal("65.0000"),
        False,
    )
    assert target_2016.history.latest().history_user == world.planning_officer
