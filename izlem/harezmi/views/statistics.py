"""Statistics of a program year by province, district and school: page (with charts), XLSX and PDF."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from izlem.core.downloads import attach
from izlem.core.filenames import statistics_name
from izlem.core.pdf import render_pdf
from izlem.core.xlsx import CODE, COUNT, PERCENT, Column, Sheet, write_workbook
from izlem.harezmi import access
from izlem.harezmi.charts import bar_chart
from izlem.harezmi.figures import FIGURES, figure_unit
from izlem.harezmi.models import Project
from izlem.harezmi.selectors.statistics import Statistics, statistics_for
from izlem.harezmi.views.common import year_from
from izlem.org.models import OrgNode

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _statistics(request) -> Statistics:
    """Parse → access → figures, shared by the page and the exports."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    raw = request.GET.get("node", "")
    node = access.harezmi_statistics_node_for(request.user, year, int(raw) if raw.isdigit() else None)
    stats = statistics_for(year, node)
    visible = set(
        access.harezmi_statistics_nodes(request.user, year)
        .filter(pk__in=[n.pk for n in stats.breadcrumbs])
        .values_list("pk", flat=True)
    )
    stats.breadcrumbs = [n for n in stats.breadcrumbs if n.pk in visible]
    return stats


def statistics_charts(stats: Statistics) -> list:
    """The page's and the PDF's charts: sessions, attendance and consent, visits, projects."""
    labels = [row.label for row in stats.rows]
    figures = [row.figures for row in stats.rows]
    charts = [
        bar_chart(
            title=_("Sessions held and planned"),
            labels=labels,
            series=[
                (_("Planned"), [f.sessions_planned for f in figures]),
                (_("Held"), [f.sessions_held for f in figures]),
            ],
        ),
        bar_chart(
            title=_("Attendance and consent (%)"),
            labels=labels,
            series=[
                (_("Teacher attendance"), [f.teacher_attendance for f in figures]),
                (_("Student attendance"), [f.student_attendance for f in figures]),
                (_("Consent coverage"), [f.consent_rate for f in figures]),
            ],
            percent=True,
        ),
        bar_chart(
            title=_("Field visits planned and done"),
            labels=labels,
            series=[
                (_("Planned"), [f.visits_planned for f in figures]),
                (_("Made as planned"), [f.visits_done for f in figures]),
            ],
        ),
        bar_chart(
            title=_("Projects by programme"),
            labels=[str(label) for _value, label in Project.Programme.choices],
            series=[(_("Projects"), stats.total.programme_counts)],
        ),
    ]
    return [chart for chart in charts if chart is not None]


@login_required
def statistics(request):
    """The year's figures at a node (the highest the user reads by default), one row per district or school."""
    stats = _statistics(request)
    programmes = list(zip(Project.Programme.choices, stats.total.programme_counts, strict=True))
    return render(
        request,
        "harezmi/statistics.html",
        {
            "year": stats.year,
            "stats": stats,
            "charts": statistics_charts(stats),
            "programmes": [(value, label, count) for (value, label), count in programmes],
            "query": f"?year={stats.year.pk}&node={stats.node.pk}",
            "columns": column_labels(),
            "lines": table_lines(stats),
            "can_ministry": access.harezmi_ministry_report_nodes(request.user, stats.year).exists(),
        },
    )


def _filename(stats: Statistics, extension: str):
    """`Erzincan-2025-2026-Harezmi-istatistikleri.xlsx`."""
    return statistics_name(stats.node.name, stats.year.name, extension)


