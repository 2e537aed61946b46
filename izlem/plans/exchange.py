"""Plan exchange: an XLSX workbook (one sheet per kind) for editing a plan in bulk (JSON: izlem.plans.plan_json).

The workbook is written from the database and read back into a `PlanDocument`, which goes through
the same loader as the Ministry text. Export then import gives the same plan. Bad workbooks get
one Turkish message per bad cell (sheet, row, column) and nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.core.workbook import WorkbookError, cell_where, read_workbook
from izlem.plans.importers.document import (
    ArchitectureDoc,
    CommitteeDoc,
    CostLineDoc,
    GoalDoc,
    IndicatorDoc,
    IndicatorRowDoc,
    MeasureDoc,
    PestDoc,
    PlanDocument,
    ProblemAreaDoc,
    StakeholderDoc,
    SwotDoc,
    TargetDoc,
    TowsDoc,
)
from izlem.plans.models import CostLine, Indicator, IndicatorRow, MeasureUnit, Plan, SwotItem, YearValue

LETTER_CATEGORY = {letter: category for category, letter in SwotItem.CITATION_LETTER.items()}


# --- numbers -----------------------------------------------------------------------------------------
def plain_decimal(value: Decimal | None, places: int | None = None) -> str | None:
    """A number as a plain string with '.' as decimal mark ("52.75", "85"); None stays None."""
    if value is None:
        return None
    if places is not None:
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    normal = value.normalize()
    if normal.as_tuple().exponent > 0:
        normal = normal.quantize(Decimal(1))
    return f"{normal:f}"


# --- reading the database ----------------------------------------------------------------------------
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


# --- the workbook ------------------------------------------------------------------------------------
SHEETS = {
    "plan": "Plan",
    "values": "Değerler",
    "meetings": "Toplantılar",
    "committees": "Kurullar",
    "goals": "Amaçlar",
    "targets": "Hedefler",
    "indicators": "Göstergeler",
    "measures": "Tedbirler",
    "costs": "Maliyet",
    "stakeholders": "Paydaşlar",
    "pest": "PEST",
    "swot": "GZFT",
    "tows": "TOWS",
    "problems": "Sorun Alanları",
    "architecture": "Mimari",
}
PLAN_FIELDS = [
    ("title", "Başlık"),
    ("owner_name", "Kurum"),
    ("province_name", "İl"),
    ("period_start", "Başlangıç yılı"),
    ("period_end", "Bitiş yılı"),
    ("mission", "Misyon"),
    ("vision", "Vizyon"),
    ("internal_survey_count", "İç paydaş anketi"),
    ("external_survey_count", "Dış paydaş anketi"),
]
# Stable id columns (the records' `uid`): import matches by them, so that a changed code or label is a
# rename that keeps the record's monitoring data. Leave them as they are; a new line gets none.
ID_COLUMN = "Kimlik (değiştirmeyin)"
ROW_ID_COLUMN = "Satır kimliği (değiştirmeyin)"
MIN_COLUMN = "Geçerli en küçük değer"  # calibrated checks (docs/monitoring.md): empty = no bound
MAX_COLUMN = "Geçerli en büyük değer"
ROLE_WORDS = {
    "core_partner": "temel ortak",
    "strategic_partner": "stratejik ortak",
    "supplier": "tedarikçi",
    "beneficiary": "müşteri/hizmet alan",
}


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


# --- reading a workbook ------------------------------------------------------------------------------
class PlanWorkbookError(ValueError):
    """A workbook that cannot be imported; `messages` name each bad cell."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class _Sheet:
    """One worksheet's rows by header, with its title for messages."""

    title: str
    headers: list[str]
    rows: list[tuple[int, dict]]


