"""The strategic plan (SPEC §2) itself: the plan, its preparation committees and its costing table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.org.models import OrgNode


class Plan(TimeStampedModel):
    """A five-year strategic plan of a directorate, with its mission, vision, values and preparation record."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        OrgNode,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    owner_name = models.CharField(_("owner as written"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    values = models.JSONField(_("core values"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    internal_survey_count = models.PositiveIntegerField(_("internal survey responses"), null=True, blank=True)
    external_survey_count = models.PositiveIntegerField(_("external survey responses"), null=True, blank=True)
    meetings = models.JSONField(_("meetings held"), default=list, blank=True)
    source_name = models.CharField(_("imported from"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_order",
                violation_error_message=_("The plan's end must not be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))


class Committee(models.Model):
    """A committee that prepared the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planning committee")
        verbose_name_plural = _("planning committees")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A committee member: name and title only (no phone numbers or e-mails are kept)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class CostLine(models.Model):
    """A row of the costing table: per target, per goal, goals total, general administration, grand total."""

    class Kind(models.TextChoices):
        TARGET = "target", _("target")
        GOAL = "goal", _("goal")
        GOALS_TOTAL = "goals_total", _("total of goals")
        GENERAL_ADMIN = "general_admin", _("general administration")
        TOTAL = "total", _("grand total")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cost_lines")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("code"), max_length=20)
    amount = models.DecimalField(
        _("estimated cost (TL)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    share_printed = models.DecimalField(
        _("share as printed (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    yearly = models.JSONField(_("yearly breakdown"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "key"], name="costline_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}: {self.amount}"
