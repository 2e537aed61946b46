"""Monitoring writes: a plan's actual spending per (target, year), beside the plan's estimate."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from izlem.monitoring.models import Spending
from izlem.org.models import User
from izlem.plans import access as plans_access


@transaction.atomic
def spending_save(*, by: User, plan, entries: list[tuple]) -> int:
    """Set actual spending per (target, year) in one go; an empty amount removes the entry."""
    if not plans_access.can_edit_plan(by, plan):
        raise PermissionDenied
    changed = 0
    for target, year, amount in entries:
        if target.plan_id != plan.pk or not plan.period_start <= year <= plan.period_end:
            raise ValidationError(_("Spending must be for a target and a year of this plan."))
        if amount is None:
            changed += Spending.objects.filter(target=target, year=year).delete()[0]
            continue
        if amount < Decimal(0):
            raise ValidationError(
                _("Spending cannot be negative (target %(code)s, %(year)d).")
                % {"code": target.code, "year": year}
            )
        spending, created = Spending.objects.get_or_create(
            plan=plan, target=target, year=year, defaults={"amount": amount}
        )
        if not created and spending.amount != amount:
            spending.amount = amount
            spending.save(update_fields=["amount", "updated_at"])
        changed += created or spending.amount == amount
    return changed
