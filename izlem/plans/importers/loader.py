"""Write a `PlanDocument` to the database: one path for every input format, all or nothing, idempotent.

Records are matched by their natural keys (goal and target codes, indicator code, row breakdown,
measure number, cost kind and key, SWOT category and number …). A record is saved only when a
field really changed, so importing the same document twice writes nothing and adds no audit rows.
Yearly targets edited by a planning officer (`is_default=False`) are kept on re-import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext as _

from izlem.org.models import OrgNode, Unit
from izlem.plans import applicability
from izlem.plans.importers.document import IndicatorDoc, PlanDocument, Problem
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
    """What an import did: the plan, whether anything changed, counts, and what could not be read."""

    plan: Plan
    created: bool
    changes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_LOOK_IT_UP = object()


class _Writer:
    """Saves records only when they differ; counts the writes."""

    def __init__(self):
        self.changes = 0

    def sync(self, model: type[models.Model], lookup: dict, values: dict, existing=_LOOK_IT_UP):
        """Create or update one record (`existing=None` means known to be new); return it."""
        obj = model.objects.filter(**lookup).first() if existing is _LOOK_IT_UP else existing
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.changes += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.changes += 1
        return obj

    def prune(self, queryset, keep_ids: set[int]) -> None:
        """Delete the records of `queryset` that the document no longer holds."""
        stale = queryset.exclude(pk__in=keep_ids)
        for obj in stale:  # one by one, so that each deletion is audited
            obj.delete()
            self.changes += 1


class PlanImportError(ValueError):
    """The document's structure is broken (e.g. an indicator of a target that does not exist)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


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
    """Import a parsed plan atomically; return the result with every problem found.

    Raises PlanImportError, writing nothing, when the structure is broken.
    """
    broken = check_structure(doc)
    if broken:
        raise PlanImportError(broken)
    problems = list(doc.problems)
    problems += cost_cross_check(doc.costs)
    with transaction.atomic():
        owner = (
            owner
            or OrgNode.objects.filter(kind=OrgNode.Kind.PROVINCE, name__iexact=doc.province_name).first()
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
        writer = _Writer()
        plan = Plan.objects.filter(
            owner=owner, period_start=doc.period_start, period_end=doc.period_end
        ).first()
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
        )
        matcher = UnitMatcher()
        _load_committees(writer, plan, doc)
        targets = _load_goals_and_targets(writer, plan, doc)
        measures_by_target = _load_measures(writer, plan, doc, targets, matcher, problems)
        _load_indicators(writer, plan, doc, targets, measures_by_target, matcher, problems)
        _load_costs(writer, plan, doc)
        _load_analyses(writer, plan, doc, problems)
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
        plan=plan, created=created, changes=writer.changes, counts=counts, problems=problems
    )


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


def _load_goals_and_targets(writer: _Writer, plan: Plan, doc: PlanDocument) -> dict[str, Target]:
    """Themes, goals and targets; returns targets by code."""
    theme_titles = list(dict.fromkeys([*doc.themes, *(goal.theme for goal in doc.goals if goal.theme)]))
    themes = {}
    for order, title in enumerate(theme_titles):
        themes[title] = writer.sync(Theme, {"plan": plan, "title": title}, {"order": order})
    writer.prune(plan.themes.all(), {theme.pk for theme in themes.values()})
    goals = {}
    for order, goal_doc in enumerate(doc.goals):
        goals[goal_doc.code] = writer.sync(
            Goal,
            {"plan": plan, "code": goal_doc.code},
            {"title": goal_doc.title, "theme": themes.get(goal_doc.theme), "order": order},
        )
    targets = {}
    for order, target_doc in enumerate(doc.targets):
        targets[target_doc.code] = writer.sync(
            Target,
            {"plan": plan, "code": target_doc.code},
            {
                "goal": goals[target_doc.goal_code],
                "statement": target_doc.statement,
                "rationale": target_doc.rationale,
                "current_status": target_doc.current_status,
                "expected_outcome": target_doc.expected_outcome,
                "order": order,
            },
        )
    writer.prune(plan.targets.all(), {target.pk for target in targets.values()})
    writer.prune(plan.goals.all(), {goal.pk for goal in goals.values()})
    return targets


