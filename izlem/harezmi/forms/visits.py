"""Forms of the field-visit pages. Choices are limited to what the user may use; services check again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.core.formats import format_date
from izlem.harezmi.forms import date_field, textarea
from izlem.harezmi.forms.sessions import PersonChoice
from izlem.harezmi.models import PlannedVisit, Team, VisitPurpose
from izlem.org.models import OrgNode, User


class VisitPlanForm(forms.Form):
    """Start a plan: the post it is for and a day of its month (province) or week (district)."""

    node = forms.ModelChoiceField(label=_("Plan for"), queryset=OrgNode.objects.none())
    day = date_field(
        _("A day of the month or week"), help_text=_("Province: monthly plan; district: weekly plan.")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()


class PlannedVisitForm(forms.Form):
    """One visit of a plan."""

    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    planned_on = date_field(_("Day"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VisitPurpose.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, schools=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()


class PlannedChoice(forms.ModelChoiceField):
    """A planned visit shown by day and school."""

    def label_from_instance(self, obj: PlannedVisit) -> str:
        return f"{format_date(obj.planned_on)} · {obj.school.name} · {obj.get_purpose_display()}"


class VisitForm(forms.Form):
    """A visit made: school, date, purpose, observations, and the planned visit it fulfils."""

    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    visited_on = date_field(_("Date"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VisitPurpose.choices)
    planned = PlannedChoice(
        label=_("Planned visit it fulfils"), queryset=PlannedVisit.objects.none(), required=False
    )
    observations = forms.CharField(label=_("Observations"), widget=textarea(5))

    def __init__(self, *args, schools=None, planned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()
        self.fields["planned"].queryset = planned if planned is not None else PlannedVisit.objects.none()


class FollowUpForm(forms.Form):
    """An action agreed at a visit."""

    action = forms.CharField(label=_("Action"), widget=textarea(2))
    owner = PersonChoice(label=_("Owner"), queryset=User.objects.none(), required=False)
    owner_name = forms.CharField(
        label=_("Owner (if not a user)"),
        required=False,
        max_length=160,
        help_text=_("For example the school's principal."),
    )
    due_on = date_field(_("Due date"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people if people is not None else User.objects.none()


class FollowUpDoneForm(forms.Form):
    """Mark a follow-up done."""

    done_on = date_field(_("Done on"))
    result = forms.CharField(label=_("Result"), required=False, widget=textarea(2))
