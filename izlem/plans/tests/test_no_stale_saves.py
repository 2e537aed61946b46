"""No stale-copy saves in the plans services: an indicator edit keeps a field changed meanwhile."""

from __future__ import annotations

import pytest

from izlem.plans import services
from izlem.plans.models import Indicator

from .test_views import SmallPlan, build_small_plan


@pytest.fixture
def small(world) -> SmallPlan:
    """The small Erzincan plan."""
    return build_small_plan(world.province)


def test_indicator_update_keeps_a_field_another_planner_changed_meanwhile(world, small):
    # given the indicator as one planner's page loaded it, then another planner's change of the definition
    copy = Indicator.objects.get(pk=small.percent.pk)
    Indicator.objects.filter(pk=small.percent.pk).update(definition="Yeni tanım")
    # when the first planner saves a new data source from the old copy
    services.indicator_update(by=world.planning_officer, indicator=copy, data_source="e-Okul")
    # then both changes are stored, and the history row records the row as it now is
    stored = Indicator.objects.get(pk=small.percent.pk)
    assert (stored.data_source, stored.definition) == ("e-Okul", "Yeni tanım")
    latest = stored.history.latest()
    assert (latest.data_source, latest.definition) == ("e-Okul", "Yeni tanım")
