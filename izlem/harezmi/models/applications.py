"""A school's application to a program year: school → district → province, then the results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field, school_field


class ApplicationQuerySet(models.QuerySet):
    """Queries over applications."""

    def approved(self):
        return self.filter(state=Application.State.APPROVED)


class Application(TimeStampedModel):
    """A school's application to a program year, reviewed by its district and decided by the province.

    It also holds the school's settings for the year: the weekdays it cannot use for the Harezmi day
    and, if it differs from the year's, the team size it aims for.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the district")
        RETURNED = "returned", _("Returned to the school")
        FORWARDED = "forwarded", _("Forwarded to the province")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    DECIDED_STATES = (State.APPROVED, State.REJECTED)

    program_year = program_year_field("applications")
    school = school_field("harezmi_applications")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    requested_team_count = models.PositiveSmallIntegerField(
        _("number of teams requested"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    proposed_teachers = models.ManyToManyField(
        "org.User", verbose_name=_("proposed teachers"), blank=True, related_name="+"
    )
    proposed_teacher_names = models.TextField(
        _("other proposed teachers"),
        blank=True,
        help_text=_("One per line: name and branch of teachers without an account."),
    )
    motivation = models.TextField(_("reasons for applying"))
    approved_team_count = models.PositiveSmallIntegerField(
        _("number of teams approved"), null=True, blank=True, validators=[MaxValueValidator(20)]
    )
    district_comment = models.TextField(_("district's comment"), blank=True)
    province_comment = models.TextField(_("province's comment"), blank=True)
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    announced_at = models.DateTimeField(_("result announced at"), null=True, blank=True)
    unavailable_weekdays = models.CharField(
        _("weekdays the school cannot use"),
        max_length=16,
        blank=True,
        help_text=_("The balancing never proposes these days for the school."),
    )
    teacher_min = models.PositiveSmallIntegerField(_("fewest teachers in a team"), null=True, blank=True)
    teacher_max = models.PositiveSmallIntegerField(_("most teachers in a team"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["program_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_year", "school"], name="application_one_per_school_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.program_year.name}"

    def clean(self) -> None:
        """A school's own team range must be ordered; the unavailable days must be weekdays."""
        errors = {}
        if self.teacher_min and self.teacher_max and self.teacher_max < self.teacher_min:
            errors["teacher_max"] = _("The largest team size cannot be below the smallest.")
        try:
            self.unavailable_day_set  # noqa: B018 - parses and validates
        except ValueError:
            errors["unavailable_weekdays"] = _("Use weekday numbers 1 (Monday) to 5 (Friday).")
        if errors:
            raise ValidationError(errors)

    @property
    def unavailable_day_set(self) -> frozenset[int]:
        """The weekdays (1-5) the school cannot use."""
        days = frozenset(int(part) for part in self.unavailable_weekdays.split(",") if part.strip())
        if any(day < 1 or day > 5 for day in days):
            raise ValueError(self.unavailable_weekdays)
        return days

    @property
    def team_size_range(self) -> tuple[int, int]:
        """The team size the school aims for: its own setting, else the program year's."""
        return (
            self.teacher_min or self.program_year.team_teacher_min,
            self.teacher_max or self.program_year.team_teacher_max,
        )

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES


class ApplicationStep(models.Model):
    """One step of an application's workflow: the state it reached, who took it, when, and the comment."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="steps"
    )
    state = models.CharField(_("state"), max_length=12, choices=Application.State.choices)
    by = actor_field(_("by"))
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application} → {self.get_state_display()}"
