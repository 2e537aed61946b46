"""Plan rules that span records: yearly target paths, collection defaults, cost cross-checks, edits."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from izlem.core.formats import format_decimal
from izlem.org.models import OrgNode
from izlem.plans import access, applicability
from izlem.plans.importers.document import CostLineDoc, Problem
from izlem.plans.models import Indicator, IndicatorRow, YearValue

CENT = Decimal("0.01")
# Units whose indicators are collected from schools by default; the others are directorate functions
# whose figures the responsible unit enters at the province (see docs/plan-import.md).
SCHOOL_COLLECTED_UNITS = {
    "temel-egitim",
    "ortaogretim",
    "mesleki-teknik",
    "din-ogretimi",
    "ozel-egitim-rehberlik",
}
BREAKDOWN_LEVELS = [  # (words in the breakdown, level) — first match wins
    ("okul öncesi", IndicatorRow.Level.PRESCHOOL),
    ("ilköğretim", IndicatorRow.Level.BASIC),
    ("ilkokul", IndicatorRow.Level.PRIMARY),
    ("ortaokul", IndicatorRow.Level.MIDDLE),
    ("ortaöğretim", IndicatorRow.Level.SECONDARY),
    ("lise", IndicatorRow.Level.SECONDARY),
    ("9-12", IndicatorRow.Level.SECONDARY),
]


def level_for_breakdown(breakdown: str) -> str:
    """The education level a disaggregation row concerns ('' = every school)."""
    text = breakdown.replace("I", "ı").replace("İ", "i").lower()
    return next((level for words, level in BREAKDOWN_LEVELS if words in text), IndicatorRow.Level.ALL)


def indicator_defaults(*, unit: str, owner) -> dict:
    """Default collection level and aggregation rule for a newly imported indicator.

    Percentages, ratios and per-student figures are collected as numerator and denominator and
    rolled up as Σ numerators / Σ denominators; counts and hours are summed; anything else is averaged.
    """
    if unit in {Indicator.UnitKind.PERCENT, Indicator.UnitKind.RATIO, Indicator.UnitKind.PER_STUDENT}:
        aggregation = Indicator.Aggregation.RATIO
    elif unit in {Indicator.UnitKind.COUNT, Indicator.UnitKind.HOURS, Indicator.UnitKind.DAYS}:
        aggregation = Indicator.Aggregation.SUM
    else:
        aggregation = Indicator.Aggregation.MEAN
    school = owner is not None and owner.code in SCHOOL_COLLECTED_UNITS
    level = Indicator.Level.SCHOOL if school else Indicator.Level.PROVINCE
    if level == Indicator.Level.PROVINCE:
        aggregation = Indicator.Aggregation.NONE
    return {"collection_level": level, "aggregation": aggregation}


def _round(value: Decimal, whole: bool) -> Decimal:
    """Round a target sensibly: counts to whole numbers, everything else to two decimals."""
    return value.quantize(Decimal(1) if whole else CENT, rounding=ROUND_HALF_UP)


def default_yearly_targets(
    *,
    baselines: dict[int, Decimal | None],
    target: Decimal | None,
    target_year: int,
    years: list[int],
    whole: bool,
) -> dict[int, Decimal | None]:
    """Linear path from the last known baseline to the plan-end target, for each of `years`.

    With no baseline or no target there is no path: every year gets None.
    """
    known = [(year, value) for year, value in sorted(baselines.items()) if value is not None]
    if target is None or not known:
        return {year: None for year in years}
    base_year, base = known[-1]
    span = Decimal(target_year - base_year)
    result = {}
    for year in years:
        if span <= 0:
            result[year] = _round(target, whole)
        else:
            result[year] = _round(base + (target - base) * Decimal(year - base_year) / span, whole)
    return result


def cost_cross_check(lines: list[CostLineDoc]) -> list[Problem]:
    """Recompute goal sums, the goals total, the grand total and the shares; report each mismatch."""
    problems: list[Problem] = []
    by_kind: dict[str, list[CostLineDoc]] = {}
    for line in lines:
        by_kind.setdefault(line.kind, []).append(line)
    targets = by_kind.get("target", [])
    goals = by_kind.get("goal", [])
    single = {kind: (by_kind.get(kind) or [None])[0] for kind in ("goals_total", "general_admin", "total")}

    def report(where: str, printed: Decimal | None, computed: Decimal) -> None:
        if printed is not None and printed.quantize(CENT) != computed.quantize(CENT):
            problems.append(
                Problem(
                    where=where,
                    message=_(
                        "The document says %(printed)s but the sum of its parts is %(computed)s; the document's figure is kept."
                    )
                    % {"printed": format_decimal(printed), "computed": format_decimal(computed)},
                )
            )

    for goal in goals:
        parts = [t.amount or Decimal(0) for t in targets if t.key.split(".")[0] == goal.key]
        if parts:
            report(_("cost of goal %(goal)s") % {"goal": goal.key}, goal.amount, sum(parts, Decimal(0)))
    goal_sum = sum((g.amount or Decimal(0) for g in goals), Decimal(0))
    if single["goals_total"] is not None:
        report(_("total of goals"), single["goals_total"].amount, goal_sum)
        goal_sum = single["goals_total"].amount or goal_sum
    if single["total"] is not None:
        admin = single["general_admin"].amount if single["general_admin"] is not None else Decimal(0)
        report(_("grand total"), single["total"].amount, goal_sum + (admin or Decimal(0)))
        grand = single["total"].amount
        if grand:
            for line in lines:
                if line.share is not None and line.amount is not None and line.kind != "total":
                    computed = (line.amount * 100 / grand).quantize(CENT, rounding=ROUND_HALF_UP)
                    if computed != line.share.quantize(CENT):
                        problems.append(
                            Problem(
                                where=_("share of %(key)s") % {"key": line.key},
                                message=_(
                                    "The document gives a share of %(printed)s %% but the amount is %(computed)s %% of the grand total."
                                )
                                % {
                                    "printed": format_decimal(line.share),
                                    "computed": format_decimal(computed),
                                },
                            )
                        )
    return problems


@transaction.atomic
def yearly_target_update(*, by, year_value: YearValue, value: Decimal | None) -> YearValue:
    """A planning officer sets a yearly target by hand; it stops being the computed default (audited)."""
    plan = year_value.row.indicator.plan
    if not access.can_edit_plan(by, plan):
        raise PermissionDenied
    if year_value.kind != YearValue.Kind.TARGET:
        raise ValidationError(_("Baselines are part of the plan document and cannot be edited here."))
    if year_value.year == plan.period_end:  # the document's own figure; the yearly path is built from it
        raise ValidationError(
            _("The plan-end target is part of the plan document; change it by importing the plan.")
        )
    if value is not None and value < 0 and year_value.row.indicator.unit != Indicator.UnitKind.OTHER:
        raise ValidationError(_("A target cannot be negative."))
    if value is not None and year_value.row.indicator.is_whole_number and value != value.to_integral():
        raise ValidationError(_("This indicator counts whole things; its target must be a whole number."))
    year_value.value, year_value.is_default = value, False
    year_value.save(update_fields=["value", "is_default"])
    return year_value


@transaction.atomic
def row_applicability_update(
    *, by, row: IndicatorRow, levels: list[str], school_types: list[str]
) -> IndicatorRow:
    """A planning officer sets which schools owe a row; later imports keep the choice (audited)."""
    if not access.can_edit_plan(by, row.indicator.plan):
        raise PermissionDenied
    unknown = (set(levels) - set(applicability.LEVELS)) | (set(school_types) - set(OrgNode.SchoolType.values))
    if unknown:
        raise ValidationError(
            _("Unknown education levels or school types: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    row = IndicatorRow.objects.select_for_update().get(pk=row.pk)
    row.applicable_levels = [level for level in applicability.LEVELS if level in levels]  # one order
    row.applicable_school_types = [kind for kind in OrgNode.SchoolType.values if kind in school_types]
    row.applicability_edited = True
    row.save(update_fields=["applicable_levels", "applicable_school_types", "applicability_edited"])
    return row


@transaction.atomic
def row_bounds_update(
    *, by, row: IndicatorRow, valid_min: Decimal | None, valid_max: Decimal | None
) -> IndicatorRow:
    """A planning officer sets a row's calibrated range (docs/monitoring.md); values already stored are kept (audited)."""
    if not access.can_edit_plan(by, row.indicator.plan):
        raise PermissionDenied
    if valid_min is not None and valid_max is not None and valid_min > valid_max:
        raise ValidationError(
            {"valid_max": _("The largest valid value must not be smaller than the smallest.")}
        )
    row = IndicatorRow.objects.select_for_update().get(pk=row.pk)
    row.valid_min, row.valid_max = valid_min, valid_max
    row._history_user = by
    row.save(update_fields=["valid_min", "valid_max"])
    return row


