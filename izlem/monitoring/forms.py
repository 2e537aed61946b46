"""Forms of the monitoring pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.core.widgets import DateInput

from .models import Deviation, MeasureProgress, Period


class PeriodForm(forms.ModelForm):
    """Add a monitoring period."""

    class Meta:
        model = Period
        fields = ["year", "half", "open_date", "school_due", "district_due"]
        widgets = {name: DateInput() for name in ("open_date", "school_due", "district_due")}


class ReasonForm(forms.Form):
    """The reason for reopening a period."""

    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    """What must be corrected, for a returned submission."""

    comment = forms.CharField(label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 2}))


class DeviationForm(forms.ModelForm):
    """The responsible unit's explanation of a deviation."""

    class Meta:
        model = Deviation
        fields = ["cause", "corrective_action", "action_owner", "action_due"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "corrective_action": forms.Textarea(attrs={"rows": 3}),
            "action_due": DateInput(),
        }


class FollowUpForm(forms.Form):
    """Follow-up of a corrective action in a later period."""

    done = forms.BooleanField(label=_("The corrective action is done"), required=False)
    note = forms.CharField(
        label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MeasureProgressForm(forms.ModelForm):
    """A measure's progress in a period."""

    class Meta:
        model = MeasureProgress
        fields = ["status", "percent", "note", "evidence"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