class _Reader:
    """Collects per-cell errors while reading typed values."""

    def __init__(self):
        self.errors: list[str] = []

    def where(self, sheet: _Sheet, row: int, column: str) -> str:
        return cell_where(sheet.title, row, column)

    def text(self, sheet: _Sheet, row: int, cells: dict, column: str, *, required: bool = False) -> str:
        value = cells.get(column)
        text = "" if value is None else str(value).strip()
        if text.startswith("'"):
            text = text[1:]
        if required and not text:
            self.errors.append(
                _("%(where)s: this cell must not be empty.") % {"where": self.where(sheet, row, column)}
            )
        return text

    def number(self, sheet: _Sheet, row: int, cells: dict, column: str) -> Decimal | None:
        value = cells.get(column)
        if value is None or value == "":
            return None
        if isinstance(value, int | float):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        try:
            return parse_decimal(str(value))
        except NumberFormatError:
            self.errors.append(
                _("%(where)s: “%(value)s” is not a number.")
                % {"where": self.where(sheet, row, column), "value": value}
            )
            return None

    def uid(self, sheet: _Sheet, row: int, cells: dict, column: str, seen: dict | None = None) -> str:
        """A stable id cell: empty (a new line) or the id export wrote; `seen` catches a copied line."""
        text = self.text(sheet, row, cells, column)
        if not text:
            return ""
        try:
            value = str(uuid.UUID(text))
        except ValueError:
            self.errors.append(
                _(
                    "%(where)s: “%(value)s” is not a stable id written by the export; leave the cell as exported, or empty for a new line."
                )
                % {"where": self.where(sheet, row, column), "value": text}
            )
            return ""
        if seen is not None:
            if value in seen:
                self.errors.append(
                    _(
                        "%(where)s: the stable id is also on row %(other)d; a copied line must have this cell emptied."
                    )
                    % {"where": self.where(sheet, row, column), "other": seen[value]}
                )
                return ""
            seen[value] = row
        return value

    def integer(self, sheet: _Sheet, row: int, cells: dict, column: str) -> int | None:
        number = self.number(sheet, row, cells, column)
        if number is None:
            return None
        if number != number.to_integral():
            self.errors.append(
                _("%(where)s: “%(value)s” is not a whole number.")
                % {"where": self.where(sheet, row, column), "value": number}
            )
            return None
        return int(number)

    def choice(
        self, sheet: _Sheet, row: int, cells: dict, column: str, choices, *, required: bool = True
    ) -> str:
        text = self.text(sheet, row, cells, column)
        if not text and not required:
            return ""
        if text not in choices:
            self.errors.append(
                _("%(where)s: “%(value)s” is not one of: %(choices)s.")
                % {"where": self.where(sheet, row, column), "value": text, "choices": ", ".join(choices)}
            )
        return text


def _load_sheets(path, name: str | None = None) -> dict[str, _Sheet]:
    """Read every sheet of the workbook by title (the shared reader: .xlsx, .xlsm, .xls, .ods)."""
    try:
        book = read_workbook(path, name=name)
    except WorkbookError as exc:
        raise PlanWorkbookError(exc.messages) from exc
    sheets = {}
    for worksheet in book:
        lines = worksheet.lines
        headers = [str(h).strip() if h is not None else "" for h in (lines[0] if lines else [])]
        rows = [
            (number, dict(zip(headers, line, strict=False)))
            for number, line in enumerate(lines[1:], start=2)
            if any(cell not in (None, "") for cell in line)
        ]
        sheets[worksheet.title] = _Sheet(worksheet.title, headers, rows)
    return sheets


def read_plan_workbook(path: str | Path | IO[bytes], *, name: str | None = None) -> PlanDocument:
    """Read an izlem plan workbook into a PlanDocument; raise PlanWorkbookError listing every bad cell.

    `name` is the uploaded file's name when `path` is a stream (its suffix decides whether a macro
    project is tolerated, as for every workbook).
    """
    sheets = _load_sheets(path, name)
    missing = [title for title in SHEETS.values() if title not in sheets]
    if missing:
        raise PlanWorkbookError(
            [_("The workbook has no sheet named %(sheet)s.") % {"sheet": title} for title in missing]
        )
    reader = _Reader()
    doc = _read_plan_sheet(reader, sheets[SHEETS["plan"]])
    get = {key: sheets[title] for key, title in SHEETS.items()}
    doc.values = [reader.text(get["values"], n, c, "Değer") for n, c in get["values"].rows]
    doc.meetings = [reader.text(get["meetings"], n, c, "Metin") for n, c in get["meetings"].rows]
    _read_committees(reader, get["committees"], doc)
    _read_goals(reader, get, doc)
    _read_indicators(reader, get["indicators"], doc)
    _read_measures(reader, get["measures"], doc)
    _read_costs(reader, get["costs"], doc)
    _read_analyses(reader, get, doc)
    if reader.errors:
        raise PlanWorkbookError(reader.errors)
    return doc


