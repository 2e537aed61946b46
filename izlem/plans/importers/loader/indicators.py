"""Loading indicators, their rows and yearly values, keeping what planning officers edited."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from izlem.org.models import Unit
from izlem.plans import applicability
from izlem.plans.importers.changes import Change, indicator_holdings, kept_edit, row_holdings
from izlem.plans.importers.document import IndicatorDoc, Problem
from izlem.plans.importers.loader.records import Writer, free_keys, match, match_by_code, new_uid
from izlem.plans.importers.ministry.layout import similar
from izlem.plans.models import Indicator, IndicatorRow, Plan, YearValue
from izlem.plans.services import default_yearly_targets, indicator_defaults, level_for_breakdown

INDICATOR_DOC_FIELDS = ("collection_level", "aggregation", "weight_name", "frequency", "direction")


def load_indicators(writer, plan, doc, targets, measures_by_target, matcher, problems, removals) -> None:
    """Indicators, their rows, baselines, plan-end targets and default yearly targets."""
    units_by_code = {unit.code: unit for unit in Unit.objects.all()}
    records = list(plan.indicators.all())
    matched, left, used = match_by_code(Indicator, doc.indicators, records)
    for indicator_doc, existing in zip(doc.indicators, matched, strict=True):
        unit = units_by_code.get(indicator_doc.responsible_unit_code) or (
            matcher.match(indicator_doc.responsible_unit) if indicator_doc.responsible_unit else None
        )
        if unit is None:
            # The Ministry template names units per measure, not per indicator: the unit named most
            # often as main responsible among the target's measures owns its indicators.
            counted = Counter(measures_by_target.get(indicator_doc.target_code, []))
            unit = counted.most_common(1)[0][0] if counted else None
        values = {
            "code": indicator_doc.code,
            "target": targets[indicator_doc.target_code],
            "name": indicator_doc.name,
            "unit": indicator_doc.unit,
            "responsible_unit_text": indicator_doc.responsible_unit,
            "data_source": indicator_doc.data_source,
            "definition": indicator_doc.definition,
        }
        if existing is None:  # collection defaults only for new indicators: planners' edits stay
            values.update(indicator_defaults(unit=indicator_doc.unit, owner=unit))
            values["responsible_unit"] = unit
        elif indicator_doc.responsible_unit_code:
            values["responsible_unit"] = unit
        for name in INDICATOR_DOC_FIELDS:
            if getattr(indicator_doc, name):
                values[name] = getattr(indicator_doc, name)
        if existing is None and indicator_doc.computed_source:  # a binding travels with a new indicator
            source = _checked_source(indicator_doc, values, problems)
            if source:
                values["computed_source"] = source
        kept = []
        if existing is not None:
            kept = _keep_planner_edits(existing, values)
            _check_indicator_match(writer, existing, indicator_doc, values)
        indicator = writer.sync(
            Indicator,
            {"plan": plan},
            values,
            existing=existing,
            kind="indicator",
            label=indicator_doc.code,
            old_label=existing.code if existing else "",
            create=new_uid(indicator_doc, used),
        )
        if kept:
            writer.plan.changes.append(Change("indicator", indicator_doc.code, "kept", kept))
        removals += _load_rows(writer, plan, indicator, indicator_doc, existing is None)
    removals += [(4, "indicator", record, record.code) for record in left]


def _checked_source(indicator_doc: IndicatorDoc, values: dict, problems: list[Problem]) -> str:
    """A new indicator's record source from the file, if izlem knows it and it can give the indicator's
    one number (as `monitoring.computed.indicator_bind` checks); otherwise a problem and no binding."""
    from izlem.plans.record_sources import SOURCES  # the registry of record sources

    source = indicator_doc.computed_source
    ratio = values.get("aggregation") == Indicator.Aggregation.RATIO
    if source in SOURCES and not ratio and len(indicator_doc.rows) == 1:
        return source
    problems.append(
        Problem(
            indicator_doc.where or indicator_doc.code,
            _(
                "%(code)s: the record source “%(source)s” cannot be bound here; the indicator is entered by hand."
            )
            % {"code": indicator_doc.code, "source": source},
        )
    )
    return ""


def _keep_planner_edits(existing: Indicator, values: dict) -> list[str]:
    """Drop from `values` the fields a planner edited that the document would change; describe each."""
    kept = []
    for name in list(values):
        if name in existing.edited_fields and getattr(existing, name) != values[name]:
            model_field = Indicator._meta.get_field(name)
            kept.append(
                kept_edit(
                    str(model_field.verbose_name), getattr(existing, name), values.pop(name), model_field
                )
            )
    return kept


def _check_indicator_match(writer: Writer, existing: Indicator, indicator_doc: IndicatorDoc, values) -> None:
    """Refuse a unit change of an indicator with values, and a code match whose name no longer fits."""
    if "unit" in values and values["unit"] != existing.unit:
        holds = indicator_holdings(existing)
        if holds.values:
            writer.refuse(
                _("indicator %(code)s") % {"code": existing.code},
                _(
                    "its unit would change from %(old)s to %(new)s (%(where)s), but it has %(holds)s entered in "
                    "the old unit; the change is refused."
                )
                % {
                    "old": existing.get_unit_display(),
                    "new": Indicator.UnitKind(values["unit"]).label,
                    "where": indicator_doc.where or existing.code,
                    "holds": holds.describe(),
                },
            )
    by_code = str(existing.uid) != indicator_doc.uid
    if by_code and "name" in values and not similar(existing.name, values["name"]):
        holds = indicator_holdings(existing)
        if holds:
            writer.refuse(
                _("indicator %(code)s") % {"code": existing.code},
                _(
                    "the document's indicator %(code)s is named differently from the stored one, which has "
                    "%(holds)s; matched by its code alone, they would move to another indicator. Keep the "
                    "codes, or import a plan workbook, whose stable ids tell indicators apart."
                )
                % {"code": existing.code, "holds": holds.describe()},
            )


def _row_label(code: str, breakdown: str) -> str:
    return f"{code} / {breakdown}" if breakdown else code


def _load_rows(writer: Writer, plan: Plan, indicator: Indicator, indicator_doc: IndicatorDoc, new: bool):
    """One indicator's value rows with baselines and targets; returns the rows to remove."""
    records = [] if new else list(indicator.rows.all())
    used = {str(record.uid) for record in records}
    matched, left = match(indicator_doc.rows, records, lambda d: d.breakdown or "", lambda r: r.breakdown)
    moving = [
        r
        for d, r in zip(indicator_doc.rows, matched, strict=True)
        if r is not None and r.breakdown != (d.breakdown or "")
    ]
    free_keys(IndicatorRow, "breakdown", moving + left, lambda r: f"~{r.pk}")
    for order, (row_doc, record) in enumerate(zip(indicator_doc.rows, matched, strict=True)):
        breakdown = row_doc.breakdown or ""
        # The level is derived from the label of a new or renamed row only: a row whose label stays
        # keeps its level (a planner may have set it, or the phrase table may have grown since).
        unchanged = record is not None and record.breakdown == breakdown
        level = record.level if unchanged else level_for_breakdown(breakdown)
        label = _row_label(indicator.code, breakdown)
        if record is not None and record.level != level and (holds := row_holdings(record)):
            writer.refuse(
                label,
                _(
                    "its education level would change from %(old)s to %(new)s, but it has %(holds)s; "
                    "re-levelling it is refused."
                )
                % {
                    "old": record.get_level_display(),
                    "new": IndicatorRow.Level(level).label,
                    "holds": holds.describe(),
                },
            )
        values = {"breakdown": breakdown, "order": order, "level": level}
        if row_doc.bounds is not None:
            values.update(valid_min=row_doc.bounds[0], valid_max=row_doc.bounds[1])
        if record is None or not record.applicability_edited:  # a planning officer's choice stays
            levels, school_types = applicability.derive(indicator_name=indicator.name, breakdown=breakdown)
            values.update(applicable_levels=levels, applicable_school_types=school_types)
            stated = row_doc.applicability
            if stated is not None and (sorted(stated[0]), sorted(stated[1])) != (
                sorted(levels),
                sorted(school_types),
            ):
                # the file carries a planning officer's choice (a JSON export of an edited row): keep it
                values.update(
                    applicable_levels=list(stated[0]),
                    applicable_school_types=list(stated[1]),
                    applicability_edited=True,
                )
        row = writer.sync(
            IndicatorRow,
            {"indicator": indicator},
            values,
            existing=record,
            kind="row",
            label=label,
            old_label=_row_label(indicator.code, record.breakdown) if record else "",
            create=new_uid(row_doc, used),
        )
        _load_year_values(writer, plan, indicator, row, row_doc, label, new=record is None)
    return [(5, "row", record, _row_label(indicator.code, record.breakdown)) for record in left]


