"""Write a `PlanDocument` to the database: one path for every input format, all or nothing, idempotent.

Goals, targets, indicators, indicator rows and measures are matched by their stable id (`uid`, which
the plan workbook carries) and else by their natural key (code, breakdown label, measure number);
the other records by their natural keys (cost kind and key, SWOT category and number …). A record is
saved only when a field really changed, so importing the same document twice writes nothing and
adds no audit rows.

Every change is recorded in a `ChangePlan` (izlem.plans.importers.changes) while the import runs in
one transaction. Removing or re-levelling anything that holds monitoring data, changing the unit of
an indicator with values, or matching a measure or indicator by number alone when its text no longer
matches while it holds data, is refused: the whole import is then rolled back (`PlanImportError`).
Fields a planner edited (`Indicator.edited_fields`, yearly targets with `is_default=False`) are kept
and the difference is reported.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext as _

from izlem.org.models import OrgNode, Unit
from izlem.plans import applicability
from izlem.plans.importers.changes import (
    Change,
    ChangePlan,
    Holdings,
    field_change,
    goal_holdings,
    indicator_holdings,
    kept_edit,
    measure_holdings,
    row_holdings,
    target_holdings,
)
from izlem.plans.importers.document import IndicatorDoc, PlanDocument, Problem
from izlem.plans.importers.ministry.layout import similar
from izlem.plans.importers.unit_matching import UnitMatcher
from izlem.plans.models import (
    ArchitectureComponent,
    Committee,
    CommitteeMember,
    CostLine,
    Goal,
    Indicator,
    IndicatorRow,
    Measure,
    MeasureUnit,
    PestItem,
    Plan,
    ProblemArea,
    Stakeholder,
    SwotItem,
    Target,
    Theme,
    TowsStrategy,
    YearValue,
)
from izlem.plans.services import (
    cost_cross_check,
    default_yearly_targets,
    indicator_defaults,
    level_for_breakdown,
)


@dataclass
class PlanImportResult:
    """What an import did: the plan, its change plan, counts, and what could not be read."""

    plan: Plan
    created: bool
    changes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    change_plan: ChangePlan = field(default_factory=ChangePlan)


_LOOK_IT_UP = object()


def _label(value) -> str:
    return value if isinstance(value, str) else str(value)


class _Writer:
    """Saves records only when they differ and records each change in the change plan."""

    def __init__(self):
        self.plan = ChangePlan()

    @property
    def changes(self) -> int:
        """How many records were written (a kept planner edit writes nothing)."""
        return sum(change.action != "kept" for change in self.plan.changes)

    def sync(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict,
        existing=_LOOK_IT_UP,
        *,
        kind: str = "",
        label: str = "",
        old_label: str = "",
        create: dict | None = None,
    ):
        """Create or update one record (`existing=None` means known to be new); return it."""
        obj = model.objects.filter(**lookup).first() if existing is _LOOK_IT_UP else existing
        kind = kind or str(model._meta.verbose_name)
        if obj is None:
            obj = model(**lookup, **values, **(create or {}))
            obj.save(force_insert=True)
            self.plan.changes.append(Change(kind, label, "added"))
            return obj
        changed = [name for name, value in {**lookup, **values}.items() if getattr(obj, name) != value]
        if changed:
            details = [
                field_change(model._meta.get_field(name), getattr(obj, name), new)
                for name, new in {**lookup, **values}.items()
                if name in changed and name != "order"
            ]
            if "order" in changed:  # only where it stands among its siblings
                details.append(_("moved to place %(place)d") % {"place": {**lookup, **values}["order"] + 1})
            for name in changed:
                setattr(obj, name, {**lookup, **values}[name])
            # Only what the document changed: a planner's edit of another field in between stays.
            stamps = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
            obj.save(update_fields=[*changed, *stamps])
            renamed = old_label and old_label != label
            self.plan.changes.append(
                Change(kind, label, "renamed" if renamed else "changed", details, old_label=old_label)
            )
        return obj

    def remove(self, obj: models.Model, *, kind: str, label: str, holds: Holdings | None = None) -> None:
        """Delete a record the document no longer holds, unless it holds monitoring data (refused)."""
        if holds:
            self.plan.refusals.append(
                Problem(
                    where=label,
                    message=_(
                        "the document no longer holds this %(kind)s, but it has %(holds)s; removing it is "
                        "refused."
                    )
                    % {"kind": _kind(kind), "holds": holds.describe()},
                )
            )
            return
        obj.delete()
        self.plan.changes.append(Change(kind, label, "removed"))

    def refuse(self, where: str, message: str) -> None:
        self.plan.refusals.append(Problem(where=where, message=message))

    def prune(self, queryset, keep_ids: set[int]) -> None:
        """Delete the records of `queryset` that the document no longer holds (no monitoring data hangs on them)."""
        stale = queryset.exclude(pk__in=keep_ids)
        for obj in stale:  # one by one, so that each deletion is audited
            obj.delete()
            self.plan.changes.append(Change(str(obj._meta.verbose_name), "", "removed"))


def _kind(kind: str) -> str:
    from izlem.plans.importers.changes import kind_name

    return kind_name(kind)


class PlanImportError(ValueError):
    """The document's structure is broken, or the import was refused; nothing was written."""

    def __init__(self, problems: list[Problem], change_plan: ChangePlan | None = None):
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems
        self.change_plan = change_plan


