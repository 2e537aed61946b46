"""Trainings completed (minimal, needed for appointments) and coordinator appointments."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel


class TrainingCompletionQuerySet(models.QuerySet):
    """Queries over completed trainings."""

    def harezmi(self):
        """Completions of the Harezmi in-service training, the one that qualifies for appointments."""
        return self.filter(kind=TrainingCompletion.Kind.HAREZMI)

    def completed_by(self, person, on: dt.date | None = None):
        """Completions by `person` (on or before `on`, if given)."""
        qs = self.filter(person=person)
        return qs.filter(completed_on__lte=on) if on else qs


class TrainingCompletion(TimeStampedModel):
    """Who completed the Harezmi in-service training, and when (the full training record is Harezmi II)."""

    class Kind(models.TextChoices):
        HAREZMI = "harezmi", _("Harezmi Education Model in-service training")
        OTHER = "other", _("Other in-service course")

    person = models.ForeignKey(
        "org.User", verbose_name=_("person"), on_delete=models.CASCADE, related_name="harezmi_trainings"
    )
    kind = models.CharField(_("training"), max_length=16, choices=Kind.choices, default=Kind.HAREZMI)
    completed_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        "org.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = TrainingCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("completed training")
        verbose_name_plural = _("completed trainings")
        ordering = ["-completed_on", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "completed_on"], name="training_unique_completion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {format_date(self.completed_on)}"


class CoordinatorAppointmentQuerySet(models.QuerySet):
    """Queries over coordinator appointments."""

    def in_force(self):
        """Appointments not ended (a departure may be pending)."""
        return self.exclude(state=CoordinatorAppointment.State.ENDED)

    def district_coordinators(self):
        return self.filter(kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR)


class CoordinatorAppointment(TimeStampedModel):
    """A coordinator's appointment in a program year, with its approval record and, later, its departure.

    Province coordinators and assistants are appointed by the province with an office approval;
    district coordinators volunteer by petition and are appointed by the district for a semester,
    part- or full-time, with a start letter to the province (EBYS). The matching role assignment is
    created on appointment and ended on departure, so the access module sees the role.
    """

    class Kind(models.TextChoices):
        PROVINCE_COORDINATOR = "province_coordinator", _("Province coordinator")
        PROVINCE_ASSISTANT = "province_coordinator_assistant", _("Assistant province coordinator")
        DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")

    class Employment(models.TextChoices):
        PART_TIME = "part_time", _("Part-time")
        FULL_TIME = "full_time", _("Full-time")

    class Semester(models.TextChoices):
        FIRST = "1", _("First semester")
        SECOND = "2", _("Second semester")
        BOTH = "both", _("Whole year")

    class State(models.TextChoices):
        ACTIVE = "active", _("In office")
        DEPARTURE_REQUESTED = "departure_requested", _("Departure petition received")
        ENDED = "ended", _("Ended")

    PROVINCE_KINDS = (Kind.PROVINCE_COORDINATOR, Kind.PROVINCE_ASSISTANT)

    program_year = models.ForeignKey(
        "harezmi.ProgramYear",
        verbose_name=_("program year"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    kind = models.CharField(_("post"), max_length=40, choices=Kind.choices)
    person = models.ForeignKey(
        "org.User", verbose_name=_("person"), on_delete=models.PROTECT, related_name="harezmi_appointments"
    )
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("province or district"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.ACTIVE)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("planned end date"))
    semester = models.CharField(_("semester"), max_length=4, choices=Semester.choices, default=Semester.BOTH)
    employment = models.CharField(_("working time"), max_length=12, choices=Employment.choices, blank=True)
    approval = models.ForeignKey(
        "harezmi.OfficialDocument",
        verbose_name=_("office approval (makam onayı)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs_ministry_opinion = models.BooleanField(_("needs the Ministry's opinion"), default=False)
    ministry_opinion = models.ForeignKey(
        "harezmi.OfficialDocument",
        verbose_name=_("Ministry's opinion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    petition = models.ForeignKey(
        "harezmi.OfficialDocument",
        verbose_name=_("volunteer petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_letter = models.ForeignKey(
        "harezmi.OfficialDocument",
        verbose_name=_("start letter to the province (EBYS)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    schools = models.ManyToManyField(
        "org.OrgNode",
        verbose_name=_("schools followed"),
        blank=True,
        related_name="harezmi_coordinator_appointments",
        help_text=_("Leave empty when one coordinator follows every application school of the district."),
    )
    appointed_by = models.ForeignKey(
        "org.User",
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    departure_petition = models.ForeignKey(
        "harezmi.OfficialDocument",
        verbose_name=_("departure petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    departure_reason = models.TextField(_("reason for leaving"), blank=True)
    departure_requested_by = models.ForeignKey(
        "org.User",
        verbose_name=_("departure recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    departure_requested_at = models.DateTimeField(_("departure recorded at"), null=True, blank=True)
    departed_on = models.DateField(_("left on"), null=True, blank=True)
    departure_approved_by = models.ForeignKey(
        "org.User",
        verbose_name=_("departure approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    departure_approved_at = models.DateTimeField(_("departure approved at"), null=True, blank=True)
    role_assignment = models.OneToOneField(
        "org.RoleAssignment",
        verbose_name=_("role assignment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="harezmi_appointment",
    )

    history = HistoricalRecords()
    objects = CoordinatorAppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordinator appointment")
        verbose_name_plural = _("coordinator appointments")
        ordering = ["program_year", "kind", "node__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="appointment_end_after_start",
                violation_error_message=_("An appointment's end date must not be before its start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.node}"

    @property
    def full_time_equivalent(self) -> float:
        """1 for a full-time district coordinator, 0.5 for a part-time one (the coordinator-count rule)."""
        return 0.5 if self.employment == self.Employment.PART_TIME else 1.0
