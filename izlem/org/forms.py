"""Forms for the organisation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from izlem.core.widgets import DateInput
from izlem.org.models import OrgNode, Role, RoleAssignment, Unit, User
from izlem.org.services import NODE_EDITABLE_FIELDS


class NodeForm(forms.ModelForm):
    """Edit a node's attributes."""

    class Meta:
        model = OrgNode
        fields = NODE_EDITABLE_FIELDS


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
