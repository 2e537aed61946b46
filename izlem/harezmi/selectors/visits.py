"""Reads of field visits: plans with their items, visits with follow-ups, planned vs done per month.

Planned vs done (docs/harezmi.md "Field visits (Harezmi II)"), per coordinator and calendar month:
- **planned**: planned visits of the coordinator's plans whose day falls in the month;
- **done as planned**: those of them fulfilled by a visit (whatever day the visit was made);
- **unplanned**: visits made in the month that fulfil no planned visit;
- **visits**: all visits made in the month; **rate** = done as planned ÷ planned × 100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth

from izlem.harezmi.models import FollowUp, PlannedVisit
from izlem.org.models import User


@dataclass
class MonthRow:
    """One coordinator's planned and made visits in one month."""

    coordinator: User
    month: dt.date
    planned: int = 0
    done_planned: int = 0
    unplanned: int = 0
    visits: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Planned visits made ÷ planned visits × 100, one decimal (None without a plan)."""
        if not self.planned:
            return None
        return (Decimal(self.done_planned) * 100 / Decimal(self.planned)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _month(value) -> dt.date:
    """TruncMonth gives a date (or a datetime on some backends): the first day of the month as a date."""
    return value.date() if isinstance(value, dt.datetime) else value


def planned_vs_done(plans, visits) -> list[MonthRow]:
    """Planned vs done per coordinator and month from the given plans and visits (3 queries)."""
    items = (
        PlannedVisit.objects.filter(plan__in=plans)
        .annotate(month=TruncMonth("planned_on"))
        .values("plan__coordinator_id", "month")
        .annotate(planned=Count("id"), done=Count("id", filter=Q(visit__isnull=False)))
        .order_by()
    )
    made = (
        visits.annotate(month=TruncMonth("visited_on"))
        .values("coordinator_id", "month")
        .annotate(total=Count("id"), unplanned=Count("id", filter=Q(planned__isnull=True)))
        .order_by()
    )
    rows: dict[tuple[int, dt.date], dict] = {}
    for item in items:
        key = (item["plan__coordinator_id"], _month(item["month"]))
        row = rows.setdefault(key, {"planned": 0, "done_planned": 0, "unplanned": 0, "visits": 0})
        row["planned"] += item["planned"]
        row["done_planned"] += item["done"]
    for visit in made:
        key = (visit["coordinator_id"], _month(visit["month"]))
        row = rows.setdefault(key, {"planned": 0, "done_planned": 0, "unplanned": 0, "visits": 0})
        row["visits"] += visit["total"]
        row["unplanned"] += visit["unplanned"]
    people = User.objects.in_bulk({key[0] for key in rows})
    result = [MonthRow(coordinator=people[cid], month=month, **data) for (cid, month), data in rows.items()]
    result.sort(key=lambda r: (r.month, r.coordinator.get_full_name() or r.coordinator.username))
    return result


def plans_for_list(plans):
    """Plans with their coordinator, node and item counts."""
    return (
        plans.select_related("coordinator", "node")
        .annotate(
            item_count=Count("items", distinct=True),
            done_count=Count("items", filter=Q(items__visit__isnull=False), distinct=True),
        )
        .order_by("-starts_on", "coordinator__first_name")
    )


def plan_items(plan):
    """A plan's items with their school, team and the visit that fulfilled them."""
    return plan.items.select_related("school", "team", "visit").order_by("planned_on", "school__name")


def visits_for_list(visits):
    """Visits with what their list shows (follow-ups counted)."""
    return (
        visits.select_related("coordinator", "school", "planned")
        .annotate(
            follow_up_count=Count("follow_ups", distinct=True),
            open_count=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True), distinct=True),
        )
        .order_by("-visited_on", "school__name")
    )


def visit_with_follow_ups(visits, pk: int):
    """One visit with its follow-ups and owners."""
    return visits.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner").order_by("due_on", "id"))
    ).get(pk=pk)


def open_plan_items(coordinator, program_year, school=None):
    """The coordinator's planned visits in the year not yet made (to pick the one a visit fulfils)."""
    items = PlannedVisit.objects.filter(
        plan__coordinator=coordinator, plan__program_year=program_year, visit__isnull=True
    ).select_related("school")
    if school is not None:
        items = items.filter(school=school)
    return items.order_by("planned_on")