def check_structure(doc: PlanDocument) -> list[Problem]:
    """Every target needs its goal, every indicator and measure its target, codes must be unique."""
    problems = []
    goal_codes = {goal.code for goal in doc.goals}
    target_codes = {target.code for target in doc.targets}
    for kind, codes in (
        ("goal", [g.code for g in doc.goals]),
        ("target", [t.code for t in doc.targets]),
        ("indicator", [i.code for i in doc.indicators]),
        ("measure", [str(m.number) for m in doc.measures]),
    ):
        for code, count in Counter(codes).items():
            if count > 1:
                problems.append(
                    Problem(
                        where=code,
                        message=_(
                            "The code %(code)s is used by %(count)d records of the same kind (%(kind)s)."
                        )
                        % {"code": code, "count": count, "kind": kind},
                    )
                )
    for target in doc.targets:
        if target.goal_code not in goal_codes:
            problems.append(
                Problem(
                    where=target.code,
                    message=_("Target %(target)s belongs to goal %(goal)s, which the document does not hold.")
                    % {"target": target.code, "goal": target.goal_code},
                )
            )
    for indicator in doc.indicators:
        if indicator.target_code not in target_codes:
            problems.append(
                Problem(
                    where=indicator.code,
                    message=_(
                        "Indicator %(code)s belongs to target %(target)s, which the document does not hold."
                    )
                    % {"code": indicator.code, "target": indicator.target_code},
                )
            )
    for measure in doc.measures:
        if measure.target_code not in target_codes:
            problems.append(
                Problem(
                    where=str(measure.number),
                    message=_(
                        "Measure %(number)d belongs to target %(target)s, which the document does not hold."
                    )
                    % {"number": measure.number, "target": measure.target_code},
                )
            )
    with_indicators = {indicator.target_code for indicator in doc.indicators}
    with_measures = {measure.target_code for measure in doc.measures}
    for target in doc.targets:
        # The Ministry template gives every target its indicators and measures; a target without
        # them means a truncated or damaged document, not a plan to half-import.
        if target.code not in with_indicators or target.code not in with_measures:
            problems.append(
                Problem(
                    where=target.code,
                    message=_(
                        "Target %(target)s has no performance indicators or no measures: the document looks incomplete."
                    )
                    % {"target": target.code},
                )
            )
    if not doc.goals or not doc.indicators:
        problems.append(
            Problem(
                where=_("plan"),
                message=_(
                    "The document holds no goals or no indicators: it is not a strategic plan in the expected layout."
                ),
            )
        )
    return problems


