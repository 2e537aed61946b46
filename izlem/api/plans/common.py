"""What every plan resource shares: the read-only viewset over parts of the plans you may read and
the FilterSet with a `plan` filter.
"""

from __future__ import annotations

import django_filters
from rest_framework import mixins

from izlem.api.base import ApiViewSet
from izlem.api.filters import IdFilter
from izlem.plans import access


def filterset_for(model, **filters) -> type[django_filters.FilterSet]:
    """A FilterSet over `model` with a `plan` filter and the given ones."""
    declared = {"plan": IdFilter(field_name=_plan_field(model)), **filters}
    meta = type("Meta", (), {"model": model, "fields": list(declared)})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), {**declared, "Meta": meta})


def _plan_field(model) -> str:
    return {"Plan": "pk", "IndicatorRow": "indicator__plan", "YearValue": "row__indicator__plan"}.get(
        model.__name__, "plan"
    )


class PlanPartViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Read-only parts of the plans you may read (goals, targets, measures, analyses …)."""

    model = None
    related: tuple[str, ...] = ()
    prefetch: tuple = ()

    def get_queryset(self):
        plans = access.plans_visible(self.user)
        return (
            self.model.objects.filter(**{f"{_plan_field(self.model)}__in": plans})
            .select_related(*self.related)
            .prefetch_related(*self.prefetch)
        )

    def get_object(self):
        allowed = access.plan_part_for(self.user, self.model, self.object_id())
        return self.get_queryset().get(pk=allowed.pk)
