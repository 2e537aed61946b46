"""Render report data to PDF (WeasyPrint) and XLSX (openpyxl), for jobs and publications alike."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from izlem.core.xlsx import append_row

from .pdf import render_pdf
from .trend import trend_data_uri


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def with_charts(data: dict) -> dict:
    """The report data with a trend chart (data URI) on every row, for pages and PDFs."""
    periods, plan_end = data["periods"], data["plan"]["period_end"]
    for goal in data["goals"]:
        for target in goal["targets"]:
            for row in target["rows"]:
                row["chart"] = trend_data_uri(row, periods=periods, plan_end=plan_end)
    return data


def report_pdf(data: dict) -> bytes:
    """The print-ready A4 PDF of a monitoring report."""
    return render_pdf(
        "reports/pdf/monitoring_report.html", {"report": with_charts(data), "title": data["title"]}
    )


def report_xlsx(data: dict) -> bytes:
    """The report as a workbook: indicators, measures and (year-end) deviations, costs, meeting."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Indicators")[:31])
    append_row(
        sheet, [data["title"], data["directorate"], data["node"]["name"], data["period"]["label"]], bold=True
    )
    append_row(
        sheet,
        [
            _("Goal"),
            _("Target"),
            _("Code"),
            _("Indicator"),
            _("Breakdown"),
            _("Baseline year"),
            _("Baseline"),
            _("Year target"),
            _("Plan-end target"),
            _("Realized"),
            _("Rate (%)"),
            _("Status"),
            _("Reported"),
            _("Expected"),
            _("Forecast"),
            _("Forecast year"),
        ],
        bold=True,
    )
    for goal in data["goals"]:
        for target in goal["targets"]:
            for row in target["rows"]:
                append_row(
                    sheet,
                    [
                        goal["code"],
                        target["code"],
                        row["code"],
                        row["name"],
                        row["breakdown"],
                        row["baseline_year"],
                        _number(row["baseline"]),
                        _number(row["year_target"]),
                        _number(row["plan_target"]),
                        _number(row["actual"]),
                        _number(row["rate"]),
                        _(row["status"].replace("_", " ")),
                        row["reported"],
                        row["expected"],
                        _number(row["forecast"]),
                        row["forecast_year"],
                    ],
                )
    sheet = workbook.create_sheet(_("Measures")[:31])
    append_row(
        sheet, [_("Target"), _("No"), _("Measure"), _("Status"), _("Progress (%)"), _("Note")], bold=True
    )
    for goal in data["goals"]:
        for target in goal["targets"]:
            for measure in target["measures"]:
                append_row(
                    sheet,
                    [
                        target["code"],
                        measure["number"],
                        measure["text"],
                        measure["status_label"],
                        measure["percent"],
                        measure["note"],
                    ],
                )
    if data["kind"] == "year_end":
        _year_end_sheets(workbook, data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _year_end_sheets(workbook, data: dict) -> None:
    """Deviations, planned vs spent costs, the evaluation meeting."""
    sheet = workbook.create_sheet(_("Deviations")[:31])
    append_row(
        sheet,
        [
            _("Period"),
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Rate (%)"),
            _("Cause"),
            _("Corrective action"),
            _("Owner"),
            _("Due"),
            _("Action state"),
        ],
        bold=True,
    )
    for d in data["deviations"]:
        append_row(
            sheet,
            [
                d["period"],
                d["code"],
                d["name"],
                d["unit"],
                _number(d["rate"]),
                d["cause"],
                d["action"],
                d["owner"],
                d["due"],
                d["action_state"],
            ],
        )
    sheet = workbook.create_sheet(_("Costs")[:31])
    append_row(sheet, [_("Kind"), _("Code"), _("Planned (TL)"), _("Spent (TL)"), _("Spent (%)")], bold=True)
    costs = data["costs"]
    for kind, key in ((_("target"), "targets"), (_("goal"), "goals")):
        for line in costs[key]:
            append_row(
                sheet,
                [
                    kind,
                    line["code"],
                    _number(line["planned"]),
                    _number(line["spent"]),
                    _number(line["share"]),
                ],
            )
    append_row(
        sheet,
        [
            _("total"),
            "",
            _number(costs["total_planned"]),
            _number(costs["total_spent"]),
            _number(costs["total_share"]),
        ],
        bold=True,
    )
    meeting = data.get("meeting")
    if meeting:
        sheet = workbook.create_sheet(_("Evaluation meeting")[:31])
        for label, value in (
            (_("Date"), meeting["date"]),
            (_("Place"), meeting["place"]),
            (_("Chair"), meeting["chair"]),
            (_("Minutes"), meeting["minutes"]),
        ):
            append_row(sheet, [label, value])
        for attendee in meeting["attendees"]:
            append_row(sheet, [_("Attendee"), attendee])
        for decision in meeting["decisions"]:
            append_row(sheet, [_("Decision"), decision])
