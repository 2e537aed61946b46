"""Plan browser pages: who may open them, and what they show.

A small plan owned by Erzincan (and one owned by Kars) is built with the ORM; the full seed plan is
used only in `test_views_seed.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from izlem.org.models import Unit
from izlem.plans.models import (
    ArchitectureComponent,
    Committee,
    CommitteeMember,
    CostLine,
    Goal,
    Indicator,
    IndicatorRow,
    Measure,
    MeasureUnit,
    PestItem,
    Plan,
    ProblemArea,
    Stakeholder,
    SwotItem,
    Target,
    Theme,
    TowsStrategy,
    YearValue,
)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English, so that assertions on interface text do not depend on the Turkish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@dataclass
class SmallPlan:
    """A two-indicator plan and the objects tests refer to."""

    plan: Plan
    goal: Goal
    target: Target
    percent: Indicator  # 1.1.1, percent, baselines 52.75 / 43.77 / 53.34, target 85 in 2019
    count: Indicator  # 1.1.2, count, two rows (İlkokul, Ortaokul)
    measure: Measure
    yearly_2016: YearValue  # 1.1.1's computed 2016 target (66.00)
    count_2016: YearValue  # 1.1.2 İlkokul's computed 2016 target (14)
    plan_end: YearValue  # 1.1.1's 2019 target (85)
    baseline_2014: YearValue


def _values(row: IndicatorRow, baselines: dict[int, str | None], targets: dict[int, str | None], end: str):
    """Write a row's baselines, computed yearly targets and plan-end target (2019)."""
    for year, value in baselines.items():
        YearValue.objects.create(
            row=row, kind="baseline", year=year, value=None if value is None else Decimal(value)
        )
    for year, value in targets.items():
        YearValue.objects.create(row=row, kind="target", year=year, value=Decimal(value), is_default=True)
    YearValue.objects.create(row=row, kind="target", year=2019, value=Decimal(end))


