"""The six-month monitoring report and the year-end evaluation report (SPEC §3 Reports 1-2).

`build_report` turns the selectors' figures into plain, JSON-safe data (numbers as strings with '.'),
so the same data renders the page, the PDF and the XLSX, and a published snapshot is simply that
data frozen. `fingerprint` summarises everything the report depends on, so a repeated request for
the same report and data reuses the finished files.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.monitoring.evaluation import Status
from izlem.monitoring.models import (
    Deviation,
    EvaluationMeeting,
    MeasureProgress,
    Period,
    Spending,
    Submission,
    Value,
)
from izlem.monitoring.selectors import evaluations
from izlem.org.models import OrgNode
from izlem.plans.models import CostLine, YearValue

SIX_MONTH, YEAR_END = "six_month", "year_end"
STATUS_LABELS = {
    Status.ON_TRACK: "on track",
    Status.AT_RISK: "at risk",
    Status.OFF_TRACK: "off track",
    Status.NO_DATA: "no data",
}


def _s(value) -> str | None:
    """A number as a plain string ('52.75'); None stays None."""
    if value is None:
        return None
    number = Decimal(value).normalize()
    if number.as_tuple().exponent > 0:
        number = number.quantize(Decimal(1))
    return f"{number:f}"


def report_kind_for(period: Period) -> str:
    """H1 periods get the six-month report, H2 periods the year-end evaluation report."""
    return YEAR_END if period.half == Period.Half.H2 else SIX_MONTH


def fingerprint(kind: str, period: Period, node: OrgNode) -> str:
    """A hash of what the report depends on: the latest change of every source, and the counts."""
    plan = period.plan
    parts = [kind, str(period.pk), str(node.pk), period.state, str(period.updated_at)]
    parts += [
        str(v)
        for v in Value.objects.filter(period__plan=plan).aggregate(Max("entered_at"), Max("id")).values()
    ]
    parts += [
        str(v) for v in Submission.objects.filter(period__plan=plan).aggregate(Max("updated_at")).values()
    ]
    parts += [
        str(v) for v in Deviation.objects.filter(period__plan=plan).aggregate(Max("updated_at")).values()
    ]
    parts += [
        str(v)
        for v in MeasureProgress.objects.filter(period__plan=plan).aggregate(Max("updated_at")).values()
    ]
    parts += [
        str(v)
        for v in Spending.objects.filter(plan=plan).aggregate(Max("updated_at"), Sum("amount")).values()
    ]
    parts += [
        str(v) for v in EvaluationMeeting.objects.filter(period=period).aggregate(Max("updated_at")).values()
    ]
    parts += [
        str(v)
        for v in YearValue.history.filter(row__indicator__plan=plan).aggregate(Max("history_date")).values()
    ]
    parts.append(str(plan.updated_at))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def build_report(
    kind: str, period: Period, node: OrgNode, *, progress: Callable[[int, str], None] | None = None
) -> dict:
    """All of a report's content as JSON-safe data."""
    step = progress or (lambda _percent, _text: None)
    plan = period.plan
    step(5, _("Computing the figures"))
    items = evaluations(period, node)
    periods = list(Period.objects.filter(plan=plan).order_by("year", "half"))
    earlier = [p for p in periods if (p.year, p.half) <= (period.year, period.half)]
    history = _history(items, earlier, node)
    step(40, _("Collecting measures"))
    measures = _measures(period)
    goals = []
    for goal in plan.goals.prefetch_related("targets").select_related("theme"):
        targets = []
        for target in goal.targets.all():
            rows = [_row(item, history) for item in items if item.row.indicator.target_id == target.pk]
            targets.append(
                {
                    "code": target.code,
                    "statement": target.statement,
                    "rows": rows,
                    "measures": measures.get(target.pk, []),
                }
            )
        goals.append(
            {
                "code": goal.code,
                "title": goal.title,
                "theme": goal.theme.title if goal.theme else "",
                "targets": targets,
            }
        )
    summary = defaultdict(int)
    for item in items:
        summary[item.evaluation.status] += 1
    data = {
        "kind": kind,
        "title": _("Six-month monitoring report") if kind == SIX_MONTH else _("Year-end evaluation report"),
        "directorate": settings.IZLEM_DIRECTORATE_NAME,
        "plan": {"title": plan.title, "period_start": plan.period_start, "period_end": plan.period_end},
        "period": {
            "id": period.pk,
            "year": period.year,
            "half": period.half,
            "label": str(period),
            "state": period.state,
        },
        "node": {"id": node.pk, "name": node.name, "kind": node.kind},
        "generated_on": format_date(timezone.localdate()),
        "periods": [{"year": p.year, "half": p.half} for p in earlier],
        "summary": {status: summary.get(status, 0) for status in STATUS_LABELS},
        "goals": goals,
    }
    if kind == YEAR_END:
        step(60, _("Collecting deviations, costs and the meeting"))
        data["deviations"] = _deviations(period)
        data["costs"] = _costs(period)
        data["meeting"] = _meeting(period)
    step(70, _("Report data ready"))
    return data


