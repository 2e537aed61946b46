"""Planning officers set an indicator row's valid range; the entry page shows it; others cannot change it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from izlem.plans.models import IndicatorRow

from .test_views import SmallPlan, build_small_plan


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def small(world) -> SmallPlan:
    return build_small_plan(world.province)


def _row(small) -> IndicatorRow:
    return IndicatorRow.objects.filter(indicator=small.count).order_by("pk").first()


def test_planning_officer_sets_the_range_in_turkish_numbers_and_it_is_audited(world, small, client):
    row = _row(small)
    client.force_login(world.planning_officer)
    url = reverse("plans:row-bounds-edit", args=[row.pk])
    assert url in client.get(reverse("plans:indicator-detail", args=[small.count.pk])).content.decode()
    before = row.history.count()
    response = client.post(url, {"valid_min": "1.250", "valid_max": "2.500,5"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.valid_min, row.valid_max) == (Decimal(1250), Decimal("2500.5"))
    assert row.history.count() == before + 1
    page = client.get(reverse("plans:indicator-detail", args=[small.count.pk])).content.decode()
    assert "1.250 – 2.500,5" in page


def test_a_reversed_range_is_refused_at_its_field_and_nothing_changes(world, small, client):
    row = _row(small)
    client.force_login(world.planning_officer)
    response = client.post(
        reverse("plans:row-bounds-edit", args=[row.pk]), {"valid_min": "10", "valid_max": "5"}
    )
    assert response.status_code == 200
    assert "must not be smaller than the smallest" in response.content.decode()
    row.refresh_from_db()
    assert (row.valid_min, row.valid_max) == (None, None)


def test_a_principal_cannot_set_a_range(world, small, client):
    row = _row(small)
    client.force_login(world.principal)
    response = client.post(reverse("plans:row-bounds-edit", args=[row.pk]), {"valid_max": "5"})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.valid_max is None
