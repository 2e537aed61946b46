"""attach_service_errors: a service's ValidationError lands on the form fields it names."""

from django import forms
from django.core.exceptions import ValidationError

from izlem.core.forms import attach_service_errors


class _NameForm(forms.Form):
    """A form with two fields, bound so that errors can be attached."""

    name = forms.CharField(required=False)
    value = forms.CharField(required=False)


def _bound_form() -> _NameForm:
    """A valid bound form, as a view holds it when the service refuses."""
    form = _NameForm(data={"name": "a", "value": "1"})
    assert form.is_valid()
    return form


def test_field_errors_go_to_their_fields():
    """An error named after a field is shown at that field; the form stops being valid."""
    form = _bound_form()
    attach_service_errors(form, ValidationError({"name": "Taken.", "value": ["Too big.", "Not whole."]}))
    assert form.errors == {"name": ["Taken."], "value": ["Too big.", "Not whole."]}
    assert "name" not in form.cleaned_data


def test_an_error_without_a_field_goes_to_the_form():
    """A plain error becomes a non-field error."""
    form = _bound_form()
    attach_service_errors(form, ValidationError("The period is closed."))
    assert form.non_field_errors() == ["The period is closed."]
    assert not form["name"].errors


def test_an_error_without_a_field_can_go_to_a_named_field():
    """plain_to puts a plain error at that field when the form has it, else at the form."""
    form = _bound_form()
    attach_service_errors(form, ValidationError("Not a number."), plain_to="value")
    assert form.errors == {"value": ["Not a number."]}
    other = _bound_form()
    attach_service_errors(other, ValidationError("Not a number."), plain_to="missing")
    assert other.non_field_errors() == ["Not a number."]


def test_errors_for_unknown_fields_go_to_the_form():
    """A field the form does not show (the service checks more) is reported on the form, not lost."""
    form = _bound_form()
    attach_service_errors(
        form, ValidationError({"school": "Not yours.", "name": "Taken.", "__all__": "Late."})
    )
    assert form["name"].errors == ["Taken."]
    assert form.non_field_errors() == ["Not yours.", "Late."]