def _load_measures(writer, plan, doc, targets, matcher: UnitMatcher, problems) -> dict[str, list]:
    """Measures and their units; unmapped unit phrases are kept as written and reported."""
    by_target: dict[str, list] = {}
    keep = set()
    for measure_doc in doc.measures:
        measure = writer.sync(
            Measure,
            {"plan": plan, "number": measure_doc.number},
            {
                "target": targets[measure_doc.target_code],
                "text": measure_doc.text,
                "timing": measure_doc.timing,
            },
        )
        keep.add(measure.pk)
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
    writer.prune(plan.measures.all(), keep)
    return by_target


def _load_indicators(writer, plan, doc, targets, measures_by_target, matcher, problems) -> None:
    """Indicators, their rows, baselines, plan-end targets and default yearly targets."""
    keep = set()
    units_by_code = {unit.code: unit for unit in Unit.objects.all()}
    for indicator_doc in doc.indicators:
        unit = units_by_code.get(indicator_doc.responsible_unit_code) or (
            matcher.match(indicator_doc.responsible_unit) if indicator_doc.responsible_unit else None
        )
        if unit is None:
            # The Ministry template names units per measure, not per indicator: the unit named most
            # often as main responsible among the target's measures owns its indicators.
            counted = Counter(measures_by_target.get(indicator_doc.target_code, []))
            unit = counted.most_common(1)[0][0] if counted else None
        existing = Indicator.objects.filter(plan=plan, code=indicator_doc.code).first()
        values = {
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
        for name in ("collection_level", "aggregation", "weight_name", "frequency", "direction"):
            if getattr(indicator_doc, name):
                values[name] = getattr(indicator_doc, name)
        indicator = writer.sync(
            Indicator, {"plan": plan, "code": indicator_doc.code}, values, existing=existing
        )
        keep.add(indicator.pk)
        _load_rows(writer, plan, indicator, indicator_doc)
    writer.prune(plan.indicators.all(), keep)


def _load_rows(writer: _Writer, plan: Plan, indicator: Indicator, indicator_doc: IndicatorDoc) -> None:
    """One indicator's value rows with baselines and targets."""
    keep = set()
    for order, row_doc in enumerate(indicator_doc.rows):
        breakdown = row_doc.breakdown or ""
        lookup = {"indicator": indicator, "breakdown": breakdown}
        current = IndicatorRow.objects.filter(**lookup).first()
        values = {"order": order, "level": level_for_breakdown(breakdown)}
        if current is None or not current.applicability_edited:  # a planning officer's choice stays
            levels, school_types = applicability.derive(indicator_name=indicator.name, breakdown=breakdown)
            values.update(applicable_levels=levels, applicable_school_types=school_types)
        row = writer.sync(IndicatorRow, lookup, values, existing=current)
        keep.add(row.pk)
        existing = {(value.kind, value.year): value for value in row.year_values.all()}
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
        for year, value in defaults.items():
            current = existing.get((YearValue.Kind.TARGET, year))
            if year in row_doc.yearly_targets:  # given explicitly: an edit unless it equals the default
                given = row_doc.yearly_targets[year]
                wanted[(YearValue.Kind.TARGET, year)] = (given, given == value)
            elif current is not None and not current.is_default:
                wanted[(YearValue.Kind.TARGET, year)] = (current.value, False)  # a planner's edit stays
            else:
                wanted[(YearValue.Kind.TARGET, year)] = (value, True)
        for (kind, year), (value, is_default) in wanted.items():
            writer.sync(
                YearValue,
                {"row": row, "kind": kind, "year": year},
                {"value": value, "is_default": is_default},
                existing=existing.get((kind, year)),
            )
        writer.prune(
            row.year_values.all(), {v.pk for v in row.year_values.all() if (v.kind, v.year) in wanted}
        )
    writer.prune(indicator.rows.all(), keep)


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
            writer.changes += 1
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
