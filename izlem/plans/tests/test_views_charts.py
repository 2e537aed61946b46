"""The indicator chart: an accessible inline SVG that the page's Content-Security-Policy allows.

Plain objects, no database: a row table is built in memory.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

from izlem.plans import charts
from izlem.plans.models import YearValue
from izlem.plans.selectors.indicators import RowTable


def _table(baselines: dict[int, str | None], targets: dict[int, str | None]) -> RowTable:
    def value(kind: str, year: int, text: str | None) -> YearValue:
        return YearValue(kind=kind, year=year, value=None if text is None else Decimal(text))

    return RowTable(
        row=None,
        baselines={year: value("baseline", year, text) for year, text in baselines.items()},
        targets={year: value("target", year, text) for year, text in targets.items()},
        plan_end_year=2019,
    )


SEED_1_1_1 = _table(
    {2012: "52.75", 2013: "43.77", 2014: "53.34"},
    {2015: "59.67", 2016: "66", 2017: "72.34", 2018: "78.67", 2019: "85"},
)


def test_chart_is_an_accessible_svg_with_the_values_in_words():
    # given indicator 1.1.1's baselines and targets
    # when its chart is drawn (in English)
    with translation.override("en"):
        chart = charts.row_chart(table=SEED_1_1_1, title="1.1.1 Okul öncesi", places=2)
    # then the SVG is an image named by its title and described by its values, in Turkish format
    svg = str(chart.svg)
    assert svg.startswith('<svg role="img" aria-labelledby=')
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
    assert f'<title id="{title_id}">1.1.1 Okul öncesi</title>' in svg
    assert chart.summary == (
        "Baseline — 2012: 52,75; 2013: 43,77; 2014: 53,34. "
        "Targets — 2015: 59,67; 2016: 66,00; 2017: 72,34; 2018: 78,67; 2019: 85,00"
    )
    assert f'<desc id="{desc_id}">{chart.summary}</desc>' in svg


def test_chart_carries_no_script_style_or_outside_reference():
    # given indicator 1.1.1's values
    # when its chart is drawn
    svg = str(charts.row_chart(table=SEED_1_1_1, title="1.1.1", places=2).svg)
    # then nothing in it needs an inline script or style, or loads anything from elsewhere
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    # (namespace names are identifiers, not addresses: pygal declares xlink's when lxml is installed)
    namespaces = ('xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"')
    for namespace in namespaces:
        svg = svg.replace(namespace, "")
    assert "http://" not in svg and "https://" not in svg
    assert 'class="pygal-chart izlem-chart"' in svg


def test_target_path_starts_at_the_last_baseline():
    # given a row whose 2012 baseline is missing
    table = _table({2012: None, 2013: "8", 2014: "10"}, {2015: "12", 2016: "14", 2019: "20"})
    # when its chart is drawn
    with translation.override("en"):  # the summary's words, whichever language the last test left active
        chart = charts.row_chart(table=table, title="1.1.2", places=0)
    # then the baseline skips 2012 and the targets start from 2014's baseline
    assert chart.summary == "Baseline — 2013: 8; 2014: 10. Targets — 2015: 12; 2016: 14; 2019: 20"


def test_a_row_without_values_has_no_chart():
    # given a row with neither baselines nor targets
    table = _table({2012: None, 2013: None, 2014: None}, {2015: None, 2019: None})
    # when its chart is asked for
    # then there is none
    assert charts.row_chart(table=table, title="3.2.12", places=0) is None


def test_chart_stylesheet_is_scoped_and_dashes_the_target_path():
    # given nothing
    # when the shared chart stylesheet is built
    css = charts.chart_css()
    # then every rule is scoped to the chart class and series 2 (the target path) is dashed
    assert "#chart-" not in css and "&gt;" not in css
    assert ".izlem-chart .series.serie-1{stroke-width:3;stroke-dasharray:8,5}" in css
