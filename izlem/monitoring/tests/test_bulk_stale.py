"""A stale bulk template never overwrites a newer value (issue 17 finding 2).

The template records, per line and signed, what each pre-filled cell held and the stored value's
version at the download. On upload a cell still holding that is never written; a cell the user
changed whose stored value changed meanwhile is refused at its sheet, row and column (and checked
again under the row locks when the file is written), so nothing anyone saved later is lost.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from izlem.monitoring.bulk.check import Check, upload_check
from izlem.monitoring.bulk.scope import VERSIONS, scope_load, sheet_title
from izlem.monitoring.bulk.template import template_write
from izlem.monitoring.bulk.upload import changes_write
from izlem.monitoring.models import Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.plans.models import IndicatorRow


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _count():
    return IndicatorRow.objects.get(indicator__code="1.1.2")


def _rate():
    return IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")


def _save(world, period, school, row, **numbers):
    submission = entry_services.submission_get_or_create(period=period, entity=school)
    result = entry_services.value_save(
        by=world.sysadmin, submission=submission, row=row, **numbers, note="okul"
    )
    assert not result.errors and not result.needs_confirmation, result
    return result.value


def _download(user, period):
    """The template as the user gets it, and the scope it was made from."""
    buffer = io.BytesIO()
    template_write(scope_load(user=user, period=period), buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def _set(book, school, row, part, number):
    sheet = book[sheet_title("school")]
    keys = [cell.value for cell in sheet[2]]
    line = next(cells for cells in sheet.iter_rows(min_row=3) if cells[0].value == school.code)
    line[keys.index(f"{row.pk}/{part}")].value = number
    return line[keys.index(f"{row.pk}/{part}")].coordinate


def _check(user, period, book) -> Check:
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return upload_check(scope_load(user=user, period=period), buffer, name="veri.xlsx")


def _upload(user, period, book) -> list[str]:
    """Check and write like the background task; the problems (empty when written)."""
    check = _check(user, period, book)
    if check.errors:
        return check.errors
    return changes_write(user=user, period=period, changes=check.changes)[1]


def _stored(school, row):
    value = Value.objects.filter(entity=school, row=row).first()
    return None if value is None else (value.value, value.numerator, value.denominator, value.note)


def test_a_value_corrected_after_the_download_survives_the_upload(world, period):
    """The issue's case: the officer changes another cell; the school's newer value and note stay."""
    _save(world, period, world.school_a1, _count(), value=Decimal(100))
    book = _download(world.planning_officer, period)
    _save(world, period, world.school_a1, _count(), value=Decimal(105))  # the principal corrects it
    _set(book, world.school_a2, _count(), "value", 230)  # the officer fills another school
    assert _upload(world.planning_officer, period, book) == []
    assert _stored(world.school_a1, _count()) == (Decimal(105), None, None, "okul")
    assert _stored(world.school_a2, _count())[0] == Decimal(230)


def test_a_cell_changed_in_a_stale_template_is_refused_at_its_cell(world, period):
    _save(world, period, world.school_a1, _rate(), numerator=Decimal(30), denominator=Decimal(40))
    book = _download(world.planning_officer, period)
    _save(world, period, world.school_a1, _rate(), numerator=Decimal(31), denominator=Decimal(40))
    _set(book, world.school_a1, _rate(), "numerator", 35)
    _set(book, world.school_a2, _count(), "value", 230)
    problems = _upload(world.planning_officer, period, book)
    assert len(problems) == 1 and problems[0].startswith("sheet Schools, row 3, column "), problems
    assert "was changed by someone else after the template was downloaded (it is now 31 / 40)" in problems[0]
    assert _stored(world.school_a1, _rate())[1:3] == (Decimal(31), Decimal(40))
    assert _stored(world.school_a2, _count()) is None  # nothing of the file was written


def test_a_value_saved_between_the_check_and_the_write_is_kept(world, period):
    """The version is checked again under the row locks: the check's read may be stale by then."""
    _save(world, period, world.school_a1, _count(), value=Decimal(100))
    book = _download(world.planning_officer, period)
    _set(book, world.school_a1, _count(), "value", 120)
    check = _check(world.planning_officer, period, book)
    assert check.errors == [] and len(check.changes) == 1
    _save(world, period, world.school_a1, _count(), value=Decimal(105))
    written, problems = changes_write(user=world.planning_officer, period=period, changes=check.changes)
    assert written == 0 and problems and "Someone else changed this value" in problems[0]
    assert _stored(world.school_a1, _count())[0] == Decimal(105)


def test_a_value_created_after_the_download_is_not_overwritten(world, period):
    book = _download(world.planning_officer, period)
    _save(world, period, world.school_a1, _count(), value=Decimal(77))
    _set(book, world.school_a1, _count(), "value", 120)
    problems = _upload(world.planning_officer, period, book)
    assert len(problems) == 1 and "(it is now 77)" in problems[0]
    assert _stored(world.school_a1, _count())[0] == Decimal(77)


def test_a_changed_versions_cell_is_refused(world, period):
    _save(world, period, world.school_a1, _count(), value=Decimal(100))
    book = _download(world.planning_officer, period)
    sheet = book[sheet_title("school")]
    keys = [cell.value for cell in sheet[2]]
    column = keys.index(VERSIONS)
    sheet.cell(3, column + 1).value = sheet.cell(3, column + 1).value.replace(":1:", ":7:")
    _set(book, world.school_a1, _count(), "value", 120)
    problems = _upload(world.planning_officer, period, book)
    assert len(problems) == 1 and "has been changed, or the line comes from another file" in problems[0]
    assert _stored(world.school_a1, _count())[0] == Decimal(100)