def build_small_plan(owner, *, title: str = "Erzincan Test Planı 2015-2019") -> SmallPlan:
    """A plan with one theme, goal and target, two indicators, a measure, costs and analyses."""
    plan = Plan.objects.create(
        owner=owner,
        title=title,
        period_start=2015,
        period_end=2019,
        mission="Her çocuğa nitelikli eğitim.",
        vision="Örnek bir müdürlük.",
        values=["Şeffaflık", "Takım çalışması"],
        internal_survey_count=134,
        external_survey_count=1065,
        meetings=["Stratejik planlama sürecinde toplam 10 toplantı yapılmıştır."],
    )
    committee = Committee.objects.create(plan=plan, name="Strateji Geliştirme Kurulu")
    CommitteeMember.objects.create(committee=committee, name="Aziz GÜN", title="Milli Eğitim Müdürü")
    theme = Theme.objects.create(plan=plan, title="Eğitim ve Öğretime Erişim")
    goal = Goal.objects.create(plan=plan, theme=theme, code="1", title="Eğitime erişimi artırmak.")
    target = Target.objects.create(
        plan=plan,
        goal=goal,
        code="1.1",
        statement="Okul öncesi eğitimde okullaşmayı artırmak.",
        rationale="Okul öncesi eğitim başarıyı artırır.",
        current_status="Okullaşma oranı yüzde elli üçtür.",
        expected_outcome="Her çocuk okul öncesi eğitim alır.",
    )
    temel = Unit.objects.get(code="temel-egitim")
    percent = Indicator.objects.create(
        plan=plan,
        target=target,
        code="1.1.1",
        name="Okul öncesi eğitim almış öğrenci oranı (%)",
        unit="percent",
        responsible_unit=temel,
        data_source="MEBBİS",
        aggregation="ratio",
    )
    row = IndicatorRow.objects.create(indicator=percent, breakdown="")
    _values(
        row,
        {2012: "52.75", 2013: "43.77", 2014: "53.34"},
        {2015: "59.67", 2016: "66.00", 2017: "72.34", 2018: "78.67"},
        "85",
    )
    count = Indicator.objects.create(
        plan=plan,
        target=target,
        code="1.1.2",
        name="Açılan anaokulu sayısı",
        unit="count",
        responsible_unit_text="Strateji Geliştirme 2 (AR-GE)",
    )
    primary = IndicatorRow.objects.create(indicator=count, breakdown="İlkokul", order=0)
    middle = IndicatorRow.objects.create(indicator=count, breakdown="Ortaokul", order=1)
    _values(
        primary, {2012: None, 2013: "8", 2014: "10"}, {2015: "12", 2016: "14", 2017: "16", 2018: "18"}, "20"
    )
    _values(middle, {2012: None, 2013: "3", 2014: "4"}, {2015: "5", 2016: "6", 2017: "7", 2018: "8"}, "9")
    measure = Measure.objects.create(
        plan=plan, target=target, number=1, text="Anaokulu planlaması yapılacaktır.", timing="her yıl"
    )
    MeasureUnit.objects.create(measure=measure, role="main", unit=temel, phrase="Temel Eğitim Hizmetleri")
    MeasureUnit.objects.create(measure=measure, role="other", unit=None, phrase="Valilik Yazı İşleri")
    for order, (kind, key, amount, share) in enumerate(
        [
            ("target", "1.1", "1000.00", "40.00"),
            ("goal", "1", "1100.00", "40.00"),  # misprinted: its target sums to 1000
            ("goals_total", "goals_total", "1000.00", "40.00"),
            ("general_admin", "general_admin", "1500.00", "60.00"),
            ("total", "total", "2500.00", "100.00"),
        ]
    ):
        CostLine.objects.create(
            plan=plan, kind=kind, key=key, amount=Decimal(amount), share_printed=Decimal(share), order=order
        )
    strength = SwotItem.objects.create(
        plan=plan,
        category="strength",
        theme="Eğitim ve Öğretime Erişim",
        number=2,
        text="Derslik sayısı yeterli.",
    )
    opportunity = SwotItem.objects.create(
        plan=plan, category="opportunity", theme="Eğitim ve Öğretime Erişim", number=1, text="Halkın güveni."
    )
    SwotItem.objects.create(plan=plan, category="threat", theme="", number=1, text="Deprem kuşağı.")
    strategy = TowsStrategy.objects.create(
        plan=plan, kind="SO", text="Güveni kullanarak derslikleri doldurmak."
    )
    strategy.cites.set([strength, opportunity])
    PestItem.objects.create(plan=plan, category="political", text="Kamu Mali Yönetimi Kanunu.")
    Stakeholder.objects.create(
        plan=plan, name="Valilik", core_partner=True, priority="Yüksek", reason="Bağlı olduğumuz idare"
    )
    ProblemArea.objects.create(plan=plan, theme="Eğitim ve Öğretime Erişim", text="Taşımalı eğitim")
    ArchitectureComponent.objects.create(plan=plan, code="1.1.1", title="Okul öncesi eğitimde okullaşma")
    return SmallPlan(
        plan=plan,
        goal=goal,
        target=target,
        percent=percent,
        count=count,
        measure=measure,
        yearly_2016=YearValue.objects.get(row=row, kind="target", year=2016),
        count_2016=YearValue.objects.get(row=primary, kind="target", year=2016),
        plan_end=YearValue.objects.get(row=row, kind="target", year=2019),
        baseline_2014=YearValue.objects.get(row=row, kind="baseline", year=2014),
    )


@pytest.fixture
def small(world) -> SmallPlan:
    """The small Erzincan plan."""
    return build_small_plan(world.province)


@pytest.fixture
def kars(world) -> SmallPlan:
    """The same small plan, owned by Kars (out of every Erzincan user's scope)."""
    return build_small_plan(world.other_province, title="Kars Test Planı 2015-2019")


def page_urls(small: SmallPlan) -> dict[str, str]:
    """Every read-only page of the plan browser for the small plan."""
    return {
        "plan": reverse("plans:plan-detail", args=[small.plan.pk]),
        "analyses": reverse("plans:plan-analyses", args=[small.plan.pk]),
        "costs": reverse("plans:plan-costs", args=[small.plan.pk]),
        "target": reverse("plans:target-detail", args=[small.target.pk]),
        "indicator": reverse("plans:indicator-detail", args=[small.percent.pk]),
        "measure": reverse("plans:measure-detail", args=[small.measure.pk]),
        "search": reverse("plans:search") + f"?plan={small.plan.pk}&q=1.1.1",
    }


