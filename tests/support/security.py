"""Fixtures for the security sweeps: the scope world once per test module and a signed-in client per user."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.security.scope_world import module_scope_world

# The users of the scope world that the sweeps sign in as.
USERNAMES = [
    "sysadmin", "province_manager", "district_manager", "planning_officer", "district_planner", "unit_manager",
    "province_coordinator", "district_coordinator", "principal", "teacher", "stakeholder", "outsider",
    "other_manager", "assistant", "supervisor", "strategy_office", "nobody",
]  # fmt: skip


@pytest.fixture(scope="module")
def sw(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scope world, built once per test module, its uploads in a temporary folder."""
    from django.conf import settings

    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("matrix-media"))
    yield from module_scope_world(django_db_blocker)
    settings.MEDIA_ROOT = media


@pytest.fixture(scope="module")
def clients(sw, django_db_blocker):
    """A signed-in (and two-factor verified) page client and an API client per user."""
    from django_otp.plugins.otp_static.models import StaticDevice

    result = {}
    with django_db_blocker.unblock():
        for username in USERNAMES:
            user = sw.world.users[username]
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            client.force_login(user)
            device, _ = StaticDevice.objects.get_or_create(user=user, name="matrix", confirmed=True)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
            api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {sw.secrets[username]}")
            result[username] = (client, api)
    return result


def assignments_snapshot():
    """Every role assignment as it stands: (id, user, role, node, end date, ended at)."""
    from izlem.org.models import RoleAssignment

    return sorted(
        RoleAssignment.objects.values_list("pk", "user_id", "role", "node_id", "end_date", "ended_at")
    )