def plan_import_document(
    doc: PlanDocument, *, source_name: str = "", owner: OrgNode | None = None
) -> PlanImportResult:
    """Import a parsed plan atomically; return the result with its change plan and every problem found.

    Raises PlanImportError, writing nothing, when the document is broken or the import is refused
    (the error then carries the change plan worked out so far).
    """
    broken = doc.errors + check_structure(doc)
    if broken:
        raise PlanImportError(broken)
    problems = list(doc.problems)
    problems += cost_cross_check(doc.costs)
    writer = _Writer()
    with transaction.atomic():
        plan, created = _load(writer, doc, source_name, owner, problems)
        if writer.plan.refusals:  # raised inside the transaction: everything is rolled back
            raise PlanImportError(writer.plan.refusals, writer.plan)
    counts = {
        "goals": plan.goals.count(),
        "targets": plan.targets.count(),
        "indicators": plan.indicators.count(),
        "indicator_rows": IndicatorRow.objects.filter(indicator__plan=plan).count(),
        "measures": plan.measures.count(),
        "cost_lines": plan.cost_lines.count(),
        "stakeholders": plan.stakeholders.count(),
        "pest": plan.pest_items.count(),
        "swot": plan.swot_items.count(),
        "tows": plan.tows_strategies.count(),
        "problem_areas": plan.problem_areas.count(),
        "architecture": plan.architecture.count(),
    }
    return PlanImportResult(
        plan=plan,
        created=created,
        changes=writer.changes,
        counts=counts,
        problems=problems,
        change_plan=writer.plan,
    )


def _load(writer: _Writer, doc: PlanDocument, source_name: str, owner, problems) -> tuple[Plan, bool]:
    """Every write of an import, in an order that never cascades a record the document still holds:
    records are updated and moved first, the ones the document no longer holds are removed last,
    bottom-up."""
    owner = (
        owner or OrgNode.objects.filter(kind=OrgNode.Kind.PROVINCE, name__iexact=doc.province_name).first()
    )
    if owner is None:
        problems.append(
            Problem(
                where=_("plan"),
                message=_(
                    "No province named %(name)s exists; the plan was imported without an owner (only system "
                    "administrators see it until one is set)."
                )
                % {"name": doc.province_name},
            )
        )
    plan = Plan.objects.filter(owner=owner, period_start=doc.period_start, period_end=doc.period_end).first()
    created = plan is None
    plan = writer.sync(
        Plan,
        {"owner": owner, "period_start": doc.period_start, "period_end": doc.period_end},
        {
            "title": doc.title,
            "owner_name": doc.owner_name,
            "mission": doc.mission,
            "vision": doc.vision,
            "values": list(doc.values),
            "internal_survey_count": doc.internal_survey_count,
            "external_survey_count": doc.external_survey_count,
            "meetings": list(doc.meetings),
            "source_name": plan.source_name if plan else source_name,  # where it first came from
        },
        existing=plan,
        kind="plan",
        label=f"{doc.period_start}-{doc.period_end}",
    )
    matcher = UnitMatcher()
    removals: list[tuple[int, str, models.Model, str]] = []  # (depth, kind, record, label)
    _load_committees(writer, plan, doc)
    targets = _load_goals_and_targets(writer, plan, doc, removals)
    measures_by_target = _load_measures(writer, plan, doc, targets, matcher, problems, removals)
    _load_indicators(writer, plan, doc, targets, measures_by_target, matcher, problems, removals)
    _load_costs(writer, plan, doc)
    _load_analyses(writer, plan, doc, problems)
    holdings = {
        "row": row_holdings,
        "indicator": indicator_holdings,
        "measure": measure_holdings,
        "target": target_holdings,
        "goal": goal_holdings,
    }
    for _depth, kind, record, label in sorted(removals, key=lambda item: -item[0]):
        writer.remove(record, kind=kind, label=label, holds=holdings[kind](record))
    return plan, created


def _match(docs: list, records: list, doc_key, record_key) -> tuple[list, list]:
    """Pair each document item with an existing record, by stable id first, then by natural key.

    Returns the record (or None) for each item, and the records no item claimed.
    """
    by_uid = {str(record.uid): record for record in records}
    matched: list = [None] * len(docs)
    claimed: set[int] = set()
    for index, item in enumerate(docs):
        record = by_uid.get(item.uid) if item.uid else None
        if record is not None and record.pk not in claimed:
            matched[index] = record
            claimed.add(record.pk)
    by_key = {record_key(record): record for record in records}
    for index, item in enumerate(docs):
        if matched[index] is None:
            record = by_key.get(doc_key(item))
            if record is not None and record.pk not in claimed:
                matched[index] = record
                claimed.add(record.pk)
    return matched, [record for record in records if record.pk not in claimed]


