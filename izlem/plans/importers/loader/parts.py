"""Loading the plan's other parts: committees, the costing table as printed, the situation analyses."""

from __future__ import annotations

from django.utils.translation import gettext as _

from izlem.plans.importers.changes import Change
from izlem.plans.importers.document import PlanDocument, Problem
from izlem.plans.importers.loader.records import Writer
from izlem.plans.models import (
    ArchitectureComponent,
    Committee,
    CommitteeMember,
    CostLine,
    PestItem,
    Plan,
    ProblemArea,
    Stakeholder,
    SwotItem,
    TowsStrategy,
)


def load_committees(writer: Writer, plan: Plan, doc: PlanDocument) -> None:
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


def load_costs(writer: Writer, plan: Plan, doc: PlanDocument) -> None:
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


def load_analyses(writer: Writer, plan: Plan, doc: PlanDocument, problems: list[Problem]) -> None:
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
