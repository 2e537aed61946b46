"""Forms of the program meeting pages (choices limited to what the user may use; services check again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import PersonChoiceField, date_field, textarea
from izlem.harezmi.models import CalendarEvent, Meeting
from izlem.org.models import OrgNode, User


class PeopleField(forms.ModelMultipleChoiceField):
    """People shown with their title."""

    def label_from_instance(self, obj: User) -> str:
        return PersonChoiceField.label_from_instance(self, obj)


class MeetingForm(forms.Form):
    """A meeting: kind, level, date and place, invitations, minutes and decisions."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    node = forms.ModelChoiceField(label=_("Level"), queryset=OrgNode.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    calendar_event = forms.ModelChoiceField(
        label=_("Calendar entry"),
        queryset=CalendarEvent.objects.none(),
        required=False,
        help_text=_("The entry of the year's calendar this meeting fulfils (process-management meetings)."),
    )
    invitees = PeopleField(
        label=_("Invited people"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Coordinators, principals and teachers of the level. Hold Ctrl (or ⌘) to choose several."
        ),
    )
    outsiders = forms.CharField(
        label=_("Invited from outside"),
        required=False,
        widget=textarea(3),
        help_text=_(
            "One per line: name — title (e.g. Prof. Dr. Ayşe Yılmaz — Erzincan Binali Yıldırım Üniversitesi)."
        ),
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=textarea(6))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=textarea(4))

    def __init__(self, *args, nodes=None, events=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
        self.fields["calendar_event"].queryset = (
            events if events is not None else CalendarEvent.objects.none()
        )
        self.fields["invitees"].queryset = people if people is not None else User.objects.none()
