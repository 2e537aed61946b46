"""Server-side charts of the plan browser: pygal line charts as inline, accessible SVG.

The pages' Content-Security-Policy allows no inline `<style>` or `<script>`, so the SVG is emitted
without them: pygal's generated CSS (the same for every chart made here, since they share one style
and one series layout) is served once by `plans:chart-css`, scoped to `.izlem-chart`. Nothing in the
SVG refers to a CDN.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from izlem.core.axis import value_axis
from izlem.core.formats import format_decimal
from izlem.plans.selectors.indicators import RowTable

CHART_CLASS = "izlem-chart"
BASELINE_COLOUR = "#12355b"  # the navbar's navy
TARGET_COLOUR = "#b3261e"
CHART_STYLE = Style(
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=(BASELINE_COLOUR, TARGET_COLOUR),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=15,
    stroke_width="3",
    stroke_width_hover="3",
    opacity=".9",
    guide_stroke_color="#ced4da",
    major_guide_stroke_color="#adb5bd",
    opacity_hover=".9",
)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_SCRIPT_ELEMENT = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)
_DEFS_EMPTY = re.compile(r"<defs>\s*</defs>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ROOT_ID = re.compile(r'<svg([^>]*?) id="(chart-[0-9a-f-]+)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


@dataclass
class Chart:
    """An inline SVG chart with the text alternatives a page shows next to it."""

    svg: SafeString
    title: str
    summary: str


def _line_chart(*, years: list[int], places: int, x_title: str = "", y_title: str = "") -> pygal.Line:
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        style=CHART_STYLE,
        classes=["pygal-chart", CHART_CLASS],
        width=600,
        height=340,
        dots_size=4,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        show_minor_x_labels=True,
        truncate_label=-1,
        truncate_legend=-1,
        x_title=x_title,
        y_title=y_title,
        value_formatter=lambda value: format_decimal(value, places),
        margin=12,
    )
    chart.x_labels = [str(year) for year in years]
    return chart


def _strip_for_csp(svg: str) -> str:
    """Remove pygal's inline <style> and <script> (the CSP forbids them), its comments (they name its
    web site) and the hidden tooltip's style attribute."""
    svg = _COMMENT.sub("", svg)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _SCRIPT_ELEMENT.sub("", svg)
    svg = _DEFS_EMPTY.sub("", svg)
    return svg.replace('style="opacity: 0"', 'opacity="0"')


def _accessible(svg: str, *, title: str, summary: str) -> str:
    """Give the SVG role="img", a <title> (the page's caption shows it too) and a <desc> with the values."""
    match = _ROOT_ID.search(svg)
    base = f"{CHART_CLASS}-{uuid.uuid4().hex[:12]}"
    if match:
        svg = _ROOT_ID.sub(f'<svg\\1 id="{base}"', svg, count=1)
    title_id, desc_id = f"{base}-title", f"{base}-desc"
    svg = _TITLE.sub(
        lambda m: (
            f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(summary)}</desc>'
        ),
        svg,
        count=1,
    )
    return svg.replace("<svg", f'<svg role="img" aria-labelledby="{title_id} {desc_id}" focusable="false"', 1)


def _describe(label: str, points: list[tuple[int, Decimal | None]], places: int) -> str:
    known = [f"{year}: {format_decimal(value, places)}" for year, value in points if value is not None]
    return f"{label} — {'; '.join(known)}" if known else ""


def row_chart(*, table: RowTable, title: str, places: int) -> Chart | None:
    """Baselines and the target path (last baseline → yearly targets → plan-end target) of one row.

    None when the row has no value at all to draw.
    """
    years = sorted(set(table.baselines) | set(table.targets))
    baseline_points = [
        (year, table.baselines[year].value if year in table.baselines else None) for year in years
    ]
    last = table.last_baseline
    target_points = []
    for year in years:
        if year in table.targets:
            target_points.append((year, table.targets[year].value))
        elif last is not None and year == last.year:  # the path starts at the last baseline
            target_points.append((year, last.value))
        else:
            target_points.append((year, None))
    if all(value is None for _year, value in baseline_points + target_points):
        return None
    chart = _line_chart(years=years, places=places, x_title=_("Year"))
    axis = value_axis(
        [v for _y, v in baseline_points + target_points], whole=places == 0, include_zero=False, max_ticks=6
    )
    for option, value in axis.pygal().items():  # a range that covers the data, distinct ticks
        setattr(chart, option, value)
    chart.add(_("Baseline"), [None if v is None else float(v) for _y, v in baseline_points])
    chart.add(
        _("Target path"),
        [None if v is None else float(v) for _y, v in target_points],
        stroke_style={"width": 3, "dasharray": "8, 5"},
    )
    summary = ". ".join(
        part
        for part in (
            _describe(_("Baseline"), baseline_points, places),
            _describe(_("Targets"), [(y, v) for y, v in target_points if y in table.targets], places),
        )
        if part
    )
    svg = chart.render(is_unicode=True)
    return Chart(
        svg=mark_safe(_accessible(_strip_for_csp(svg), title=title, summary=summary)),
        title=title,
        summary=summary,
    )  # pygal escapes its text


@lru_cache(maxsize=1)
def chart_css() -> str:
    """The CSS of the charts made here, scoped to `.izlem-chart` (the pages load it as a stylesheet)."""
    chart = _line_chart(years=[2000, 2001], places=0)
    chart.add("a", [1, 2])
    chart.add("b", [2, 1], stroke_style={"width": 3, "dasharray": "8, 5"})
    svg = chart.render(is_unicode=True)
    match = _ROOT_ID.search(svg)
    css = "\n".join(_STYLE_ELEMENT.findall(svg))
    if match:
        css = css.replace(f"#{match.group(2)}", f".{CHART_CLASS}")
    return css.replace("&gt;", ">")
