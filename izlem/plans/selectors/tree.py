"""Reads of the plan pages: the plan list, the goal tree, committees, and a measure's units."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from izlem.plans import access
from izlem.plans.models import Goal, Indicator, Measure, MeasureUnit, Plan, Target


def _count_of(model, **filters) -> Coalesce:
    """A correlated COUNT subquery of `model` rows of the outer plan (no join fan-out)."""
    counted = (
        model.objects.filter(plan=OuterRef("pk"), **filters)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plan_list(*, user) -> QuerySet[Plan]:
    """The plans the user may read, with the counts the list shows."""
    return (
        access.plans_visible(user)
        .select_related("owner")
        .annotate(
            goal_count=_count_of(Goal),
            target_count=_count_of(Target),
            indicator_count=_count_of(Indicator),
            measure_count=_count_of(Measure),
        )
    )


@dataclass
class TargetBranch:
    """A target with its indicators and measures."""

    target: Target
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class GoalBranch:
    """A goal with its targets."""

    goal: Goal
    targets: list[TargetBranch] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return sum(len(branch.indicators) for branch in self.targets)

    @property
    def measure_count(self) -> int:
        return sum(len(branch.measures) for branch in self.targets)


@dataclass
class ThemeBranch:
    """A theme (None for goals the plan files under no theme) with its goals."""

    theme: object | None
    goals: list[GoalBranch] = field(default_factory=list)


def plan_tree(*, plan: Plan) -> list[ThemeBranch]:
    """Theme → goal → target → indicators and measures, in plan order (five queries in all)."""
    themes = {theme.pk: ThemeBranch(theme) for theme in plan.themes.all()}
    loose = ThemeBranch(None)
    goals = {}
    for goal in plan.goals.all():
        goals[goal.pk] = GoalBranch(goal)
        themes.get(goal.theme_id, loose).goals.append(goals[goal.pk])
    targets = {}
    for target in plan.targets.all():
        targets[target.pk] = TargetBranch(target)
        goals[target.goal_id].targets.append(targets[target.pk])
    for indicator in plan.indicators.all():
        targets[indicator.target_id].indicators.append(indicator)
    for measure in plan.measures.all():
        targets[measure.target_id].measures.append(measure)
    branches = list(themes.values())
    if loose.goals:
        branches.append(loose)
    return branches


def plan_committees(*, plan: Plan) -> list:
    """The preparation committees with their members (two queries)."""
    return list(plan.committees.prefetch_related("members"))


def measure_units_prefetch() -> Prefetch:
    """Prefetch a measure's responsible units with their unit records."""
    return Prefetch("unit_links", queryset=MeasureUnit.objects.select_related("unit"))


def measure_units(*, measure: Measure) -> dict[str, list[MeasureUnit]]:
    """The measure's main and other responsible units, in document order."""
    grouped: dict[str, list[MeasureUnit]] = {MeasureUnit.Role.MAIN: [], MeasureUnit.Role.OTHER: []}
    for link in measure.unit_links.all():
        grouped.setdefault(link.role, []).append(link)
    return grouped
