"""Forms of the assigned tasks pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import PersonChoiceField, date_field, file_field, textarea
from izlem.harezmi.models import Cooperation, ResearchReport
from izlem.org.models import OrgNode, User


class TaskEditForm(forms.Form):
    """A task's title, description and due date."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=textarea(4),
        help_text=_("For example an Erasmus project, e-portfolio, content, a report or a festival."),
    )
    due_on = date_field(_("Due date"))


class TaskForm(TaskEditForm):
    """A new task: to whom, and what."""

    assignee = PersonChoiceField(label=_("Assigned to"), queryset=User.objects.none())
    field_order = ["assignee", "title", "description", "due_on"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people if people is not None else User.objects.none()


class TaskCompleteForm(forms.Form):
    """What was done (the assignee marks the task done)."""

    completion_note = forms.CharField(label=_("What was done"), widget=textarea(4))


class TaskCancelForm(forms.Form):
    """Why the giver cancels the task."""

    reason = forms.CharField(label=_("Reason for cancelling"), widget=textarea(3))


class AnnouncementForm(forms.Form):
    """A coordinator's announcement: from which level, to all or chosen application schools, and the text."""

    node = forms.ModelChoiceField(label=_("From"), queryset=OrgNode.objects.none())
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"),
        queryset=OrgNode.objects.none(),
        required=False,
        help_text=_("Leave empty to send it to all application schools of your province or district."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=textarea(6))

    def __init__(self, *args, nodes=None, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
        self.fields["schools"].queryset = schools if schools is not None else OrgNode.objects.none()


class CooperationForm(forms.Form):
    """A cooperation with an institution: who, what, when, the schools involved and its protocol."""

    node = forms.ModelChoiceField(label=_("Province or district"), queryset=OrgNode.objects.none())
    institution = forms.CharField(label=_("Institution"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of institution"), choices=Cooperation.Kind.choices)
    subject = forms.CharField(label=_("Subject"), widget=textarea(3))
    starts_on = date_field(_("Start date"))
    ends_on = date_field(_("End date"), required=False)
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools involved"), queryset=OrgNode.objects.none(), required=False
    )
    protocol_number = forms.CharField(label=_("Protocol number"), max_length=60, required=False)
    protocol_date = date_field(
        _("Protocol date"), required=False, help_text=_("Only if a protocol was signed.")
    )
    protocol_file = file_field(_("Protocol file"))

    def __init__(self, *args, nodes=None, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
        self.fields["schools"].queryset = schools if schools is not None else OrgNode.objects.none()

    def clean(self):
        data = super().clean()
        if (data.get("protocol_file") or data.get("protocol_number")) and not data.get("protocol_date"):
            self.add_error(
                "protocol_date", _("Give the date of the protocol whose number or file you entered.")
            )
        return data


class ReportForm(forms.Form):
    """A research, report or suggestion: its level, kind, title, summary and file."""

    node = forms.ModelChoiceField(label=_("Province or district"), queryset=OrgNode.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ResearchReport.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(label=_("Summary"), widget=textarea(5))
    file = file_field(_("File"))

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
