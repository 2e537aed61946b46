"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO (2026-12-07), whatever the language's date format.

    Browsers ignore a `type="date"` value that is not ISO, so a localized initial value (07.12.2026)
    would leave the field empty and make the first submit fail.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
