"""The records behind a figure of the statistics and the Ministry report: a paged list, CSV and XLSX.

Each number links here with its figure key, unit (`node`, `own=1` for a row of the unit's own
records) and program year; the list is the same selector as the number (`izlem.harezmi.figures`),
so its length (or the sum of its quantity column) is the number. Read by whoever reads the
statistics of that unit (`access.harezmi_statistics_node_for`): others get 404.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from izlem.core.downloads import attach, download_name
from izlem.core.formats import format_date
from izlem.core.kvkk import students_shown_log
from izlem.core.xlsx import Column, Sheet, safe_value, write_workbook
from izlem.harezmi import access
from izlem.harezmi.figures import FIGURES, figure_records
from izlem.harezmi.models import Project
from izlem.harezmi.selectors import reference_day
from izlem.harezmi.views.common import year_from

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50
STUDENT_FIGURES = ("students", "consented")  # lists of students' personal data: each showing is logged


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


# figure key → (select_related, column headings, one record → its cells)
Columns = tuple[tuple[str, ...], tuple[str, ...], Callable]


def _columns(key: str) -> Columns:
    """The list's columns for figure `key` (headings translated when the page is drawn)."""
    teams = (("school",), (_("School"), _("Team"), _("Application day"), _("First lesson hour")))
    team_row = lambda t: [t.school.name, t.name, t.get_weekday_display() or "", t.first_lesson]  # noqa: E731
    student = (
        ("school", "team", "consent"),
        (_("Student"), _("School"), _("Team"), _("Grade"), _("Consent given on")),
        lambda s: [
            f"{s.first_name} {s.last_name}",
            s.school.name,
            s.team.name if s.team else "",
            s.grade,
            format_date(s.consent.given_on) if getattr(s, "consent", None) else "",
        ],
    )
    planned = (
        ("school", "plan__coordinator", "visit"),
        (_("School"), _("Planned day"), _("Purpose"), _("Coordinator"), _("Visited on")),
        lambda p: [
            p.school.name,
            format_date(p.planned_on),
            p.get_purpose_display(),
            _name(p.plan.coordinator),
            format_date(p.visit.visited_on) if getattr(p, "visit", None) else "",
        ],
    )
    enrolment = (
        ("person", "training__node"),
        (_("Participant"), _("Training"), _("Organised by"), _("State")),
        lambda e: [_name(e.person), e.training.title, e.training.node.name, e.get_state_display()],
    )
    project = (
        ("node",),
        (
            _("Project"),
            _("Programme"),
            _("School or directorate"),
            _("Teachers in mobility"),
            _("Students in mobility"),
        ),
        lambda p: [
            p.title,
            p.get_programme_display(),
            p.node.name,
            p.teacher_mobility,
            p.student_mobility,
        ],
    )
    session = (
        (),
        (_("School"), _("Team"), _("Week of"), _("State")),
        lambda w: [
            w.team.school.name,
            w.team.name,
            format_date(w.week_start),
            _("Held") if w.held else _("Not held"),
        ],
    )
    return {
        "schools": (
            ("parent",),
            (_("School"), _("Code"), _("District")),
            lambda n: [n.name, n.code, n.parent.name if n.parent else ""],
        ),
        "teams": (*teams, team_row),
        "teachers": (
            ("teacher", "team__school"),
            (_("Teacher"), _("School (counted at)"), _("Team"), _("Start date")),
            lambda a: [_name(a.teacher), a.team.school.name, a.team.name, format_date(a.start_date)],
        ),
        "students": student,
        "consented": student,
        "sessions_planned": session,
        "sessions_held": session,
        "visits_planned": planned,
        "visits_done": planned,
        "visits_unplanned": (
            ("school", "coordinator"),
            (_("School"), _("Visited on"), _("Purpose"), _("Coordinator")),
            lambda v: [
                v.school.name,
                format_date(v.visited_on),
                v.get_purpose_display(),
                _name(v.coordinator),
            ],
        ),
        "trainings": (
            ("node",),
            (_("Training"), _("Organised by"), _("Dates"), _("Hours")),
            lambda t: [
                t.title,
                t.node.name,
                f"{format_date(t.starts_on)} – {format_date(t.ends_on)}",
                t.hours,
            ],
        ),
        "participants": enrolment,
        "completions": enrolment,
        "material_requested": (
            ("school",),
            (_("School"), _("Item"), _("Quantity"), _("State")),
            lambda r: [r.school.name, r.get_item_display(), r.quantity, r.get_state_display()],
        ),
        "material_delivered": (
            ("request__school",),
            (_("School"), _("Item"), _("Quantity"), _("Delivered on")),
            lambda d: [
                d.request.school.name,
                d.request.get_item_display(),
                d.quantity,
                format_date(d.delivered_on),
            ],
        ),
        "projects": project,
        "teacher_mobility": project,
        "student_mobility": project,
    }[key]


