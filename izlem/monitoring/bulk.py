"""Bulk entry (SPEC §3 "Bulk entry"): a pre-filled XLSX template of a period for the user's scope, and
the check and write of a filled copy uploaded back (as .xlsx, .xlsm, .xls or .ods: the template may be
filled in Excel or LibreOffice and saved in either's format; `izlem.core.workbook` reads them all).

Who: the template covers every entity whose values the user may fill (`access.bulk_entry_entities`):
a principal gets their school; a district's top manager or planning officer the district's own rows;
the province's planning officer or unit managers the province rows (unit managers: their unit's
indicators); planning officers of a district or of the province also get every school below them,
because they consolidate the schools' figures in one file (`access.can_bulk_enter_row`).

The workbook: one sheet per collection level (schools, districts, province). Row 1 holds the headers
people read; row 2 (hidden) holds keys: A2 names the period and the level (`izlem-bulk/<period>/<kind>`),
the other cells the indicator row and part of each column (`<row id>/value`, `<row id>/numerator`,
`<row id>/denominator`, `note`). From row 3 on, one line per entity: code, name, values, a note. An
upload maps columns by these keys, never by the (translated) headers. Cells an entity does not report
are locked and dark grey; cells whose data is submitted, approved or in a closed period are locked,
light grey and show the stored value. The sheet protection only guides: the upload checks it all again.

A hidden last column (`versions`) records, per line and signed, what each pre-filled cell held and the
stored value's version at the download (`versions_sign`).

Reading back:
* an empty cell changes nothing (a value is cleared on the entry page);
* a cell still holding what the template pre-filled is never written, even when the stored value
  changed since the download (a stale template never overwrites a newer value); a cell equal to the
  stored value changes nothing, so pre-filled locked cells come back harmlessly;
* a changed cell whose stored value changed since the download (its version differs) is refused at
  its cell, and the version is checked again under the row locks when the file is written; a template
  without the versions column (made before it existed) may only fill values that are still empty;
* a line's note goes with every value changed on that line and confirms its unusual values (an outlier
  is accepted only when the note is filled);
* every cell is checked first (number format, unit range, numerator ≤ denominator, entity in scope,
  cell applies, data editable, period open, outliers); when anything is wrong nothing is written and
  each bad cell is reported by sheet, row and column. Otherwise every changed value is written in ONE
  transaction through `services.value_save`; if it refuses any cell (a submission sent in the
  meantime, …) everything is rolled back and those cells are reported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import IO

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.core.tabular import cell_text
from izlem.core.workbook import Sheet as Worksheet
from izlem.core.workbook import WorkbookError, cell_where, column_label, read_workbook
from izlem.monitoring import access
from izlem.org.models import OrgNode, User
from izlem.plans.models import Indicator, IndicatorRow

from . import selectors, services
from .models import BulkUpload, Period, Submission, Value
from .rollup import leaf_kind, ratio_multiplier
from .validation import outlier_reason, range_errors

logger = logging.getLogger(__name__)

KEY_PREFIX = "izlem-bulk"
VALUE, NUMERATOR, DENOMINATOR, NOTE = "value", "numerator", "denominator", "note"
VERSIONS = "versions"  # the hidden last column: what each pre-filled cell of the line held, and its version
VERSIONS_SALT = "izlem.monitoring.bulk.versions"
LEVELS = (OrgNode.Kind.SCHOOL, OrgNode.Kind.DISTRICT, OrgNode.Kind.PROVINCE)
FOUR = Decimal("0.0001")
MAX_ERRORS = 200  # a wholly wrong file is reported by its first problems, not by thousands of lines
PROGRESS_STEPS = 20  # save progress every ~5 %

HEAD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
OPEN = Protection(locked=False)
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")  # applies, but submitted/approved/closed
ABSENT_FILL = PatternFill("solid", fgColor="BFBFBF")  # the entity does not report this row


def sheet_title(kind: str) -> str:
    """The sheet of a collection level (31 characters at most, as spreadsheets require)."""
    return {
        OrgNode.Kind.SCHOOL: _("Schools"),
        OrgNode.Kind.DISTRICT: _("Districts"),
        OrgNode.Kind.PROVINCE: _("Province"),
    }[kind][:31]


def row_label(row: IndicatorRow) -> str:
    """An indicator row as columns and messages name it: "1.1.2 İlkokul"."""
    return f"{row.indicator.code} {row.breakdown}".strip()


def is_ratio(row: IndicatorRow) -> bool:
    return row.indicator.aggregation == Indicator.Aggregation.RATIO


def parts_of(row: IndicatorRow) -> tuple[str, ...]:
    """The columns of a row: numerator and denominator for ratio indicators, else one value."""
    return (NUMERATOR, DENOMINATOR) if is_ratio(row) else (VALUE,)


def column_header(row: IndicatorRow, part: str) -> str:
    if part == NUMERATOR:
        return _("%(row)s — numerator") % {"row": row_label(row)}
    if part == DENOMINATOR:
        return _("%(row)s — denominator") % {"row": row_label(row)}
    return row_label(row)


def where(sheet: str, row: int, column: str) -> str:
    """A cell's place for a message (the one wording of every import: `izlem.core.workbook.cell_where`)."""
    return cell_where(sheet, row, column)


