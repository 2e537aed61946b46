"""Writing a plan to its XLSX workbook (one sheet per kind), from the database in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from izlem.plans.exchange.sheets import (
    ID_COLUMN,
    MAX_COLUMN,
    MIN_COLUMN,
    PLAN_FIELDS,
    ROLE_WORDS,
    ROW_ID_COLUMN,
    SHEETS,
)
from izlem.plans.models import Indicator, IndicatorRow, MeasureUnit, Plan, YearValue


def _plan_tree(plan: Plan):
    """Everything of a plan, fetched in a fixed number of queries."""
    indicators = list(
        plan.indicators.select_related("target", "responsible_unit").prefetch_related("rows__year_values")
    )
    measures = list(plan.measures.select_related("target").prefetch_related("unit_links__unit"))
    return indicators, measures


def _row_years(row: IndicatorRow) -> tuple[dict[int, Decimal | None], dict[int, YearValue]]:
    """A row's baselines by year and its target YearValues by year."""
    baselines, targets = {}, {}
    for value in row.year_values.all():
        if value.kind == YearValue.Kind.BASELINE:
            baselines[value.year] = value.value
        else:
            targets[value.year] = value
    return baselines, targets


def _cell(value):
    """A workbook cell: numbers as real numbers; text that a spreadsheet would run as a formula
    (starting with =, +, - or @) gets a leading apostrophe, which the reader removes again."""
    from izlem.core.xlsx import safe_value

    return safe_value(value)  # one rule for every export: =, +, -, @, tab and CR are neutralised


