"""The MEB calendar by table and by rule (izlem/harezmi/meb_calendar.py): pure, no database."""

import datetime as dt

import pytest

from izlem.harezmi import meb_calendar as meb

D = dt.date


def by_name(year: meb.SchoolYear) -> dict[str, tuple[dt.date, dt.date]]:
    return {h.name: (h.first_day, h.last_day) for h in year.holidays}


def test_2025_2026_is_the_published_calendar():
    year = meb.school_year(2025)
    assert (year.semester1_start, year.semester1_end) == (D(2025, 9, 8), D(2026, 1, 16))
    assert (year.semester2_start, year.semester2_end) == (D(2026, 2, 2), D(2026, 6, 26))
    days = by_name(year)
    assert days["Birinci dönem ara tatili"] == (D(2025, 11, 10), D(2025, 11, 14))
    assert days["Yarıyıl tatili"] == (D(2026, 1, 19), D(2026, 1, 30))
    assert days["İkinci dönem ara tatili"] == (D(2026, 3, 16), D(2026, 3, 20))
    assert days["Ramazan Bayramı"] == (D(2026, 3, 20), D(2026, 3, 22))
    assert days["Kurban Bayramı"] == (D(2026, 5, 27), D(2026, 5, 30))
    for name, day in (
        ("Cumhuriyet Bayramı", D(2025, 10, 29)),
        ("Yılbaşı", D(2026, 1, 1)),
        ("Ulusal Egemenlik ve Çocuk Bayramı", D(2026, 4, 23)),
        ("Emek ve Dayanışma Günü", D(2026, 5, 1)),
        ("Atatürk'ü Anma, Gençlik ve Spor Bayramı", D(2026, 5, 19)),
    ):
        assert days[name] == (day, day)


@pytest.mark.parametrize("first_year", [2024, 2025])
def test_the_rule_gives_the_published_start_and_the_autumn_and_winter_breaks(first_year):
    start, autumn, winter, _spring, _end = meb.PUBLISHED[first_year]
    assert meb._nth_monday(first_year, 9, 2) == start
    assert meb._nth_monday(first_year, 11, 2) == autumn
    assert meb._monday_on_or_after(D(first_year + 1, 1, 18)) == winter


def test_2026_2027_follows_the_rule():
    year = meb.school_year(2026)
    assert year.name == "2026-2027"
    assert (year.semester1_start, year.semester1_end) == (D(2026, 9, 14), D(2027, 1, 15))
    assert (year.semester2_start, year.semester2_end) == (D(2027, 2, 1), D(2027, 6, 25))
    days = by_name(year)
    assert days["Birinci dönem ara tatili"] == (D(2026, 11, 9), D(2026, 11, 13))
    assert days["Yarıyıl tatili"] == (D(2027, 1, 18), D(2027, 1, 29))
    # Ramazan Bayramı begins on Tuesday 9 March 2027: the second-term break is its week
    assert days["İkinci dönem ara tatili"] == (D(2027, 3, 8), D(2027, 3, 12))


def test_without_a_known_bayram_the_spring_break_is_in_april_and_religious_holidays_are_left_out():
    year = meb.school_year(2035)
    days = by_name(year)
    assert days["İkinci dönem ara tatili"] == (D(2036, 4, 14), D(2036, 4, 18))
    assert "Ramazan Bayramı" not in days and "Kurban Bayramı" not in days


@pytest.mark.parametrize("first_year", range(2024, 2031))
def test_every_year_is_consistent(first_year):
    year = meb.school_year(first_year)
    assert year.semester1_start.weekday() == 0 and year.semester2_start.weekday() == 0
    assert year.semester1_end.weekday() == 4 and year.semester2_end.weekday() == 4
    assert year.semester1_start < year.semester1_end < year.semester2_start < year.semester2_end
    for holiday in year.holidays:
        assert year.semester1_start <= holiday.first_day <= holiday.last_day <= year.semester2_end
    breaks = [h for h in year.holidays if h.kind == meb.MID_TERM_BREAK]
    assert len(breaks) == 2 and all(h.first_day.weekday() == 0 for h in breaks)


@pytest.mark.parametrize(
    ("day", "first_year"),
    [(D(2026, 12, 7), 2026), (D(2026, 7, 15), 2026), (D(2027, 6, 30), 2026), (D(2026, 3, 1), 2025)],
)
def test_the_school_year_shown_on_a_day(day, first_year):
    assert meb.school_year_of(day) == first_year
