"""Form plumbing shared by every app's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def attach_service_errors(
    form: forms.BaseForm, error: ValidationError, *, plain_to: str | None = None
) -> None:
    """Attach a service's ValidationError to the form it came from.

    Errors named after a field of the form go to that field; errors naming a field the form does not
    have go to the form as a whole (a service may check more than one form shows). An error without
    a field goes to the form, or to the field `plain_to` when the form has it.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(plain_to if plain_to in form.fields else None, error.error_list)
