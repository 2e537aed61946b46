"""The dashboard as files: its status charts as images for the PDF, its XLSX workbook, its file name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from izlem.core.filenames import dashboard_name
from izlem.monitoring.models import Submission

from .charts import status_chart_data_uri, status_labels
from .dashboards import SCHOOL, Dashboard, SchoolCounts, chart_groups
from .workbooks import overdue_measures_sheet, workbook_info


def dashboard_filename(dashboard: Dashboard, ext: str):
    """`Erzincan-2016-yil-sonu-gosterge-paneli.pdf`."""
    return dashboard_name(dashboard.top.name, dashboard.period, ext)


def dashboard_chart_images(dashboard: Dashboard) -> list[dict]:
    """The status charts as images for the PDF, with their tables."""
    return [
        {"title": title, "src": status_chart_data_uri(title=title, groups=groups), "groups": groups}
        for _key, title, groups in chart_groups(dashboard, with_data=True)
    ]


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    """The dashboard as a workbook: status counts, submissions, indicators off track, deviations, measures."""

    from izlem.core.xlsx import (
        CODE,
        COUNT,
        PERCENT,
        Cell,
        Column,
        Sheet,
        kind_for_unit,
        write_workbook,
    )

    labels = status_labels()
    states = dict(Submission.State.choices)
    title = f"{_('Dashboard')} — {dashboard.top.name} — {dashboard.period}"
    info = workbook_info(_("Dashboard"), dashboard.top.name, str(dashboard.period))
    if dashboard.mode == SCHOOL:
        summary = Sheet(
            _("Summary"),
            [
                Column(_("School")),
                Column(_("State")),
                Column(_("Rows to enter"), COUNT),
                Column(_("Values entered"), COUNT),
                Column(_("Late")),
                Column(_("Share on track (%)"), PERCENT),
            ],
        )
        for entry in dashboard.schools:
            summary.add(
                [
                    entry.school.name,
                    str(states.get(entry.state, entry.state)),
                    entry.rows,
                    entry.entered,
                    _("yes") if entry.late else _("no"),
                    entry.percent,
                ]
            )
        return write_workbook([summary], title=title, info=info)
    summary = Sheet(_("Summary"), [Column(_("Status")), Column(_("Indicator rows"), COUNT)])
    for status, label in labels.items():
        summary.add([label, dashboard.counts.get(status, 0)])
    sheets = [summary]
    group_sheets = {
        "goal": (_("By goal"), _("Goal")),
        "target": (_("By target"), _("Target")),
        "district": (_("By district"), _("District")),
    }
    for key, _title, groups in chart_groups(dashboard, with_data=True):
        name, heading = group_sheets[key]
        sheet = Sheet(
            name,
            [
                Column(heading),
                *[Column(label, COUNT) for label in labels.values()],
                Column(_("Total"), COUNT),
            ],
        )
        for group in groups:
            sheet.add([group.label, *group.cells, group.total])
        sheets.append(sheet)
    if dashboard.progress:
        columns = [Column(_("Name")), Column(_("State")), Column(_("Late"))]
        if dashboard.school_counts:
            columns += [
                Column(_("Schools"), COUNT),
                Column(_("Approved"), COUNT),
                Column(_("Submitted"), COUNT),
                Column(_("Returned"), COUNT),
                Column(_("Not submitted"), COUNT),
                Column(_("Late schools"), COUNT),
            ]
        submissions = Sheet(_("Submissions"), columns)
        for p in dashboard.progress:
            state = str(states.get(p.state, p.state)) if p.owes else _("nothing collected")
            values = [p.entity.name, state, _("yes") if p.late else _("no")]
            counts = dashboard.school_counts.get(p.entity.pk)
            if dashboard.school_counts:
                counts = counts or SchoolCounts()
                values += [
                    counts.total,
                    counts.approved,
                    counts.submitted,
                    counts.returned,
                    counts.not_submitted,
                    counts.late,
                ]
            submissions.add(values)
        sheets.append(submissions)
    off_track = Sheet(
        _("Indicators off track"),
        [
            Column(_("Code"), CODE),
            Column(_("Indicator")),
            Column(_("Breakdown")),
            Column(_("Baseline")),
            Column(_("Year target")),
            Column(_("Realized")),
            Column(_("Rate (%)"), PERCENT),
            Column(_("Reported"), COUNT),
            Column(_("Expected"), COUNT),
        ],
    )
    for item in dashboard.off_track:
        kind = kind_for_unit(item.row.indicator.unit)
        off_track.add(
            [
                item.row.indicator.code,
                item.row.indicator.name,
                item.row.breakdown,
                Cell(item.evaluation.baseline, kind),
                Cell(item.evaluation.year_target, kind),
                Cell(item.figure.value, kind),
                item.evaluation.rate,
                item.figure.reported,
                item.figure.expected,
            ]
        )
    sheets.append(off_track)
    if dashboard.deviations is not None:
        deviations = Sheet(
            _("Deviations"),
            [
                Column(_("Code"), CODE),
                Column(_("Indicator")),
                Column(_("Breakdown")),
                Column(_("Responsible unit")),
                Column(_("Rate (%)"), PERCENT),
            ],
        )
        for deviation in dashboard.deviations:
            deviations.add(
                [
                    deviation.row.indicator.code,
                    deviation.row.indicator.name,
                    deviation.row.breakdown,
                    deviation.unit.name if deviation.unit else "",
                    deviation.rate,
                ]
            )
        sheets.append(deviations)
    if dashboard.overdue is not None:
        sheets.append(overdue_measures_sheet(dashboard.overdue))
    return write_workbook(sheets, title=title, info=info)