def _free_keys(model, name: str, records: list, temporary) -> None:
    """Park the unique keys of records that change or go away, so that codes can swap places.

    A plain UPDATE (no audit row): the record is saved with its final key in the same transaction.
    """
    for record in records:
        model.objects.filter(pk=record.pk).update(**{name: temporary(record)})


def _new_uid(item, used: set[str]) -> dict:
    """A new record takes the document's stable id (a plan built from a workbook keeps its ids)."""
    try:
        value = uuid.UUID(item.uid) if item.uid else None
    except ValueError:
        value = None
    if value is None or str(value) in used:
        return {}
    used.add(str(value))
    return {"uid": value}


def _load_goals_and_targets(writer: _Writer, plan: Plan, doc: PlanDocument, removals) -> dict[str, Target]:
    """Themes, goals and targets; returns targets by code."""
    theme_titles = list(dict.fromkeys([*doc.themes, *(goal.theme for goal in doc.goals if goal.theme)]))
    themes = {}
    for order, title in enumerate(theme_titles):
        themes[title] = writer.sync(Theme, {"plan": plan, "title": title}, {"order": order})
    writer.prune(plan.themes.all(), {theme.pk for theme in themes.values()})
    records = list(plan.goals.all())
    used = {str(record.uid) for record in records}
    matched, left = _match(doc.goals, records, lambda d: d.code, lambda r: r.code)
    moving = [r for d, r in zip(doc.goals, matched, strict=True) if r is not None and r.code != d.code]
    _free_keys(Goal, "code", moving + left, lambda r: f"~{r.pk}")
    goals = {}
    for order, (goal_doc, record) in enumerate(zip(doc.goals, matched, strict=True)):
        goals[goal_doc.code] = writer.sync(
            Goal,
            {"plan": plan},
            {
                "code": goal_doc.code,
                "title": goal_doc.title,
                "theme": themes.get(goal_doc.theme),
                "order": order,
            },
            existing=record,
            kind="goal",
            label=goal_doc.code,
            old_label=record.code if record else "",
            create=_new_uid(goal_doc, used),
        )
    removals += [(1, "goal", record, record.code) for record in left]
    records = list(plan.targets.all())
    used = {str(record.uid) for record in records}
    matched, left = _match(doc.targets, records, lambda d: d.code, lambda r: r.code)
    moving = [r for d, r in zip(doc.targets, matched, strict=True) if r is not None and r.code != d.code]
    _free_keys(Target, "code", moving + left, lambda r: f"~{r.pk}")
    targets = {}
    for order, (target_doc, record) in enumerate(zip(doc.targets, matched, strict=True)):
        targets[target_doc.code] = writer.sync(
            Target,
            {"plan": plan},
            {
                "code": target_doc.code,
                "goal": goals[target_doc.goal_code],
                "statement": target_doc.statement,
                "rationale": target_doc.rationale,
                "current_status": target_doc.current_status,
                "expected_outcome": target_doc.expected_outcome,
                "order": order,
            },
            existing=record,
            kind="target",
            label=target_doc.code,
            old_label=record.code if record else "",
            create=_new_uid(target_doc, used),
        )
    removals += [(2, "target", record, record.code) for record in left]
    return targets


