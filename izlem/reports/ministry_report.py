"""The periodic Harezmi report to the Ministry (SPEC §4.12): cover, summary figures, per-district table,
charts, sessions, visits, trainings and projects, and signature lines.

It covers a program year from its start up to the reference day (today, kept inside the year), so
the report made at the end of the first semester reports the first semester and the one made at
the end of the year the whole year. Like the monitoring reports it is generated in the background
(`ReportJob` of kind "ministry", docs/decisions/0001-report-jobs.md): `ministry_build` turns the
statistics selectors' figures into JSON-safe data that renders the page, the PDF and the XLSX, and
`ministry_fingerprint` lets a repeated request for the same report and data reuse the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django_tasks import task

from izlem.core.formats import format_date, format_month, parse_date
from izlem.core.pdf import render_pdf
from izlem.core.xlsx import CODE, COUNT, DATE, Column, Sheet, write_workbook
from izlem.harezmi import access as harezmi_access
from izlem.harezmi.charts import bar_chart
from izlem.harezmi.figures import figure_records
from izlem.harezmi.models import (
    MaterialRequest,
    PlannedVisit,
    ProgramYear,
    Project,
    Session,
    Student,
    TeacherAssignment,
    Team,
    Training,
    TrainingParticipant,
    Visit,
    VisitPurpose,
)
from izlem.harezmi.selectors import reference_day
from izlem.harezmi.selectors.statistics import COUNT_FIELDS, PROGRAMMES, statistics_for
from izlem.org.models import OrgNode, User

from .models import ReportJob
from .services import job_files_run

MINISTRY = ReportJob.Kind.MINISTRY
LISTED = 200  # trainings and projects listed by name; the counts always cover all of them


def _latest(queryset, *fields) -> list[str]:
    return [str(value) for value in queryset.aggregate(*(Max(f) for f in fields), Count("pk")).values()]


def ministry_fingerprint(year: ProgramYear, node: OrgNode) -> str:
    """A hash of what the report depends on: the reference day and the latest change of every source."""
    under = node.path
    parts = [MINISTRY, str(year.pk), str(node.pk), str(year.updated_at), str(reference_day(year))]
    parts += _latest(Team.objects.filter(program_year=year, school__path__startswith=under), "updated_at")
    parts += _latest(TeacherAssignment.objects.filter(team__program_year=year), "updated_at")
    parts += _latest(Student.objects.filter(program_year=year, school__path__startswith=under), "updated_at")
    parts += _latest(Student.history.filter(program_year_id=year.pk), "history_date")
    parts += _latest(Session.objects.filter(team__program_year=year), "updated_at")
    parts += _latest(Session.history.filter(team__program_year=year), "history_date")
    parts += _latest(Visit.objects.filter(program_year=year), "updated_at")
    parts += _latest(PlannedVisit.history.filter(plan__program_year=year), "history_date")
    parts += _latest(Training.objects.filter(program_year=year), "updated_at")
    parts += _latest(TrainingParticipant.history.filter(training__program_year=year), "history_date")
    parts += _latest(MaterialRequest.objects.filter(program_year=year), "updated_at")
    parts += _latest(Project.objects.filter(program_year=year), "updated_at")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _sessions_by_month(year: ProgramYear, node: OrgNode, day) -> list[dict]:
    """Sessions held and not held per month (one grouped query)."""
    rows = (
        Session.objects.filter(
            team__program_year=year, team__school__path__startswith=node.path, week_start__lte=day
        )
        .annotate(month=TruncMonth("week_start"))
        .values("month")
        .annotate(
            held=Count("id", filter=Q(state=Session.State.HELD)),
            not_held=Count("id", filter=Q(state=Session.State.NOT_HELD)),
        )
        .order_by("month")
    )
    return [
        {"month": format_month(row["month"]), "held": row["held"], "not_held": row["not_held"]}
        for row in rows
    ]


def _visits_by_purpose(year: ProgramYear, node: OrgNode, day) -> list[dict]:
    """Planned visits, those made and unplanned visits per purpose: the figures of the summary."""
    labels = dict(VisitPurpose.choices)

    def by_purpose(key: str) -> dict:
        records = figure_records(key, year, node, day)
        return dict(records.order_by().values_list("purpose").annotate(n=Count("pk")))

    planned, done, unplanned = (by_purpose(k) for k in ("visits_planned", "visits_done", "visits_unplanned"))
    return [
        {
            "purpose": str(labels[key]),
            "planned": planned.get(key, 0),
            "done": done.get(key, 0),
            "unplanned": unplanned.get(key, 0),
        }
        for key in labels
        if planned.get(key) or done.get(key) or unplanned.get(key)
    ]


def _trainings(year: ProgramYear, node: OrgNode) -> list[dict]:
    trainings = (
        Training.objects.filter(program_year=year, node__path__startswith=node.path)
        .select_related("node")
        .annotate(
            enrolled=Count("participants"),
            completed=Count(
                "participants", filter=Q(participants__state=TrainingParticipant.State.COMPLETED)
            ),
        )
        .order_by("starts_on", "title")[:LISTED]
    )
    return [
        {
            "title": t.title,
            "kind": t.get_kind_display(),
            "mode": t.get_mode_display(),
            "dates": f"{format_date(t.starts_on)} – {format_date(t.ends_on)}",
            "organiser": t.node.name,
            "hours": t.hours,
            "enrolled": t.enrolled,
            "completed": t.completed,
        }
        for t in trainings
    ]


def _projects(year: ProgramYear, node: OrgNode) -> list[dict]:
    projects = (
        Project.objects.filter(program_year=year, node__path__startswith=node.path)
        .select_related("node")
        .order_by("programme", "title")[:LISTED]
    )
    return [
        {
            "title": p.title,
            "programme": p.get_programme_display(),
            "node": p.node.name,
            "role": p.get_role_display(),
            "dates": f"{format_date(p.starts_on)} – {format_date(p.ends_on)}",
            "teacher_mobility": p.teacher_mobility,
            "student_mobility": p.student_mobility,
        }
        for p in projects
    ]


def ministry_build(
    year: ProgramYear, node: OrgNode, *, progress: Callable[[int, str], None] | None = None
) -> dict:
    """All of the report's content as JSON-safe data."""
    step = progress or (lambda _percent, _text: None)
    step(5, _("Computing the figures"))
    stats = statistics_for(year, node)
    step(30, _("Collecting sessions, visits, trainings and projects"))
    programme_labels = dict(Project.Programme.choices)
    data = {
        "kind": MINISTRY,
        "title": _("Harezmi Education Model: report to the Ministry"),
        "directorate": settings.IZLEM_DIRECTORATE_NAME,
        "node": {"id": node.pk, "name": node.name, "code": node.code, "kind": node.kind},
        "year": {
            "name": year.name,
            "start": format_date(year.start_date),
            "end": format_date(year.end_date),
        },
        "day": format_date(stats.day),
        "weeks": stats.weeks,
        "generated": format_date(timezone.localdate()),
        "summary": stats.total.as_dict(),
        "rows": [
            {
                "id": row.node.pk,
                "own": row.own,
                "name": row.label,
                "code": row.node.code,
                **row.figures.as_dict(),
            }
            for row in stats.rows
        ],
        "row_kind": "district" if node.kind == OrgNode.Kind.PROVINCE else "school",
        "programmes": [
            {"label": str(programme_labels[p]), "count": stats.total.by_programme.get(p, 0)}
            for p in PROGRAMMES
        ],
        "sessions_by_month": _sessions_by_month(year, node, stats.day),
        "visits_by_purpose": _visits_by_purpose(year, node, stats.day),
        "trainings": _trainings(year, node),
        "projects": _projects(year, node),
        "materials": {
            "requested": stats.total.material_requested,
            "delivered": stats.total.material_delivered,
            "requests": MaterialRequest.objects.filter(program_year=year, school__path__startswith=node.path)
            .exclude(state=MaterialRequest.State.REFUSED)
            .count(),
        },
    }
    step(60, _("Drawing the charts"))
    return data