@transaction.atomic
def row_applicability_derive(*, by, row: IndicatorRow) -> IndicatorRow:
    """Undo a planning officer's choice: the row concerns again what the phrase table reads in the plan (audited)."""
    if not access.can_edit_plan(by, row.indicator.plan):
        raise PermissionDenied
    row = IndicatorRow.objects.select_for_update().select_related("indicator").get(pk=row.pk)
    row.applicable_levels, row.applicable_school_types = applicability.derive(
        indicator_name=row.indicator.name, breakdown=row.breakdown
    )
    row.applicability_edited = False
    row.save(update_fields=["applicable_levels", "applicable_school_types", "applicability_edited"])
    return row


INDICATOR_EDITABLE = [
    "name",
    "unit",
    "responsible_unit",
    "data_source",
    "definition",
    "collection_level",
    "aggregation",
    "weight_name",
    "denominator_source",
    "frequency",
    "direction",
]


@transaction.atomic
def indicator_update(*, by, indicator: Indicator, **changes) -> Indicator:
    """A planning officer changes how an indicator is described, collected or judged (audited)."""
    if not access.can_edit_plan(by, indicator.plan):
        raise PermissionDenied
    # Re-read the row locked (the caller's copy may be old): the rules below see the fields as they are,
    # the save writes only the fields that changed, and the audit row records the row as it is.
    indicator.refresh_from_db(from_queryset=Indicator.objects.select_for_update())
    stored = {field.name: getattr(indicator, field.attname) for field in Indicator._meta.concrete_fields}
    unknown = set(changes) - set(INDICATOR_EDITABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    edited = [name for name, value in changes.items() if getattr(indicator, name) != value]
    for name, value in changes.items():
        setattr(indicator, name, value)
    # The planner owns these fields from now on: a plan import reports a differing value, never reverts it.
    indicator.edited_fields = sorted({*indicator.edited_fields, *edited})
    if indicator.aggregation == Indicator.Aggregation.WEIGHTED_MEAN and not indicator.weight_name:
        raise ValidationError({"weight_name": _("A weighted mean needs its weight: students or teachers.")})
    indicator.full_clean(exclude=["plan", "target", "sort_key"])
    indicator.save(
        update_fields=[
            field.name
            for field in Indicator._meta.concrete_fields
            if getattr(indicator, field.attname) != stored[field.name]
        ]
    )
    return indicator
