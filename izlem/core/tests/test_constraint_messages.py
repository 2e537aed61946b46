"""Every check constraint speaks to people: a form or the API shows its message, never its name."""

from django.apps import apps
from django.db import models


def test_every_check_constraint_has_a_message():
    silent = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model.__module__.startswith("izlem.")
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert silent == []