def ministry_charts(data: dict) -> list:
    """The report's charts (data URIs): sessions and attendance per row, sessions by month, projects."""
    labels = [row["name"] for row in data["rows"]]
    rate = lambda row, name: None if row[name] is None else float(row[name])  # noqa: E731
    charts = [
        bar_chart(
            title=_("Sessions held and planned"),
            labels=labels,
            series=[
                (_("Planned"), [row["sessions_planned"] for row in data["rows"]]),
                (_("Held"), [row["sessions_held"] for row in data["rows"]]),
            ],
        ),
        bar_chart(
            title=_("Attendance and consent (%)"),
            labels=labels,
            series=[
                (_("Teacher attendance"), [rate(row, "teacher_attendance") for row in data["rows"]]),
                (_("Student attendance"), [rate(row, "student_attendance") for row in data["rows"]]),
                (_("Consent coverage"), [rate(row, "consent_rate") for row in data["rows"]]),
            ],
            percent=True,
        ),
        bar_chart(
            title=_("Sessions by month"),
            labels=[m["month"] for m in data["sessions_by_month"]],
            series=[
                (_("Held"), [m["held"] for m in data["sessions_by_month"]]),
                (_("Not held"), [m["not_held"] for m in data["sessions_by_month"]]),
            ],
        ),
        bar_chart(
            title=_("Projects by programme"),
            labels=[p["label"] for p in data["programmes"]],
            series=[(_("Projects"), [p["count"] for p in data["programmes"]])],
        ),
    ]
    return [chart for chart in charts if chart is not None]


