"""Bulk entry: reading an uploaded copy back and checking every cell before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.core.tabular import cell_text
from izlem.core.workbook import Sheet as Worksheet
from izlem.core.workbook import WorkbookError, column_label, read_workbook
from izlem.monitoring.bulk.scope import (
    DENOMINATOR,
    FOUR,
    KEY_PREFIX,
    LEVELS,
    MAX_ERRORS,
    NOTE,
    NUMERATOR,
    PROGRESS_STEPS,
    VALUE,
    VERSIONS,
    Scope,
    is_ratio,
    parts_of,
    row_label,
    where,
)
from izlem.monitoring.bulk.versions import NOTHING, Prefilled, _numbers_of, versions_read
from izlem.monitoring.models import Period, Value
from izlem.monitoring.rollup.figures import leaf_kind, ratio_multiplier
from izlem.monitoring.validation import outlier_reason, range_errors
from izlem.org.models import OrgNode
from izlem.plans.models import IndicatorRow


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
