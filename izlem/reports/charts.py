"""Status charts of the dashboards and scorecards: how many indicator rows are on track, at risk, off track.

Built on the plan browser's charts (`izlem.plans.charts`): the same fonts, sizes and the same
CSP-safe, accessible inline SVG (pygal's <style>/<script> removed, `role="img"`, a <title> and a
<desc> carrying the numbers). Only the colours differ — one per status, matching the status badges —
so their CSS, scoped to `.izlem-status-chart`, is served once by `reports:chart-css`. For PDFs the
chart keeps its own styles and is embedded as an `<img>` data URI (WeasyPrint draws it as vectors),
like the monitoring reports' trend charts (`izlem.reports.trend`).
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from izlem.core.axis import value_axis
from izlem.monitoring.evaluation import Status
from izlem.plans.charts import CHART_STYLE, Chart, _accessible, _strip_for_csp

STATUS_CHART_CLASS = "izlem-status-chart"
STATUS_ORDER = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA)
# Bootstrap's success / warning / danger / secondary, as the status badges show them.
STATUS_COLOURS = ("#198754", "#e0a800", "#b3261e", "#adb5bd")
STATUS_STYLE = Style(
    **{**CHART_STYLE.to_dict(), "colors": STATUS_COLOURS, "opacity": "1", "opacity_hover": ".85"}
)
PDF_STATUS_STYLE = Style(
    **{
        **STATUS_STYLE.to_dict(),
        "font_family": "DejaVu Sans, sans-serif",
        "label_font_size": 10,
        "major_label_font_size": 10,
        "legend_font_size": 10,
        "title_font_size": 11,
    }
)
_ROOT_ID = re.compile(r'<svg([^>]*?) id="(chart-[0-9a-f-]+)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


def status_labels() -> dict[str, str]:
    """The statuses as the page names them."""
    return {
        Status.ON_TRACK: _("on track"),
        Status.AT_RISK: _("at risk"),
        Status.OFF_TRACK: _("off track"),
        Status.NO_DATA: _("no data"),
    }


@dataclass
class StatusGroup:
    """One bar of a status chart (and one line of its table alternative)."""

    label: str
    counts: Counter
    title: str = ""  # a longer name for the table (e.g. the goal's title)

    @property
    def total(self) -> int:
        return sum(self.counts.get(status, 0) for status in STATUS_ORDER)

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUS_ORDER]


def _bar_chart(groups: list[StatusGroup], *, style: Style, classes: list[str], width: int) -> pygal.Graph:
    chart = pygal.HorizontalStackedBar(
        js=[],
        disable_xml_declaration=True,
        style=style,
        classes=classes,
        width=width,
        height=max(200, 70 + 34 * len(groups)),
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=False,
        value_formatter=lambda value: str(int(value)) if value else "0",
        margin=12,
        spacing=8,
        # the value axis covers the longest stacked bar, ticks whole and distinct (0, 1, 2, … not 0, 0, 1)
        **value_axis([group.total for group in groups], whole=True, max_ticks=6).pygal(),
    )
    ordered = list(reversed(groups))  # pygal draws horizontal bars bottom-up: keep the first group on top
    chart.x_labels = [group.label for group in ordered]
    labels = status_labels()
    for index, status in enumerate(STATUS_ORDER):
        chart.add(labels[status], [group.cells[index] or None for group in ordered])
    return chart


def _summary(groups: list[StatusGroup]) -> str:
    labels = status_labels()
    parts = []
    for group in groups:
        counts = ", ".join(f"{labels[status]} {group.counts.get(status, 0)}" for status in STATUS_ORDER)
        parts.append(f"{group.label}: {counts}")
    return "; ".join(parts)


def status_chart(*, title: str, groups: list[StatusGroup]) -> Chart | None:
    """An inline, CSP-safe stacked bar chart of status counts per group; None without groups."""
    if not groups or not any(group.total for group in groups):
        return None
    chart = _bar_chart(groups, style=STATUS_STYLE, classes=["pygal-chart", STATUS_CHART_CLASS], width=720)
    summary = _summary(groups)
    svg = _strip_for_csp(chart.render(is_unicode=True))
    return Chart(svg=mark_safe(_accessible(svg, title=title, summary=summary)), title=title, summary=summary)


def status_chart_data_uri(*, title: str, groups: list[StatusGroup]) -> str | None:
    """The same chart for a PDF: an SVG image with its own styles, as a data URI."""
    if not groups or not any(group.total for group in groups):
        return None
    chart = _bar_chart(groups, style=PDF_STATUS_STYLE, classes=["pygal-chart"], width=680)
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@lru_cache(maxsize=1)
def chart_css() -> str:
    """The CSS of the status charts, scoped to `.izlem-status-chart` (served by `reports:chart-css`)."""
    groups = [StatusGroup("a", Counter({status: 1 for status in STATUS_ORDER}))]
    svg = _bar_chart(
        groups, style=STATUS_STYLE, classes=["pygal-chart", STATUS_CHART_CLASS], width=720
    ).render(is_unicode=True)
    match = _ROOT_ID.search(svg)
    css = "\n".join(_STYLE_ELEMENT.findall(svg))
    if match:
        css = css.replace(f"#{match.group(2)}", f".{STATUS_CHART_CLASS}")
    return css.replace("&gt;", ">")