PAGES = ["plan", "analyses", "costs", "target", "indicator", "measure", "search"]


@pytest.mark.parametrize(
    "username",
    [
        "planning_officer",
        "district_planner",
        "province_manager",
        "unit_manager",
        "principal",
        "teacher",
        "sysadmin",
    ],
)
@pytest.mark.parametrize("page_name", PAGES)
def test_people_in_scope_open_every_plan_page(world, small, verified_client, username, page_name):
    # given someone working under the Erzincan province
    verified_client.login_as(getattr(world, username))
    # when they open a page of the Erzincan plan
    response = verified_client.get(page_urls(small)[page_name])
    # then it opens
    assert response.status_code == 200


@pytest.mark.parametrize("username", ["other_manager", "stakeholder", "nobody"])
@pytest.mark.parametrize("page_name", PAGES)
def test_people_out_of_scope_get_404_on_every_plan_page(world, small, client, username, page_name):
    # given a Kars manager, a stakeholder (reads published reports only) or a user with no role
    client.force_login(getattr(world, username))
    # when they open a page of the Erzincan plan
    response = client.get(page_urls(small)[page_name])
    # then it does not exist for them
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(small, client):
    # given no one is signed in
    # when the plan page is opened
    response = client.get(reverse("plans:plan-detail", args=[small.plan.pk]))
    # then the sign-in page is asked for
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_plan_list_shows_only_plans_in_scope(world, small, kars, client):
    # given an Erzincan plan and a Kars plan
    client.force_login(world.principal)
    # when an Erzincan principal opens the plan list
    response = client.get(reverse("plans:plan-list"))
    # then only the Erzincan plan is listed, with its counts
    assert response.status_code == 200
    assert [plan.title for plan in response.context["plans"]] == ["Erzincan Test Planı 2015-2019"]
    listed = response.context["plans"][0]
    assert (listed.goal_count, listed.target_count, listed.indicator_count, listed.measure_count) == (
        1,
        1,
        2,
        1,
    )
    assert "Kars Test Planı" not in response.content.decode()


def test_stakeholder_has_no_plan_list(world, small, client):
    # given a stakeholder of the province
    client.force_login(world.stakeholder)
    # when they open the plan list
    response = client.get(reverse("plans:plan-list"))
    # then there is no plan browser for them
    assert response.status_code == 404


def test_plan_list_without_plans_shows_empty_state(world, client):
    # given no plan in the world
    client.force_login(world.planning_officer)
    # when the list is opened
    response = client.get(reverse("plans:plan-list"))
    # then it says so
    assert response.status_code == 200 and 'class="empty-state"' in response.content.decode()


def test_plan_page_shows_tree_with_counts_and_preparation(world, small, client):
    # given the small plan
    client.force_login(world.teacher)
    # when the plan page is opened
    response = client.get(reverse("plans:plan-detail", args=[small.plan.pk]))
    # then the tree, the counts, mission, values and the preparation record are shown
    html = response.content.decode()
    assert "Theme: Eğitim ve Öğretime Erişim" in html
    assert "1 target · 2 indicators · 1 measure" in html
    assert reverse("plans:indicator-detail", args=[small.count.pk]) in html
    assert reverse("plans:measure-detail", args=[small.measure.pk]) in html
    assert "Her çocuğa nitelikli eğitim." in html and "Takım çalışması" in html
    assert "Aziz GÜN" in html and "Milli Eğitim Müdürü" in html
    assert "1.065" in html  # external survey responses, Turkish grouping


def test_target_page_shows_narratives_indicator_table_and_measures(world, small, client):
    # given the small plan
    client.force_login(world.principal)
    # when target 1.1 is opened
    response = client.get(reverse("plans:target-detail", args=[small.target.pk]))
    # then its narratives, baselines by year, plan-end targets and measures are shown
    html = response.content.decode()
    assert "Okul öncesi eğitim başarıyı artırır." in html
    assert "Okullaşma oranı yüzde elli üçtür." in html
    assert "Her çocuk okul öncesi eğitim alır." in html
    assert response.context["baseline_years"] == [2012, 2013, 2014]
    cells = [
        [cell.value if cell else None for cell in table.baseline_cells]
        for block in response.context["blocks"]
        for table in block.tables
    ]
    assert cells == [
        [Decimal("52.75"), Decimal("43.77"), Decimal("53.34")],
        [None, Decimal("8"), Decimal("10")],
        [None, Decimal("3"), Decimal("4")],
    ]
    assert '<td class="num">52,75</td>' in html
    assert '<td class="num fw-semibold">85,00</td>' in html
    assert '<td class="num fw-semibold">20</td>' in html  # a count: whole numbers
    assert "Anaokulu planlaması yapılacaktır." in html


