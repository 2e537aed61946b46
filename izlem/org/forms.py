"""Forms for the organisation pages."""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from izlem.core.widgets import DateInput
from izlem.org.access import NODE_STRUCTURE_FIELDS
from izlem.org.models import OrgNode, Role, RoleAssignment, Unit, User
from izlem.org.services import NODE_EDITABLE_FIELDS


class NodeForm(forms.ModelForm):
    """Edit a node's attributes; without `structure`, the fields only top managers, planning officers
    and administrators change (whether the node is active) are left out."""

    class Meta:
        model = OrgNode
        fields = NODE_EDITABLE_FIELDS

    def __init__(self, *args, structure: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not structure:
            for name in NODE_STRUCTURE_FIELDS & set(self.fields):
                del self.fields[name]


class UserCreateForm(forms.ModelForm):
    """Create a user; the password is set by the user through the reset link or by the creator."""

    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Leave empty to let the person set it through “Forgot password”."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "title"]


class RoleAssignForm(forms.ModelForm):
    """Give a user a role at a node; the choices are limited to what the granter may grant."""

    class Meta:
        model = RoleAssignment
        fields = ["role", "node", "unit", "start_date", "end_date", "approval_reference"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, nodes=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
        self.fields["unit"].queryset = Unit.objects.all()
        allowed = set(roles or [])
        self.fields["role"].choices = [choice for choice in Role.choices if choice[0] in allowed]


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class DeviceAddForm(forms.Form):
    """A name for the new authenticator and its first code."""

    name = forms.CharField(
        label=gettext_lazy("Name of the device"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("For example “my phone”; shown in your list of authenticators."),
    )
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
