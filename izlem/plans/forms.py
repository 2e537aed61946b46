"""Forms of the plan browser: indicator attributes and yearly targets (planning officers only)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.core.collation import turkish
from izlem.core.formats import NumberFormatError, format_decimal, parse_decimal
from izlem.org.models import OrgNode, Unit
from izlem.plans.applicability import LEVEL_LABELS
from izlem.plans.models import Indicator, YearValue
from izlem.plans.services import INDICATOR_EDITABLE

MAX_TARGET = Decimal("1e16")  # YearValue.value holds 20 digits, 4 of them decimals


class TurkishDecimalField(forms.Field):
    """A number typed the Turkish way (`52,75`, `1.250`) or with a dot decimal (`52.75`)."""

    widget = forms.TextInput
    max_length = 30
    default_error_messages = {
        "invalid": _("Enter a number, for example 52,75."),
        "places": _("Use at most four decimal places."),
        "too_large": _("This number is too large."),
    }

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        if len(text) > self.max_length:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = parse_decimal(text)
        except NumberFormatError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number is None:
            return None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if number.as_tuple().exponent < -4:
            raise forms.ValidationError(self.error_messages["places"], code="places")
        if abs(number) >= MAX_TARGET:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_decimal(value, None, grouping=False)
        return value


class RowApplicabilityForm(forms.Form):
    """Which schools owe an indicator row: the education levels and school types it concerns."""

    levels = forms.MultipleChoiceField(
        label=_("Education levels"),
        choices=LEVEL_LABELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Schools that teach one of these levels owe the row."),
    )
    school_types = forms.MultipleChoiceField(
        label=_("School types"),
        choices=OrgNode.SchoolType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Schools of these types owe the row too. Nothing ticked: every school that teaches at least one level."
        ),
    )


class RowBoundsForm(forms.Form):
    """The calibrated range of an indicator row: its smallest and largest valid values (both optional)."""

    valid_min = TurkishDecimalField(
        label=_("Smallest valid value"),
        required=False,
        help_text=_(
            "Empty: no lower bound. For a rate: the rate computed from the numerator and denominator."
        ),
    )
    valid_max = TurkishDecimalField(
        label=_("Largest valid value"), required=False, help_text=_("Empty: no upper bound.")
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("valid_min"), data.get("valid_max")
        if low is not None and high is not None and low > high:
            self.add_error("valid_max", _("The largest valid value must not be smaller than the smallest."))
        return data


class YearlyTargetForm(forms.Form):
    """One yearly target of an indicator row."""

    value = TurkishDecimalField(label=_("Target"))

    def __init__(self, *args, year_value: YearValue, **kwargs):
        kwargs.setdefault("initial", {"value": year_value.value})
        super().__init__(*args, **kwargs)
        row = year_value.row
        field = self.fields["value"]
        if row.breakdown:
            field.label = _("Target for %(year)d (%(breakdown)s)") % {
                "year": year_value.year,
                "breakdown": row.breakdown,
            }
        else:
            field.label = _("Target for %(year)d") % {"year": year_value.year}
        field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "autofocus": True})
        if row.indicator.is_whole_number:
            field.help_text = _("This indicator counts things: enter a whole number.")


class IndicatorForm(forms.ModelForm):
    """How an indicator is described, collected and judged."""

    class Meta:
        model = Indicator
        fields = INDICATOR_EDITABLE
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.order_by(turkish("name"))


class PlanImportForm(forms.Form):
    """A plan file to import and the province or district it belongs to."""

    file = forms.FileField(label=_("Plan file"))
    owner = forms.ModelChoiceField(
        label=_("Owner of the plan"),
        queryset=OrgNode.objects.none(),
        empty_label=None,
        help_text=_("The province or district whose plan this is; a plan of the same years is updated."),
    )

    def __init__(self, *args, owners, accept: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["file"].widget.attrs["accept"] = ",".join(accept)

    def clean_file(self):
        """Refuse a file above the upload limit before it is read."""
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.IZLEM_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)d KB); the limit is %(limit)d KB.")
                % {"size": upload.size // 1024, "limit": settings.IZLEM_UPLOAD_MAX_BYTES // 1024}
            )
        return upload
