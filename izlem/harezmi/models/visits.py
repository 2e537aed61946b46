"""Coordinators' field-visit plans (monthly for the province, weekly for districts), visits and follow-ups."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field, school_field, team_field


class VisitPurpose(models.TextChoices):
    """Why a coordinator goes to a school."""

    SCHOOL_MEETING = "school_meeting", _("School meeting")
    APPLICATION_HOURS = "application_hours", _("Application hours")
    GUIDANCE = "guidance", _("Guidance and support")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    OTHER = "other", _("Other")


class VisitPlan(TimeStampedModel):
    """A coordinator's visit plan for one month (province coordinator) or one week (district coordinator)."""

    class Span(models.TextChoices):
        MONTH = "month", _("Monthly")
        WEEK = "week", _("Weekly")

    program_year = program_year_field("visit_plans")
    coordinator = models.ForeignKey(
        "org.User",
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="harezmi_visit_plans",
    )
    node = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("province or district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    span = models.CharField(_("plan for"), max_length=5, choices=Span.choices)
    starts_on = models.DateField(
        _("first day"), help_text=_("The first day of the month or the Monday of the week.")
    )
    ends_on = models.DateField(_("last day"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = actor_field(_("created by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["-starts_on", "coordinator"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_year", "coordinator", "span", "starts_on"], name="visitplan_one_per_span"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="visitplan_dates",
                violation_error_message=_("A visit plan's last day must not be before its first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} · {format_date(self.starts_on)}"


class PlannedVisit(models.Model):
    """One school visit in a plan: the school, the day, the purpose (a meeting or the application hours)."""

    plan = models.ForeignKey(
        VisitPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    school = school_field("+")
    team = team_field()
    planned_on = models.DateField(_("planned day"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=VisitPurpose.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["planned_on", "school__name"]

    def __str__(self) -> str:
        return f"{self.school} · {format_date(self.planned_on)}"


class Visit(TimeStampedModel):
    """A field visit made: school, date, purpose, observations; it may fulfil a planned visit."""

    program_year = program_year_field("visits")
    coordinator = models.ForeignKey(
        "org.User", verbose_name=_("coordinator"), on_delete=models.PROTECT, related_name="harezmi_visits"
    )
    school = school_field("harezmi_visits")
    visited_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=VisitPurpose.choices)
    planned = models.OneToOneField(
        PlannedVisit,
        verbose_name=_("planned visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit",
    )
    observations = models.TextField(_("observations"))
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visited_on", "school__name"]
        indexes = [models.Index(fields=["coordinator", "visited_on"], name="visit_coordinator_day")]

    def __str__(self) -> str:
        return f"{self.school} · {format_date(self.visited_on)}"


class FollowUp(TimeStampedModel):
    """An action agreed at a visit, with its owner, due date and completion."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = models.TextField(_("action"))
    owner = actor_field(_("owner"))
    owner_name = models.CharField(
        _("owner (if not a user)"),
        max_length=160,
        blank=True,
        help_text=_("For example the school's principal."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action[:80]
