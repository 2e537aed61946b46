"""Forms of the training pages: trainings held, participants and completion, training needs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import PersonChoiceField, date_field, textarea
from izlem.harezmi.forms.meetings import PeopleField
from izlem.harezmi.models import CalendarEvent, Training, TrainingParticipant, TrainingTopic
from izlem.org.models import OrgNode, User


class TrainingHeldForm(forms.Form):
    """A training held: kind, topic, form, venue, dates, hours, trainers."""

    node = forms.ModelChoiceField(label=_("Organised by"), queryset=OrgNode.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Training.Kind.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=TrainingTopic.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Form"), choices=Training.Mode.choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    starts_on = date_field(_("First day"))
    ends_on = date_field(_("Last day"))
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=500, initial=0)
    trainers = PeopleField(
        label=_("Trainers (coordinators)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    external_trainers = forms.CharField(
        label=_("Trainers from outside"),
        max_length=300,
        required=False,
        help_text=_("Names, separated by commas."),
    )
    calendar_event = forms.ModelChoiceField(
        label=_("Calendar entry"), queryset=CalendarEvent.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea())

    def __init__(self, *args, nodes=None, trainers=None, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
        self.fields["trainers"].queryset = trainers if trainers is not None else User.objects.none()
        self.fields["calendar_event"].queryset = (
            events if events is not None else CalendarEvent.objects.none()
        )


class ParticipantsForm(forms.Form):
    """Enrol people in a training."""

    people = PeopleField(
        label=_("People to enrol"),
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people if people is not None else User.objects.none()


class ParticipantStateForm(forms.Form):
    """Mark one participant completed, did not complete, or enrolled again."""

    state = forms.ChoiceField(label=_("State"), choices=TrainingParticipant.State.choices)
    completed_on = date_field(_("Completed on"), required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)


class TrainingNeedForm(forms.Form):
    """A teacher's training need."""

    person = PersonChoiceField(label=_("Teacher"), queryset=User.objects.none())
    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    topic = forms.ChoiceField(label=_("Topic"), choices=TrainingTopic.choices)
    description = forms.CharField(label=_("Need"), required=False, widget=textarea())

    def __init__(self, *args, people=None, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else User.objects.none()
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()


class TrainingNeedChangeForm(forms.Form):
    """Change a need's topic and description, and the training that met it."""

    topic = forms.ChoiceField(label=_("Topic"), choices=TrainingTopic.choices)
    description = forms.CharField(label=_("Need"), required=False, widget=textarea())
    met_by = forms.ModelChoiceField(
        label=_("Met by the training"),
        queryset=Training.objects.none(),
        required=False,
        help_text=_(
            "Only trainings the teacher attended to the end (completed in the participant list) are listed. "
            "Leave empty while the need is open."
        ),
    )

    def __init__(self, *args, trainings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_by"].queryset = trainings if trainings is not None else Training.objects.none()