def ministry_pdf(data: dict) -> bytes:
    """The print-ready A4 PDF of the report."""
    return render_pdf(
        "reports/pdf/ministry_report.html",
        {"report": data, "charts": ministry_charts(data), "title": data["title"]},
    )


# Marked for makemessages here, translated where shown (the page, the workbook).
SUMMARY_LABELS = {
    "schools": gettext_noop("Harezmi schools"),
    "teams": gettext_noop("Teams"),
    "teachers": gettext_noop("Teachers"),
    "students": gettext_noop("Students"),
    "consented": gettext_noop("Students with consent"),
    "sessions_planned": gettext_noop("Sessions planned"),
    "sessions_held": gettext_noop("Sessions held"),
    "visits_planned": gettext_noop("Visits planned"),
    "visits_done": gettext_noop("Planned visits made"),
    "visits_unplanned": gettext_noop("Unplanned visits"),
    "trainings": gettext_noop("Trainings held"),
    "participants": gettext_noop("Training enrolments"),
    "completions": gettext_noop("Trainings completed"),
    "material_requested": gettext_noop("Materials requested"),
    "material_delivered": gettext_noop("Materials delivered"),
    "projects": gettext_noop("Projects"),
    "teacher_mobility": gettext_noop("Teachers in mobility"),
    "student_mobility": gettext_noop("Students in mobility"),
}


def ministry_figure_lines(data: dict, year_id: int) -> dict:
    """The report's table for its page: rows and total with each count's drill-down query."""
    columns = [(key, _(label)) for key, label in SUMMARY_LABELS.items()]

    def line(name: str, node_id: int, own: bool, values: dict, total: bool = False) -> dict:
        query = f"?year={year_id}&node={node_id}" + ("&own=1" if own else "")
        return {"name": name, "total": total, "cells": [(k, values[k], query) for k, _l in columns]}

    lines = [line(r["name"], r["id"], r.get("own", False), r) for r in data["rows"]]
    lines.append(line(_("Total"), data["node"]["id"], False, data["summary"], total=True))
    return {"figure_columns": columns, "figure_lines": lines}


