"""Bulk entry: the pre-filled XLSX template of a period for the user's scope, with its instructions sheet."""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from izlem.monitoring.bulk.scope import KEY_PREFIX, NOTE, VERSIONS, Scope, Sheet, column_header, sheet_title
from izlem.monitoring.bulk.versions import versions_sign
from izlem.monitoring.models import Period

HEAD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
OPEN = Protection(locked=False)
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")  # applies, but submitted/approved/closed
ABSENT_FILL = PatternFill("solid", fgColor="BFBFBF")  # the entity does not report this row


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