def test_the_versions_cell_of_another_line_is_refused(world, period):
    _save(world, period, world.school_a1, _count(), value=Decimal(100))
    _save(world, period, world.school_a2, _count(), value=Decimal(200))
    book = _download(world.planning_officer, period)
    sheet = book[sheet_title("school")]
    column = [cell.value for cell in sheet[2]].index(VERSIONS) + 1
    sheet.cell(3, column).value, sheet.cell(4, column).value = (
        sheet.cell(4, column).value,
        sheet.cell(3, column).value,
    )
    _set(book, world.school_a1, _count(), "value", 120)
    problems = _upload(world.planning_officer, period, book)
    assert problems and "line comes from another file" in problems[0]
    assert _stored(world.school_a1, _count())[0] == Decimal(100)


def test_a_template_without_the_versions_column_only_fills_empty_values(world, period):
    """An older template (made before the column existed) can never overwrite a stored value."""
    _save(world, period, world.school_a1, _count(), value=Decimal(100))
    book = _download(world.planning_officer, period)
    sheet = book[sheet_title("school")]
    sheet.cell(2, [cell.value for cell in sheet[2]].index(VERSIONS) + 1).value = None
    _set(book, world.school_a1, _count(), "value", 120)
    problems = _upload(world.planning_officer, period, book)
    assert len(problems) == 1 and "(it is now 100)" in problems[0]
    _set(book, world.school_a1, _count(), "value", 100)
    _set(book, world.school_a2, _count(), "value", 230)
    assert _upload(world.planning_officer, period, book) == []
    assert _stored(world.school_a2, _count())[0] == Decimal(230)


# --- the race, randomized ------------------------------------------------------------------------------------
CELLS = [("school_a1", "count"), ("school_a2", "count"), ("school_b1", "count"), ("school_a1", "rate")]


def _numbers(kind: str, n: int) -> dict:
    return (
        {"value": Decimal(n)} if kind == "count" else {"numerator": Decimal(n), "denominator": Decimal(500)}
    )


def _cell_value(stored):
    return None if stored is None else (stored[0] if stored[1] is None else stored[1])


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    initial=st.lists(st.one_of(st.none(), st.integers(100, 400)), min_size=4, max_size=4),
    before_upload=st.lists(st.one_of(st.none(), st.integers(100, 400)), min_size=4, max_size=4),
    during_write=st.lists(st.one_of(st.none(), st.integers(100, 400)), min_size=4, max_size=4),
    officer=st.lists(st.one_of(st.none(), st.integers(100, 400)), min_size=4, max_size=4),
)
def test_no_newer_value_is_ever_lost(world, period, initial, before_upload, during_write, officer):
    """Download, edits by others (before the upload, and between its check and its write), then the upload.

    Every value someone else saved after the download is still there afterwards; the officer's own
    changes are written exactly when none of them meets such an edit, and otherwise nothing is.
    """
    Value.objects.all().delete()
    Submission.objects.all().delete()
    rows = {"count": _count(), "rate": _rate()}
    cells = [(getattr(world, name), kind) for name, kind in CELLS]
    for (school, kind), n in zip(cells, initial, strict=True):
        if n is not None:
            _save(world, period, school, rows[kind], **_numbers(kind, n))
    book = _download(world.planning_officer, period)
    at_download = [_stored(school, rows[kind]) for school, kind in cells]
    for (school, kind), n in zip(cells, before_upload, strict=True):
        if n is not None:
            _save(world, period, school, rows[kind], **_numbers(kind, n))
    edited = []
    for (school, kind), n in zip(cells, officer, strict=True):
        if n is not None:
            _set(book, school, rows[kind], "value" if kind == "count" else "numerator", n)
            if kind == "rate":
                _set(book, school, rows[kind], "denominator", 500)
        edited.append(n is not None and n != _cell_value(at_download[len(edited)]))
    check = _check(world.planning_officer, period, book)
    for (school, kind), n in zip(cells, during_write, strict=True):
        if n is not None:
            _save(world, period, school, rows[kind], **_numbers(kind, n))
    if not check.errors:
        problems = changes_write(user=world.planning_officer, period=period, changes=check.changes)[1]
    else:
        problems = check.errors
    after = [_cell_value(_stored(school, rows[kind])) for school, kind in cells]
    # A save of the numbers already stored writes nothing (entry_services.value_save): it is no change by others.
    changes = []  # per cell: the value someone else's save put there after the download, or None
    for index in range(len(cells)):
        at_download_n = initial[index]
        latest = None
        if before_upload[index] is not None and before_upload[index] != at_download_n:
            latest = before_upload[index]
        current = before_upload[index] if before_upload[index] is not None else at_download_n
        if during_write[index] is not None and during_write[index] != current:
            latest = during_write[index]
        changes.append(latest)
    conflicts = []
    for index, n in enumerate(officer):
        at_check = before_upload[index] if before_upload[index] is not None else initial[index]
        conflicts.append(edited[index] and n != at_check and changes[index] is not None)
    assert bool(problems) == any(conflicts), (conflicts, problems)
    for index in range(len(cells)):
        latest = changes[index]
        if latest is not None:  # someone else's newer value is never lost
            assert after[index] == Decimal(latest), (index, after, problems)
        elif edited[index] and not problems:
            assert after[index] == Decimal(officer[index])
        else:
            assert after[index] == _cell_value(at_download[index])
