"""Charts of the Harezmi statistics and of the Ministry report: pygal bar charts as SVG images.

Like the monitoring reports' trend charts (izlem.reports.trend), each chart is an `<img>` with a data
URI: the SVG keeps pygal's own styles (an image is its own document, so the pages' strict CSP does not
apply to it; `img-src` allows `data:`), it references no script, WeasyPrint draws it as vectors in the
PDF, and the `alt` text plus the table beside it carry the numbers for screen readers.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal

import pygal
from pygal.style import Style

from izlem.core.axis import value_axis
from izlem.core.formats import format_decimal

STYLE = Style(
    font_family="DejaVu Sans, sans-serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#12355b", "#1b7f3b", "#e0a800", "#b3261e", "#6f42c1", "#0dcaf0"),
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=12,
    value_font_size=10,
    opacity=".9",
    opacity_hover=".9",
)


@dataclass
class BarChart:
    """A chart image (data URI) and its text alternative."""

    uri: str
    summary: str


def bar_chart(
    *, title: str, labels: list[str], series: list[tuple[str, list]], percent: bool = False
) -> BarChart | None:
    """A grouped bar chart of `series` (name, one number per label); None when every number is empty."""
    if not labels or not any(value for _name, values in series for value in values if value):
        return None
    places = 2 if percent else 0  # decimals by unit (izlem.core.formats.places_for_unit)
    chart = pygal.Bar(
        js=[],
        disable_xml_declaration=True,
        style=STYLE,
        width=760,
        height=360,
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4),
        truncate_label=18,
        truncate_legend=-1,
        x_label_rotation=30 if len(labels) > 6 else 0,
        print_values=len(labels) * len(series) <= 24,
        value_formatter=lambda value: (
            format_decimal(Decimal(str(value)), places) if value is not None else ""
        ),
        margin=12,
        # the axis covers the tallest bar (a percentage above 100 included) with distinct ticks: whole
        # numbers for counts, 0–100 at least for percentages
        **value_axis(
            [value for _name, values in series for value in values],
            whole=not percent,
            at_least=100 if percent else None,
            max_ticks=6,
        ).pygal(),
    )
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, [None if value is None else float(value) for value in values])
    svg = chart.render(is_unicode=True)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    parts = []
    for name, values in series:
        known = ", ".join(
            f"{label} {format_decimal(Decimal(str(value)), places)}"
            for label, value in zip(labels, values, strict=True)
            if value is not None
        )
        parts.append(f"{name}: {known}")
    return BarChart(uri=uri, summary=f"{title}. " + "; ".join(parts))