def _read_plan_sheet(reader: _Reader, sheet: _Sheet) -> PlanDocument:
    """The key/value Plan sheet."""
    by_label = {str(cells.get("Alan") or "").strip(): (number, cells) for number, cells in sheet.rows}
    values = {}
    for key, label in PLAN_FIELDS:
        if label not in by_label:
            reader.errors.append(
                _("sheet %(sheet)s: the row %(label)s is missing.") % {"sheet": sheet.title, "label": label}
            )
            values[key] = None
            continue
        number, cells = by_label[label]
        if key in ("period_start", "period_end", "internal_survey_count", "external_survey_count"):
            values[key] = reader.integer(sheet, number, cells, "Değer")
        else:
            values[key] = reader.text(
                sheet, number, cells, "Değer", required=key in ("title", "province_name")
            )
    if values["period_start"] is None or values["period_end"] is None:
        if not reader.errors:
            reader.errors.append(
                _("sheet %(sheet)s: the plan's first and last years are required.") % {"sheet": sheet.title}
            )
        values["period_start"] = values["period_start"] or 0
        values["period_end"] = values["period_end"] or 0
    return PlanDocument(**values)


def _read_committees(reader: _Reader, sheet: _Sheet, doc: PlanDocument) -> None:
    committees: dict[str, CommitteeDoc] = {}
    for number, cells in sheet.rows:
        name = reader.text(sheet, number, cells, "Kurul", required=True)
        committee = committees.setdefault(name, CommitteeDoc(name=name))
        member = reader.text(sheet, number, cells, "Ad Soyad")
        if member:
            committee.members.append((member, reader.text(sheet, number, cells, "Unvan")))
    doc.committees = list(committees.values())


def _read_goals(reader: _Reader, get: dict[str, _Sheet], doc: PlanDocument) -> None:
    """Goals and targets; every target must name an existing goal."""
    sheet = get["goals"]
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        theme = reader.text(sheet, number, cells, "Tema")
        doc.goals.append(
            GoalDoc(
                code=reader.text(sheet, number, cells, "Kod", required=True),
                title=reader.text(sheet, number, cells, "Başlık", required=True),
                theme=theme,
                uid=reader.uid(sheet, number, cells, ID_COLUMN, seen),
            )
        )
        if theme and theme not in doc.themes:
            doc.themes.append(theme)
    goal_codes = {goal.code for goal in doc.goals}
    sheet = get["targets"]
    seen = {}
    for number, cells in sheet.rows:
        goal = reader.text(sheet, number, cells, "Amaç", required=True)
        if goal and goal not in goal_codes:
            reader.errors.append(
                _("%(where)s: there is no goal %(code)s on the sheet %(goals)s.")
                % {"where": reader.where(sheet, number, "Amaç"), "code": goal, "goals": SHEETS["goals"]}
            )
        doc.targets.append(
            TargetDoc(
                code=reader.text(sheet, number, cells, "Kod", required=True),
                goal_code=goal,
                statement=reader.text(sheet, number, cells, "Hedef", required=True),
                rationale=reader.text(sheet, number, cells, "Gerekçe"),
                current_status=reader.text(sheet, number, cells, "Mevcut durum"),
                expected_outcome=reader.text(sheet, number, cells, "Beklenen sonuç"),
                uid=reader.uid(sheet, number, cells, ID_COLUMN, seen),
            )
        )