COLUMNS = [
    ("schools", gettext_lazy("Harezmi schools")),
    ("teams", gettext_lazy("Teams")),
    ("teachers", gettext_lazy("Teachers")),
    ("students", gettext_lazy("Students")),
    ("consented", gettext_lazy("Students with consent")),
    ("consent_rate", gettext_lazy("Consent coverage (%)")),
    ("sessions_planned", gettext_lazy("Sessions planned")),
    ("sessions_held", gettext_lazy("Sessions held")),
    ("session_rate", gettext_lazy("Sessions held (%)")),
    ("teacher_attendance", gettext_lazy("Teacher attendance (%)")),
    ("student_attendance", gettext_lazy("Student attendance (%)")),
    ("visits_planned", gettext_lazy("Visits planned")),
    ("visits_done", gettext_lazy("Planned visits made")),
    ("visit_rate", gettext_lazy("Planned visits made (%)")),
    ("visits_unplanned", gettext_lazy("Unplanned visits")),
    ("trainings", gettext_lazy("Trainings held")),
    ("participants", gettext_lazy("Training enrolments")),
    ("completions", gettext_lazy("Trainings completed")),
    ("material_requested", gettext_lazy("Materials requested")),
    ("material_delivered", gettext_lazy("Materials delivered")),
    ("projects", gettext_lazy("Projects")),
    ("teacher_mobility", gettext_lazy("Teachers in mobility")),
    ("student_mobility", gettext_lazy("Students in mobility")),
]


def column_labels() -> list[str]:
    """The translated column headings."""
    return [str(label) for _name, label in COLUMNS]


@dataclass
class Line:
    """A line of the table: its label, the unit a link opens (None for the total), and its cells as
    (figure key, value, drill-down query or "" for a rate)."""

    label: str
    node: OrgNode | None
    drill: bool
    own: bool
    cells: list[tuple[str, object, str]]

    @property
    def is_total(self) -> bool:
        return self.node is None


def table_lines(stats: Statistics) -> list[Line]:
    """One line per row, then the total; each count carries the query of its drill-down list."""

    def cells(figures, node, own: bool) -> list[tuple[str, object, str]]:
        base = f"?year={stats.year.pk}&node={node.pk}" + ("&own=1" if own else "")
        return [(n, getattr(figures, n), base if n in FIGURES else "") for n, _l in COLUMNS]

    lines = [
        Line(row.label, row.node, row.drill, row.own, cells(row.figures, row.node, row.own))
        for row in stats.rows
    ]
    return [*lines, Line(_("Total"), None, False, False, cells(stats.total, stats.node, False))]


def column_units() -> list[str]:
    """The unit of each column (`figures.figure_unit`), for its decimals and its cell format."""
    return [figure_unit(name) for name, _l in COLUMNS]


@login_required
def statistics_xlsx(request):
    """The same figures as a workbook: one line per row and the total, then projects by programme."""
    stats = _statistics(request)
    kinds = [PERCENT if unit == "percent" else COUNT for unit in column_units()]
    table = Sheet(
        _("Statistics"),
        [
            Column(_("Unit")),
            Column(_("Code"), CODE),
            *[Column(label, kind) for label, kind in zip(column_labels(), kinds, strict=True)],
        ],
    )
    for line in table_lines(stats):
        values = [value for _key, value, _query in line.cells]
        code = stats.node.code if line.is_total else line.node.code
        table.add([line.label, code, *values], bold=line.is_total)
    projects = Sheet(_("Projects"), [Column(_("Programme")), Column(_("Projects"), COUNT)])
    for (_value, label), count in zip(Project.Programme.choices, stats.total.programme_counts, strict=True):
        projects.add([str(label), count])
    content = write_workbook(
        [table, projects],
        title=f"{_('Harezmi statistics')} — {stats.node.name} — {stats.year.name}",
        info=[
            (pgettext("workbook", "Report"), _("Harezmi statistics")),
            (pgettext("workbook", "Scope"), stats.node.name),
            (pgettext("workbook", "Program year"), stats.year.name),
            (pgettext("workbook", "Figures up to"), stats.day),
        ],
    )
    return attach(HttpResponse(content, content_type=XLSX), _filename(stats, "xlsx"))


@login_required
def statistics_pdf(request):
    """The same figures as a print-ready A4 PDF with the charts."""
    stats = _statistics(request)
    pdf = render_pdf(
        "harezmi/statistics_pdf.html",
        {
            "stats": stats,
            "charts": statistics_charts(stats),
            "title": _("Harezmi statistics"),
            "columns": column_labels(),
            "lines": table_lines(stats),
        },
    )
    return attach(HttpResponse(pdf, content_type="application/pdf"), _filename(stats, "pdf"))