def _load_measures(writer, plan, doc, targets, matcher: UnitMatcher, problems, removals) -> dict[str, list]:
    """Measures and their units; unmapped unit phrases are kept as written and reported.

    A measure matched by its number alone whose text no longer resembles the stored one while it has
    progress reports is refused: the numbering may have shifted, and the reports would follow the
    number to another measure.
    """
    by_target: dict[str, list] = {}
    records = list(plan.measures.all())
    used = {str(record.uid) for record in records}
    matched, left = _match(doc.measures, records, lambda d: d.number, lambda r: r.number)
    for measure_doc, record in zip(doc.measures, matched, strict=True):
        by_number = record is not None and str(record.uid) != measure_doc.uid
        if by_number and not similar(record.text, measure_doc.text):
            holds = measure_holdings(record)
            if holds:
                writer.refuse(
                    _("measure %(number)d") % {"number": record.number},
                    _(
                        "the document's measure %(number)d reads differently from the stored one, which has "
                        "%(holds)s; matched by its number alone, they would move to another measure. Keep the "
                        "numbers, or import a plan workbook, whose stable ids tell measures apart."
                    )
                    % {"number": record.number, "holds": holds.describe()},
                )
    moving = [r for d, r in zip(doc.measures, matched, strict=True) if r is not None and r.number != d.number]
    _free_keys(Measure, "number", moving + left, lambda r: 1_000_000_000 + r.pk)
    for measure_doc, record in zip(doc.measures, matched, strict=True):
        measure = writer.sync(
            Measure,
            {"plan": plan},
            {
                "number": measure_doc.number,
                "target": targets[measure_doc.target_code],
                "text": measure_doc.text,
                "timing": measure_doc.timing,
            },
            existing=record,
            kind="measure",
            label=str(measure_doc.number),
            old_label=str(record.number) if record else "",
            create=_new_uid(measure_doc, used),
        )
        link_ids = set()
        main_units = []
        for role, phrases in (
            (MeasureUnit.Role.MAIN, measure_doc.main_units),
            (MeasureUnit.Role.OTHER, measure_doc.other_units),
        ):
            for order, phrase in enumerate(phrases):
                unit = matcher.match(phrase)
                if unit is None:
                    problems.append(
                        Problem(
                            where=_("measure %(number)d") % {"number": measure_doc.number},
                            message=_(
                                "The responsible unit “%(phrase)s” matches no unit; it is kept as written."
                            )
                            % {"phrase": phrase},
                        )
                    )
                elif role == MeasureUnit.Role.MAIN:
                    main_units.append(unit)
                link = writer.sync(
                    MeasureUnit,
                    {"measure": measure, "role": role, "order": order},
                    {"unit": unit, "phrase": phrase},
                )
                link_ids.add(link.pk)
        writer.prune(measure.unit_links.all(), link_ids)
        by_target.setdefault(measure_doc.target_code, []).extend(main_units)
    removals += [(3, "measure", record, str(record.number)) for record in left]
    return by_target


INDICATOR_DOC_FIELDS = ("collection_level", "aggregation", "weight_name", "frequency", "direction")


def _load_indicators(writer, plan, doc, targets, measures_by_target, matcher, problems, removals) -> None:
    """Indicators, their rows, baselines, plan-end targets and default yearly targets."""
    units_by_code = {unit.code: unit for unit in Unit.objects.all()}
    records = list(plan.indicators.all())
    used = {str(record.uid) for record in records}
    matched, left = _match(doc.indicators, records, lambda d: d.code, lambda r: r.code)
    moving = [r for d, r in zip(doc.indicators, matched, strict=True) if r is not None and r.code != d.code]
    _free_keys(Indicator, "code", moving + left, lambda r: f"~{r.pk}")
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
            create=_new_uid(indicator_doc, used),
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


def _check_indicator_match(writer: _Writer, existing: Indicator, indicator_doc: IndicatorDoc, values) -> None:
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


def _load_rows(writer: _Writer, plan: Plan, indicator: Indicator, indicator_doc: IndicatorDoc, new: bool):
    """One indicator's value rows with baselines and targets; returns the rows to remove."""
    records = [] if new else list(indicator.rows.all())
    used = {str(record.uid) for record in records}
    matched, left = _match(indicator_doc.rows, records, lambda d: d.breakdown or "", lambda r: r.breakdown)
    moving = [
        r
        for d, r in zip(indicator_doc.rows, matched, strict=True)
        if r is not None and r.breakdown != (d.breakdown or "")
    ]
    _free_keys(IndicatorRow, "breakdown", moving + left, lambda r: f"~{r.pk}")
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
            create=_new_uid(row_doc, used),
        )
        _load_year_values(writer, plan, indicator, row, row_doc, label, new=record is None)
    return [(5, "row", record, _row_label(indicator.code, record.breakdown)) for record in left]


_MISSING = object()


def _load_year_values(writer: _Writer, plan: Plan, indicator, row, row_doc, label: str, *, new: bool) -> None:
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


