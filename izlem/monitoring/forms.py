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


MAX_ID = 2**63 - 1  # an id no database row can have (bigint) is a form error, never looked up


class ValueExportForm(forms.Form):
    """What to export: a range of periods of one plan, a node's subtree, an indicator, the format.

    The lists offer only what the user reads; the ids are fetched again through the access module
    (`export.export_scope`), so a changed id in the address is a 404 like everywhere else.
    """

    period_from = forms.IntegerField(
        label=_("From period"), min_value=1, max_value=MAX_ID, widget=forms.Select
    )
    period_to = forms.IntegerField(
        label=_("To period"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        help_text=_("Empty: the first period only."),
    )
    node = forms.IntegerField(
        label=_("Organisation unit"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        help_text=_("Its values and those of every unit below it; empty: everything you read."),
    )
    indicator = forms.CharField(
        label=_("Indicator code"),
        required=False,
        max_length=20,
        help_text=_("For example 1.1.2; empty: every indicator."),
    )
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[
            ("xlsx", _("Excel workbook (.xlsx)")),
            ("csv", _("CSV for Excel (.csv, semicolon-separated, decimal comma)")),
        ],
        initial="xlsx",
    )

    def __init__(self, *args, periods, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, f"{p} — {p.plan.title}") for p in periods]
        self.fields["period_from"].widget.choices = choices
        self.fields["period_to"].widget.choices = [("", "—"), *choices]
        self.fields["node"].widget.choices = [("", _("Everything you read"))] + [
            (n.pk, f"{n.name} ({n.get_kind_display()})") for n in nodes
        ]
