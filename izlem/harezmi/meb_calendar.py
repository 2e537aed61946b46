"""The MEB school calendar (çalışma takvimi) of a school year, by table or by rule (docs/harezmi.md).

Pure functions, no database: the demo uses them to give its program year the breaks and public
holidays of that year; a province enters its own year's calendar on the year's calendar page.

- The school years 2024-2025 and 2025-2026 use the dates MEB published (`PUBLISHED`).
- Other years follow the rule MEB's recent calendars follow:
  * school starts on the second Monday of September and ends on the last Friday on or before 26 June;
  * the first-term break (ara tatil) is the week of the second Monday of November;
  * the semester break (yarıyıl tatili) is the two weeks from the first Monday on or after 18 January;
    the first semester ends the Friday before it and the second starts the Monday after it;
  * the second-term break is the week of Ramazan Bayramı when the bayram falls in March or April,
    else the week of the second Monday of April.
- Public holidays with a fixed date: 29 October, 1 January, 23 April, 1 May, 19 May (half days such as
  28 October afternoon and the arife of a bayram are not school holidays for the program).
- Religious holidays move with the Hijri calendar: `RELIGIOUS` lists Ramazan Bayramı (3 days) and
  Kurban Bayramı (4 days) for 2024-2030 as announced by Diyanet; outside those years they are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date
DAY = dt.timedelta(days=1)

MID_TERM_BREAK, SEMESTER_BREAK, PUBLIC_HOLIDAY = "mid_term_break", "semester_break", "public_holiday"

# First day of each bayram (Ramazan: 3 days, Kurban: 4 days), by Gregorian year.
RELIGIOUS: dict[int, tuple[dt.date, dt.date]] = {
    2024: (D(2024, 4, 10), D(2024, 6, 16)),
    2025: (D(2025, 3, 30), D(2025, 6, 6)),
    2026: (D(2026, 3, 20), D(2026, 5, 27)),
    2027: (D(2027, 3, 9), D(2027, 5, 16)),
    2028: (D(2028, 2, 26), D(2028, 5, 5)),
    2029: (D(2029, 2, 14), D(2029, 4, 24)),
    2030: (D(2030, 2, 4), D(2030, 4, 13)),
}

# Dates MEB published: start, first-term break (Monday), semester break (Monday, two weeks),
# second-term break (Monday), end.
PUBLISHED: dict[int, tuple[dt.date, dt.date, dt.date, dt.date, dt.date]] = {
    2024: (D(2024, 9, 9), D(2024, 11, 11), D(2025, 1, 20), D(2025, 3, 31), D(2025, 6, 20)),
    2025: (D(2025, 9, 8), D(2025, 11, 10), D(2026, 1, 19), D(2026, 3, 16), D(2026, 6, 26)),
}


@dataclass(frozen=True)
class Holiday:
    """One break or public holiday: its kind (as `SchoolHoliday.Kind`), name, first and last day."""

    kind: str
    name: str
    first_day: dt.date
    last_day: dt.date


@dataclass(frozen=True)
class SchoolYear:
    """A school year's semesters and its breaks and public holidays (inside the school year)."""

    first_year: int
    semester1_start: dt.date
    semester1_end: dt.date
    semester2_start: dt.date
    semester2_end: dt.date
    holidays: list[Holiday] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The year's name, for example 2025-2026."""
        return f"{self.first_year}-{self.first_year + 1}"


def _nth_monday(year: int, month: int, n: int) -> dt.date:
    first = D(year, month, 1)
    return first + ((7 - first.weekday()) % 7) * DAY + (n - 1) * 7 * DAY


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + ((7 - day.weekday()) % 7) * DAY


def _monday_of(day: dt.date) -> dt.date:
    return day - day.weekday() * DAY


def _last_friday_until(day: dt.date) -> dt.date:
    return day - ((day.weekday() - 4) % 7) * DAY


def school_year_of(day: dt.date) -> int:
    """The first calendar year of the school year a demo run on `day` shows: the year containing `day`
    (from September), or the coming one in July and August."""
    return day.year if day.month >= 7 else day.year - 1


def school_year(first_year: int) -> SchoolYear:
    """The MEB calendar of the school year starting in September of `first_year` (module doc)."""
    second = first_year + 1
    religious = RELIGIOUS.get(second)
    if first_year in PUBLISHED:
        start, autumn, winter, spring, end = PUBLISHED[first_year]
    else:
        start = _nth_monday(first_year, 9, 2)
        autumn = _nth_monday(first_year, 11, 2)
        winter = _monday_on_or_after(D(second, 1, 18))
        if religious and religious[0].month in (3, 4):
            spring = _monday_of(religious[0])
        else:
            spring = _nth_monday(second, 4, 2)
        end = _last_friday_until(D(second, 6, 26))
    holidays = [
        Holiday(PUBLIC_HOLIDAY, "Cumhuriyet Bayramı", D(first_year, 10, 29), D(first_year, 10, 29)),
        Holiday(MID_TERM_BREAK, "Birinci dönem ara tatili", autumn, autumn + 4 * DAY),
        Holiday(PUBLIC_HOLIDAY, "Yılbaşı", D(second, 1, 1), D(second, 1, 1)),
        Holiday(SEMESTER_BREAK, "Yarıyıl tatili", winter, winter + 11 * DAY),
        Holiday(MID_TERM_BREAK, "İkinci dönem ara tatili", spring, spring + 4 * DAY),
        Holiday(PUBLIC_HOLIDAY, "Ulusal Egemenlik ve Çocuk Bayramı", D(second, 4, 23), D(second, 4, 23)),
        Holiday(PUBLIC_HOLIDAY, "Emek ve Dayanışma Günü", D(second, 5, 1), D(second, 5, 1)),
        Holiday(
            PUBLIC_HOLIDAY, "Atatürk'ü Anma, Gençlik ve Spor Bayramı", D(second, 5, 19), D(second, 5, 19)
        ),
    ]
    if religious:
        ramazan, kurban = religious
        holidays.append(Holiday(PUBLIC_HOLIDAY, "Ramazan Bayramı", ramazan, ramazan + 2 * DAY))
        holidays.append(Holiday(PUBLIC_HOLIDAY, "Kurban Bayramı", kurban, kurban + 3 * DAY))
    inside = [h for h in holidays if h.first_day >= start and h.last_day <= end]
    return SchoolYear(
        first_year=first_year,
        semester1_start=start,
        semester1_end=winter - 3 * DAY,
        semester2_start=winter + 14 * DAY,
        semester2_end=end,
        holidays=sorted(inside, key=lambda h: (h.first_day, h.name)),
    )