def _history(items, periods: list[Period], node: OrgNode) -> dict[int, list[dict]]:
    """Each row's realized figure at `node` in every period up to this one."""
    from izlem.monitoring.rollup import rollup

    rows = [item.row for item in items]
    result: dict[int, list[dict]] = defaultdict(list)
    for period in periods:
        figures = rollup(period, [node], rows)
        for row in rows:
            result[row.pk].append(
                {"year": period.year, "half": period.half, "value": _s(figures[(row.pk, node.pk)].value)}
            )
    return result


def _row(item, history) -> dict:
    """One indicator row of the report."""
    evaluation, figure, row_plan = item.evaluation, item.figure, item.plan
    indicator = item.row.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "breakdown": item.row.breakdown,
        "unit": indicator.unit,
        "baselines": {str(year): _s(value) for year, value in sorted(row_plan.baselines.items())},
        "baseline": _s(evaluation.baseline),
        "baseline_year": row_plan.baseline_year,
        "targets": {str(year): _s(value) for year, value in sorted(row_plan.targets.items())},
        "year_target": _s(evaluation.year_target),
        "plan_target": _s(evaluation.plan_target),
        "actual": _s(figure.value),
        "rate": _s(evaluation.rate),
        "met": evaluation.met,
        "status": evaluation.status,
        "reported": figure.reported,
        "expected": figure.expected,
        "forecast": _s(evaluation.forecast),
        "forecast_year": evaluation.forecast_year,
        "history": history[item.row.pk],
    }


def _measures(period: Period) -> dict[int, list[dict]]:
    """Measure progress of the period, by target."""
    progress = {p.measure_id: p for p in MeasureProgress.objects.filter(period=period)}
    result: dict[int, list[dict]] = defaultdict(list)
    for measure in period.plan.measures.order_by("number"):
        item = progress.get(measure.pk)
        result[measure.target_id].append(
            {
                "number": measure.number,
                "text": measure.text,
                "status": item.status if item else "",
                "status_label": item.get_status_display() if item else "",
                "percent": item.percent if item else None,
                "note": item.note if item else "",
            }
        )
    return result


def _deviations(period: Period) -> list[dict]:
    """The period's deviations with causes and corrective actions, and open actions carried from before."""
    result = []
    for d in (
        Deviation.objects.filter(period__plan=period.plan)
        .select_related("row__indicator", "unit", "period")
        .order_by("period__year", "period__half", "row__indicator__sort_key")
    ):
        if (d.period.year, d.period.half) > (period.year, period.half):
            continue
        if d.period_id != period.pk and d.action_state == Deviation.ActionState.DONE:
            continue
        result.append(
            {
                "period": str(d.period),
                "code": d.row.indicator.code,
                "name": d.row.indicator.name,
                "breakdown": d.row.breakdown,
                "unit": d.unit.name if d.unit else "",
                "rate": _s(d.rate),
                "cause": d.cause,
                "action": d.corrective_action,
                "owner": d.action_owner,
                "due": format_date(d.action_due),
                "state": d.get_state_display(),
                "action_state": d.get_action_state_display(),
                "follow_up": d.follow_up,
                "carried": d.period_id != period.pk,
            }
        )
    return result


def _costs(period: Period) -> dict:
    """Planned cost per target and goal against actual spending up to the period's year."""
    plan = period.plan
    lines = {(line.kind, line.key): line for line in CostLine.objects.filter(plan=plan)}
    spent = defaultdict(Decimal)
    for target_id, amount in Spending.objects.filter(plan=plan, year__lte=period.year).values_list(
        "target_id", "amount"
    ):
        spent[target_id] += amount
    targets, goals = [], []
    for goal in plan.goals.prefetch_related("targets"):
        goal_spent = Decimal(0)
        for target in goal.targets.all():
            planned = lines.get(("target", target.code))
            goal_spent += spent[target.pk]
            targets.append(
                {
                    "code": target.code,
                    "planned": _s(planned.amount if planned else None),
                    "spent": _s(spent[target.pk]),
                    "share": _share(spent[target.pk], planned),
                }
            )
        planned = lines.get(("goal", goal.code))
        goals.append(
            {
                "code": goal.code,
                "planned": _s(planned.amount if planned else None),
                "spent": _s(goal_spent),
                "share": _share(goal_spent, planned),
            }
        )
    total = next((line for (kind, _key), line in lines.items() if kind == "total"), None)
    total_spent = sum(spent.values(), Decimal(0))
    return {
        "targets": targets,
        "goals": goals,
        "total_planned": _s(total.amount if total else None),
        "total_spent": _s(total_spent),
        "total_share": _share(total_spent, total),
        "up_to": period.year,
    }


def _share(spent: Decimal, line) -> str | None:
    """Spent as a percentage of the planned amount."""
    if line is None or not line.amount:
        return None
    return _s((spent * 100 / line.amount).quantize(Decimal("0.01")))


def _meeting(period: Period) -> dict | None:
    """The evaluation meeting's minutes, if entered."""
    meeting = EvaluationMeeting.objects.filter(period=period).select_related("chair").first()
    if meeting is None:
        return None
    return {
        "date": format_date(meeting.date),
        "place": meeting.place,
        "chair": (meeting.chair.get_full_name() or meeting.chair.username) if meeting.chair else "",
        "chair_title": meeting.chair.title if meeting.chair else "",
        "attendees": meeting.attendee_list,
        "minutes": meeting.minutes,
        "decisions": meeting.decision_list,
    }