def write_plan_workbook(plan: Plan, target: str | Path | IO[bytes]) -> None:
    """Write the plan to an XLSX workbook, one sheet per kind."""
    indicators, measures = _plan_tree(plan)
    years = _baseline_years(indicators)
    workbook = Workbook(write_only=True)

    def sheet(key: str, headers: list[str], rows) -> None:
        worksheet = workbook.create_sheet(SHEETS[key])
        worksheet.append(headers)
        for row in rows:
            worksheet.append([_cell(value) for value in row])

    province = plan.owner.province.name if plan.owner_id and plan.owner.province else ""
    plan_values = {
        "title": plan.title,
        "owner_name": plan.owner_name,
        "province_name": province,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "mission": plan.mission,
        "vision": plan.vision,
        "internal_survey_count": plan.internal_survey_count,
        "external_survey_count": plan.external_survey_count,
    }
    sheet("plan", ["Alan", "Değer"], [(label, plan_values[key]) for key, label in PLAN_FIELDS])
    sheet("values", ["Değer"], [(value,) for value in plan.values])
    sheet("meetings", ["Metin"], [(text,) for text in plan.meetings])
    sheet(
        "committees",
        ["Kurul", "Ad Soyad", "Unvan"],
        [
            (c.name, m.name, m.title)
            for c in plan.committees.prefetch_related("members")
            for m in c.members.all()
        ]
        + [(c.name, "", "") for c in plan.committees.all() if not c.members.exists()],
    )
    sheet(
        "goals",
        ["Kod", "Başlık", "Tema", ID_COLUMN],
        [
            (g.code, g.title, g.theme.title if g.theme else "", str(g.uid))
            for g in plan.goals.select_related("theme")
        ],
    )
    sheet(
        "targets",
        ["Kod", "Amaç", "Hedef", "Gerekçe", "Mevcut durum", "Beklenen sonuç", ID_COLUMN],
        [
            (t.code, t.goal.code, t.statement, t.rationale, t.current_status, t.expected_outcome, str(t.uid))
            for t in plan.targets.select_related("goal")
        ],
    )
    yearly = [y for y in plan.years if y != plan.period_end]
    sheet(
        "indicators",
        [
            "Kod",
            "Hedef",
            "Ad",
            "Birim",
            "Kırılım",
            *[f"Başlangıç {y}" for y in years],
            f"Hedef {plan.period_end}",
            *[f"Yıllık hedef {y}" for y in yearly],
            "Sorumlu birim",
            "Sorumlu birim kodu",
            "Veri kaynağı",
            "Tanım",
            "Toplama düzeyi",
            "Toplama kuralı",
            "Ağırlık",
            "Sıklık",
            "Yön",
            MIN_COLUMN,
            MAX_COLUMN,
            ID_COLUMN,
            ROW_ID_COLUMN,
        ],
        _indicator_rows(indicators, years, yearly, plan.period_end),
    )
    sheet(
        "measures",
        ["No", "Hedef", "Metin", "Ana sorumlu birimler", "Diğer sorumlu birimler", "Süre", ID_COLUMN],
        [
            (
                m.number,
                m.target.code,
                m.text,
                "; ".join(link.phrase for link in m.unit_links.all() if link.role == MeasureUnit.Role.MAIN),
                "; ".join(link.phrase for link in m.unit_links.all() if link.role == MeasureUnit.Role.OTHER),
                m.timing,
                str(m.uid),
            )
            for m in measures
        ],
    )
    cost_years = sorted({int(y) for line in plan.cost_lines.all() for y in line.yearly})
    sheet(
        "costs",
        ["Tür", "Kod", "Tutar", "Pay (%)", *[str(y) for y in cost_years]],
        [
            (
                line.kind,
                line.key,
                line.amount,
                line.share_printed,
                *[Decimal(line.yearly[str(y)]) if str(y) in line.yearly else None for y in cost_years],
            )
            for line in plan.cost_lines.all()
        ],
    )
    sheet(
        "stakeholders",
        ["Paydaş", "İç/Dış", *ROLE_WORDS.values(), "Öncelik", "Gerekçe"],
        [
            (
                s.name,
                "iç" if s.internal else "dış",
                *["x" if getattr(s, key) else "" for key in ROLE_WORDS],
                s.priority,
                s.reason,
            )
            for s in plan.stakeholders.all()
        ],
    )
    sheet("pest", ["Kategori", "Metin"], [(p.category, p.text) for p in plan.pest_items.order_by("order")])
    sheet(
        "swot",
        ["Kategori", "No", "Tema", "Metin"],
        [(s.category, s.number, s.theme, s.text) for s in plan.swot_items.all()],
    )
    sheet(
        "tows",
        ["Tür", "Metin", "Atıflar"],
        [
            (t.kind, t.text, " ".join(item.citation for item in t.cites.order_by("category", "number")))
            for t in plan.tows_strategies.order_by("order").prefetch_related("cites")
        ],
    )
    sheet("problems", ["Tema", "Metin"], [(p.theme, p.text) for p in plan.problem_areas.all()])
    sheet(
        "architecture",
        ["Kod", "Başlık", "Tema"],
        [(a.code, a.title, a.theme) for a in plan.architecture.all()],
    )
    workbook.save(target)


def _baseline_years(indicators: list[Indicator]) -> list[int]:
    """Every baseline year any row has."""
    return sorted(
        {
            v.year
            for i in indicators
            for r in i.rows.all()
            for v in r.year_values.all()
            if v.kind == YearValue.Kind.BASELINE
        }
    )


def _indicator_rows(indicators, years, yearly, end_year):
    """One workbook line per indicator row."""
    for indicator in indicators:
        for row in indicator.rows.all():
            baselines, targets = _row_years(row)
            end = targets.get(end_year)
            yield (
                indicator.code,
                indicator.target.code,
                indicator.name,
                indicator.unit,
                row.breakdown,
                *[baselines.get(y) for y in years],
                end.value if end else None,
                *[targets[y].value if y in targets else None for y in yearly],
                indicator.responsible_unit_text,
                indicator.responsible_unit.code if indicator.responsible_unit_id else "",
                indicator.data_source,
                indicator.definition,
                indicator.collection_level,
                indicator.aggregation,
                indicator.weight_name,
                indicator.frequency,
                indicator.direction,
                row.valid_min,
                row.valid_max,
                str(indicator.uid),
                str(row.uid),
            )