def _load_committees(writer: _Writer, plan: Plan, doc: PlanDocument) -> None:
    """Committees and their members (name and title only)."""
    keep = set()
    for order, committee_doc in enumerate(doc.committees):
        committee = writer.sync(Committee, {"plan": plan, "order": order}, {"name": committee_doc.name})
        keep.add(committee.pk)
        member_ids = set()
        for position, (name, title) in enumerate(committee_doc.members):
            member = writer.sync(
                CommitteeMember, {"committee": committee, "order": position}, {"name": name, "title": title}
            )
            member_ids.add(member.pk)
        writer.prune(committee.members.all(), member_ids)
    writer.prune(plan.committees.all(), keep)


def _load_costs(writer: _Writer, plan: Plan, doc: PlanDocument) -> None:
    """The costing table as printed (the cross-check compares it with computed sums)."""
    keep = set()
    for order, line in enumerate(doc.costs):
        cost = writer.sync(
            CostLine,
            {"plan": plan, "kind": line.kind, "key": line.key},
            {
                "amount": line.amount,
                "share_printed": line.share,
                "order": order,
                "yearly": {str(year): str(amount) for year, amount in line.yearly.items()},
            },
        )
        keep.add(cost.pk)
    writer.prune(plan.cost_lines.all(), keep)


def _load_analyses(writer: _Writer, plan: Plan, doc: PlanDocument, problems: list[Problem]) -> None:
    """Stakeholders, PEST, SWOT, TOWS with their citations, problem areas, plan architecture."""
    keep = set()
    for order, item in enumerate(doc.stakeholders):
        roles = set(item.roles)
        keep.add(
            writer.sync(
                Stakeholder,
                {"plan": plan, "order": order},
                {
                    "name": item.name,
                    "internal": item.internal,
                    "core_partner": "core_partner" in roles,
                    "strategic_partner": "strategic_partner" in roles,
                    "supplier": "supplier" in roles,
                    "beneficiary": "beneficiary" in roles,
                    "priority": item.priority,
                    "reason": item.reason,
                },
            ).pk
        )
    writer.prune(plan.stakeholders.all(), keep)
    keep = {
        writer.sync(
            PestItem, {"plan": plan, "order": order}, {"category": item.category, "text": item.text}
        ).pk
        for order, item in enumerate(doc.pest)
    }
    writer.prune(plan.pest_items.all(), keep)
    swot = {}
    for item in doc.swot:
        swot[(item.category, item.number)] = writer.sync(
            SwotItem,
            {"plan": plan, "category": item.category, "number": item.number},
            {"theme": item.theme, "text": item.text},
        )
    writer.prune(plan.swot_items.all(), {obj.pk for obj in swot.values()})
    keep = set()
    for order, item in enumerate(doc.tows):
        strategy = writer.sync(
            TowsStrategy, {"plan": plan, "order": order}, {"kind": item.kind, "text": item.text}
        )
        keep.add(strategy.pk)
        cited = []
        for category, number in item.cites:
            if (category, number) in swot:
                cited.append(swot[(category, number)])
            else:
                problems.append(
                    Problem(
                        where=_("TOWS %(kind)s %(order)d") % {"kind": item.kind, "order": order + 1},
                        message=_(
                            "The strategy cites %(category)s %(number)d, which the SWOT analysis does not hold."
                        )
                        % {"category": category, "number": number},
                    )
                )
        if {obj.pk for obj in strategy.cites.all()} != {obj.pk for obj in cited}:
            strategy.cites.set(cited)
            writer.plan.changes.append(Change(str(TowsStrategy._meta.verbose_name), "", "changed"))
    writer.prune(plan.tows_strategies.all(), keep)
    keep = {
        writer.sync(ProblemArea, {"plan": plan, "order": order}, {"theme": item.theme, "text": item.text}).pk
        for order, item in enumerate(doc.problem_areas)
    }
    writer.prune(plan.problem_areas.all(), keep)
    keep = {
        writer.sync(
            ArchitectureComponent,
            {"plan": plan, "order": order},
            {"code": item.code, "title": item.title, "theme": item.theme},
        ).pk
        for order, item in enumerate(doc.architecture)
    }
    writer.prune(plan.architecture.all(), keep)
