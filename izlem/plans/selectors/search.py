"""Plan search: goals, targets, indicators and measures by code or words, in the plans the user may read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from izlem.plans import access
from izlem.plans.models import Goal, Indicator, Measure, Plan, Target

SEARCH_LIMIT = 50
CODE_QUERY = re.compile(r"^\d+(\.\d+)*\.?$")


def _case_variants(word: str) -> set[str]:
    """The word as typed, in Turkish lower case, upper case and capitalised (SQLite folds ASCII only)."""
    lower = word.replace("I", "ı").replace("İ", "i").lower()
    upper = word.replace("i", "İ").replace("ı", "I").upper()
    capital = lower[:1].replace("i", "İ").replace("ı", "I").upper() + lower[1:]
    return {word, lower, upper, capital}


def _words_filter(field_name: str, words: list[str]) -> Q:
    """Every word must occur in the field, in any Turkish letter case."""
    condition = Q()
    for word in words:
        any_case = Q()
        for variant in _case_variants(word):
            any_case |= Q(**{f"{field_name}__icontains": variant})
        condition &= any_case
    return condition


@dataclass
class SearchResults:
    """What a plan search found, by kind."""

    query: str
    goals: list[Goal] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.goals) + len(self.targets) + len(self.indicators) + len(self.measures)


def plan_search(*, user, query: str, plan: Plan | None = None, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Goals, targets, indicators and measures of the plans the user may read, by code or by words.

    A query shaped like a code (`1.1.2`, `2.1`) matches that code and the codes below it; a bare
    number also matches the measure with that number. Anything else is split into words, all of
    which must occur (in any letter case) in the title, statement, name or text.
    """
    query = " ".join(query.split())
    results = SearchResults(query=query)
    if not query:
        return results
    plans = access.plans_visible(user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    scope = {"plan__in": plans}
    if CODE_QUERY.match(query):
        code = query.rstrip(".")
        by_code = Q(code=code) | Q(code__startswith=f"{code}.")
        goals = Goal.objects.filter(by_code, **scope)
        targets = Target.objects.filter(by_code, **scope)
        indicators = Indicator.objects.filter(by_code, **scope)
        measures = (
            Measure.objects.filter(number=int(code), **scope) if code.isdigit() else Measure.objects.none()
        )
    else:
        words = query.split()
        goals = Goal.objects.filter(_words_filter("title", words), **scope)
        targets = Target.objects.filter(_words_filter("statement", words), **scope)
        indicators = Indicator.objects.filter(_words_filter("name", words), **scope)
        measures = Measure.objects.filter(_words_filter("text", words), **scope)
    results.goals = list(goals.select_related("plan")[:limit])
    results.targets = list(targets.select_related("plan")[:limit])
    results.indicators = list(indicators.select_related("plan", "target")[:limit])
    results.measures = list(measures.select_related("plan", "target")[:limit])
    return results
