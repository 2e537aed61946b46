"""Material support: schools' requests for kits and sets, the decision, and deliveries by district or province."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field, school_field


class MaterialItem(models.TextChoices):
    """Kinds of material a school may ask for."""

    ARDUINO = "arduino", _("Arduino kit")
    CODING_SET = "coding_set", _("Coding set")
    ROBOTICS_SET = "robotics_set", _("Robotics set")
    SENSOR_SET = "sensor_set", _("Sensor and electronics set")
    OTHER = "other", _("Other material")


class MaterialRequest(TimeStampedModel):
    """A school's request for material: what, how many, why; the decision and what was delivered."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        DELIVERED = "delivered", _("Delivered")

    program_year = program_year_field("material_requests")
    school = school_field("harezmi_material_requests")
    item = models.CharField(_("material"), max_length=16, choices=MaterialItem.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.PositiveIntegerField(_("quantity requested"), validators=[MinValueValidator(1)])
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    approved_quantity = models.PositiveIntegerField(_("quantity approved"), null=True, blank=True)
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    requested_by = actor_field(_("requested by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material request")
        verbose_name_plural = _("material requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_quantity__isnull=True) | Q(approved_quantity__gte=1),
                name="material_approved_positive",
                violation_error_message=_("The approved quantity must be at least 1."),
            ),
        ]
        indexes = [models.Index(fields=["program_year", "state"], name="material_year_state")]

    def __str__(self) -> str:
        return f"{self.school} · {self.get_item_display()} × {self.quantity}"


class MaterialDelivery(TimeStampedModel):
    """Material handed to a school against a request, by its district or the province."""

    request = models.ForeignKey(
        MaterialRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="deliveries"
    )
    quantity = models.PositiveIntegerField(_("quantity delivered"), validators=[MinValueValidator(1)])
    delivered_on = models.DateField(_("delivered on"))
    supplier = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("supplied by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The district or the province that supplied it."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material delivery")
        verbose_name_plural = _("material deliveries")
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.request} · {self.quantity}"
