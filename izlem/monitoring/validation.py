"""Checks on an entered value: type and range by unit, numerator ≤ denominator, outliers against history.

Outliers are not refused; they ask for a confirming note. A value is unusual when

* it is more than IZLEM_OUTLIER_JUMP_PERCENT (50 %) away from the entity's last non-zero value;
* it lies beyond ±3 median absolute deviations of the entity's own history (at least three earlier
  values), the deviation taken as at least 10 % of the median, so that a history that never moved
  does not make every small change an outlier;
* it is more than ten times the largest of the entity's earlier values and of the plan's own figures
  for the row (baselines and targets): 999999 where the target is 123 and the last value was 0;
* it is far from the same row's values of its peers (the other units under the same parent, e.g. the
  schools of its district, in the same period): a modified z-score above 3,5 (Iglewicz and Hoaglin:
  0,6745 × |value − median| / MAD), with at least five peers and the MAD taken as at least 10 % of
  the median, as for the history rule.

Calibrated bounds are not a question but a rule: a row's optional smallest and largest valid values
(IndicatorRow.valid_min / valid_max, set by planners) refuse a value outside them (`bounds_errors`).

An unchanged value is never judged again (services keep it as it was confirmed or not).
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


MAD_FLOOR = Decimal("0.10")  # the smallest spread a history is taken to have, as a share of its median
SCALE_FACTOR = 10  # beyond ten times everything known of the row, a value is asked about


def bounds_errors(value: Decimal | None, valid_min: Decimal | None, valid_max: Decimal | None) -> list[str]:
    """The refusal of a value outside the row's calibrated bounds, naming them; empty when inside or unbounded."""
    if value is None or (valid_min is None and valid_max is None):
        return []
    if (valid_min is not None and value < valid_min) or (valid_max is not None and value > valid_max):
        low = _plain(valid_min) if valid_min is not None else "—"
        high = _plain(valid_max) if valid_max is not None else "—"
        return [
            _(
                "%(value)s is outside the valid range of this line (smallest %(low)s, largest %(high)s): "
                "check the number; if the range itself is wrong, ask the planning office."
            )
            % {"value": _plain(value), "low": low, "high": high}
        ]
    return []


PEER_MINIMUM = 5  # fewer peers say nothing reliable about what is usual
PEER_LIMIT = Decimal("3.5")  # modified z-score beyond which a value is asked about
MAD_CONSISTENCY = Decimal("0.6745")  # makes the MAD comparable to a standard deviation


def peer_reason(value: Decimal, peers: list[Decimal]) -> str | None:
    """Why `value` looks unusual against its peers' values of the same row and period, or None."""
    if len(peers) < PEER_MINIMUM:
        return None
    centre = median(peers)
    spread = max(median([abs(item - centre) for item in peers]), abs(centre) * MAD_FLOOR)
    if not spread:
        return None  # every peer gave 0: nothing to compare a spread with
    if MAD_CONSISTENCY * abs(value - centre) / spread > PEER_LIMIT:
        return _(
            "The value is far from those of the other units of the same district in this period "
            "(median %(median)s of %(count)s)."
        ) % {"median": _plain(centre), "count": len(peers)}
    return None


def outlier_reason(
    value: Decimal,
    history: list[Decimal],
    *,
    scale: Decimal | None = None,
    peers: list[Decimal] | None = None,
) -> str | None:
    """Why `value` looks unusual against the entity's history, the plan's figures (`scale`) and its peers, or None."""
    reference = max([abs(item) for item in history] + [abs(scale or 0)], default=Decimal(0))
    if reference and abs(value) > SCALE_FACTOR * reference:
        return _(
            "The value is more than ten times the largest of this unit's earlier values and the plan's "
            "figures for this line (%(largest)s)."
        ) % {"largest": _plain(reference)}
    if not history:
        return peer_reason(value, peers or [])
    jump = Decimal(str(getattr(settings, "IZLEM_OUTLIER_JUMP_PERCENT", 50)))
    last = history[-1]
    if last and abs(value - last) / abs(last) * HUNDRED > jump:
        return _("The value differs from the last one (%(last)s) by more than %(jump)s %%.") % {
            "last": _plain(last),
            "jump": _plain(jump),
        }
    if len(history) >= 3:
        centre = median(history)
        spread = max(median([abs(item - centre) for item in history]), abs(centre) * MAD_FLOOR)
        if spread and abs(value - centre) > 3 * spread:
            return _("The value is far from this unit's earlier values (median %(median)s).") % {
                "median": _plain(centre)
            }
    return peer_reason(value, peers or [])


NOTE_REQUIRED = gettext_lazy(
    "To keep this value, tick the confirmation and write a note saying why it is right: the note is required."
)


def _plain(number: Decimal) -> str:
    from izlem.core.formats import format_decimal

    return format_decimal(number, None)
