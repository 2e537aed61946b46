"""Checks on an entered value: type and range by unit, numerator ≤ denominator, outliers against history.

Outliers are not refused: a value beyond ±3 median absolute deviations of the entity's own history
(at least three earlier values) or more than IZLEM_OUTLIER_JUMP_PERCENT (50 %) away from the last
value asks for a confirming note.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median

from django.conf import settings
from django.utils.translation import gettext as _

from izlem.plans.models import Indicator

HUNDRED = Decimal(100)
LARGEST = Decimal(10) ** 15  # Value fields hold 20 digits, 4 of them decimals
PLACES = 4


def range_errors(
    *,
    unit: str,
    aggregation: str,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> list[str]:
    """Whole-sentence messages for an entry the row does not allow: the one rule of every path.

    The entry page, the API and the bulk upload all reach it through `services.value_save` or
    `services.values_save_many` (the bulk check calls it early too, to name the cell). A ratio row
    takes a numerator and a denominator and nothing else (its rate is computed from them, so that
    the roll-up's Σnumerators / Σdenominators holds every reported entity); any other row takes a
    value and nothing else. Everything empty clears the value.
    """
    numbers = [number for number in (value, numerator, denominator) if number is not None]
    errors = []
    if not all(number.is_finite() for number in numbers):
        return [_("Enter a number, e.g. 52,75.")]
    if any(abs(number) >= LARGEST for number in numbers):
        errors.append(_("The number is too large."))
    if any(number.as_tuple().exponent < -PLACES for number in numbers):  # as written: "0,00000" too
        errors.append(_("Enter at most four decimal places."))
    if errors:
        return errors
    if aggregation == Indicator.Aggregation.RATIO:
        if value is not None:
            errors.append(
                _(
                    "This indicator is a rate: enter its numerator and denominator, not the rate itself "
                    "(the rate is computed from them)."
                )
            )
            return errors
        if numerator is None or denominator is None:
            if numerator is not None or denominator is not None:
                errors.append(_("Enter both the numerator and the denominator."))
            return errors
        if numerator < 0 or denominator < 0:
            errors.append(_("The numerator and the denominator cannot be negative."))
        if denominator == 0:
            errors.append(_("The denominator cannot be zero."))
        if unit == Indicator.UnitKind.PERCENT and numerator > denominator > 0:
            errors.append(_("The numerator cannot be greater than the denominator for a percentage."))
        return errors
    if numerator is not None or denominator is not None:
        errors.append(_("This indicator is not a rate: enter its value, without a numerator or denominator."))
        return errors
    if value is None:
        return errors
    if value < 0:
        errors.append(_("The value cannot be negative."))
    if unit == Indicator.UnitKind.PERCENT and value > HUNDRED:
        errors.append(_("A percentage cannot be above 100."))
    if unit == Indicator.UnitKind.COUNT and value != value.to_integral():
        errors.append(_("This indicator counts whole things: enter a whole number."))
    return errors


def outlier_reason(value: Decimal, history: list[Decimal]) -> str | None:
    """Why `value` looks unusual against the entity's own history, or None."""
    if not history:
        return None
    jump = Decimal(str(getattr(settings, "IZLEM_OUTLIER_JUMP_PERCENT", 50)))
    last = history[-1]
    if last and abs(value - last) / abs(last) * HUNDRED > jump:
        return _("The value differs from the last one (%(last)s) by more than %(jump)s %%.") % {
            "last": _plain(last),
            "jump": _plain(jump),
        }
    if len(history) >= 3:
        centre = median(history)
        mad = median([abs(item - centre) for item in history])
        if mad and abs(value - centre) > 3 * mad:
            return _("The value is far from this unit's earlier values (median %(median)s).") % {
                "median": _plain(centre)
            }
    return None


def _plain(number: Decimal) -> str:
    from izlem.core.formats import format_decimal

    return format_decimal(number, None)
