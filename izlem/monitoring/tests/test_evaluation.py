"""Realization rate, status and forecast (SPEC §3)."""

from decimal import Decimal as D

import pytest

from izlem.monitoring.evaluation import Status, evaluate, realization_rate, resolve_direction


def _eval(
    actual,
    baseline="50",
    year_target="58",
    plan_target="70",
    elapsed=2.0,
    direction="auto",
    history=(),
    unit="",
):
    return evaluate(
        unit=unit,
        actual=None if actual is None else D(actual),
        baseline=D(baseline),
        baseline_year=2014,
        year_target=D(year_target),
        plan_target=D(plan_target),
        plan_end=2019,
        elapsed_years=elapsed,
        direction=direction,
        history=[(t, D(v)) for t, v in history],
    )


def test_realization_rate_higher_is_better():
    assert realization_rate(D(56), D(50), D(58)) == D("75.00")


def test_realization_rate_lower_is_better_needs_no_special_case():
    # dropout 5,12 → target 3,52: reaching 4,32 is half the way
    assert realization_rate(D("4.32"), D("5.12"), D("3.52")) == D("50.00")
    assert resolve_direction("auto", D("5.12"), D("3.52")) == "lower"


def test_target_equal_to_baseline_gives_met_or_not_met():
    met = _eval("60", baseline="60", year_target="60", plan_target="60")
    assert met.rate is None and met.met is True and met.status == Status.ON_TRACK
    missed = _eval("59", baseline="60", year_target="60", plan_target="60")
    assert missed.rate is None and missed.met is False and missed.status == Status.OFF_TRACK


def test_status_against_expected_progress():
    # two of five years elapsed: expected 50 + 20 × 2/5 = 58
    assert _eval("58").status == Status.ON_TRACK
    assert _eval("58").progress == D("100.00")
    assert _eval("56").status == Status.AT_RISK  # 6/8 = 75 %
    assert _eval("55.9").status == Status.OFF_TRACK
    assert _eval(None).status == Status.NO_DATA


def test_status_for_lower_is_better():
    result = _eval("4.48", baseline="5.12", year_target="4.48", plan_target="3.52", elapsed=2.0)
    assert result.direction == "lower" and result.expected == D("4.4800") and result.status == Status.ON_TRACK
    assert _eval("5.0", baseline="5.12", year_target="4.48", plan_target="3.52").status == Status.OFF_TRACK


def test_forecast_and_year_of_reaching_the_target():
    # a steady +4 a year from 50: the line reaches 70 five years after 2014
    result = _eval("58", history=[(0, "50"), (1, "54"), (2, "58")])
    assert result.forecast == D("70.00") and result.forecast_year == 2019
    slow = _eval("52", history=[(0, "50"), (1, "51"), (2, "52")])
    assert slow.forecast == D("55.00") and slow.forecast_year == 2034
    away = _eval("48", history=[(0, "50"), (1, "49"), (2, "48")])
    assert away.forecast_year is None


def test_forecast_year_when_already_met():
    result = _eval("71", history=[(0, "50"), (2, "71")])
    assert result.forecast_year == 2016


# --- bounded forecasts and one sentence per status (issue 17 finding 7) -------------------------------------
@pytest.mark.parametrize(
    ("unit", "baseline", "year_target", "plan_target", "history", "forecast"),
    [
        pytest.param("percent", "3", "2", "0.5", ["3", "2", "1"], "0.00", id="a falling rate stops at zero"),
        pytest.param(
            "percent", "90", "96", "100", ["90", "95", "99"], "100.00", id="a percentage stops at 100"
        ),
        pytest.param(
            "count", "50", "30", "5", ["50", "30", "10"], "0.00", id="a falling count stops at zero"
        ),
        pytest.param(
            "count", "100", "200", "400", ["100", "200", "300"], "600.00", id="a count may grow freely"
        ),
    ],
)
def test_a_forecast_stays_within_what_the_unit_allows(
    unit, baseline, year_target, plan_target, history, forecast
):
    result = _eval(
        history[-1],
        baseline=baseline,
        year_target=year_target,
        plan_target=plan_target,
        history=list(enumerate(history)),
        unit=unit,
    )
    assert result.forecast == D(forecast)


def test_an_off_track_figure_is_not_promised_the_target_before_the_plan_end():
    # an early peak pulls the trend up, but the latest value is half the expected progress
    result = _eval("54", history=[(0, "50"), (1, "90"), (2, "54")])
    assert result.status == Status.OFF_TRACK
    assert result.forecast_year is None


def test_the_target_is_never_said_reached_in_a_year_whose_value_missed_it():
    # the trend line crossed 70 in 2015, but the 2016 value is 60: the earliest is the year after
    result = _eval("60", history=[(0, "50"), (1, "100"), (2, "60")])
    assert result.status == Status.ON_TRACK and result.forecast_year == 2017