def test_indicator_page_shows_attributes_values_and_chart(world, small, client):
    # given the small plan
    client.force_login(world.teacher)
    # when indicator 1.1.1 is opened
    response = client.get(reverse("plans:indicator-detail", args=[small.percent.pk]))
    # then its attributes, Turkish-formatted values, computed-target marks and an accessible chart show
    html = response.content.decode()
    assert "MEBBİS" in html and "Temel Eğitim" in html
    assert "Higher is better (derived from the baseline and the plan-end target)" in html
    lines = response.context["panels"][0]["table"].lines
    assert [(line.year, line.is_plan_end, line.target_editable) for line in lines][-3:] == [
        (2017, False, True),
        (2018, False, True),
        (2019, True, False),
    ]
    assert ">52,75<" in html and ">66,00<" in html and ">85,00<" in html
    assert html.count(">computed<") == 4
    assert html.count(">plan-end target<") == 1
    assert 'role="img"' in html and "<figcaption" in html
    assert "<script" not in html.split('role="img"')[1].split("</svg>")[0]
    assert reverse("object-history", args=["plans.indicator", small.percent.pk]) in html


def test_indicator_page_shows_unmapped_responsible_unit_as_written(world, small, client):
    # given indicator 1.1.2 whose responsible unit could not be mapped
    client.force_login(world.teacher)
    # when it is opened
    response = client.get(reverse("plans:indicator-detail", args=[small.count.pk]))
    # then the phrase is shown as written, one table per breakdown, counts as whole numbers
    html = response.content.decode()
    assert "Strateji Geliştirme 2 (AR-GE)" in html and "as written, not mapped to a unit" in html
    assert [panel["table"].row.breakdown for panel in response.context["panels"]] == ["İlkokul", "Ortaokul"]
    assert '<td class="num">14</td>' in html


@pytest.mark.parametrize(
    ("username", "sees_controls"),
    [
        ("planning_officer", True),
        ("sysadmin", True),
        ("district_planner", False),
        ("province_manager", False),
        ("principal", False),
        ("teacher", False),
    ],
)
def test_only_plan_editors_see_edit_controls(world, small, verified_client, username, sees_controls):
    # given someone who may read the plan
    verified_client.login_as(getattr(world, username))
    # when they open indicator 1.1.1
    html = verified_client.get(reverse("plans:indicator-detail", args=[small.percent.pk])).content.decode()
    # then only planning officers of the owner (and system administrators) get edit links
    assert (reverse("plans:yearly-target-edit", args=[small.yearly_2016.pk]) in html) is sees_controls
    assert (reverse("plans:indicator-edit", args=[small.percent.pk]) in html) is sees_controls
    assert reverse("plans:yearly-target-edit", args=[small.plan_end.pk]) not in html


def test_measure_page_shows_mapped_and_unmapped_units(world, small, client):
    # given measure 1 with a mapped main unit and an unmapped other unit
    client.force_login(world.district_manager)
    # when it is opened
    response = client.get(reverse("plans:measure-detail", args=[small.measure.pk]))
    # then both show, the mapped one by its name with the phrase as written
    html = response.content.decode()
    assert [link.phrase for link in response.context["units"]["main"]] == ["Temel Eğitim Hizmetleri"]
    assert [link.phrase for link in response.context["units"]["other"]] == ["Valilik Yazı İşleri"]
    assert "written as “Temel Eğitim Hizmetleri”" in html
    assert "her yıl" in html and "1.1" in html


