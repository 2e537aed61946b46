"""Planning officers edit yearly targets and indicator attributes; nobody else can, and nothing changes
when they try. Every edit is validated and audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from izlem.plans.models import Indicator, YearValue

from .test_views import SmallPlan, build_small_plan

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English, so that assertions on interface text do not depend on the Turkish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def small(world) -> SmallPlan:
    """The small Erzincan plan."""
    return build_small_plan(world.province)


def _edit_url(year_value: YearValue) -> str:
    return reverse("plans:yearly-target-edit", args=[year_value.pk])


def test_planning_officer_sets_a_yearly_target_and_it_is_audited(world, small, client):
    # given the computed 2016 target of indicator 1.1.1 (66,00)
    client.force_login(world.planning_officer)
    history_before = small.yearly_2016.history.count()
    # when the province planning officer saves 60,5 through the page form
    response = client.post(_edit_url(small.yearly_2016), {"value": "60,5"})
    # then it is stored as a hand-set target, recorded with who did it, and the page returns
    small.yearly_2016.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:indicator-detail", args=[small.percent.pk]) + (
        f"#row-{small.yearly_2016.row_id}"
    )
    assert (small.yearly_2016.value, small.yearly_2016.is_default) == (Decimal("60.5000"), False)
    assert small.yearly_2016.history.count() == history_before + 1
    latest = small.yearly_2016.history.latest()
    assert (latest.history_user, latest.value, latest.is_default) == (
        world.planning_officer,
        Decimal("60.5000"),
        False,
    )


def test_edited_target_is_marked_on_the_indicator_page(world, small, client):
    # given the planning officer set the 2016 target by hand
    client.force_login(world.planning_officer)
    client.post(_edit_url(small.yearly_2016), {"value": "60,5"})
    # when the indicator page is opened
    html = client.get(reverse("plans:indicator-detail", args=[small.percent.pk])).content.decode()
    # then the value shows in Turkish format, marked as set by hand, linked to its history
    assert ">60,50<" in html
    assert html.count(">computed<") == 3
    assert reverse("object-history", args=["plans.yearvalue", small.yearly_2016.pk]) in html


def test_htmx_edit_returns_the_form_row_then_the_saved_row(world, small, client):
    # given the planning officer on the indicator page
    client.force_login(world.planning_officer)
    # when the 2016 cell is opened and saved in place
    form_row = client.get(_edit_url(small.yearly_2016), **HTMX)
    saved_row = client.post(_edit_url(small.yearly_2016), {"value": "61"}, **HTMX)
    # then the first answer is a table row with a labelled input, the second the saved row
    form_html = form_row.content.decode()
    assert form_row.status_code == 200 and form_html.lstrip().startswith("<tr")
    assert 'value="66"' in form_html and "Target for 2016" in form_html and "<html" not in form_html
    saved_html = saved_row.content.decode()
    assert saved_row.status_code == 200 and saved_html.lstrip().startswith("<tr")
    assert ">61,00<" in saved_html and "set by hand" in saved_html and 'role="status"' in saved_html
    small.yearly_2016.refresh_from_db()
    assert (small.yearly_2016.value, small.yearly_2016.is_default) == (Decimal("61.0000"), False)


def test_htmx_cancel_returns_the_unchanged_row(world, small, client):
    # given the planning officer opened the 2016 cell for editing
    client.force_login(world.planning_officer)
    # when they cancel
    response = client.get(_edit_url(small.yearly_2016) + "?cancel=1", **HTMX)
    # then the plain row comes back and nothing changed
    small.yearly_2016.refresh_from_db()
    assert response.status_code == 200 and ">66,00<" in response.content.decode()
    assert (small.yearly_2016.value, small.yearly_2016.is_default) == (Decimal("66.0000"), True)


def test_non_htmx_edit_page_has_a_labelled_form(world, small, client):
    # given the planning officer without JavaScript
    client.force_login(world.planning_officer)
    # when the edit link is followed
    response = client.get(_edit_url(small.yearly_2016))
    # then a whole page with a labelled field opens
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert '<label class="form-label" for="id_value">Target for 2016' in html


@pytest.mark.parametrize(
    "username",
    ["district_planner", "province_manager", "principal", "teacher", "other_manager", "stakeholder"],
)
def test_others_cannot_edit_a_yearly_target_and_nothing_changes(world, small, client, username):
    # given someone who is not a planning officer of the province (a district planner, readers, outsiders)
    client.force_login(getattr(world, username))
    history_before = small.yearly_2016.history.count()
    # when they try to open and post the edit
    opened = client.get(_edit_url(small.yearly_2016))
    posted = client.post(_edit_url(small.yearly_2016), {"value": "10"}, **HTMX)
    # then both are 404 and the target is as it was
    small.yearly_2016.refresh_from_db()
    assert (opened.status_code, posted.status_code) == (404, 404)
    assert (small.yearly_2016.value, small.yearly_2016.is_default) == (Decimal("66.0000"), True)
    assert small.yearly_2016.history.count() == history_before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("14,5", "This indicator counts whole things; its target must be a whole number."),
        ("-3", "A target cannot be negative."),
        ("on dört", "Enter a number, for example 52,75."),
        ("", "This field is required."),
        ("1,23456", "Use at most four decimal places."),
    ],
)
def test_invalid_target_is_shown_and_nothing_changes(world, small, client, value, message):
    # given the computed 2016 target of the count indicator 1.1.2 (İlkokul: 14)
    client.force_login(world.planning_officer)
    history_before = small.count_2016.history.count()
    # when the planning officer saves an invalid value in place
    response = client.post(_edit_url(small.count_2016), {"value": value}, **HTMX)
    # then the form row comes back with the message and the target is unchanged
    small.count_2016.refresh_from_db()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert (small.count_2016.value, small.count_2016.is_default) == (Decimal("14.0000"), True)
    assert small.count_2016.history.count() == history_before


def test_invalid_target_without_htmx_shows_the_page_again(world, small, client):
    # given the planning officer without JavaScript
    client.force_login(world.planning_officer)
    # when a negative target is posted
    response = client.post(_edit_url(small.yearly_2016), {"value": "-1"})
    # then the page shows the error and nothing changes
    small.yearly_2016.refresh_from_db()
    assert response.status_code == 200 and "A target cannot be negative." in response.content.decode()
    assert small.yearly_2016.value == Decimal("66.0000")


@pytest.mark.parametrize("which", ["plan_end", "baseline_2014"])
def test_plan_end_target_and_baselines_are_not_edited_here(world, small, client, which):
    # given the plan document's own figures: the 2019 target and a baseline
    year_value = getattr(small, which)
    before = year_value.value
    client.force_login(world.planning_officer)
    # when the planning officer posts a new value for them
    response = client.post(_edit_url(year_value), {"value": "99"})
    # then there is no such edit and nothing changes
    year_value.refresh_from_db()
    assert response.status_code == 404 and year_value.value == before


def test_planning_officer_edits_indicator_attributes_and_it_is_audited(world, small, client):
    # given indicator 1.1.1
    client.force_login(world.planning_officer)
    form = client.get(reverse("plans:indicator-edit", args=[small.percent.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"data_source": "e-Okul", "frequency": "yearly", "direction": "higher"})
    # when the planning officer saves new data source, frequency and direction
    response = client.post(reverse("plans:indicator-edit", args=[small.percent.pk]), data)
    # then they are stored and recorded with who changed them
    indicator = Indicator.objects.get(pk=small.percent.pk)
    assert response.status_code == 302
    assert (indicator.data_source, indicator.frequency, indicator.direction) == ("e-Okul", "yearly", "higher")
    assert indicator.name == "Okul öncesi eğitim almış öğrenci oranı (%)"
    latest = indicator.history.latest()
    assert (latest.history_user, latest.data_source) == (world.planning_officer, "e-Okul")


def test_indicator_edit_rejects_a_weighted_mean_without_weight(world, small, client):
    # given indicator 1.1.1
    client.force_login(world.planning_officer)
    form = client.get(reverse("plans:indicator-edit", args=[small.percent.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"aggregation": "weighted_mean", "weight_name": ""})
    # when a weighted mean is chosen without naming its weight
    response = client.post(reverse("plans:indicator-edit", args=[small.percent.pk]), data)
    # then the form says why and nothing changes
    indicator = Indicator.objects.get(pk=small.percent.pk)
    assert response.status_code == 200
    assert "A weighted mean needs its weight: students or teachers." in response.content.decode()
    assert indicator.aggregation == "ratio"


@pytest.mark.parametrize("username", ["district_planner", "principal", "teacher", "other_manager"])
def test_others_cannot_edit_indicator_attributes(world, small, client, username):
    # given someone who may not edit the province plan
    client.force_login(getattr(world, username))
    history_before = small.percent.history.count()
    # when they open and post the indicator edit form
    opened = client.get(reverse("plans:indicator-edit", args=[small.percent.pk]))
    posted = client.post(
        reverse("plans:indicator-edit", args=[small.percent.pk]),
        {
            "name": "Değiştirildi",
            "unit": "percent",
            "collection_level": "school",
            "aggregation": "ratio",
            "frequency": "yearly",
            "direction": "auto",
        },
    )
    # then both are 404 and the indicator is unchanged
    indicator = Indicator.objects.get(pk=small.percent.pk)
    assert (opened.status_code, posted.status_code) == (404, 404)
    assert (
        indicator.name == "Okul öncesi eğitim almış öğrenci oranı (%)"
        and indicator.frequency == "half_yearly"
    )
    assert indicator.history.count() == history_before


def test_district_planner_edits_targets_of_a_district_plan(world, client):
    # given a plan owned by district A (Merkez)
    district = build_small_plan(world.district_a, title="Merkez İlçe Planı")
    client.force_login(world.district_planner)
    # when the district planning officer sets a target of it
    response = client.post(_edit_url(district.yearly_2016), {"value": "70"})
    # then it is saved
    district.yearly_2016.refresh_from_db()
    assert response.status_code == 302
    assert (district.yearly_2016.value, district.yearly_2016.is_default) == (Decimal("70.0000"), False)
