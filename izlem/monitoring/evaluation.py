"""Evaluation of a realized value against the plan (SPEC §3): realization rate, status, forecast.

* Realization rate (gerçekleşme oranı) = (actual − baseline) / (target − baseline) × 100, with the
  baseline at plan start (the last non-empty baseline on or before the year before the plan's first
  year — 2014 for a 2015-2019 plan) and the target of the period's year. It needs no special case
  for lower-is-better indicators. When target = baseline the rate is undefined and the result is
  met / not met instead.
* Status compares the actual with the value expected at this point of the plan on the straight line
  from the baseline to the plan-end target: progress = (actual − baseline) / (expected − baseline) ×
  100; on track at or above IZLEM_ON_TRACK_PERCENT (100), at risk at or above IZLEM_AT_RISK_PERCENT
  (75), off track below.
* Forecast: a least-squares line through the baselines and the realized values so far, read at the
  plan's end and kept within what the indicator can be (a percentage 0–100, anything else ≥ 0: no
  value is ever entered below 0); and the first year in which the line reaches the target (None when
  it moves away). That year is after the latest value when the target is not met yet, and an off-track
  figure is never promised the target by the plan's end: one sentence per status, no "reached in
  2017" beside "off track".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Status:
    """Evaluation outcomes."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


def thresholds() -> tuple[Decimal, Decimal]:
    """(on track, at risk) thresholds in percent of the expected progress, from settings."""
    return (
        Decimal(str(getattr(settings, "IZLEM_ON_TRACK_PERCENT", 100))),
        Decimal(str(getattr(settings, "IZLEM_AT_RISK_PERCENT", 75))),
    )


def resolve_direction(direction: str, baseline: Decimal | None, target: Decimal | None) -> str:
    """'higher' or 'lower': as set, or derived from baseline vs plan-end target (higher when equal)."""
    if direction in ("higher", "lower"):
        return direction
    if baseline is not None and target is not None and target < baseline:
        return "lower"
    return "higher"


def realization_rate(actual: Decimal, baseline: Decimal, target: Decimal) -> Decimal | None:
    """(actual − baseline) / (target − baseline) × 100, two decimals; None when target = baseline."""
    if target == baseline:
        return None
    return ((actual - baseline) / (target - baseline) * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def is_met(actual: Decimal, target: Decimal, direction: str) -> bool:
    """Whether `actual` meets `target` in the indicator's direction."""
    return actual >= target if direction == "higher" else actual <= target


@dataclass
class Evaluation:
    """Everything the reports show about one figure."""

    actual: Decimal | None
    baseline: Decimal | None
    year_target: Decimal | None
    plan_target: Decimal | None
    direction: str
    rate: Decimal | None = None
    met: bool | None = None
    expected: Decimal | None = None
    progress: Decimal | None = None
    status: str = Status.NO_DATA
    forecast: Decimal | None = None
    forecast_year: int | None = None


def bounds(unit: str) -> tuple[Decimal, Decimal | None]:
    """The lowest and highest value an indicator of `unit` can take: a percentage 0–100, others ≥ 0."""
    return Decimal(0), (HUNDRED if unit == "percent" else None)


def evaluate(
    *,
    unit: str = "",
    actual: Decimal | None,
    baseline: Decimal | None,
    baseline_year: int,
    year_target: Decimal | None,
    plan_target: Decimal | None,
    plan_end: int,
    elapsed_years: float,
    direction: str,
    history: list[tuple[float, Decimal]],
) -> Evaluation:
    """Evaluate one figure; `history` holds (years since the baseline year, value) points incl. this one."""
    direction = resolve_direction(direction, baseline, plan_target)
    result = Evaluation(actual, baseline, year_target, plan_target, direction)
    if actual is None or baseline is None:
        return result
    if year_target is not None:
        result.rate = realization_rate(actual, baseline, year_target)
        if result.rate is None:
            result.met = is_met(actual, year_target, direction)
    if plan_target is not None:
        _status(result, actual, baseline, plan_target, plan_end - baseline_year, elapsed_years, direction)
        _forecast(result, history, baseline_year, plan_end, plan_target, direction, bounds(unit))
    return result


def _status(
    result: Evaluation, actual, baseline, plan_target, span_years: int, elapsed_years: float, direction
) -> None:
    """Progress against the straight path to the plan-end target, and the status it gives."""
    share = Decimal(str(elapsed_years)) / Decimal(span_years) if span_years > 0 else Decimal(1)
    result.expected = (baseline + (plan_target - baseline) * min(share, Decimal(1))).quantize(
        Decimal("0.0001")
    )
    on_track, at_risk = thresholds()
    if result.expected == baseline:
        result.status = Status.ON_TRACK if is_met(actual, baseline, direction) else Status.OFF_TRACK
        return
    result.progress = ((actual - baseline) / (result.expected - baseline) * HUNDRED).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    if result.progress >= on_track:
        result.status = Status.ON_TRACK
    elif result.progress >= at_risk:
        result.status = Status.AT_RISK
    else:
        result.status = Status.OFF_TRACK


def _forecast(
    result: Evaluation,
    history,
    baseline_year: int,
    plan_end: int,
    plan_target: Decimal,
    direction,
    limits: tuple[Decimal, Decimal | None],
) -> None:
    """Least-squares trend through `history`, read at the plan's end (within `limits`), and the year it meets the target."""
    points = [(Decimal(str(t)), v) for t, v in history if v is not None]
    if len({t for t, _v in points}) < 2:
        return
    n = Decimal(len(points))
    mean_t = sum(t for t, _v in points) / n
    mean_v = sum(v for _t, v in points) / n
    spread = sum((t - mean_t) ** 2 for t, _v in points)
    slope = sum((t - mean_t) * (v - mean_v) for t, v in points) / spread
    intercept = mean_v - slope * mean_t
    span = Decimal(plan_end - baseline_year)
    lowest, highest = limits
    forecast = max(intercept + slope * span, lowest)
    result.forecast = (min(forecast, highest) if highest is not None else forecast).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    latest_t, latest_v = max(points)
    if is_met(latest_v, plan_target, direction):
        result.forecast_year = baseline_year + math.ceil(latest_t)
        return
    moving_right_way = slope > 0 if direction == "higher" else slope < 0
    if moving_right_way:
        reach_t = (plan_target - intercept) / slope
        # not met at the latest value: the earliest it can be reached is the year after it
        year = baseline_year + max(math.ceil(reach_t), math.floor(latest_t) + 1)
        if result.status == Status.OFF_TRACK and year <= plan_end:
            return  # the trend of all values is no promise while the figure is off its path
        result.forecast_year = year
