"""Forms of the sessions and absences pages. Choices are limited to what the user may use; services check again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import date_field, file_field, textarea
from izlem.harezmi.models import Absence, Session
from izlem.harezmi.services.sessions import AbsenceInput, SessionInput
from izlem.org.models import User


class SessionForm(forms.Form):
    """One week's session of a team: the three parts, the plan update, attendance, or why it was not held."""

    state = forms.ChoiceField(
        label=_("The session"),
        choices=Session.State.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial="held",
    )
    held_on = date_field(_("Date held"), required=False)
    plan = forms.CharField(label=_("Plan (preparation hour)"), required=False, widget=textarea())
    activities = forms.CharField(
        label=_("What was done (application hours)"), required=False, widget=textarea(4)
    )
    evaluation = forms.CharField(label=_("Evaluation (last hour)"), required=False, widget=textarea())
    plan_update = forms.CharField(
        label=_("Plan updated after the session"),
        required=False,
        widget=textarea(),
        help_text=_("What changes for the coming weeks."),
    )
    plan_changed = forms.BooleanField(label=_("The plan was changed"), required=False)
    plan_change_note = forms.CharField(
        label=_("What changed in the plan and why"),
        required=False,
        widget=textarea(2),
        help_text=_("The district coordinator is told."),
    )
    not_held_reason = forms.CharField(label=_("Why it was not held"), required=False, widget=textarea(2))
    teachers_present = forms.MultipleChoiceField(
        label=_("Teachers present"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    students_present = forms.MultipleChoiceField(
        label=_("Students present"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, teachers=(), students=(), absences=None, **kwargs):
        super().__init__(*args, **kwargs)
        absences = absences or {}
        self.fields["teachers_present"].choices = [
            (str(t.pk), f"{t} — {absences[t.pk].get_kind_display()}" if t.pk in absences else str(t))
            for t in teachers
        ]
        self.fields["students_present"].choices = [(str(s.pk), str(s)) for s in students]

    def session_input(self) -> SessionInput:
        """The form's data for `session_record`."""
        data = self.cleaned_data
        return SessionInput(
            state=data["state"],
            plan=data["plan"],
            activities=data["activities"],
            evaluation=data["evaluation"],
            plan_update=data["plan_update"],
            plan_changed=data["plan_changed"],
            plan_change_note=data["plan_change_note"],
            held_on=data["held_on"],
            not_held_reason=data["not_held_reason"],
            teachers_present=frozenset(int(pk) for pk in data["teachers_present"]),
            students_present=frozenset(int(pk) for pk in data["students_present"]),
        )


class PersonChoice(forms.ModelChoiceField):
    """A person shown by name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AbsenceForm(forms.Form):
    """A teacher's leave or sick days."""

    teacher = PersonChoice(label=_("Teacher"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Absence.Kind.choices)
    starts_on = date_field(_("First day"))
    ends_on = date_field(_("Last day"))
    note = forms.CharField(label=_("Note"), required=False, widget=textarea(2))
    document = file_field(_("Supporting document"))

    def __init__(self, *args, teachers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers if teachers is not None else User.objects.none()

    def absence_input(self) -> AbsenceInput:
        """The form's data for the absence services."""
        data = self.cleaned_data
        return AbsenceInput(
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
            document=data.get("document"),
        )