def test_analyses_page_shows_swot_grid_and_links_tows_to_cited_items(world, small, client):
    # given a SWOT with themed and unthemed items and a strategy citing 2G and 1F
    client.force_login(world.province_manager)
    # when the analyses page is opened
    response = client.get(reverse("plans:plan-analyses", args=[small.plan.pk]))
    # then each theme has a 2×2 grid, the strategy links to the items' anchors, and the rest shows
    html = response.content.decode()
    grids = response.context["swot_grids"]
    assert [grid.theme for grid in grids] == ["Eğitim ve Öğretime Erişim", ""]
    assert [category for category, _label, _items in grids[0].quadrants] == [
        "strength",
        "weakness",
        "opportunity",
        "threat",
    ]
    assert 'id="swot-strength-2"' in html and 'href="#swot-strength-2"' in html
    assert 'href="#swot-opportunity-1"' in html
    assert ">2G<" in html and ">1F<" in html
    assert "Kamu Mali Yönetimi Kanunu." in html
    assert "Bağlı olduğumuz idare" in html and "Yüksek" in html
    assert "Taşımalı eğitim" in html and "Okul öncesi eğitimde okullaşma" in html


def test_costs_page_shows_computed_sums_and_marks_disagreement(world, small, client):
    # given a costing table whose goal line is misprinted (1.100 for a target of 1.000)
    client.force_login(world.planning_officer)
    # when the costs page is opened
    response = client.get(reverse("plans:plan-costs", args=[small.plan.pk]))
    # then computed sums and shares sit next to the printed ones, the misprint is marked
    table = response.context["table"]
    goal = next(row for row in table.rows if row.kind == "goal")
    assert (goal.printed_amount, goal.computed_amount, goal.amount_differs) == (
        Decimal("1100.00"),
        Decimal("1000.00"),
        True,
    )
    assert goal.computed_share == Decimal("40.00") and goal.share_differs is False
    total = next(row for row in table.rows if row.kind == "total")
    assert (total.computed_amount, total.computed_share, total.amount_differs) == (
        Decimal("2500.00"),
        Decimal("100.00"),
        False,
    )
    assert table.mismatch_count == 1
    html = response.content.decode()
    assert "1.100,00" in html and "2.500,00" in html and "differs from the computed figure" in html


def test_search_finds_by_code_and_by_words_within_scope(world, small, kars, client):
    # given the same codes and words in an Erzincan and a Kars plan
    client.force_login(world.principal)
    # when an Erzincan principal searches by code and by words
    by_code = client.get(reverse("plans:search"), {"q": "1.1.2"}).context["results"]
    by_words = client.get(reverse("plans:search"), {"q": "ANAOKULU sayısı"}).context["results"]
    by_number = client.get(reverse("plans:search"), {"q": "1"}).context["results"]
    # then only Erzincan objects are found
    assert [(i.plan_id, i.code) for i in by_code.indicators] == [(small.plan.pk, "1.1.2")]
    assert by_code.goals == [] and by_code.targets == [] and by_code.measures == []
    assert [(i.plan_id, i.code) for i in by_words.indicators] == [(small.plan.pk, "1.1.2")]
    assert [g.code for g in by_number.goals] == ["1"]
    assert [t.code for t in by_number.targets] == ["1.1"]
    assert [i.code for i in by_number.indicators] == ["1.1.1", "1.1.2"]
    assert [m.number for m in by_number.measures] == [1]


def test_search_with_turkish_capitals_finds_lower_case_text(world, small, client):
    # given a measure text "Anaokulu planlaması yapılacaktır."
    client.force_login(world.planning_officer)
    # when searching in capitals with Turkish dotted and dotless I
    results = client.get(reverse("plans:search"), {"q": "PLANLAMASI YAPILACAKTIR"}).context["results"]
    # then the measure is found
    assert [m.number for m in results.measures] == [1]


def test_search_in_an_out_of_scope_plan_is_404(world, small, kars, client):
    # given a Kars plan
    client.force_login(world.planning_officer)
    # when an Erzincan officer searches inside it
    response = client.get(reverse("plans:search"), {"q": "1.1.2", "plan": kars.plan.pk})
    # then it does not exist for them
    assert response.status_code == 404


def test_chart_stylesheet_is_served_as_css(client):
    # given nothing
    # when the chart stylesheet is fetched
    response = client.get(reverse("plans:chart-css"))
    # then it is CSS scoped to the charts
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert ".izlem-chart" in response.content.decode() and "#chart-" not in response.content.decode()
