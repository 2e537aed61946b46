"""The form of the API token page."""

from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("", _("Never (revoke it when no longer needed)")),
]


class TokenCreateForm(forms.Form):
    """A name that says which program uses the token, and when it stops working."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which program or script will use it, e.g. “e-Okul aktarımı”."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )
