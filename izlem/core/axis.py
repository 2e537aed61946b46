"""The value axis of every chart: a range that covers the data and distinct, evenly stepped ticks.

pygal's own scale is computed from the raw data and labelled with the chart's value formatter, which
gave counts ticks such as 0, 0, 0, 1, 1 (0.2-steps rounded to whole numbers) and, with a fixed 0–100
range for percentages, bars drawn above the axis. `value_axis` decides the range and the ticks
instead: steps of 1, 2, 2.5 or 5 × 10ⁿ (whole-number steps for counts), the lowest tick at or below
the smallest value, the highest at or above the largest, labels written the Turkish way with just the
decimals the step needs (so no two labels are alike). `Axis.pygal()` gives the chart's `range` and
`y_labels` (the value axis, also on horizontal charts).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from izlem.core.formats import format_decimal

MANTISSAS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
WHOLE_MANTISSAS = (Decimal(1), Decimal(2), Decimal(5))


@dataclass(frozen=True)
class Axis:
    """A value axis: its ticks (the first and last are the range) and the decimals of their labels."""

    ticks: tuple[Decimal, ...]
    step: Decimal
    places: int

    @property
    def low(self) -> Decimal:
        return self.ticks[0]

    @property
    def high(self) -> Decimal:
        return self.ticks[-1]

    def labels(self) -> list[str]:
        """The tick labels as the chart shows them (`1.000`, `2,5`)."""
        return [format_decimal(tick, self.places) for tick in self.ticks]

    def pygal(self) -> dict:
        """The pygal options that draw this axis: `range` and `y_labels` (value and label)."""
        return {
            "range": (float(self.low), float(self.high)),
            "y_labels": [
                {"value": float(tick), "label": label}
                for tick, label in zip(self.ticks, self.labels(), strict=True)
            ],
        }


RESOLUTION = Decimal("1e-9")  # chart values have at most a few decimals; finer differences are noise


def _number(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return None
    return number.quantize(RESOLUTION) if number.is_finite() else None


def _steps(raw: Decimal, whole: bool):
    """Nice steps from the smallest one at or above `raw` upwards: 1, 2, 2.5, 5 × 10ⁿ."""
    exponent = raw.adjusted() if raw > 0 else 0  # ⌊log10(raw)⌋
    mantissas = WHOLE_MANTISSAS if whole else MANTISSAS
    while True:
        scale = Decimal(1).scaleb(exponent)
        for mantissa in mantissas:
            step = mantissa * scale
            if whole and step < 1:
                continue
            if step >= raw:
                yield step
        exponent += 1


def value_axis(
    values,
    *,
    whole: bool = False,
    include_zero: bool = True,
    at_least: float | int | Decimal | None = None,
    max_ticks: int = 6,
) -> Axis:
    """The axis for `values` (numbers; None and non-finite ones are ignored).

    `whole`: counts, so ticks are whole numbers; `include_zero`: bars start at zero (lines need not);
    `at_least`: the axis reaches at least this high (100 for percentages); `max_ticks` (3 or more): at
    most this many ticks. The ticks strictly increase, the first is ≤ the smallest value and the last ≥ the
    largest, and their labels are distinct.
    """
    with localcontext(prec=60):  # room for large values at the resolution
        return _axis(values, whole=whole, include_zero=include_zero, at_least=at_least, max_ticks=max_ticks)


def _axis(values, *, whole: bool, include_zero: bool, at_least, max_ticks: int) -> Axis:
    numbers = [n for n in (_number(v) for v in values) if n is not None]
    if at_least is not None:
        numbers.append(Decimal(str(at_least)))
    if include_zero or not numbers:
        numbers.append(Decimal(0))
    low, high = min(numbers), max(numbers)
    if high == low:  # one value: an axis of one step around it
        high = low + (1 if whole or low == 0 else abs(low) / 10)
    max_ticks = max(3, max_ticks)  # a range across zero needs three ticks (−s, 0, s)
    raw = (high - low) / (max_ticks - 1)
    for step in _steps(raw, whole):
        first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
        last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
        count = int((last - first) / step) + 1
        if count <= max_ticks:
            break
    places = max(0, -step.normalize().as_tuple().exponent)
    ticks = tuple((first + i * step).quantize(Decimal(1).scaleb(-places)) for i in range(count))
    return Axis(ticks=ticks, step=step, places=places)
