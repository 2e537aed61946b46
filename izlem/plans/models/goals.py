"""The plan's goal tree (SPEC §2): theme → goal → target, and the measures serving a target."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.org.models import Unit
from izlem.plans.models.fields import stable_id
from izlem.plans.models.plan import Plan


class Theme(models.Model):
    """A theme (tema) grouping goals, e.g. access, quality, institutional capacity."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="theme_unique_title")]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A strategic goal (amaç)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    uid = stable_id()  # matched on import (docs/plan-import.md, "Stable ids")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="goal_unique_code"),
            models.UniqueConstraint(fields=["plan", "uid"], name="goal_unique_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Target(models.Model):
    """A strategic target (hedef) with its three narratives."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=20)
    statement = models.TextField(_("statement"))
    rationale = models.TextField(_("why it is needed"), blank=True)
    current_status = models.TextField(_("current status"), blank=True)
    expected_outcome = models.TextField(_("expected outcome"), blank=True)
    uid = stable_id()  # matched on import (docs/plan-import.md, "Stable ids")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic target")
        verbose_name_plural = _("strategic targets")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_unique_code"),
            models.UniqueConstraint(fields=["plan", "uid"], name="target_unique_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:80]}"


class Measure(models.Model):
    """A measure (tedbir) serving a target, with its responsible units."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="measures"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    timing = models.CharField(_("timing"), max_length=200, blank=True)
    uid = stable_id()  # matched on import (docs/plan-import.md, "Stable ids")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measure_unique_number"),
            models.UniqueConstraint(fields=["plan", "uid"], name="measure_unique_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class MeasureUnit(models.Model):
    """A unit responsible for a measure, main or other; `phrase` keeps the document's words."""

    class Role(models.TextChoices):
        MAIN = "main", _("main responsible")
        OTHER = "other", _("other responsible")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="unit_links")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL)
    phrase = models.CharField(_("as written"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure unit")
        verbose_name_plural = _("measure units")
        ordering = ["measure", "role", "order"]

    def __str__(self) -> str:
        return str(self.unit or self.phrase)
