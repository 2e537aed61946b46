"""Forms of the projects, events and awards pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import PersonChoiceField, date_field, textarea
from izlem.harezmi.models import Activity, Award, Project
from izlem.org.models import OrgNode, User


class _NodeForm(forms.Form):
    """A record of a school or directorate."""

    node = forms.ModelChoiceField(label=_("School or directorate"), queryset=OrgNode.objects.none())

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()


class ProjectForm(_NodeForm):
    """A project with its participants and mobility counts."""

    programme = forms.ChoiceField(label=_("Programme"), choices=Project.Programme.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    reference = forms.CharField(label=_("Project number"), max_length=80, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Project.Role.choices)
    starts_on = date_field(_("Start date"))
    ends_on = date_field(_("End date"))
    partners = forms.CharField(label=_("Partners"), required=False, widget=textarea(2))
    student_participants = forms.IntegerField(label=_("Students taking part"), min_value=0, initial=0)
    teacher_participants = forms.IntegerField(label=_("Teachers taking part"), min_value=0, initial=0)
    student_mobility = forms.IntegerField(
        label=_("Students in international mobility"),
        min_value=0,
        initial=0,
        help_text=_("Among the students taking part."),
    )
    teacher_mobility = forms.IntegerField(
        label=_("Teachers in international mobility"),
        min_value=0,
        initial=0,
        help_text=_("Among the teachers taking part."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))


class ActivityForm(_NodeForm):
    """A festival, competition, e-portfolio or content work."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    held_on = date_field(_("Date"))
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), required=False, widget=textarea())


class AwardForm(_NodeForm):
    """An award, commendation or letter of thanks."""

    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Award.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    given_on = date_field(_("Date"))
    given_by = forms.CharField(
        label=_("Given by"), max_length=200, help_text=_("For example Erzincan Valiliği.")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=textarea())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else User.objects.none()
