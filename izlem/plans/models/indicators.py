"""The plan's performance indicators (SPEC §2): an indicator, its value rows and their yearly values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.org.models import OrgNode, Unit
from izlem.plans import applicability
from izlem.plans.models.fields import stable_id
from izlem.plans.models.goals import Target
from izlem.plans.models.plan import Plan


def code_sort_key(code: str) -> tuple:
    """Sort plan codes numerically: 3.2.9 before 3.2.12."""
    return tuple(int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".") if part)


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
    # A named query over the system's own records (izlem.plans.record_sources.SOURCES); empty: entered
    # by hand. Not a `choices` field so that adding a source needs no migration.
    computed_source = models.CharField(
        _("computed from"),
        max_length=40,
        blank=True,
        help_text=_("The records the value is computed from; empty when it is entered by hand."),
    )
    uid = stable_id()  # matched on import (docs/plan-import.md, "Stable ids")
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
    uid = stable_id()  # matched on import (docs/plan-import.md, "Stable ids")
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
