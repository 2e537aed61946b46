"""Reading a plan workbook back into a `PlanDocument`: one Turkish message per bad cell (sheet, row,
column), and nothing is written when any cell is bad."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.core.workbook import WorkbookError, cell_where, read_workbook
from izlem.plans.exchange.sheets import (
    ID_COLUMN,
    LETTER_CATEGORY,
    MAX_COLUMN,
    MIN_COLUMN,
    PLAN_FIELDS,
    ROLE_WORDS,
    ROW_ID_COLUMN,
    SHEETS,
)
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
from izlem.plans.models import CostLine, Indicator, SwotItem


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


def _target_code(reader: _Reader, sheet: _Sheet, number: int, cells: dict, target_codes: set[str]) -> str:
    """The line's target code (column Hedef), which must name a target of the Hedefler sheet."""
    target = reader.text(sheet, number, cells, "Hedef", required=True)
    if target and target not in target_codes:
        reader.errors.append(
            _("%(where)s: there is no target %(code)s on the sheet %(targets)s.")
            % {"where": reader.where(sheet, number, "Hedef"), "code": target, "targets": SHEETS["targets"]}
        )
    return target


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
        target = _target_code(reader, sheet, number, cells, target_codes)
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
        target = _target_code(reader, sheet, number, cells, target_codes)
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
