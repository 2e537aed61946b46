"""Forms of the assigned tasks pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import PersonChoiceField, date_field, textarea
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
