"""Reads of the indicator pages: year tables per row, their direction, and a target's indicator blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from izlem.core.formats import places_for_unit
from izlem.plans.models import Indicator, IndicatorRow, Target, YearValue


def value_places(indicator: Indicator) -> int:
    """Decimal places an indicator's values are shown with: counts whole, everything else two."""
    return places_for_unit(indicator.unit)


@dataclass
class YearLine:
    """One year of an indicator row: its baseline and/or target."""

    year: int
    baseline: YearValue | None = None
    target: YearValue | None = None
    is_plan_end: bool = False

    @property
    def target_editable(self) -> bool:
        """Yearly targets are edited here; the plan-end target is the plan document's own figure."""
        return self.target is not None and not self.is_plan_end


@dataclass
class RowTable:
    """An indicator row (breakdown) with its values by year."""

    row: IndicatorRow
    baselines: dict[int, YearValue]
    targets: dict[int, YearValue]
    plan_end_year: int
    baseline_cells: list[YearValue | None] = field(default_factory=list)  # aligned to a page's years

    @property
    def plan_end(self) -> YearValue | None:
        return self.targets.get(self.plan_end_year)

    @property
    def last_baseline(self) -> YearValue | None:
        known = [value for _year, value in sorted(self.baselines.items()) if value.value is not None]
        return known[-1] if known else None

    @property
    def lines(self) -> list[YearLine]:
        years = sorted(set(self.baselines) | set(self.targets))
        return [
            YearLine(
                year=year,
                baseline=self.baselines.get(year),
                target=self.targets.get(year),
                is_plan_end=year == self.plan_end_year,
            )
            for year in years
        ]


def _row_table(row: IndicatorRow, plan_end_year: int) -> RowTable:
    values = list(row.year_values.all())
    baselines = {value.year: value for value in values if value.kind == YearValue.Kind.BASELINE}
    targets = {value.year: value for value in values if value.kind == YearValue.Kind.TARGET}
    if targets and plan_end_year not in targets:  # a plan whose targets stop early: its last one
        plan_end_year = max(targets)
    return RowTable(row=row, baselines=baselines, targets=targets, plan_end_year=plan_end_year)


def rows_prefetch() -> Prefetch:
    """Prefetch an indicator's rows with their yearly values (two queries for any number of rows)."""
    return Prefetch("rows", queryset=IndicatorRow.objects.prefetch_related("year_values"))


def indicator_tables(*, indicator: Indicator) -> list[RowTable]:
    """The indicator's rows as year tables; `indicator` must come with `rows_prefetch()`."""
    return [_row_table(row, indicator.plan.period_end) for row in indicator.rows.all()]


def derived_direction(tables: list[RowTable]) -> str | None:
    """Higher or lower is better, read from the last baseline and the plan-end target of the first row
    that has both; None when they are equal or missing."""
    for table in tables:
        base, end = table.last_baseline, table.plan_end
        if base is not None and end is not None and end.value is not None and end.value != base.value:
            return Indicator.Direction.HIGHER if end.value > base.value else Indicator.Direction.LOWER
    return None


@dataclass
class IndicatorBlock:
    """An indicator on a target page, with its row tables."""

    indicator: Indicator
    tables: list[RowTable]
    places: int


def target_indicator_blocks(*, target: Target) -> tuple[list[IndicatorBlock], list[int]]:
    """The target's indicators with their rows, and the baseline years the table shows (three queries)."""
    indicators = target.indicators.select_related("responsible_unit").prefetch_related(rows_prefetch())
    blocks, years = [], set()
    for indicator in indicators:
        tables = [_row_table(row, target.plan.period_end) for row in indicator.rows.all()]
        for table in tables:
            years |= set(table.baselines)
        blocks.append(IndicatorBlock(indicator, tables, value_places(indicator)))
    years = sorted(years)
    for block in blocks:
        for table in block.tables:
            table.baseline_cells = [table.baselines.get(year) for year in years]
    return blocks, years