# --- the user's scope in a period --------------------------------------------------------------------
@dataclass
class Sheet:
    """One level of the template: its entities, its indicator rows and the cells that belong to them."""

    kind: str
    entities: list[OrgNode]
    rows: list[IndicatorRow]
    cells: set[tuple[int, int]]  # (entity id, row id) the entity reports and the user may fill

    @property
    def columns(self) -> list[tuple[IndicatorRow, str]]:
        return [(row, part) for row in self.rows for part in parts_of(row)]


@dataclass
class Scope:
    """What a user may fill in a period, read in a fixed number of queries (no query per entity or cell)."""

    user: User
    period: Period
    entities: list[OrgNode]
    rows: list[IndicatorRow]
    submissions: dict[int, Submission]
    values: dict[tuple[int, int], Value]

    def applies(self, entity: OrgNode, row: IndicatorRow) -> bool:
        """The entity owes this row in the period (`selectors.owes`, the one rule of every page)."""
        return selectors.owes(row, entity)

    def may(self, entity: OrgNode, row: IndicatorRow) -> bool:
        return access.can_bulk_enter_row(self.user, entity, row)

    def submission(self, entity: OrgNode) -> Submission | None:
        return self.submissions.get(entity.pk)

    @cached_property
    def scales(self) -> dict[int, Decimal]:
        """row id → the plan's largest figure for it (the outlier check's scale, as `services` reads it)."""
        return selectors.row_scales(self.rows)

    def editable(self, entity: OrgNode) -> bool:
        """The entity's data may change now: a draft or returned submission (or none yet) in an open period."""
        submission = self.submission(entity)
        if submission is None:
            return self.period.state == Period.State.OPEN
        return submission.is_editable

    def sheets(self) -> list[Sheet]:
        """The template's sheets: only levels, entities and rows with at least one cell to fill."""
        sheets = []
        for kind in LEVELS:
            entities = [entity for entity in self.entities if entity.kind == kind]
            rows = [row for row in self.rows if leaf_kind(row.indicator) == kind]
            cells = {
                (entity.pk, row.pk)
                for entity in entities
                for row in rows
                if self.applies(entity, row) and self.may(entity, row)
            }
            rows = [row for row in rows if any((entity.pk, row.pk) in cells for entity in entities)]
            entities = [entity for entity in entities if any((entity.pk, row.pk) in cells for row in rows)]
            if entities and rows:
                sheets.append(Sheet(kind, entities, rows, cells))
        return sheets


def scope_load(*, user: User, period: Period) -> Scope:
    """Read the user's bulk scope of the period: entities, rows, submissions and stored values."""
    owner = period.plan.owner
    entities = list(access.bulk_entry_entities(user, under=owner).order_by("parent__name", "name", "code"))
    rows = selectors.plan_rows(period.plan)
    ids = [entity.pk for entity in entities]
    submissions = {}
    for submission in Submission.objects.filter(period=period, entity_id__in=ids):
        submission.period = period
        submissions[submission.entity_id] = submission
    values = {
        (value.entity_id, value.row_id): value
        for value in Value.objects.filter(period=period, entity_id__in=ids).only(
            "entity_id", "row_id", "value", "numerator", "denominator", "note", "version"
        )
    }
    return Scope(user, period, entities, rows, submissions, values)


# --- the template ------------------------------------------------------------------------------------
def _number(value: Decimal | None):
    """A stored number as a spreadsheet number (whole numbers stay whole)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def _text(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (as in plans.exchange)."""
    from izlem.core.xlsx import safe_value

    return safe_value(value)  # one rule for every export: =, +, -, @, tab and CR are neutralised


