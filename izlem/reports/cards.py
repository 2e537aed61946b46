"""The indicator card (gösterge kartı, SPEC §3 Reports 3): one indicator at one node, everything about it.

`indicator_card` returns plain data built from the monitoring selectors, which the page, the PDF and
the XLSX all render:

* the indicator's definition, formula, source, owner unit, unit, collection level and rule, direction;
* per row (breakdown) the full history: baselines by year, every period's realized figure at the node
  with its coverage, the yearly targets, the realization rate and status; and a trend chart
  (baselines → realized values → target path, drawn by `izlem.reports.trend` like the monitoring
  reports' charts);
* the breakdown of one period (default: the latest period with data at the node) by district for a
  province, by school for a district.

Figures come from `rollup` — one call per period for the history and one call for all children of
the breakdown — so the number of queries does not grow with the number of districts or schools.
Each figure is judged like `selectors.evaluations` judges it (same baseline, yearly target, path and
thresholds); only the chosen period's evaluation carries the trend forecast, taken from
`selectors.evaluations` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from izlem.monitoring.evaluation import Evaluation, evaluate, resolve_direction
from izlem.monitoring.models import Period
from izlem.monitoring.rollup import Figure, leaf_kind, rollup, rollup_periods
from izlem.monitoring.selectors import RowPlan, evaluations, owes, row_plans
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow


@dataclass
class HistoryLine:
    """One line of a row's history table: a baseline year, a period, or a plan year still to come."""

    year: int
    period: Period | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    figure: Figure | None = None
    evaluation: Evaluation | None = None


@dataclass
class BreakdownLine:
    """A child node's figure in the chosen period: judged against the plan, or (counts) its share of the total."""

    node: OrgNode
    figure: Figure
    evaluation: Evaluation | None
    share: Decimal | None = None  # percent of the node's total, for counts that are not judged below the top


@dataclass
class CardRow:
    """One indicator row (the whole indicator or one disaggregation) on the card."""

    row: IndicatorRow
    plan: RowPlan
    lines: list[HistoryLine]
    current: HistoryLine | None  # the chosen period's line (with the forecast)
    breakdown: list[BreakdownLine] = field(default_factory=list)
    total: BreakdownLine | None = None  # the node's own figure, the breakdown's last line
    trend: dict | None = None  # the chart ({"src": data URI, "alt": text}), set by `attach_trends`

    def trend_data(self, *, with_plan: bool = True) -> dict:
        """The row as `izlem.reports.trend` draws it: strings for numbers, history by period.

        Without the plan (`with_plan=False`: a count below the plan's owner) only the realized values.
        """
        return {
            "baselines": {str(y): _s(v) for y, v in sorted(self.plan.baselines.items())} if with_plan else {},
            "targets": {str(y): _s(v) for y, v in sorted(self.plan.targets.items())} if with_plan else {},
            "baseline": _s(self.plan.baseline) if with_plan else None,
            "baseline_year": self.plan.baseline_year,
            "history": [
                {"year": line.period.year, "half": line.period.half, "value": _s(line.figure.value)}
                for line in self.lines
                if line.period is not None and line.figure is not None
            ],
        }


@dataclass
class IndicatorCard:
    """Everything an indicator card shows."""

    indicator: Indicator
    node: OrgNode
    period: Period | None  # the period of the breakdown (and of the forecast)
    periods: list[Period]  # every period of the plan that has started, oldest first
    rows: list[CardRow]
    direction: str
    places: int
    breakdown_kind: str | None  # "district", "school" or None
    judged: bool = True  # figures at the node are judged against the plan (see `is_judged`)
    children_judged: bool = True  # the breakdown's figures are judged (else: shares of the total)

    @property
    def is_ratio(self) -> bool:
        return self.indicator.aggregation == Indicator.Aggregation.RATIO


def _s(value) -> str | None:
    """A number as a plain string for the chart data."""
    if value is None:
        return None
    number = Decimal(value).normalize()
    if number.as_tuple().exponent > 0:
        number = number.quantize(Decimal(1))
    return f"{number:f}"


TURKISH_ALPHABET = "0123456789aâbcçdefgğhıiîjklmnoöprsştuüûvwxyz"
_COLLATION = {ch: index for index, ch in enumerate(TURKISH_ALPHABET)}


def turkish_key(text: str) -> tuple:
    """Sort key in Turkish alphabetical order (Ç after C, İ after I, Ş after S …), case-insensitive."""
    lowered = text.replace("I", "ı").replace("İ", "i").lower()
    return tuple(_COLLATION.get(ch, 100 + ord(ch)) for ch in lowered)


