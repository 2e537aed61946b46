"""Turkish number and date formatting and parsing, used by pages, imports and exports.

Turkish writes `19.704.600,00` (dot groups thousands, comma marks decimals) and `21.11.2026`.
Source documents are not always consistent: a few cells use a dot as the decimal mark (`5.96`,
`96.5`). `parse_decimal` accepts both and decides by the shape of the text; the rule is spelled out
in its docstring so importers behave the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

EMPTY_MARKS = {"", "-", "–", "—", "--", "yok", "YOK"}

# A thousands group never starts with a lone 0: "0.500" is a dot decimal (0.5), not 500.
_GROUPED_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # 19.704.600 / 19.704.600,00
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")  # 52,75 / 1234
_DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")  # 5.96 / 96.5 / .5
_DATE = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


class NumberFormatError(ValueError):
    """Raised when a text cell cannot be read as a number."""


def parse_decimal(text: str | int | float | Decimal | None) -> Decimal | None:
    """Read a Turkish-formatted number; return None for empty or '-' cells.

    Rules, in order: `1.234.567,89` and `1.234` (dots every three digits, the first group not a lone
    `0`) are thousands groups; `52,75` uses a decimal comma; `5.96` and `0.500` (a single dot not
    followed by exactly three digits, or after a lone `0`) are dot decimals as some documents write
    them. `%` signs and spaces (also non-breaking) are ignored.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("%", "").strip()
    cleaned = cleaned.removeprefix("TL").removesuffix("TL")
    if cleaned in EMPTY_MARKS:
        return None
    if _GROUPED_DOT.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    elif not _DOT_DECIMAL.match(cleaned):
        raise NumberFormatError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude this
        raise NumberFormatError(text) from exc


def format_decimal(
    value: Decimal | int | float | None, places: int | None = 2, *, grouping: bool = True
) -> str:
    """Write a number the Turkish way: `19.704.600,00`; None becomes an empty string.

    `places=None` keeps the value's own digits (trailing zeros removed).
    """
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{number:,.{places}f}" if grouping else f"{number:.{places}f}"
    else:
        number = number.normalize()
        if number.as_tuple().exponent > 0:  # normalize() writes 100 as 1E+2
            number = number.quantize(Decimal(1))
        text = f"{number:,f}" if grouping else f"{number:f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """Read `21.11.2026` (or `21/11/2026`, or an ISO date); None for empty cells."""
    if text is None or isinstance(text, dt.date):
        return text.date() if isinstance(text, dt.datetime) else text
    cleaned = text.strip()
    if cleaned in EMPTY_MARKS:
        return None
    match = _DATE.match(cleaned)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(text) from exc
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError as exc:
        raise ValueError(text) from exc


def format_date(value: dt.date | None) -> str:
    """Write a date the Turkish way: `21.11.2026`."""
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    """Write a moment the Turkish way, to the minute: `21.11.2026 14:05`, in Istanbul time."""
    if not value:
        return ""
    if timezone.is_aware(value):  # stored moments are UTC; people read them on the wall clock of Türkiye
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y %H:%M")


def format_month(value: dt.date | None) -> str:
    """Write a month the Turkish way: `11.2026`."""
    return value.strftime("%m.%Y") if value else ""


# Decimals by unit: counts are whole numbers; percentages, rates, ratios and every other measure two places.
WHOLE_UNITS = frozenset({"count"})


def places_for_unit(unit: str | None) -> int:
    """How many decimals a value of an indicator unit shows: 0 for counts, 2 otherwise (percentages,
    rates, ratios, scores, hours, days, per-student figures)."""
    return 0 if unit in WHOLE_UNITS else 2


def format_by_unit(value: Decimal | int | float | str | None, unit: str | None) -> str:
    """A value written the Turkish way with the decimals of its unit: `4.142` for a count, `66,30` for a
    percentage; None and '' become ''. Text that is not a number (the report data holds numbers as
    '52.75') is returned unchanged."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        return format_decimal(number, places_for_unit(unit))
    except (ArithmeticError, ValueError):
        return str(value)
