# ruff: noqa: F811  (the Harezmi fixtures imported below are used as test arguments)
"""No stale-copy saves in the Harezmi services.

Each test holds a copy of a row, lets someone else change *another* field of that row in the database
(as a second request would), then runs the service with the old copy: both changes must be there
afterwards. A service that saved the whole row from its copy would silently put the other field back.
"""

from __future__ import annotations

import pytest

from izlem.harezmi import services
from izlem.harezmi.tests.conftest import (  # noqa: F401  (fixtures)
    _english,
    _media,
    approved,
    in_window,
    year,
)

pytestmark = pytest.mark.django_db


def stale_copy(instance):
    """A copy of the row as the caller loaded it, before anyone else's change."""
    return type(instance)._base_manager.get(pk=instance.pk)


def change_elsewhere(instance, **fields):
    """Someone else changes `fields` of the row in the database (a queryset update, no copy involved)."""
    type(instance)._base_manager.filter(pk=instance.pk).update(**fields)


def stored(instance):
    return type(instance)._base_manager.get(pk=instance.pk)


def test_settings_update_keeps_the_announcement_made_after_the_copy_was_loaded(world, year):
    # given a decided application whose copy the school's page loaded before the announcement
    application = services.application_create(
        by=None,
        program_year=year,
        school=world.school_a1,
        requested_team_count=2,
        motivation="Gerekçe",
        today=in_window(year),
    )
    services.application_submit(by=None, application=application, today=in_window(year))
    services.application_forward(by=None, application=application)
    services.application_approve(by=None, application=application, approved_team_count=2)
    copy = stale_copy(application)
    services.application_results_announce(by=None, program_year=year)
    announced_at = stored(application).announced_at
    assert announced_at is not None
    # when the school saves its settings from the old copy
    services.application_settings_update(by=None, application=copy, unavailable_weekdays=[3])
    # then the settings are saved and the application is still announced (not offered again)
    after = stored(application)
    assert after.unavailable_weekdays == "3"
    assert after.announced_at == announced_at
    assert services.application_results_announce(by=None, program_year=year) == 0


def test_settings_update_keeps_another_field_changed_meanwhile(world, approved):
    copy = stale_copy(approved)
    change_elsewhere(approved, province_comment="Değişti")
    services.application_settings_update(by=None, application=copy, unavailable_weekdays=[1], teacher_min=2)
    after = stored(approved)
    assert (after.unavailable_weekdays, after.teacher_min) == ("1", 2)
    assert after.province_comment == "Değişti"
