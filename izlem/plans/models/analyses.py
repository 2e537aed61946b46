"""The plan's situation analyses (SPEC §2): stakeholders, PEST, SWOT, TOWS, problem areas, architecture."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.plans.models.plan import Plan


class Stakeholder(models.Model):
    """A stakeholder with its classification (internal/external, partner kinds) and priority."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=300)
    internal = models.BooleanField(_("internal"), default=False)
    core_partner = models.BooleanField(_("core partner"), default=False)
    strategic_partner = models.BooleanField(_("strategic partner"), default=False)
    supplier = models.BooleanField(_("supplier"), default=False)
    beneficiary = models.BooleanField(_("beneficiary"), default=False)
    priority = models.CharField(_("priority"), max_length=60, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class PestItem(models.Model):
    """An item of the PEST analysis."""

    class Category(models.TextChoices):
        POLITICAL = "political", _("political")
        ECONOMIC = "economic", _("economic")
        SOCIAL = "social", _("social")
        TECHNOLOGICAL = "technological", _("technological")
        ECOLOGICAL = "ecological", _("ecological")
        LEGAL = "legal", _("legal")
        ETHICAL = "ethical", _("ethical")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pest_items")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PEST item")
        verbose_name_plural = _("PEST items")
        ordering = ["category", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class SwotItem(models.Model):
    """An item of the SWOT analysis (GZFT); `number` is its place in its category, as TOWS cites it."""

    class Category(models.TextChoices):
        STRENGTH = "strength", _("strength")
        WEAKNESS = "weakness", _("weakness")
        OPPORTUNITY = "opportunity", _("opportunity")
        THREAT = "threat", _("threat")

    CITATION_LETTER = {"strength": "G", "weakness": "Z", "opportunity": "F", "threat": "T"}

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="swot_items")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["category", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "category", "number"], name="swotitem_unique")]

    def __str__(self) -> str:
        return f"{self.citation} {self.text[:60]}"

    @property
    def citation(self) -> str:
        """How TOWS strategies cite this item, e.g. 2G."""
        return f"{self.number}{self.CITATION_LETTER[self.category]}"


class TowsStrategy(models.Model):
    """A TOWS strategy (SO/WO/ST/WT) linked to the SWOT items it cites."""

    class Kind(models.TextChoices):
        SO = "SO", _("SO: use strengths to seize opportunities")
        WO = "WO", _("WO: overcome weaknesses with opportunities")
        ST = "ST", _("ST: use strengths against threats")
        WT = "WT", _("WT: reduce weaknesses and avoid threats")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tows_strategies")
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    text = models.TextField(_("text"))
    cites = models.ManyToManyField(
        SwotItem, verbose_name=_("cited SWOT items"), blank=True, related_name="strategies"
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TOWS strategy")
        verbose_name_plural = _("TOWS strategies")
        ordering = ["kind", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class ProblemArea(models.Model):
    """A problem or development area of the education system, by theme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="problem_areas")
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem area")
        verbose_name_plural = _("problem areas")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text[:80]


class ArchitectureComponent(models.Model):
    """A component of the plan architecture, e.g. 1.1.1 Okul öncesi eğitimde okullaşma."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="architecture")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan architecture component")
        verbose_name_plural = _("plan architecture components")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