def is_judged(indicator: Indicator, node: OrgNode, plan) -> bool:
    """Whether a figure of `indicator` at `node` is judged against the plan's baselines and targets.

    The plan's baselines and targets are its owner's (the province's). Rates, means, minima and maxima
    compare at every level; a count (sum) at a district or a school is a part of the province's total,
    which has no target of its own there, so it is shown but not judged (no rate, no status).
    """
    if node.pk == plan.owner_id:
        return True
    return indicator.aggregation not in (Indicator.Aggregation.SUM, Indicator.Aggregation.NONE)


def share_of(part: Decimal | None, total: Decimal | None) -> Decimal | None:
    """`part` as a percentage of `total`, one decimal."""
    if part is None or not total:
        return None
    return (part * 100 / total).quantize(Decimal("0.1"))


def judge(row: IndicatorRow, row_plan: RowPlan, period: Period, actual: Decimal | None) -> Evaluation:
    """Evaluate a figure of `row` in `period` exactly as `selectors.evaluations` does, without a forecast."""
    plan = period.plan
    return evaluate(
        unit=row.indicator.unit,
        actual=actual,
        baseline=row_plan.baseline,
        baseline_year=row_plan.baseline_year,
        year_target=row_plan.targets.get(period.year),
        plan_target=row_plan.targets.get(plan.period_end),
        plan_end=plan.period_end,
        elapsed_years=period.year - row_plan.baseline_year - (0.5 if period.half == Period.Half.H1 else 0.0),
        direction=row.indicator.direction,
        history=[],
    )


def breakdown_children(node: OrgNode, indicator: Indicator) -> tuple[str | None, list[OrgNode]]:
    """The nodes of the breakdown: a province's districts, a district's schools (None for a school).

    There is no breakdown below the level at which the indicator is collected (a province unit's
    figure has no districts, a district-collected figure has no schools).
    """
    collected = leaf_kind(indicator)
    if node.kind == OrgNode.Kind.PROVINCE and collected in (OrgNode.Kind.DISTRICT, OrgNode.Kind.SCHOOL):
        kind = OrgNode.Kind.DISTRICT
    elif node.kind == OrgNode.Kind.DISTRICT and collected == OrgNode.Kind.SCHOOL:
        kind = OrgNode.Kind.SCHOOL
    else:
        return None, []
    children = sorted(
        OrgNode.objects.filter(parent=node, kind=kind, is_active=True),
        key=lambda child: turkish_key(child.name),
    )
    return kind, children


def started_periods(plan) -> list[Period]:
    """The plan's periods that have opened (or closed), oldest first."""
    return list(Period.objects.filter(plan=plan).exclude(state=Period.State.PLANNED).order_by("year", "half"))


def indicator_card(*, indicator: Indicator, node: OrgNode, period: Period | None = None) -> IndicatorCard:
    """Build the card of `indicator` at `node`; `period` chooses the breakdown (default: latest with data)."""
    plan = indicator.plan
    rows = list(
        IndicatorRow.objects.filter(indicator=indicator)
        .select_related("indicator", "indicator__responsible_unit", "indicator__target")
        .order_by("order")
    )
    plans = row_plans(rows, plan)
    periods = started_periods(plan)
    figures = rollup_periods(periods, [node], rows)
    if period is None:
        with_data = [p for p in periods if any(figures[p.pk][(r.pk, node.pk)].reported for r in rows)]
        period = with_data[-1] if with_data else (periods[-1] if periods else None)
    elif period.pk not in figures:  # a planned period chosen explicitly: nothing to show yet
        figures[period.pk] = rollup(period, [node], rows)
    judged = is_judged(indicator, node, plan)
    current = {item.row.pk: item for item in evaluations(period, node, rows)} if period and judged else {}
    breakdown_kind, children = breakdown_children(node, indicator) if period else (None, [])
    child_figures = rollup(period, children, rows) if children else {}
    children_judged = bool(children) and is_judged(indicator, children[0], plan)

    card_rows = []
    for row in rows:
        row_plan = plans[row.pk]
        lines, chosen = _history_lines(
            row, row_plan, plan, periods, figures, node, period, current.get(row.pk), judged=judged
        )
        card_row = CardRow(row=row, plan=row_plan, lines=lines, current=chosen)
        if children:
            own = figures[period.pk][(row.pk, node.pk)]
            for child in children:
                figure = child_figures[(row.pk, child.pk)]
                if breakdown_kind == OrgNode.Kind.SCHOOL:  # `rollup` counts coverage below a node only
                    figure = replace(figure, expected=1 if owes(row, child) else 0)
                if not figure.expected and not figure.reported:
                    continue  # nobody there reports the row (another education level)
                evaluation = judge(row, row_plan, period, figure.value) if children_judged else None
                share = None if children_judged else share_of(figure.value, own.value)
                card_row.breakdown.append(BreakdownLine(child, figure, evaluation, share))
            card_row.total = BreakdownLine(
                node,
                own,
                judge(row, row_plan, period, own.value) if judged else None,
                None if children_judged or own.value is None else Decimal(100),
            )
        card_rows.append(card_row)
    direction = resolve_direction(
        indicator.direction,
        card_rows[0].plan.baseline if card_rows else None,
        card_rows[0].plan.targets.get(plan.period_end) if card_rows else None,
    )
    return IndicatorCard(
        indicator=indicator,
        node=node,
        period=period,
        periods=periods,
        rows=card_rows,
        direction=direction,
        places=0 if indicator.is_whole_number else 2,
        breakdown_kind=breakdown_kind if children else None,
        judged=judged,
        children_judged=children_judged,
    )


