"""Harezmi's admin shows records and their history but changes nothing: the services are the only write path."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from izlem.harezmi.models import ProgramYear

pytestmark = pytest.mark.django_db


def harezmi_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "harezmi"
    ]


def test_every_harezmi_admin_is_read_only(world):
    request = RequestFactory().get("/admin/")
    request.user = world.sysadmin
    world.sysadmin.is_staff = world.sysadmin.is_superuser = True
    admins = harezmi_admins()
    assert len(admins) >= 20
    for model_admin in admins:
        assert not model_admin.has_add_permission(request), model_admin
        assert not model_admin.has_change_permission(request), model_admin
        assert not model_admin.has_delete_permission(request), model_admin
        assert model_admin.has_view_permission(request), model_admin


@pytest.fixture
def staff_client(world, verified_client):
    world.sysadmin.is_staff = world.sysadmin.is_superuser = True
    world.sysadmin.save(update_fields=["is_staff", "is_superuser"])
    return verified_client.login_as(world.sysadmin)


def test_a_superuser_can_look_but_not_add_change_delete_or_revert(world, staff_client, year):
    name = year.name
    base = f"/admin/harezmi/programyear/{year.pk}"
    assert staff_client.get("/admin/harezmi/programyear/").status_code == 200
    assert staff_client.get(f"{base}/change/").status_code == 200
    assert staff_client.post("/admin/harezmi/programyear/add/", {"name": "2099-2100"}).status_code == 403
    assert staff_client.post(f"{base}/change/", {"name": "Değişti"}).status_code == 403
    assert staff_client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    version = year.history.first()
    revert = f"{base}/history/{version.history_id}/"
    assert staff_client.get(revert).status_code == 200
    assert staff_client.post(revert, {"name": "Eski hâli"}).status_code == 403
    year.refresh_from_db()
    assert year.name == name and ProgramYear.objects.count() == 1
