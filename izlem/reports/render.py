"""Render report data to PDF (WeasyPrint) and XLSX (openpyxl), for jobs and publications alike."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from izlem.core.formats import parse_date
from izlem.core.pdf import render_pdf
from izlem.core.xlsx import (
    CODE,
    COUNT,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    PERCENT,
    YEAR,
    Cell,
    Column,
    Sheet,
    kind_for_unit,
    write_workbook,
)

from .trend import trend_data_uri


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
    """The report as a workbook: indicators, measures and (year-end) deviations, costs, meeting; the
    title, scope and period on the "Bilgi" sheet (`izlem.core.xlsx.write_workbook`)."""
    indicators = Sheet(
        _("Indicators"),
        [
            Column(_("Goal"), CODE),
            Column(_("Target"), CODE),
            Column(_("Code"), CODE),
            Column(_("Indicator")),
            Column(_("Breakdown")),
            Column(_("Baseline year"), YEAR),
            Column(_("Baseline"), DECIMAL),
            Column(_("Year target"), DECIMAL),
            Column(_("Plan-end target"), DECIMAL),
            Column(_("Realized"), DECIMAL),
            Column(_("Rate (%)"), PERCENT),
            Column(_("Status")),
            Column(_("Reported"), COUNT),
            Column(_("Expected"), COUNT),
            Column(_("Forecast"), DECIMAL),
            Column(_("Forecast year"), YEAR),
        ],
    )
    measures = Sheet(
        _("Measures"),
        [
            Column(_("Target"), CODE),
            Column(_("No"), INTEGER),
            Column(_("Measure")),
            Column(_("Status")),
            Column(_("Progress (%)"), PERCENT),
            Column(_("Note")),
        ],
    )
    for goal in data["goals"]:
        for target in goal["targets"]:
            for row in target["rows"]:
                kind = kind_for_unit(row.get("unit"))  # a count's figures whole, the others two decimals
                indicators.add(
                    [
                        goal["code"],
                        target["code"],
                        row["code"],
                        row["name"],
                        row["breakdown"],
                        row["baseline_year"],
                        Cell(row["baseline"], kind),
                        Cell(row["year_target"], kind),
                        Cell(row["plan_target"], kind),
                        Cell(row["actual"], kind),
                        row["rate"],
                        _(row["status"].replace("_", " ")),
                        row["reported"],
                        row["expected"],
                        Cell(row["forecast"], kind),
                        row["forecast_year"],
                    ]
                )
            for measure in target["measures"]:
                measures.add(
                    [
                        target["code"],
                        measure["number"],
                        measure["text"],
                        measure["status_label"],
                        measure["percent"],
                        measure["note"],
                    ]
                )
    sheets = [indicators, measures]
    if data["kind"] == "year_end":
        sheets += _year_end_sheets(data)
    return write_workbook(sheets, title=report_title(data), info=report_info(data))


def report_title(data: dict) -> str:
    """`Yıl Sonu Değerlendirme Raporu — Erzincan — 2016 2. dönem (yılsonu)`."""
    return f"{data['title']} — {data['node']['name']} — {data['period']['label']}"


def report_info(data: dict) -> list[tuple[str, object]]:
    """The "Bilgi" sheet of a monitoring report's workbook."""
    return [
        (pgettext("workbook", "Report"), data["title"]),
        (pgettext("workbook", "Directorate"), data["directorate"]),
        (pgettext("workbook", "Plan"), data["plan"]["title"]),
        (pgettext("workbook", "Scope"), data["node"]["name"]),
        (pgettext("workbook", "Period"), data["period"]["label"]),
        (pgettext("workbook", "Generated on"), parse_date(data["generated_on"])),
    ]


def _year_end_sheets(data: dict) -> list[Sheet]:
    """Deviations, planned vs spent costs, the evaluation meeting."""
    deviations = Sheet(
        _("Deviations"),
        [
            Column(_("Period")),
            Column(_("Code"), CODE),
            Column(_("Indicator")),
            Column(_("Unit")),
            Column(_("Rate (%)"), PERCENT),
            Column(_("Cause")),
            Column(_("Corrective action")),
            Column(_("Owner")),
            Column(_("Due"), DATE),
            Column(_("Action state")),
        ],
    )
    for d in data["deviations"]:
        deviations.add(
            [
                d["period"],
                d["code"],
                d["name"],
                d["unit"],
                d["rate"],
                d["cause"],
                d["action"],
                d["owner"],
                d["due"],
                d["action_state"],
            ]
        )
    costs = Sheet(
        _("Costs"),
        [
            Column(_("Kind")),
            Column(_("Code"), CODE),
            Column(_("Planned (TL)"), MONEY),
            Column(_("Spent (TL)"), MONEY),
            Column(_("Spent (%)"), PERCENT),
        ],
    )
    lines = data["costs"]
    for kind, key in ((_("target"), "targets"), (_("goal"), "goals")):
        for line in lines[key]:
            costs.add([kind, line["code"], line["planned"], line["spent"], line["share"]])
    costs.add([_("total"), "", lines["total_planned"], lines["total_spent"], lines["total_share"]], bold=True)
    sheets = [deviations, costs]
    meeting = data.get("meeting")
    if meeting:
        sheet = Sheet(
            _("Evaluation meeting"),
            [Column(pgettext("workbook", "Field")), Column(pgettext("workbook", "Value"))],
        )
        sheet.add([_("Date"), Cell(meeting["date"], DATE)])
        for label, value in (
            (_("Place"), meeting["place"]),
            (_("Chair"), meeting["chair"]),
            (_("Minutes"), meeting["minutes"]),
        ):
            sheet.add([label, value])
        for attendee in meeting["attendees"]:
            sheet.add([_("Attendee"), attendee])
        for decision in meeting["decisions"]:
            sheet.add([_("Decision"), decision])
        sheets.append(sheet)
    return sheets