_MISSING = object()


def _load_year_values(writer: Writer, plan: Plan, indicator, row, row_doc, label: str, *, new: bool) -> None:
    """Baselines, the plan-end target and the yearly targets of one row.

    A yearly target that was a computed default follows a new plan-end target, unless the document
    gives it another value; a planner's edit (`is_default=False`) is kept, and a document that says
    otherwise is reported.
    """
    existing = {} if new else {(value.kind, value.year): value for value in row.year_values.all()}
    wanted: dict[tuple[str, int], tuple[Decimal | None, bool]] = {}
    for year, value in row_doc.baselines.items():
        wanted[(YearValue.Kind.BASELINE, year)] = (value, False)
    wanted[(YearValue.Kind.TARGET, row_doc.target_year)] = (row_doc.target, False)
    defaults = default_yearly_targets(
        baselines=row_doc.baselines,
        target=row_doc.target,
        target_year=row_doc.target_year,
        years=[y for y in plan.years if y != row_doc.target_year],
        whole=indicator.is_whole_number,
    )
    kept = []
    for year, default in defaults.items():
        current = existing.get((YearValue.Kind.TARGET, year))
        given = row_doc.yearly_targets.get(year, _MISSING)
        if current is not None and not current.is_default:  # a planner's edit stays
            wanted[(YearValue.Kind.TARGET, year)] = (current.value, False)
            if given is not _MISSING and given != current.value:
                kept.append(kept_edit(_("yearly target %(year)d") % {"year": year}, current.value, given))
        elif given is _MISSING or (current is not None and given == current.value):
            wanted[(YearValue.Kind.TARGET, year)] = (default, True)  # an untouched default follows the path
        else:  # a value typed into the workbook: an edit unless it is the default anyway
            wanted[(YearValue.Kind.TARGET, year)] = (given, given == default)
    names = {YearValue.Kind.BASELINE: _("baseline"), YearValue.Kind.TARGET: _("target")}
    for (kind, year), (value, is_default) in wanted.items():
        writer.sync(
            YearValue,
            {"row": row, "kind": kind, "year": year},
            {"value": value, "is_default": is_default},
            existing=existing.get((kind, year)),
            kind="year_value",
            label=f"{label}, {names[kind]} {year}",
        )
    for (kind, year), value in existing.items():
        if (kind, year) not in wanted:
            value.delete()
            writer.plan.changes.append(Change("year_value", f"{label}, {names[kind]} {year}", "removed"))
    if kept:
        writer.plan.changes.append(Change("row", label, "kept", kept))