def _history_lines(
    row, row_plan: RowPlan, plan, periods, figures, node, chosen_period, current_item, *, judged
):
    """Baseline years, then every plan year: its periods' figures and its target (judged, if `judged`)."""
    lines: list[HistoryLine] = []
    for year, value in sorted(row_plan.baselines.items()):
        if year < plan.period_start and judged:  # unjudged counts: the plan's figures are the owner's
            lines.append(HistoryLine(year=year, baseline=value))
    chosen = None
    by_year: dict[int, list[Period]] = {}
    for p in periods:
        by_year.setdefault(p.year, []).append(p)
    for year in plan.years:
        target = row_plan.targets.get(year) if judged else None
        year_periods = by_year.get(year, [])
        if not year_periods:
            lines.append(HistoryLine(year=year, target=target))
            continue
        for p in year_periods:
            figure = figures[p.pk][(row.pk, node.pk)]
            is_chosen = chosen_period is not None and p.pk == chosen_period.pk and current_item is not None
            if not judged:
                evaluation = None
            elif is_chosen:
                evaluation = current_item.evaluation
            else:
                evaluation = judge(row, row_plan, p, figure.value)
            line = HistoryLine(year=year, period=p, target=target, figure=figure, evaluation=evaluation)
            lines.append(line)
            if is_chosen or (p == chosen_period and chosen is None):
                chosen = line
    return lines, chosen


# --- exports -----------------------------------------------------------------------------------------
def card_filename(card: IndicatorCard, ext: str):
    """`Erzincan-2016-yil-sonu-gosterge-karti-1.1.4.pdf`."""
    from izlem.core.filenames import card_name

    return card_name(card.node.name, card.period, card.indicator.code, ext)


def period_label(period: Period | None) -> str:
    """`2017 first half (6-month)` as the page shows it."""
    return str(period) if period else ""


def attach_trends(card: IndicatorCard) -> IndicatorCard:
    """Give every row its trend chart (a data URI for an <img>) and the chart's text alternative."""
    from izlem.core.formats import format_decimal

    from .trend import trend_data_uri

    plan = card.indicator.plan
    periods = [{"year": p.year, "half": p.half} for p in card.periods]
    for card_row in card.rows:
        data = {**card_row.trend_data(with_plan=card.judged), "unit": card.indicator.unit}
        values = [
            *data["baselines"].values(),
            *data["targets"].values(),
            *(p["value"] for p in data["history"]),
        ]
        if all(value is None for value in values):
            continue
        parts = [
            _("Baseline %(year)s: %(value)s") % {"year": y, "value": format_decimal(v, card.places)}
            for y, v in sorted(card_row.plan.baselines.items())
            if y < plan.period_start and card.judged
        ]
        parts += [
            _("realized %(period)s: %(value)s")
            % {"period": line.period.label, "value": format_decimal(line.figure.value, card.places)}
            for line in card_row.lines
            if line.period is not None and line.figure is not None and line.figure.value is not None
        ]
        plan_target = card_row.plan.targets.get(plan.period_end)
        if plan_target is not None and card.judged:
            parts.append(
                _("target %(year)s: %(value)s")
                % {"year": plan.period_end, "value": format_decimal(plan_target, card.places)}
            )
        card_row.trend = {
            "src": trend_data_uri(data, periods=periods, plan_end=plan.period_end),
            "alt": "; ".join(parts),
        }
    return card


