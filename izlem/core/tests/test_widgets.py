"""Date pickers carry ISO values, whatever the language: a browser drops any other value."""

import datetime
import importlib
import inspect
import pkgutil

from django import forms
from django.urls import reverse
from django.utils import timezone, translation

import izlem
from izlem.core.widgets import DateInput


def _form_classes():
    """Every form class defined in an izlem forms module."""
    for module_info in pkgutil.walk_packages(izlem.__path__, "izlem."):
        leaf = module_info.name.rsplit(".", 1)[-1]
        if not leaf.startswith("forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_date_picker_is_the_iso_date_input():
    offenders = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if getattr(field.widget, "input_type", None) == "date" and not isinstance(field.widget, DateInput)
    ]
    assert offenders == []


def test_date_input_writes_iso_in_turkish():
    with translation.override("tr"):
        html = DateInput().render("day", datetime.date(2026, 12, 7))
    assert 'type="date"' in html
    assert 'value="2026-12-07"' in html


def test_new_user_form_prefills_the_role_start_as_iso(world, client):
    # given
    client.force_login(world.district_manager)
    # when
    response = client.get(reverse("org:user-create"))
    # then
    today = timezone.localdate().isoformat()
    assert f'name="role-start_date" value="{today}"' in response.content.decode()
