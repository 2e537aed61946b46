"""Planning officers correct which schools owe an indicator row; what schools are asked for follows; nobody
else can change it, and nothing changes when they try."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from izlem.monitoring import selectors
from izlem.monitoring.models import Period
from izlem.plans.models import IndicatorRow

from .test_views import SmallPlan, build_small_plan


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English, so that assertions on interface text do not depend on the Turkish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def small(world) -> SmallPlan:
    """The small Erzincan plan; 1.1.2 has an İlkokul and an Ortaokul row, derived as the import would."""
    small = build_small_plan(world.province)
    IndicatorRow.objects.filter(indicator=small.count, breakdown="İlkokul").update(
        applicable_levels=["primary"]
    )
    IndicatorRow.objects.filter(indicator=small.count, breakdown="Ortaokul").update(
        applicable_levels=["middle"]
    )
    return small


@pytest.fixture
def period(small):
    return Period.objects.create(
        plan=small.plan,
        year=2016,
        half="H2",
        state="open",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
    )


def _middle_row(small) -> IndicatorRow:
    return IndicatorRow.objects.get(indicator=small.count, breakdown="Ortaokul")


def _url(row) -> str:
    return reverse("plans:row-applicability-edit", args=[row.pk])


def _owed(period, school) -> set[tuple[str, str]]:
    return {(r.indicator.code, r.breakdown) for r in selectors.rows_owed(period=period, entity=school)}


def test_planning_officer_changes_who_owes_a_row_and_what_schools_are_asked_follows(
    world, small, period, client
):
    # given the Ortaokul row is owed by the middle school, not by the lise
    row = _middle_row(small)
    assert ("1.1.2", "Ortaokul") in _owed(period, world.school_a1)
    assert ("1.1.2", "Ortaokul") not in _owed(period, world.school_b1)
    client.force_login(world.planning_officer)
    history_before = row.history.count()
    # when the planning officer says the row concerns secondary schools and imam hatip schools
    page = client.get(reverse("plans:indicator-detail", args=[small.count.pk]))
    assert _url(row) in page.content.decode()
    response = client.post(_url(row), {"levels": ["secondary"], "school_types": ["imam_hatip"]})
    # then it is saved, marked as the officer's choice, audited, and the schools asked change with it
    row.refresh_from_db()
    assert response.status_code == 302
    assert (row.applicable_levels, row.applicable_school_types) == (["secondary"], ["imam_hatip"])
    assert row.applicability_edited and row.history.count() == history_before + 1
    assert ("1.1.2", "Ortaokul") not in _owed(period, world.school_a1)
    assert ("1.1.2", "Ortaokul") in _owed(period, world.school_b1)
    # and going back to the plan's words restores the derived audience
    client.post(_url(row), {"derive": "1"})
    row.refresh_from_db()
    assert (row.applicable_levels, row.applicable_school_types, row.applicability_edited) == (
        ["middle"],
        [],
        False,
    )


def test_unknown_choice_is_refused_and_nothing_changes(world, small, client):
    row = _middle_row(small)
    client.force_login(world.planning_officer)
    response = client.post(_url(row), {"levels": ["university"]})
    row.refresh_from_db()
    assert response.status_code == 200 and "university" in response.content.decode()
    assert (row.applicable_levels, row.applicability_edited) == (["middle"], False)


@pytest.mark.parametrize(
    "username",
    [
        "district_planner",
        "province_manager",
        "unit_manager",
        "principal",
        "teacher",
        "other_manager",
        "stakeholder",
    ],
)
def test_others_cannot_change_who_owes_a_row_and_nothing_changes(world, small, period, client, username):
    # given someone who is not a planning officer of the province
    row = _middle_row(small)
    client.force_login(getattr(world, username))
    history_before = row.history.count()
    # when they open and post the form (and try to go back to the derived audience)
    opened = client.get(_url(row))
    posted = client.post(_url(row), {"levels": ["secondary"]})
    derived = client.post(_url(row), {"derive": "1"})
    # then every answer is 404 and the row, its history and what schools owe are as they were
    row.refresh_from_db()
    assert (opened.status_code, posted.status_code, derived.status_code) == (404, 404, 404)
    assert (row.applicable_levels, row.applicable_school_types, row.applicability_edited) == (
        ["middle"],
        [],
        False,
    )
    assert row.history.count() == history_before
    assert ("1.1.2", "Ortaokul") in _owed(period, world.school_a1)
    page = client.get(reverse("plans:indicator-detail", args=[small.count.pk]))
    assert _url(row) not in page.content.decode()