def _cell(worksheet, value=None, *, font=None, fill=None, unlocked=False, comment=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    if font is not None:
        cell.font = font
        cell.alignment = WRAP
    if fill is not None:
        cell.fill = fill
    if unlocked:
        cell.protection = OPEN
    if comment:
        cell.comment = Comment(comment, "izlem")
    return cell


def template_filename(period: Period) -> str:
    return f"izlem-{period.label}-{_('bulk-entry')}.xlsx"


def template_write(scope: Scope, target: str | IO[bytes]) -> None:
    """Write the pre-filled template of the scope (one sheet per level, then the instructions)."""
    workbook = Workbook(write_only=True)
    sheets = scope.sheets()
    for sheet in sheets:
        _write_sheet(workbook, scope, sheet)
    _write_instructions(workbook, scope, sheets)
    workbook.save(target)


def _write_sheet(workbook: Workbook, scope: Scope, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet_title(sheet.kind))
    columns = sheet.columns
    note_letter = get_column_letter(len(columns) + 3)
    worksheet.freeze_panes = "C3"
    worksheet.column_dimensions["A"].width = 12
    worksheet.column_dimensions["B"].width = 40
    for index in range(3, len(columns) + 3):
        worksheet.column_dimensions[get_column_letter(index)].width = 16
    worksheet.column_dimensions[note_letter].width = 40
    worksheet.column_dimensions[get_column_letter(len(columns) + 4)].hidden = True  # VERSIONS
    worksheet.row_dimensions[2].hidden = True
    worksheet.protection.sheet = True
    worksheet.protection.formatColumns = False  # people may still widen columns and rows
    worksheet.protection.formatRows = False
    worksheet.append(
        [
            _cell(worksheet, _("Code"), font=HEAD),
            _cell(worksheet, _("Name"), font=HEAD),
            *[
                _cell(
                    worksheet,
                    column_header(row, part),
                    font=HEAD,
                    comment=f"{row.indicator.code} {row.indicator.name} ({row.indicator.get_unit_display()})",
                )
                for row, part in columns
            ],
            _cell(worksheet, _("Note"), font=HEAD),
        ]
    )
    worksheet.append(
        [
            f"{KEY_PREFIX}/{scope.period.pk}/{sheet.kind}",
            "name",
            *[f"{row.pk}/{part}" for row, part in columns],
            NOTE,
            VERSIONS,
        ]
    )
    for entity in sheet.entities:
        editable = scope.editable(entity)
        line = [_cell(worksheet, _text(entity.code)), _cell(worksheet, _text(entity.name))]
        for row, part in columns:
            if (entity.pk, row.pk) not in sheet.cells:
                line.append(_cell(worksheet, fill=ABSENT_FILL))
                continue
            stored = scope.values.get((entity.pk, row.pk))
            number = _number(getattr(stored, part)) if stored is not None else None
            if editable and not row.indicator.computed_source:  # computed values are never typed
                line.append(_cell(worksheet, number, unlocked=True))
            else:
                line.append(_cell(worksheet, number, fill=LOCKED_FILL))
        line.append(_cell(worksheet, unlocked=True) if editable else _cell(worksheet, fill=LOCKED_FILL))
        line.append(_cell(worksheet, versions_sign(scope, sheet, entity)))
        worksheet.append(line)


# --- what the template pre-filled: a stale template never overwrites a newer value -------------------------
@dataclass(frozen=True)
class Prefilled:
    """What a template's cell (or numerator-denominator pair) held when it was downloaded."""

    version: int  # the stored value's version then; 0: there was no stored value
    numbers: tuple[Decimal | None, ...]  # (value,) or (numerator, denominator); None: the cell was empty


NOTHING = Prefilled(0, ())


def _numbers_of(row: IndicatorRow, value: Value | None) -> tuple[Decimal | None, ...]:
    return tuple(getattr(value, part) if value is not None else None for part in parts_of(row))


def versions_sign(scope: Scope, sheet: Sheet, entity: OrgNode) -> str:
    """The hidden cell of a line: "row:version:numbers;…" of every stored value, signed with the period and entity.

    The signature (Django's signer, the site's secret key) makes an edited or moved cell detectable;
    it hides nothing (the same numbers are on the line).
    """
    items = []
    for row in sheet.rows:
        stored = scope.values.get((entity.pk, row.pk))
        if (entity.pk, row.pk) in sheet.cells and stored is not None:
            numbers = "/".join("" if n is None else str(n) for n in _numbers_of(row, stored))
            items.append(f"{row.pk}:{stored.version}:{numbers}")
    payload = f"{scope.period.pk}/{entity.pk}/{';'.join(items)}"
    return signing.Signer(salt=VERSIONS_SALT).sign(payload).split("/", 2)[2]


def versions_read(scope: Scope, entity: OrgNode, text: str) -> dict[int, Prefilled] | None:
    """The pre-filled cells of a line from its hidden cell; None when the cell was changed or belongs elsewhere."""
    try:
        payload = signing.Signer(salt=VERSIONS_SALT).unsign(f"{scope.period.pk}/{entity.pk}/{text}")
        found = {}
        for item in filter(None, payload.split("/", 2)[2].split(";")):
            row_id, version, numbers = item.split(":")
            found[int(row_id)] = Prefilled(
                int(version), tuple(Decimal(n) if n else None for n in numbers.split("/"))
            )
        return found
    except (signing.BadSignature, ValueError, ArithmeticError):
        return None


def _write_instructions(workbook: Workbook, scope: Scope, sheets: list[Sheet]) -> None:
    worksheet = workbook.create_sheet(_("Instructions"))
    worksheet.column_dimensions["A"].width = 16
    worksheet.column_dimensions["B"].width = 12
    worksheet.column_dimensions["C"].width = 90
    worksheet.column_dimensions["D"].width = 14
    period = scope.period
    for text in [
        _("%(plan)s — monitoring period %(period)s") % {"plan": period.plan.title, "period": period},
        _(
            "Fill the white cells; grey cells are locked. Dark grey: the unit does not report this indicator. "
            "Light grey: its data is submitted, approved or the period is closed."
        ),
        _(
            "Numbers may be written 52,75 or 52.75. For rates, enter the numerator and the denominator: the "
            "percentage is computed."
        ),
        _(
            "An empty cell changes nothing; a value is cleared on the entry page. Do not add, remove or move "
            "columns: the hidden second row identifies them."
        ),
        _(
            "The note of a line is saved with every value you change on it. An unusual value (far from the "
            "unit's earlier values) is accepted only when the line's note explains it."
        ),
        _(
            "Nothing is written unless the whole file is correct; every wrong cell is listed after the upload."
        ),
        _(
            "A value someone else changes after you download this file is never overwritten: a cell you "
            "left as it was is not written, and a cell you changed is refused; download the file again."
        ),
        "",
    ]:
        worksheet.append([_text(text)])
    worksheet.append(
        [_cell(worksheet, title, font=HEAD) for title in (_("Sheet"), _("Column"), _("Indicator"), _("Unit"))]
    )
    for sheet in sheets:
        for index, (row, part) in enumerate(sheet.columns, start=3):
            worksheet.append(
                [
                    sheet_title(sheet.kind),
                    get_column_letter(index),
                    _text(f"{column_header(row, part)}: {row.indicator.name}"),
                    row.indicator.get_unit_display(),
                ]
            )


# --- reading an upload -------------------------------------------------------------------------------
@dataclass
class Change:
    """One value the upload sets, with the cell it came from."""

    entity: OrgNode
    row: IndicatorRow
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    confirm: bool
    place: str
    version: int = 0  # the stored value's version the template was made from (0: none): checked under lock


@dataclass
class Check:
    """The outcome of checking an upload: the changes to write, or why nothing may be written."""

    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cells: int = 0  # filled value cells (a numerator-denominator pair counts once)


@dataclass
class _Columns:
    """A template sheet's columns by key: value parts per indicator row, and the note."""

    groups: dict[int, dict[str, int]]
    note: int | None
    loose: list[int]  # columns without a key: any content there is an error
    versions: int | None = None  # absent in a template made before versions were recorded


@dataclass
class _TemplateSheet:
    title: str
    kind: str
    headers: list
    columns: _Columns
    lines: list[tuple[int, list]]  # (row number in the file, cells)


class _Errors(list):
    """Messages, stopping at MAX_ERRORS (with a count of the rest)."""

    dropped = 0

    def add(self, message: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append(message)
        else:
            self.dropped += 1

    def final(self) -> list[str]:
        if not self.dropped:
            return list(self)
        more = ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", self.dropped) % {
            "count": self.dropped
        }
        return [*self, more]


def _read_number(value) -> Decimal | None:
    """A cell as a number; raises NumberFormatError for text that is not one."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise NumberFormatError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return parse_decimal(value.strip().removeprefix("'"))
    raise NumberFormatError(value)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _template_sheets(scope: Scope, book: list[Worksheet], errors: _Errors) -> list[_TemplateSheet]:
    """The template sheets of the upload with their columns; structural problems go to `errors`."""
    rows_by_id = {row.pk: row for row in scope.rows}
    found, kinds = [], {}
    for worksheet in book:
        title, lines = worksheet.title, worksheet.lines
        marker = cell_text(lines[1][0]) if len(lines) > 1 and lines[1] else ""
        if not marker.startswith(KEY_PREFIX + "/"):
            continue  # the instructions, or a sheet the user added
        parts = marker.split("/")
        kind = parts[2] if len(parts) == 3 else ""
        if len(parts) != 3 or kind not in LEVELS:
            errors.add(
                _("sheet %(sheet)s: the hidden key row has been changed; download the template again.")
                % {"sheet": title}
            )
            continue
        if not parts[1].isdigit() or int(parts[1]) != scope.period.pk:
            errors.add(
                _(
                    "sheet %(sheet)s: this is the template of another period; download the template of "
                    "%(period)s."
                )
                % {"sheet": title, "period": scope.period}
            )
            continue
        if kind in kinds:
            errors.add(
                _("sheet %(sheet)s: the sheet %(other)s already holds this level.")
                % {"sheet": title, "other": kinds[kind]}
            )
            continue
        kinds[kind] = title
        headers = lines[0]
        columns = _read_columns(title, kind, headers, lines[1], rows_by_id, errors)
        found.append(_TemplateSheet(title, kind, headers, columns, list(enumerate(lines[2:], start=3))))
    if not found and not errors:
        errors.add(
            _(
                "The file is not an izlem bulk-entry template: none of its sheets has the template's "
                "hidden key row. Download the template and fill it in."
            )
        )
    return found


def _column_name(headers: list, index: int) -> str:
    """A 0-based column of a template sheet as messages name it: "E (1.1.2)"."""
    return column_label(index + 1, cell_text(headers[index]) if index < len(headers) else "")


def _read_columns(title, kind, headers, keys, rows_by_id, errors: _Errors) -> _Columns:
    """Map the hidden keys of row 2 to indicator rows and parts."""
    groups: dict[int, dict[str, int]] = {}
    note, versions, loose = None, None, []
    for index in range(2, len(keys)):
        key = cell_text(keys[index])
        if not key:
            loose.append(index)
            continue
        if key == NOTE and note is None:
            note = index
            continue
        if key == VERSIONS and versions is None:
            versions = index
            continue
        row_id, _slash, part = key.partition("/")
        row = rows_by_id.get(int(row_id)) if row_id.isdigit() else None
        if (
            row is None
            or leaf_kind(row.indicator) != kind
            or part not in parts_of(row)
            or part in groups.get(row.pk, {})
        ):
            errors.add(
                _(
                    "sheet %(sheet)s, column %(column)s: the column is not part of the template (its hidden "
                    "key “%(key)s” is unknown); download the template again."
                )
                % {"sheet": title, "column": _column_name(headers, index), "key": key}
            )
            continue
        groups.setdefault(row.pk, {})[part] = index
    for row_id, parts in groups.items():
        row = rows_by_id[row_id]
        if len(parts) != len(parts_of(row)):
            errors.add(
                _("sheet %(sheet)s: a column of %(row)s is missing; download the template again.")
                % {"sheet": title, "row": row_label(row)}
            )
    return _Columns(groups, note, loose, versions)


def _history(scope: Scope, ids: set[int]) -> dict[tuple[int, int], list[Decimal]]:
    """Each (entity, row)'s earlier values in the plan, oldest first (as `services.value_save` reads them)."""
    period = scope.period
    earlier = (
        Value.objects.filter(
            period__plan=period.plan, entity_id__in=ids, value__isnull=False, period__year__lte=period.year
        )
        .exclude(period=period)
        .order_by("period__year", "period__half")
        .values_list("entity_id", "row_id", "value", "period__year", "period__half")
    )
    history: dict[tuple[int, int], list[Decimal]] = {}
    for entity_id, row_id, value, year, half in earlier:
        if (year, half) < (period.year, period.half):
            history.setdefault((entity_id, row_id), []).append(value)
    return history


def upload_check(
    scope: Scope, stream, *, name: str = "", progress: Callable[[int, int], None] | None = None
) -> Check:
    """Read and check every cell of an uploaded template (`name`: the file's name); nothing is written here."""
    errors = _Errors()
    if scope.period.state != Period.State.OPEN:
        return Check(
            errors=[
                _("The period %(period)s is not open: no value can be entered.") % {"period": scope.period}
            ]
        )
    try:
        book = read_workbook(stream, name=name)
    except WorkbookError as error:
        return Check(errors=error.messages)
    sheets = _template_sheets(scope, book, errors)
    if errors:
        return Check(errors=errors.final())
    rows_by_id = {row.pk: row for row in scope.rows}
    total = sum(
        1
        for sheet in sheets
        for _line_number, line in sheet.lines
        for parts in sheet.columns.groups.values()
        if any(index < len(line) and not _empty(line[index]) for index in parts.values())
    )
    check = Check()
    history = _history(scope, {entity.pk for entity in scope.entities})
    step = max(1, total // PROGRESS_STEPS)
    for sheet in sheets:
        by_code = {entity.code: entity for entity in scope.entities if entity.kind == sheet.kind}
        seen: dict[int, int] = {}
        for number, line in sheet.lines:
            line = line + [None] * (len(sheet.headers) - len(line))
            for index in sheet.columns.loose:
                if index < len(line) and not _empty(line[index]):
                    errors.add(
                        _("%(where)s: this column is not part of the template; leave it empty.")
                        % {"where": where(sheet.title, number, _column_name(sheet.headers, index))}
                    )
            filled = [
                (row_id, parts)
                for row_id, parts in sheet.columns.groups.items()
                if any(not _empty(line[index]) for index in parts.values())
            ]
            note = cell_text(line[sheet.columns.note]) if sheet.columns.note is not None else ""
            note = note.removeprefix("'")
            if not filled:
                continue
            code = cell_text(line[0]).removeprefix("'")
            entity = by_code.get(code)
            if entity is None:
                errors.add(
                    _(
                        "%(where)s: “%(code)s” is not the code of a unit whose values you may enter on this "
                        "sheet."
                    )
                    % {"where": where(sheet.title, number, _column_name(sheet.headers, 0)), "code": code}
                )
                check.cells += len(filled)
                continue
            if entity.pk in seen:
                errors.add(
                    _("%(where)s: %(entity)s appears twice; its first line is row %(first)d.")
                    % {
                        "where": where(sheet.title, number, _column_name(sheet.headers, 0)),
                        "entity": entity.name,
                        "first": seen[entity.pk],
                    }
                )
                check.cells += len(filled)
                continue
            seen[entity.pk] = number
            prefilled = _prefilled(scope, sheet, number, line, entity, errors)
            if prefilled is None:
                check.cells += len(filled)
                continue
            for row_id, parts in filled:
                _check_cell(
                    scope,
                    sheet,
                    number,
                    line,
                    entity,
                    rows_by_id[row_id],
                    parts,
                    note,
                    prefilled.get(row_id, NOTHING),
                    history,
                    check,
                    errors,
                )
                check.cells += 1
                if progress is not None and (check.cells % step == 0 or check.cells == total):
                    progress(check.cells, total)
    check.errors = errors.final()
    if check.errors:
        check.changes = []
    return check


def _prefilled(scope, sheet, number, line, entity, errors) -> dict[int, Prefilled] | None:
    """What the line's cells held at the download (row id → Prefilled), or None when that cannot be known.

    A template made before versions were recorded has no versions column: it may fill only values
    that are still empty (every cell counts as downloaded empty), so it can never overwrite one.
    """
    if sheet.columns.versions is None:
        return {}
    found = versions_read(scope, entity, cell_text(line[sheet.columns.versions]))
    if found is None:
        errors.add(
            _(
                "%(where)s: the hidden cell that records what this line held at the download has been "
                "changed, or the line comes from another file; download the template again."
            )
            % {"where": where(sheet.title, number, _column_name(sheet.headers, sheet.columns.versions))}
        )
    return found


def _shown(row: IndicatorRow, stored: Value | None) -> str:
    """A stored value as a message shows it: "52,75", or "30 / 40" for a ratio, or "empty"."""
    from izlem.core.formats import format_decimal

    numbers = _numbers_of(row, stored)
    if all(n is None for n in numbers):
        return _("empty")
    return " / ".join("–" if n is None else format_decimal(n, None) for n in numbers)


def _check_cell(
    scope, sheet, number, line, entity, row, parts, note, before: Prefilled, history, check, errors
) -> None:
    """Check one value (or numerator-denominator pair) of a line; a valid change goes to `check.changes`.

    `before` is what the cell held at the download: a cell still holding it is not the user's
    change and is never written; a changed cell whose stored value changed since the download is
    refused (its version is checked again under lock when the upload is written).
    """
    numbers, bad = {}, False
    for part, index in parts.items():
        try:
            numbers[part] = _read_number(line[index])
        except NumberFormatError:
            errors.add(
                _("%(where)s: “%(value)s” is not a number.")
                % {
                    "where": where(sheet.title, number, _column_name(sheet.headers, index)),
                    "value": line[index],
                }
            )
            bad = True
    if bad:
        return
    first = min(index for part, index in parts.items() if numbers[part] is not None)
    place = where(sheet.title, number, _column_name(sheet.headers, first))
    value, numerator, denominator = numbers.get(VALUE), numbers.get(NUMERATOR), numbers.get(DENOMINATOR)
    stored = scope.values.get((entity.pk, row.pk))
    mine = tuple(numbers.get(part) for part in parts_of(row))
    if before.numbers and mine == before.numbers:
        return  # the pre-filled value sent back untouched: never written, even if it changed meanwhile
    if stored is not None and mine == _numbers_of(row, stored):
        return  # already the stored value
    label = {"where": place, "entity": entity.name, "row": row_label(row)}
    if (stored.version if stored is not None else 0) != before.version:
        errors.add(
            _(
                "%(where)s: %(row)s of %(entity)s was changed by someone else after the template was "
                "downloaded (it is now %(current)s); your value was not written. Download the template "
                "again and enter yours there."
            )
            % {**label, "current": _shown(row, stored)}
        )
        return
    if row.indicator.computed_source:
        errors.add(
            _("%(where)s: %(row)s is computed from the system's records and cannot be entered by hand.")
            % label
        )
        return
    if not scope.applies(entity, row):
        errors.add(_("%(where)s: %(row)s is not collected from %(entity)s.") % label)
        return
    if not scope.may(entity, row):
        errors.add(_("%(where)s: you may not enter %(row)s for %(entity)s.") % label)
        return
    if not scope.editable(entity):
        submission = scope.submission(entity)
        if scope.period.state == Period.State.OPEN and submission is not None:
            errors.add(
                _("%(where)s: the data of %(entity)s is %(state)s and cannot be changed.")
                % {**label, "state": submission.get_state_display()}
            )
        else:
            errors.add(_("%(where)s: the data of %(entity)s cannot be changed.") % label)
        return
    problems = range_errors(
        unit=row.indicator.unit,
        aggregation=row.indicator.aggregation,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )
    for problem in problems:
        errors.add(_("%(where)s: %(problem)s") % {"where": place, "problem": problem})
    if problems:
        return
    if is_ratio(row):
        value = (numerator / denominator * ratio_multiplier(row.indicator.unit)).quantize(FOUR)
    reason = (
        outlier_reason(value, history.get((entity.pk, row.pk), []), scale=scope.scales.get(row.pk))
        if value is not None
        else None
    )
    if reason and not note:
        errors.add(
            _("%(where)s: %(reason)s To keep the value, explain it in the column %(column)s of this line.")
            % {
                "where": place,
                "reason": reason,
                "column": _column_name(sheet.headers, sheet.columns.note) if sheet.columns.note else NOTE,
            }
        )
        return
    check.changes.append(
        Change(
            entity=entity,
            row=row,
            value=None if is_ratio(row) else value,
            numerator=numerator,
            denominator=denominator,
            note=note or (stored.note if stored is not None else ""),
            confirm=bool(note),
            place=place,
            version=before.version,
        )
    )


# --- writing -----------------------------------------------------------------------------------------
def changes_write(
    *, user: User, period: Period, changes: list[Change], progress: Callable[[int, int], None] | None = None
) -> tuple[int, list[str]]:
    """Write every change in one transaction through `services.values_save_many`; all or nothing.

    The changes go in chunks (for the progress bar), each chunk with the same rules as one
    `value_save`. Returns (values written, problems); with any problem nothing is written.
    """
    problems = _Errors()
    step = max(1, len(changes) // PROGRESS_STEPS)
    with transaction.atomic():
        for start in range(0, len(changes), step):
            chunk = changes[start : start + step]
            items = [
                services.ValueInput(
                    entity=c.entity,
                    row=c.row,
                    value=c.value,
                    numerator=c.numerator,
                    denominator=c.denominator,
                    note=c.note,
                    confirm_outlier=c.confirm,
                    expected_version=c.version,
                )
                for c in chunk
            ]
            try:
                results = services.values_save_many(by=user, period=period, items=items, via_bulk=True)
            except PermissionDenied:
                problems.add(_("%(where)s: you may not enter these values.") % {"where": chunk[0].place})
                break
            except ValidationError as error:
                for message in error.messages:
                    problems.add(_("%(where)s: %(problem)s") % {"where": chunk[0].place, "problem": message})
                break
            for change, result in zip(chunk, results, strict=True):
                for message in result.errors + (
                    [result.needs_confirmation] if result.needs_confirmation else []
                ):
                    problems.add(_("%(where)s: %(problem)s") % {"where": change.place, "problem": message})
            if progress is not None:
                progress(min(start + step, len(changes)), len(changes))
        if problems:
            transaction.set_rollback(True)
    return (0 if problems else len(changes)), problems.final()


# --- the upload's life -------------------------------------------------------------------------------
def write_progress_key(upload_pk: int) -> str:
    """Cache key of the write progress: the writes happen in one transaction, so the database cannot show
    it to other connections; the cache can (when shared, e.g. Redis, or in the same process)."""
    return f"izlem:bulk-upload:{upload_pk}:writing"


def upload_start(*, by: User, period: Period, file, language: str = "") -> BulkUpload:
    """Store an uploaded template and queue its check and write in the background."""
    from .tasks import bulk_upload_process

    upload = BulkUpload.objects.create(period=period, by=by, file=file)
    bulk_upload_process.enqueue(upload.pk, language)
    return upload


def upload_process(upload_pk: int) -> BulkUpload:
    """Check an upload and, when every cell is right, write it; record progress and the outcome."""
    with transaction.atomic():
        upload = BulkUpload.objects.select_for_update().get(pk=upload_pk)
        if upload.state != BulkUpload.State.QUEUED:
            return upload  # already handled (a task run twice)
        upload.state = BulkUpload.State.RUNNING
        upload.save(update_fields=["state", "updated_at"])
    upload = BulkUpload.objects.select_related("period__plan__owner", "by").get(pk=upload_pk)

    def checked(done: int, total: int) -> None:
        BulkUpload.objects.filter(pk=upload_pk).update(processed=done, total=total, updated_at=timezone.now())

    def written(done: int, total: int) -> None:
        cache.set(write_progress_key(upload_pk), (done, total), timeout=3600)

    try:
        scope = scope_load(user=upload.by, period=upload.period)
        with upload.file.open("rb") as stream:
            check = upload_check(scope, stream, name=upload.file.name, progress=checked)
        upload.total = upload.processed = check.cells
        if check.errors:
            return _finish(upload, BulkUpload.State.FAILED, errors=check.errors)
        count, problems = changes_write(
            user=upload.by, period=upload.period, changes=check.changes, progress=written
        )
        if problems:
            return _finish(upload, BulkUpload.State.FAILED, errors=problems)
        return _finish(upload, BulkUpload.State.DONE, written=count)
    except Exception:
        logger.exception("bulk upload %s failed", upload_pk)
        _finish(
            upload,
            BulkUpload.State.FAILED,
            errors=[
                _(
                    "The file could not be processed because of an internal error; nothing was written. Try again, "
                    "or tell the system administrator."
                )
            ],
        )
        raise
    finally:
        cache.delete(write_progress_key(upload_pk))


def _finish(
    upload: BulkUpload, state: str, *, errors: list[str] | None = None, written: int = 0
) -> BulkUpload:
    upload.state, upload.errors, upload.written = state, errors or [], written
    upload.save(update_fields=["state", "errors", "written", "total", "processed", "updated_at"])
    return upload


@dataclass
class Progress:
    """What the status page shows of an upload."""

    phase: str  # queued, checking, writing, done, failed
    percent: int | None  # None: under way, amount unknown
    done: int = 0
    of: int = 0


def upload_progress(upload: BulkUpload) -> Progress:
    """The upload's phase and progress (checking from the database, writing from the cache)."""
    if upload.state == BulkUpload.State.QUEUED:
        return Progress("queued", 0)
    if upload.state == BulkUpload.State.DONE:
        return Progress("done", 100, upload.written, upload.written)
    if upload.state == BulkUpload.State.FAILED:
        return Progress("failed", 100, upload.processed, upload.total)
    if upload.total == 0 or upload.processed < upload.total:
        return Progress("checking", upload.percent if upload.total else None, upload.processed, upload.total)
    writing = cache.get(write_progress_key(upload.pk))
    if writing:
        done, of = writing
        return Progress("writing", int(done * 100 / of) if of else None, done, of)
    return Progress("writing", None)
