"""Trend charts of report rows: baselines → realized values → target path, as SVG images.

Reports embed each chart as an `<img>` with a data URI: the SVG keeps pygal's own styles (an image
is its own document, so the pages' strict CSP does not apply to it), WeasyPrint draws it as vector
graphics in the PDF, and the `alt` text plus the table beside it carry the numbers for screen readers.
"""

from __future__ import annotations

import base64

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from izlem.core.axis import value_axis
from izlem.core.formats import format_by_unit, places_for_unit

# Two charts side by side on an A4 page (about 87 mm each): 440 × 230 px with 13 px text prints at ~7 pt.
WIDTH, HEIGHT = 440, 230
STYLE = Style(
    font_family="DejaVu Sans, sans-serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#12355b", "#1b7f3b", "#b3261e"),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=12,
    title_font_size=13,
    stroke_width="2",
    opacity=".9",
)


def _labels(row: dict, periods: list[dict], plan_end: int) -> list[str]:
    """The x axis in half years from the first baseline year to the plan's end: every year is a slot for
    its first half ("2016/1", unlabelled) and one for the year (its second half), so years are evenly
    spaced and their labels never overlap."""
    years = sorted({int(year) for year in row["baselines"]} | {int(year) for year in row["targets"]})
    first = min([year for year in years if year <= row["baseline_year"]] or [row["baseline_year"]])
    labels = []
    for year in range(first, plan_end + 1):
        if year != first:
            labels.append(f"{year}/1")
        labels.append(str(year))
    return labels


def trend_svg(row: dict, *, periods: list[dict], plan_end: int) -> str:
    """The SVG text of one row's trend chart: values with the decimals of the row's unit (`row["unit"]`,
    counts whole), a value axis that covers every point with distinct ticks, the years labelled."""
    labels = _labels(row, periods, plan_end)
    position = {label: index for index, label in enumerate(labels)}
    baseline = [None] * len(labels)
    for year, value in row["baselines"].items():
        if value is not None and year in position:
            baseline[position[year]] = float(value)
    realized = [None] * len(labels)
    for point in row["history"]:
        label = f"{point['year']}/1" if point["half"] == "H1" else str(point["year"])
        if point["value"] is not None and label in position:
            realized[position[label]] = float(point["value"])
    target = [None] * len(labels)
    if row["baseline"] is not None and str(row["baseline_year"]) in position:
        target[position[str(row["baseline_year"])]] = float(row["baseline"])
    for year, value in row["targets"].items():
        if value is not None and year in position:
            target[position[year]] = float(value)
    unit = row.get("unit")
    axis = value_axis(
        [*baseline, *realized, *target], whole=places_for_unit(unit) == 0, include_zero=False, max_ticks=5
    )
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        style=STYLE,
        width=WIDTH,
        height=HEIGHT,
        dots_size=3,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        allow_interruptions=False,
        show_minor_x_labels=False,
        truncate_label=-1,
        truncate_legend=-1,
        margin=6,
        margin_right=22,  # room for the last year's label
        value_formatter=lambda v: format_by_unit(v, unit),
        **axis.pygal(),
    )
    chart.x_labels = labels
    chart.x_labels_major = [label for label in labels if "/" not in label]  # the years; halves unlabelled
    chart.add(_("Baseline"), baseline)
    chart.add(_("Realized"), realized)
    chart.add(_("Target path"), target, stroke_style={"width": 2, "dasharray": "6, 4"})
    return chart.render(is_unicode=True)


def trend_data_uri(row: dict, *, periods: list[dict], plan_end: int) -> str:
    """The chart as a data URI for an <img> (pages and PDF alike)."""
    svg = trend_svg(row, periods=periods, plan_end=plan_end)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