def card_xlsx(card: IndicatorCard) -> bytes:
    """The card as a workbook: the indicator's attributes, the full history, the breakdown."""

    from izlem.core.xlsx import (
        CODE,
        COUNT,
        DECIMAL,
        PERCENT,
        YEAR,
        Cell,
        Column,
        Sheet,
        kind_for_unit,
        write_workbook,
    )

    from .charts import status_labels
    from .workbooks import workbook_info

    labels = status_labels()
    indicator = card.indicator
    value = kind_for_unit(indicator.unit)  # a count's figures whole, the others two decimals
    attributes = Sheet(
        _("Indicator card"), [Column(pgettext("workbook", "Field")), Column(pgettext("workbook", "Value"))]
    )
    for label, text in (
        (_("Code"), Cell(indicator.code, CODE)),
        (_("Indicator"), indicator.name),
        (pgettext("workbook", "Plan"), indicator.plan.title),
        (_("Goal"), str(indicator.target.goal)),
        (_("Target"), str(indicator.target)),
        (_("Organisation unit"), card.node.name),
        (pgettext("workbook", "Period"), period_label(card.period)),
        (_("Unit"), indicator.get_unit_display()),
        (
            _("Responsible unit"),
            indicator.responsible_unit.name
            if indicator.responsible_unit
            else indicator.responsible_unit_text,
        ),
        (_("Data source"), indicator.data_source),
        (_("Definition / formula"), indicator.definition),
        (_("Collected at"), indicator.get_collection_level_display()),
        (_("Aggregation"), indicator.get_aggregation_display()),
        (_("Frequency"), indicator.get_frequency_display()),
        (_("Direction"), direction_label(card.direction)),
    ):
        attributes.add([label, text])

    history = Sheet(
        _("Full history"),
        [
            Column(_("Breakdown")),
            Column(_("Year"), YEAR),
            Column(_("Period")),
            Column(_("Baseline"), value),
            Column(_("Target"), value),
            Column(_("Realized"), value),
            Column(_("Numerator"), DECIMAL),
            Column(_("Denominator"), DECIMAL),
            Column(_("Reported"), COUNT),
            Column(_("Expected"), COUNT),
            Column(_("Coverage (%)"), PERCENT),
            Column(_("Rate (%)"), PERCENT),
            Column(_("Status")),
        ],
    )
    for card_row in card.rows:
        for line in card_row.lines:
            figure, evaluation = line.figure, line.evaluation
            history.add(
                [
                    card_row.row.breakdown,
                    line.year,
                    line.period.get_half_display() if line.period else "",
                    line.baseline,
                    line.target,
                    figure.value if figure else None,
                    figure.numerator if figure else None,
                    figure.denominator if figure else None,
                    figure.reported if figure else None,
                    figure.expected if figure else None,
                    figure.coverage_percent if figure else None,
                    evaluation.rate if evaluation else None,
                    labels[evaluation.status] if evaluation else "",
                ]
            )
    sheets = [attributes, history]
    if card.breakdown_kind:
        breakdown = Sheet(
            _("Breakdown"),
            [
                Column(_("Breakdown")),
                Column(_("District") if card.breakdown_kind == "district" else _("School")),
                Column(_("Realized"), value),
                Column(_("Numerator"), DECIMAL),
                Column(_("Denominator"), DECIMAL),
                Column(_("Reported"), COUNT),
                Column(_("Expected"), COUNT),
                Column(_("Rate (%)"), PERCENT),
                Column(_("Status")),
                Column(_("Share of the total (%)"), PERCENT),
            ],
        )
        for card_row in card.rows:
            for line in [*card_row.breakdown, *([card_row.total] if card_row.total else [])]:
                breakdown.add(
                    [
                        card_row.row.breakdown,
                        line.node.name,
                        line.figure.value,
                        line.figure.numerator,
                        line.figure.denominator,
                        line.figure.reported,
                        line.figure.expected,
                        line.evaluation.rate if line.evaluation else None,
                        labels[line.evaluation.status] if line.evaluation else "",
                        line.share,
                    ],
                    bold=line is card_row.total,
                )
        sheets.append(breakdown)
    title = _("Indicator card %(code)s") % {"code": indicator.code}
    info = workbook_info(
        title,
        card.node.name,
        period_label(card.period),
        extra=((pgettext("workbook", "Indicator"), indicator.name),),
    )
    return write_workbook(sheets, title=f"{title} — {card.node.name}", info=info)


def direction_label(direction: str) -> str:
    return _("higher is better") if direction == "higher" else _("lower is better")
