"""Reads over material support: requests with what was delivered, and what each school holds.

Pure functions over querysets the caller has already limited to what the user may read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import Coalesce

from izlem.harezmi.models import MaterialDelivery, MaterialItem, MaterialRequest
from izlem.org.models import OrgNode


def requests_for_list(requests):
    """Requests with school and district, and a `delivered` annotation (sum of deliveries)."""
    return requests.select_related("school__parent", "decided_by").annotate(
        delivered=Coalesce(Sum("deliveries__quantity"), 0)
    )


@dataclass
class Holding:
    """What one school holds: delivered quantities per material."""

    school: OrgNode
    items: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.items.values())

    def cells(self) -> list[int]:
        """Quantities in the order of `MaterialItem`."""
        return [self.items.get(item, 0) for item in MaterialItem.values]


def material_holdings(requests) -> tuple[list[Holding], Holding | None]:
    """What each school holds: the sum of deliveries per material over `requests` (schools without a
    delivery are left out); returns the rows by district and school name and a total row (None when
    nothing was delivered). Two queries."""
    sums = (
        MaterialDelivery.objects.filter(request__in=requests)
        .values("request__school_id", "request__item")
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    rows: dict[int, Holding] = {}
    counted = list(sums)
    schools = OrgNode.objects.select_related("parent").in_bulk([row["request__school_id"] for row in counted])
    total = Holding(school=None)
    for row in counted:
        holding = rows.setdefault(
            row["request__school_id"], Holding(school=schools[row["request__school_id"]])
        )
        for target in (holding, total):
            target.items[row["request__item"]] = target.items.get(row["request__item"], 0) + row["quantity"]
    ordered = sorted(
        rows.values(), key=lambda h: (h.school.parent.name if h.school.parent else "", h.school.name)
    )
    return ordered, (total if ordered else None)


def request_counts(requests) -> dict[str, int]:
    """How many requests are in each state (every state present)."""
    counts: dict[str, int] = dict.fromkeys(MaterialRequest.State.values, 0)
    for state in requests.values_list("state", flat=True):
        counts[state] += 1
    return counts
