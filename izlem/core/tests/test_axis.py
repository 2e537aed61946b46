"""The value axis of every chart: covers the data, distinct and evenly stepped ticks, whole ticks for counts."""

import base64
import re
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izlem.core.axis import value_axis
from izlem.core.formats import parse_decimal

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.none(), finite), max_size=30),
    st.booleans(),
    st.booleans(),
    st.integers(min_value=3, max_value=12),
)
def test_ticks_increase_cover_the_data_and_have_distinct_labels(values, whole, include_zero, max_ticks):
    axis = value_axis(values, whole=whole, include_zero=include_zero, max_ticks=max_ticks)
    numbers = [Decimal(str(v)).quantize(Decimal("1e-9")) for v in values if v is not None]
    ticks = axis.ticks
    assert 2 <= len(ticks) <= max_ticks
    assert all(a < b for a, b in zip(ticks, ticks[1:], strict=False))  # strictly increasing
    assert all(b - a == axis.step for a, b in zip(ticks, ticks[1:], strict=False))  # evenly stepped
    labels = axis.labels()
    assert len(set(labels)) == len(labels)  # distinct after formatting
    assert [parse_decimal(label) for label in labels] == list(ticks)  # and they say the tick
    if numbers:
        assert ticks[-1] >= max(numbers) and ticks[0] <= min(numbers)  # nothing past the axis
    if include_zero:
        assert ticks[0] <= 0 <= ticks[-1]
    if whole:
        assert all(tick == tick.to_integral_value() for tick in ticks)
    mantissa = axis.step.normalize().as_tuple()
    assert int("".join(map(str, mantissa.digits))) in (1, 2, 25, 5)  # nice steps


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=20))
def test_counts_get_whole_distinct_ticks(counts):
    labels = value_axis(counts, whole=True).labels()
    assert all("," not in label for label in labels) and len(set(labels)) == len(labels)


def test_the_reported_defects_are_gone():
    # a count chart of 0s and 1s: ticks 0, 1 — not 0, 0, 0, 1, 1
    assert value_axis([0, 1, 1, 0], whole=True).labels() == ["0", "1"]
    # percentages above 100: the axis reaches past the tallest bar instead of stopping at 100
    axis = value_axis([120, 95], at_least=100)
    assert axis.high >= 120 and axis.labels() == ["0", "25", "50", "75", "100", "125"]
    # a line of values near 99 is not flattened against zero
    assert value_axis([98.4, 99.8], include_zero=False).low == Decimal(98)


def _svg(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def _axis_labels(svg: str, axis: str) -> list[str]:
    """The tick labels pygal drew on an axis ('y' for vertical charts, 'x' for horizontal ones)."""
    match = re.search(rf'<g class="axis {axis}[^"]*">(.*?)</g>\s*</g>\s*<g class="(?:axis|series)', svg, re.S)
    part = match.group(1) if match else ""
    return re.findall(
        r'<text[^>]*class="[^"]*(?:major|minor)?[^"]*"[^>]*>([^<]+)</text>', part
    ) or re.findall(r"<text[^>]*>([^<]+)</text>", part)


@pytest.mark.parametrize("percent", [False, True])
def test_harezmi_bar_chart_axis_covers_the_tallest_bar(percent):
    from izlem.harezmi.charts import bar_chart

    values = [120, 95.5, 3] if percent else [1, 0, 1]
    chart = bar_chart(title="t", labels=["a", "b", "c"], series=[("s", values)], percent=percent)
    labels = _axis_labels(_svg(chart.uri), "y")
    assert labels and len(set(labels)) == len(labels)
    assert max(parse_decimal(label) for label in labels) >= max(values)


def test_status_chart_axis_has_whole_distinct_ticks():
    from izlem.reports.charts import StatusGroup, status_chart_data_uri

    groups = [StatusGroup("A", Counter({"on_track": 1})), StatusGroup("B", Counter({"off_track": 1}))]
    labels = _axis_labels(_svg(status_chart_data_uri(title="t", groups=groups)), "x")
    assert labels == ["0", "1"]


def test_trend_chart_axis_covers_every_point_with_the_units_decimals():
    from izlem.reports.trend import trend_svg

    row = {
        "unit": "count",
        "baselines": {"2013": "4100"},
        "baseline": "4100",
        "baseline_year": 2013,
        "targets": {"2015": "4300", "2019": "4800"},
        "history": [{"year": 2014, "half": "H2", "value": "4142.04"}],
    }
    labels = _axis_labels(trend_svg(row, periods=[], plan_end=2019), "y")
    numbers = [parse_decimal(label) for label in labels]
    assert len(set(labels)) == len(labels) and all("," not in label for label in labels)
    assert numbers[0] <= 4100 and numbers[-1] >= 4800


def test_plan_chart_axis_covers_every_point():
    from types import SimpleNamespace

    from izlem.plans.charts import row_chart
    from izlem.plans.selectors import RowTable

    def value(year, number):
        return SimpleNamespace(year=year, value=Decimal(number))

    table = RowTable(
        row=None,
        baselines={2013: value(2013, "11"), 2014: value(2014, "12")},
        targets={2015: value(2015, "13"), 2019: value(2019, "17")},
        plan_end_year=2019,
    )
    labels = _axis_labels(str(row_chart(table=table, title="t", places=0).svg), "y")
    numbers = [parse_decimal(label) for label in labels]
    assert len(set(labels)) == len(labels) and numbers[0] <= 11 and numbers[-1] >= 17