def ministry_xlsx(data: dict) -> bytes:
    """The report as a workbook: summary, per-district (or school) table, trainings, projects; the
    title, scope and reference day on the "Bilgi" sheet."""
    summary = Sheet(
        _("Summary"), [Column(pgettext("workbook", "Figure")), Column(pgettext("workbook", "Value"), COUNT)]
    )
    for key in COUNT_FIELDS:
        if key in SUMMARY_LABELS:
            summary.add([_(SUMMARY_LABELS[key]), data["summary"][key]])
    table = Sheet(
        _("By district") if data["row_kind"] == "district" else _("By school"),
        [
            Column(_("Unit")),
            Column(_("Code"), CODE),
            *[Column(_(SUMMARY_LABELS[k]), COUNT) for k in SUMMARY_LABELS],
        ],
    )
    for row in data["rows"]:
        table.add([row["name"], row["code"], *[row[k] for k in SUMMARY_LABELS]])
    table.add([_("Total"), data["node"]["code"], *[data["summary"][k] for k in SUMMARY_LABELS]], bold=True)
    trainings = Sheet(
        _("Trainings"),
        [
            Column(_("Training")),
            Column(_("Kind")),
            Column(_("Form")),
            Column(_("Starts on"), DATE),
            Column(_("Ends on"), DATE),
            Column(_("Organised by")),
            Column(_("Hours"), COUNT),
            Column(_("Enrolled"), COUNT),
            Column(_("Completed"), COUNT),
        ],
    )
    for t in data["trainings"]:
        trainings.add(
            [
                t["title"],
                t["kind"],
                t["mode"],
                *_date_range(t["dates"]),
                t["organiser"],
                t["hours"],
                t["enrolled"],
                t["completed"],
            ]
        )
    projects = Sheet(
        _("Projects"),
        [
            Column(_("Project")),
            Column(_("Programme")),
            Column(_("School or directorate")),
            Column(_("Role")),
            Column(_("Starts on"), DATE),
            Column(_("Ends on"), DATE),
            Column(_("Teachers in mobility"), COUNT),
            Column(_("Students in mobility"), COUNT),
        ],
    )
    for p in data["projects"]:
        projects.add(
            [
                p["title"],
                p["programme"],
                p["node"],
                p["role"],
                *_date_range(p["dates"]),
                p["teacher_mobility"],
                p["student_mobility"],
            ]
        )
    info = [
        (pgettext("workbook", "Report"), data["title"]),
        (pgettext("workbook", "Directorate"), data["directorate"]),
        (pgettext("workbook", "Scope"), data["node"]["name"]),
        (pgettext("workbook", "Program year"), data["year"]["name"]),
        (pgettext("workbook", "Figures up to"), parse_date(data["day"])),
        (pgettext("workbook", "Generated on"), parse_date(data.get("generated") or "")),
    ]
    return write_workbook(
        [summary, table, trainings, projects],
        title=f"{data['title']} — {data['node']['name']} — {data['year']['name']}",
        info=info,
    )


def _date_range(text: str) -> tuple[str, str]:
    """'01.02.2026 – 03.02.2026' as its two dates (written as date cells)."""
    start, _dash, end = (text or "").partition(" – ")
    return start.strip(), end.strip()


# --- jobs ---------------------------------------------------------------------------------------------
def ministry_job_request(*, by: User, program_year: ProgramYear, node: OrgNode) -> ReportJob:
    """Return a finished or running job for the same report and data, or queue a new one."""
    if not harezmi_access.harezmi_ministry_report_nodes(by, program_year).filter(pk=node.pk).exists():
        raise PermissionDenied
    from izlem.core.jobs import stale_jobs_sweep

    stale_jobs_sweep()  # a job whose worker died must not be reused as "running" forever
    print_ = ministry_fingerprint(program_year, node)
    reusable = (
        ReportJob.objects.filter(kind=MINISTRY, program_year=program_year, node=node, fingerprint=print_)
        .exclude(state=ReportJob.State.FAILED)
        .order_by("-created_at")
        .first()
    )
    if reusable is not None:
        return reusable
    job = ReportJob.objects.create(
        kind=MINISTRY, program_year=program_year, node=node, fingerprint=print_, requested_by=by
    )
    transaction.on_commit(lambda: generate_ministry_report.enqueue(job.pk))
    return job


def ministry_job_run(job_id: int) -> ReportJob:
    """Build the data, then the PDF and the XLSX, saving progress as it goes (runs in the worker)."""
    job = ReportJob.objects.select_related("program_year", "node").get(pk=job_id, kind=MINISTRY)
    return job_files_run(
        job,
        lambda progress: ministry_build(job.program_year, job.node, progress=progress),
        write_pdf=ministry_pdf,
        write_xlsx=ministry_xlsx,
        pdf_at=70,
    )


@task()
def generate_ministry_report(job_id: int) -> None:
    """Generate one Ministry report job's files (run by `izlem db_worker`)."""
    ministry_job_run(job_id)
