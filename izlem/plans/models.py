"""The strategic plan (SPEC §2): plan → theme → goal → target → indicator, target → measure, costs, analyses."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.org.models import OrgNode, Unit
from izlem.plans import applicability


def code_sort_key(code: str) -> tuple:
    """Sort plan codes numerically: 3.2.9 before 3.2.12."""
    return tuple(int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".") if part)


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
    # The record's stable id: exported in the plan workbook and matched on import, so that a renamed
    # code or label is a rename that keeps its monitoring data (docs/plan-import.md, "Stable ids").
    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, editable=False)
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
    # The record's stable id: exported in the plan workbook and matched on import, so that a renamed
    # code or label is a rename that keeps its monitoring data (docs/plan-import.md, "Stable ids").
    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, editable=False)
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


class Indicator(models.Model):
    """A performance indicator (gösterge), with how it is collected, rolled up and judged."""

    class UnitKind(models.TextChoices):
        PERCENT = "percent", _("percent")
        COUNT = "count", _("count")
        RATIO = "ratio", _("ratio")
        HOURS = "hours", _("hours")
        PER_STUDENT = "per_student", _("per student")
        SCORE = "score", _("score")
        DAYS = "days", _("days")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        SCHOOL = "school", _("school")
        DISTRICT = "district", _("district")
        PROVINCE = "province", _("province unit")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum")
        RATIO = "ratio", _("ratio (Σ numerators / Σ denominators)")
        MEAN = "mean", _("mean")
        WEIGHTED_MEAN = "weighted_mean", _("weighted mean")
        MIN = "min", _("minimum")
        MAX = "max", _("maximum")
        NONE = "none", _("none (entered at the top only)")

    class Weight(models.TextChoices):
        """What a weighted mean weighs each entity by: a fixed choice, so the roll-up always finds it."""

        STUDENTS = "students", _("students")
        TEACHERS = "teachers", _("teachers")

    class DenominatorSource(models.TextChoices):
        """Where a school's denominator of a rate comes from: typed, or its enrolment / teachers (pre-filled)."""

        ENTERED = "", _("entered by the school")
        STUDENTS = "students", _("the school's number of students")
        TEACHERS = "teachers", _("the school's number of teachers")

    class Frequency(models.TextChoices):
        HALF_YEARLY = "half_yearly", _("half-yearly")
        YEARLY = "yearly", _("yearly")

    class Direction(models.TextChoices):
        AUTO = "auto", _("derived from baseline and target")
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.TextField(_("name"))
    unit = models.CharField(_("unit"), max_length=16, choices=UnitKind.choices, default=UnitKind.PERCENT)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    responsible_unit_text = models.CharField(_("responsible unit as written"), max_length=300, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    definition = models.TextField(_("definition / formula"), blank=True)
    collection_level = models.CharField(
        _("collection level"), max_length=10, choices=Level.choices, default=Level.SCHOOL
    )
    aggregation = models.CharField(
        _("aggregation rule"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    weight_name = models.CharField(
        _("weight"),
        max_length=60,
        blank=True,
        choices=Weight.choices,
        help_text=_("For a weighted mean: each entity counts with its students or its teachers."),
    )
    denominator_source = models.CharField(
        _("denominator of a school's rate"),
        max_length=10,
        blank=True,
        default="",
        choices=DenominatorSource.choices,
        help_text=_(
            "For a rate: when the denominator is the school's number of students (or teachers), the entry "
            "page suggests it from the school's attributes; the school still saves it."
        ),
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.HALF_YEARLY
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.AUTO
    )
    # A named query over the system's own records (izlem.monitoring.computed.SOURCES); empty: entered
    # by hand. Not a `choices` field so that adding a source needs no migration.
    computed_source = models.CharField(
        _("computed from"),
        max_length=40,
        blank=True,
        help_text=_("The records the value is computed from; empty when it is entered by hand."),
    )
    # The record's stable id: exported in the plan workbook and matched on import, so that a renamed
    # code or label is a rename that keeps its monitoring data (docs/plan-import.md, "Stable ids").
    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, editable=False)
    # Fields a planning officer changed on the indicator page: from then on they are the planner's,
    # and a plan import reports a differing value instead of reverting the edit.
    edited_fields = models.JSONField(
        _("fields edited by a planner"), default=list, blank=True, editable=False
    )
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code"),
            models.UniqueConstraint(fields=["plan", "uid"], name="indicator_unique_uid"),
            models.CheckConstraint(
                condition=Q(weight_name__in=["", "students", "teachers"]),
                name="indicator_weight_known",
                violation_error_message=_("The weight of a weighted mean is students or teachers."),
            ),
            models.CheckConstraint(
                condition=~Q(aggregation="weighted_mean") | ~Q(weight_name=""),
                name="indicator_weighted_mean_has_weight",
                violation_error_message=_("A weighted mean needs its weight: students or teachers."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs) -> None:
        """Keep the numeric sort key in step with the code (3.2.9 before 3.2.12)."""
        self.sort_key = ".".join(
            f"{part:05d}" if isinstance(part, int) else part for part in code_sort_key(self.code)
        )
        if kwargs.get("update_fields") is not None and "code" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    @property
    def is_whole_number(self) -> bool:
        """Counts are whole numbers: their targets are rounded to integers."""
        return self.unit == self.UnitKind.COUNT


class IndicatorRow(models.Model):
    """One value row of an indicator: the whole indicator, or one disaggregation such as İlkokul."""

    class Level(models.TextChoices):
        ALL = "", _("all levels")
        PRESCHOOL = "preschool", _("pre-school")
        PRIMARY = "primary", _("primary")
        MIDDLE = "middle", _("middle")
        SECONDARY = "secondary", _("secondary")
        BASIC = "basic", _("primary and middle")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rows")
    breakdown = models.CharField(_("breakdown"), max_length=120, blank=True)
    level = models.CharField(
        _("education level"),
        max_length=12,
        choices=Level.choices,
        blank=True,
        help_text=_("The education level the breakdown names (who reports the row: the two fields below)."),
    )
    # Which schools owe a school-collected row (izlem/plans/applicability.py): derived from the plan's
    # words at import, corrected by planning officers; both empty: every school that teaches a level.
    applicable_levels = models.JSONField(
        _("education levels it concerns"), default=list, blank=True, help_text=_("Empty: none by level.")
    )
    applicable_school_types = models.JSONField(
        _("school types it concerns"), default=list, blank=True, help_text=_("Empty: none by type.")
    )
    applicability_edited = models.BooleanField(
        _("set by a planning officer"),
        default=False,
        help_text=_("A re-import keeps a planning officer's choice instead of deriving it again."),
    )
    # Calibrated checks (docs/monitoring.md): a value outside [valid_min, valid_max] is refused. On the
    # row, not the indicator, because a breakdown has its own scale (İlkokul and Lise rates differ);
    # an indicator without a breakdown has one row, so its bounds are the indicator's.
    valid_min = models.DecimalField(
        _("smallest valid value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Optional: a value below it is refused (for a rate: the rate computed)."),
    )
    valid_max = models.DecimalField(
        _("largest valid value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Optional: a value above it is refused (for a rate: the rate computed)."),
    )
    # The record's stable id: exported in the plan workbook and matched on import, so that a renamed
    # code or label is a rename that keeps its monitoring data (docs/plan-import.md, "Stable ids").
    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator row")
        verbose_name_plural = _("indicator rows")
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "breakdown"], name="indicatorrow_unique_breakdown"),
            models.UniqueConstraint(fields=["indicator", "uid"], name="indicatorrow_unique_uid"),
            models.CheckConstraint(
                condition=models.Q(valid_min__isnull=True)
                | models.Q(valid_max__isnull=True)
                | models.Q(valid_min__lte=models.F("valid_max")),
                name="indicatorrow_bounds_ordered",
                violation_error_message=_("The largest valid value must not be smaller than the smallest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.breakdown}".strip()

    def clean(self) -> None:
        """The smallest valid value may not exceed the largest."""
        super().clean()
        if self.valid_min is not None and self.valid_max is not None and self.valid_min > self.valid_max:
            raise ValidationError(
                {
                    "valid_max": _(
                        "The largest valid value (%(max)s) is smaller than the smallest (%(min)s)."
                    )
                    % {"max": self.valid_max, "min": self.valid_min}
                }
            )

    @property
    def applicability_text(self) -> str:
        """The schools this row concerns, in words."""
        return applicability.describe(
            levels=self.applicable_levels, school_types=self.applicable_school_types
        )

    def concerns(self, school: OrgNode) -> bool:
        """Whether this row concerns `school` by its education levels and school type."""
        return applicability.concerns(
            levels=self.applicable_levels, school_types=self.applicable_school_types, school=school
        )


class YearValue(models.Model):
    """A baseline or target value of an indicator row for one year.

    The plan-end target comes from the document; the other yearly targets default to a linear path
    from the last baseline (`is_default`) until a planning officer edits them.
    """

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("baseline")
        TARGET = "target", _("target")

    row = models.ForeignKey(IndicatorRow, on_delete=models.CASCADE, related_name="year_values")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    is_default = models.BooleanField(_("computed default"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly value")
        verbose_name_plural = _("yearly values")
        ordering = ["row", "kind", "year"]
        constraints = [models.UniqueConstraint(fields=["row", "kind", "year"], name="yearvalue_unique")]

    def __str__(self) -> str:
        return f"{self.row} {self.kind} {self.year}: {self.value}"


class Measure(models.Model):
    """A measure (tedbir) serving a target, with its responsible units."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="measures"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    timing = models.CharField(_("timing"), max_length=200, blank=True)
    # The record's stable id: exported in the plan workbook and matched on import, so that a renamed
    # code or label is a rename that keeps its monitoring data (docs/plan-import.md, "Stable ids").
    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, editable=False)
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