def _read_indicators(reader: _Reader, sheet: _Sheet, doc: PlanDocument) -> None:
    """Indicator lines, grouped by code; baseline, target and yearly target columns by their year."""
    target_codes = {target.code for target in doc.targets}
    baseline_columns = {
        int(h.split()[-1]): h for h in sheet.headers if h.startswith("Başlangıç ") and h.split()[-1].isdigit()
    }
    yearly_columns = {
        int(h.split()[-1]): h
        for h in sheet.headers
        if h.startswith("Yıllık hedef ") and h.split()[-1].isdigit()
    }
    end_column = f"Hedef {doc.period_end}"
    if end_column not in sheet.headers:
        reader.errors.append(
            _("sheet %(sheet)s: the column %(column)s is missing.")
            % {"sheet": sheet.title, "column": end_column}
        )
    by_code: dict[str, IndicatorDoc] = {}
    row_ids: dict[str, int] = {}
    for number, cells in sheet.rows:
        code = reader.text(sheet, number, cells, "Kod", required=True)
        target = reader.text(sheet, number, cells, "Hedef", required=True)
        if target and target not in target_codes:
            reader.errors.append(
                _("%(where)s: there is no target %(code)s on the sheet %(targets)s.")
                % {
                    "where": reader.where(sheet, number, "Hedef"),
                    "code": target,
                    "targets": SHEETS["targets"],
                }
            )
        indicator = by_code.get(code)
        if indicator is None:
            indicator = IndicatorDoc(
                code=code,
                target_code=target,
                name=reader.text(sheet, number, cells, "Ad", required=True),
                unit=reader.choice(sheet, number, cells, "Birim", Indicator.UnitKind.values),
                rows=[],
                responsible_unit=reader.text(sheet, number, cells, "Sorumlu birim"),
                responsible_unit_code=reader.text(sheet, number, cells, "Sorumlu birim kodu"),
                data_source=reader.text(sheet, number, cells, "Veri kaynağı"),
                definition=reader.text(sheet, number, cells, "Tanım"),
                collection_level=reader.choice(
                    sheet, number, cells, "Toplama düzeyi", Indicator.Level.values, required=False
                ),
                aggregation=reader.choice(
                    sheet, number, cells, "Toplama kuralı", Indicator.Aggregation.values, required=False
                ),
                weight_name=reader.choice(
                    sheet, number, cells, "Ağırlık", Indicator.Weight.values, required=False
                ),
                frequency=reader.choice(
                    sheet, number, cells, "Sıklık", Indicator.Frequency.values, required=False
                ),
                direction=reader.choice(
                    sheet, number, cells, "Yön", Indicator.Direction.values, required=False
                ),
                uid=reader.uid(sheet, number, cells, ID_COLUMN),
                where=reader.where(sheet, number, "Kod"),
            )
            by_code[code] = indicator
            doc.indicators.append(indicator)
        indicator.rows.append(
            IndicatorRowDoc(
                breakdown=reader.text(sheet, number, cells, "Kırılım") or None,
                baselines={
                    year: reader.number(sheet, number, cells, column)
                    for year, column in baseline_columns.items()
                },
                target=reader.number(sheet, number, cells, end_column),
                target_year=doc.period_end,
                yearly_targets={
                    year: reader.number(sheet, number, cells, column)
                    for year, column in yearly_columns.items()
                },
                uid=reader.uid(sheet, number, cells, ROW_ID_COLUMN, row_ids),
                where=reader.where(sheet, number, "Kırılım"),
                # a workbook made before the bounds existed has no such columns: the stored bounds stay
                bounds=(
                    reader.number(sheet, number, cells, MIN_COLUMN),
                    reader.number(sheet, number, cells, MAX_COLUMN),
                )
                if MIN_COLUMN in sheet.headers or MAX_COLUMN in sheet.headers
                else None,
            )
        )