def _ordered(key: str, records, related: tuple[str, ...]):
    """The records in a stable order (lists of session weeks are ordered already)."""
    if isinstance(records, list):
        return records
    if key == "teacher_mobility":
        records = records.filter(teacher_mobility__gt=0)
    elif key == "student_mobility":
        records = records.filter(student_mobility__gt=0)
    return records.select_related(*related).order_by("pk")


def figure_list(request, key: str):
    """Parse → access → the figure's records, their columns and the context shared by page and exports."""
    figure = FIGURES.get(key)
    if figure is None or not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    raw = request.GET.get("node", "")
    node = access.harezmi_statistics_node_for(request.user, year, int(raw) if raw.isdigit() else None)
    own = request.GET.get("own") == "1"
    day = reference_day(year)
    records = figure_records(key, year, node, day, own=own)
    programme = request.GET.get("programme", "")
    if programme and not figure.sessions and key in ("projects", "teacher_mobility", "student_mobility"):
        if programme not in Project.Programme.values:
            raise Http404
        records = records.filter(programme=programme)
    related, headings, row = _columns(key)
    records = _ordered(key, records, related)
    if isinstance(records, list):
        value = len(records)
    elif figure.sum_field:
        value = records.aggregate(n=Sum(figure.sum_field))["n"] or 0
    else:
        value = records.count()
    unit = _("%(name)s (own records)") % {"name": node.name} if own else node.name
    return {
        "figure": figure,
        "key": key,
        "year": year,
        "node": node,
        "own": own,
        "unit": unit,
        "day": day,
        "value": value,
        "records": records,
        "headings": headings,
        "row": row,
        "query": request.GET.urlencode(),
    }


@login_required
def figure_records_page(request, key: str):
    """The paged list of the records a figure counts, with CSV and XLSX downloads."""
    context = figure_list(request, key)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        if key in STUDENT_FIGURES:
            students_shown_log(
                user=request.user, count=context["value"], what=f"figure {key} ({fmt})", path=request.path
            )
        return _export(context, fmt)
    page = Paginator(context["records"], PER_PAGE).get_page(request.GET.get("page"))
    if key in STUDENT_FIGURES:
        students_shown_log(
            user=request.user, count=len(page.object_list), what=f"figure {key}", path=request.path
        )
    row = context["row"]
    context |= {"page": page, "lines": [row(record) for record in page.object_list]}
    return render(request, "harezmi/statistics_records.html", context)


def _export(context: dict, fmt: str) -> HttpResponse:
    """The whole list as CSV (UTF-8 with a byte order mark, for Excel) or XLSX (the one table writer)."""
    figure, row = context["figure"], context["row"]
    name = download_name(
        "Harezmi",
        str(figure.label),
        context["unit"],
        context["year"].name,
        ext="csv" if fmt == "csv" else "xlsx",
    )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(context["headings"])
        for record in context["records"]:
            writer.writerow([safe_value(value) for value in row(record)])
        return attach(
            HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"), name
        )
    table = Sheet(str(figure.label), [Column(str(heading)) for heading in context["headings"]])
    for record in context["records"]:
        table.add(list(row(record)))
    content = write_workbook(
        [table],
        title=f"{figure.label} — {context['unit']} — {context['year'].name}",
        info=[
            (pgettext("workbook", "Report"), str(figure.label)),
            (pgettext("workbook", "Scope"), context["unit"]),
            (pgettext("workbook", "Program year"), context["year"].name),
            (pgettext("workbook", "Figures up to"), context["day"]),
        ],
    )
    return attach(HttpResponse(content, content_type=XLSX), name)
