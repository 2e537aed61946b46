"""Importing one document: check its structure, write it in one transaction (refusals roll it all back),
and report what was done."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _

from izlem.org.models import OrgNode
from izlem.plans.importers.changes import (
    ChangePlan,
    goal_holdings,
    indicator_holdings,
    measure_holdings,
    row_holdings,
    target_holdings,
)
from izlem.plans.importers.document import PlanDocument, Problem
from izlem.plans.importers.loader.goals import load_goals_and_targets, load_measures
from izlem.plans.importers.loader.indicators import load_indicators
from izlem.plans.importers.loader.parts import load_analyses, load_committees, load_costs
from izlem.plans.importers.loader.records import Writer
from izlem.plans.importers.unit_matching import UnitMatcher
from izlem.plans.models import IndicatorRow, Plan
from izlem.plans.services import cost_cross_check


@dataclass
class PlanImportResult:
    """What an import did: the plan, its change plan, counts, and what could not be read."""

    plan: Plan
    created: bool
    changes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    change_plan: ChangePlan = field(default_factory=ChangePlan)


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
    writer = Writer()
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


def _load(writer: Writer, doc: PlanDocument, source_name: str, owner, problems) -> tuple[Plan, bool]:
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
    load_committees(writer, plan, doc)
    targets = load_goals_and_targets(writer, plan, doc, removals)
    measures_by_target = load_measures(writer, plan, doc, targets, matcher, problems, removals)
    load_indicators(writer, plan, doc, targets, measures_by_target, matcher, problems, removals)
    load_costs(writer, plan, doc)
    load_analyses(writer, plan, doc, problems)
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