def _split_units(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _read_measures(reader: _Reader, sheet: _Sheet, doc: PlanDocument) -> None:
    target_codes = {target.code for target in doc.targets}
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        target = reader.text(sheet, number, cells, "Hedef", required=True)
        if target and target not in target_codes:
            reader.errors.append(
                _("%(where)s: there is no target %(code)s on the sheet %(targets)s.")
                % {
                    "where": reader.where(sheet, number, "Hedef"),
                    "code": target,
                    "targets": SHEETS["targets"],
                }
            )
        doc.measures.append(
            MeasureDoc(
                number=reader.integer(sheet, number, cells, "No") or 0,
                target_code=target,
                text=reader.text(sheet, number, cells, "Metin", required=True),
                main_units=_split_units(reader.text(sheet, number, cells, "Ana sorumlu birimler")),
                other_units=_split_units(reader.text(sheet, number, cells, "Diğer sorumlu birimler")),
                timing=reader.text(sheet, number, cells, "Süre"),
                uid=reader.uid(sheet, number, cells, ID_COLUMN, seen),
            )
        )


def _read_costs(reader: _Reader, sheet: _Sheet, doc: PlanDocument) -> None:
    year_columns = [h for h in sheet.headers if h.isdigit()]
    for number, cells in sheet.rows:
        doc.costs.append(
            CostLineDoc(
                kind=reader.choice(sheet, number, cells, "Tür", CostLine.Kind.values),
                key=reader.text(sheet, number, cells, "Kod", required=True),
                amount=reader.number(sheet, number, cells, "Tutar"),
                share=reader.number(sheet, number, cells, "Pay (%)"),
                yearly={
                    int(y): v
                    for y in year_columns
                    if (v := reader.number(sheet, number, cells, y)) is not None
                },
            )
        )


def _read_analyses(reader: _Reader, get: dict[str, _Sheet], doc: PlanDocument) -> None:
    """Stakeholders, PEST, SWOT, TOWS (citations like "2G 1F"), problem areas, architecture."""
    sheet = get["stakeholders"]
    for number, cells in sheet.rows:
        side = reader.choice(sheet, number, cells, "İç/Dış", ["iç", "dış"])
        doc.stakeholders.append(
            StakeholderDoc(
                name=reader.text(sheet, number, cells, "Paydaş", required=True),
                internal=side == "iç",
                roles=[key for key, word in ROLE_WORDS.items() if reader.text(sheet, number, cells, word)],
                priority=reader.text(sheet, number, cells, "Öncelik"),
                reason=reader.text(sheet, number, cells, "Gerekçe"),
            )
        )
    sheet = get["pest"]
    from izlem.plans.models import PestItem

    for number, cells in sheet.rows:
        doc.pest.append(
            PestDoc(
                category=reader.choice(sheet, number, cells, "Kategori", PestItem.Category.values),
                text=reader.text(sheet, number, cells, "Metin", required=True),
            )
        )
    sheet = get["swot"]
    for number, cells in sheet.rows:
        doc.swot.append(
            SwotDoc(
                category=reader.choice(sheet, number, cells, "Kategori", SwotItem.Category.values),
                number=reader.integer(sheet, number, cells, "No") or 0,
                theme=reader.text(sheet, number, cells, "Tema"),
                text=reader.text(sheet, number, cells, "Metin", required=True),
            )
        )
    sheet = get["tows"]
    for number, cells in sheet.rows:
        cites = []
        for token in reader.text(sheet, number, cells, "Atıflar").split():
            letter, digits = token[-1:], token[:-1]
            if letter not in LETTER_CATEGORY or not digits.isdigit():
                reader.errors.append(
                    _("%(where)s: “%(value)s” is not a SWOT citation such as 2G or 1F.")
                    % {"where": reader.where(sheet, number, "Atıflar"), "value": token}
                )
                continue
            cites.append((LETTER_CATEGORY[letter], int(digits)))
        from izlem.plans.models import TowsStrategy

        doc.tows.append(
            TowsDoc(
                kind=reader.choice(sheet, number, cells, "Tür", TowsStrategy.Kind.values),
                text=reader.text(sheet, number, cells, "Metin", required=True),
                cites=cites,
            )
        )
    sheet = get["problems"]
    doc.problem_areas = [
        ProblemAreaDoc(
            theme=reader.text(sheet, n, c, "Tema"), text=reader.text(sheet, n, c, "Metin", required=True)
        )
        for n, c in sheet.rows
    ]
    sheet = get["architecture"]
    doc.architecture = [
        ArchitectureDoc(
            code=reader.text(sheet, n, c, "Kod", required=True),
            title=reader.text(sheet, n, c, "Başlık", required=True),
            theme=reader.text(sheet, n, c, "Tema"),
        )
        for n, c in sheet.rows
    ]


_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜâîûÂÎÛ", "cgiosuCGIOSUaiuAIU")


def plan_filename(plan: Plan, ext: str) -> str:
    """A download name such as `Erzincan-2015-2019-stratejik-plan.xlsx` (ASCII, no spaces)."""
    place = plan.owner.name if plan.owner_id else (plan.owner_name or "izlem")
    text = f"{place}-{plan.period_start}-{plan.period_end}-stratejik-plan".translate(_ASCII)
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in text)
    while "--" in safe:
        safe = safe.replace("--", "-")
    return f"{safe.strip('-')}.{ext}"
