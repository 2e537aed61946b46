"""Trainings completed (minimal, needed for appointments) and coordinator appointments."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, document_field, program_year_field


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
    recorded_by = actor_field(_("recorded by"))

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


def unit_refused_message(kind: str, unit: str) -> str:
    """Why `unit` is refused for post `kind`, naming the allowed units."""
    Appointment = CoordinatorAppointment
    allowed = ", ".join(str(Appointment.Unit(u).label) for u in Appointment.units_for(kind))
    return _("%(unit)s is not a unit for the post of %(post)s: choose one of %(allowed)s.") % {
        "post": str(Appointment.Kind(kind).label) if kind in Appointment.Kind.values else kind,
        "unit": str(Appointment.Unit(unit).label) if unit in Appointment.Unit.values else unit,
        "allowed": allowed,
    }


class CoordinatorAppointmentQuerySet(models.QuerySet):
    """Queries over coordinator appointments."""

    def overlapping(self, start: dt.date, end: dt.date):
        """Appointments in office on some day from `start` to `end`: a departure (approved or not) counts
        from its date, so a departure approved ahead of its date still covers the days up to it."""
        return self.filter(start_date__lte=end, end_date__gte=start).exclude(departed_on__lt=start)

    def in_office(self, day: dt.date):
        """Appointments in office on `day`: started, not past their end, not left before it."""
        return self.overlapping(day, day)

    def district_coordinators(self):
        """District coordinators' appointments."""
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

    class Unit(models.TextChoices):
        """The unit the coordinator works in (seed §3 for province posts, §2 for district coordinators)."""

        PROVINCE_STRATEGY = "province_strategy", _("Province Strategy Development Section")
        PROVINCE_RD = "province_rd", _("Province R&D unit")
        PROVINCE_PRIVATE_OFFICE = "province_private_office", _("Province directorate's private office")
        DISTRICT_PRIVATE_OFFICE = "district_private_office", _("District directorate's private office")
        DISTRICT_RD = "district_rd", _("District R&D unit")

    class Semester(models.TextChoices):
        FIRST = "1", _("First semester")
        SECOND = "2", _("Second semester")
        BOTH = "both", _("Whole year")

    class State(models.TextChoices):
        ACTIVE = "active", _("In office")
        DEPARTURE_REQUESTED = "departure_requested", _("Departure petition received")
        ENDED = "ended", _("Ended")

    PROVINCE_KINDS = (Kind.PROVINCE_COORDINATOR, Kind.PROVINCE_ASSISTANT)
    # Province posts are filled from the province's Strategy Development Section, R&D units or private
    # office (seed §3); a district coordinator is assigned to the district's private office or R&D (seed §2).
    PROVINCE_UNITS = (Unit.PROVINCE_STRATEGY, Unit.PROVINCE_RD, Unit.PROVINCE_PRIVATE_OFFICE)
    DISTRICT_UNITS = (Unit.DISTRICT_PRIVATE_OFFICE, Unit.DISTRICT_RD)

    program_year = program_year_field("appointments")
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
    # Blank only on appointments recorded before the unit was asked for: the pages say "not recorded".
    unit = models.CharField(_("unit"), max_length=24, choices=Unit.choices, blank=True)
    approval = document_field(_("office approval (makam onayı)"))
    needs_ministry_opinion = models.BooleanField(_("needs the Ministry's opinion"), default=False)
    ministry_opinion = document_field(_("Ministry's opinion"))
    petition = document_field(_("volunteer petition"))
    start_letter = document_field(_("start letter to the province (EBYS)"))
    schools = models.ManyToManyField(
        "org.OrgNode",
        verbose_name=_("schools followed"),
        blank=True,
        related_name="harezmi_coordinator_appointments",
        help_text=_("Leave empty when one coordinator follows every application school of the district."),
    )
    appointed_by = actor_field(_("appointed by"))
    departure_petition = document_field(_("departure petition"))
    departure_reason = models.TextField(_("reason for leaving"), blank=True)
    departure_requested_by = actor_field(_("departure recorded by"))
    departure_requested_at = models.DateTimeField(_("departure recorded at"), null=True, blank=True)
    departed_on = models.DateField(_("left on"), null=True, blank=True)
    departure_approved_by = actor_field(_("departure approved by"))
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
    def in_office_today(self) -> bool:
        """True while the coordinator is in office today (a departure approved early ends on its date)."""
        today = timezone.localdate()
        left = self.departed_on is not None and self.departed_on < today
        return self.start_date <= today <= self.end_date and not left

    @classmethod
    def units_for(cls, kind: str) -> tuple[str, ...]:
        """The units a coordinator of post `kind` may come from or be assigned to."""
        if kind in cls.PROVINCE_KINDS:
            return cls.PROVINCE_UNITS
        if kind == cls.Kind.DISTRICT_COORDINATOR:
            return cls.DISTRICT_UNITS
        return ()

    def clean(self) -> None:
        """A recorded unit must be one allowed for the post."""
        super().clean()
        if self.unit and self.kind and self.unit not in self.units_for(self.kind):
            raise ValidationError({"unit": unit_refused_message(self.kind, self.unit)})

    @property
    def full_time_equivalent(self) -> float:
        """1 for a full-time district coordinator, 0.5 for a part-time one (the coordinator-count rule)."""
        return 0.5 if self.employment == self.Employment.PART_TIME else 1.0
