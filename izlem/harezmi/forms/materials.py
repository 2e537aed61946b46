"""Forms of the material support pages: request, decision, delivery."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from izlem.harezmi.forms import date_field, textarea
from izlem.harezmi.models import MaterialItem
from izlem.org.models import OrgNode


class MaterialRequestForm(forms.Form):
    """A school's request for material."""

    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    item = forms.ChoiceField(label=_("Material"), choices=MaterialItem.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("Model, content; required for other material."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10000)
    reason = forms.CharField(label=_("Reason"), widget=textarea())

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()


class MaterialDecisionForm(forms.Form):
    """Approve a request with a quantity, or refuse it with a note."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    approved_quantity = forms.IntegerField(label=_("Quantity approved"), min_value=1, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=textarea(2))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("approved_quantity"):
            raise ValidationError({"approved_quantity": _("Give the quantity approved.")})
        return data


class MaterialDeliveryForm(forms.Form):
    """A delivery against an approved request."""

    quantity = forms.IntegerField(label=_("Quantity delivered"), min_value=1)
    delivered_on = date_field(_("Delivered on"))
    supplier = forms.ModelChoiceField(label=_("Supplied by"), queryset=OrgNode.objects.none())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, suppliers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers if suppliers is not None else OrgNode.objects.none()
