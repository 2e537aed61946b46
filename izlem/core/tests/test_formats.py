"""Turkish number and date formatting and parsing."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from izlem.core.formats import NumberFormatError, format_date, format_decimal, parse_date, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19.704.600,00", Decimal("19704600.00")),
        ("52,75", Decimal("52.75")),
        ("85", Decimal("85")),
        ("1.065", Decimal("1065")),
        ("5.96", Decimal("5.96")),
        ("96.5", Decimal("96.5")),
        ("%14,87", Decimal("14.87")),
        ("-3,5", Decimal("-3.5")),
        (" 1 234,5 ", Decimal("1234.5")),
    ],
)
def test_parse_decimal_reads_turkish_and_dot_decimal_cells(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "-", "  ", "–", None])
def test_empty_cells_are_none(text):
    assert parse_decimal(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12.34.5", "1..2"])
def test_garbage_is_refused(text):
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


def test_format_decimal_examples():
    assert format_decimal(Decimal("19704600")) == "19.704.600,00"
    assert format_decimal(Decimal("52.75")) == "52,75"
    assert format_decimal(Decimal("1234.5"), 0) == "1.235"
    assert format_decimal(Decimal("100"), None) == "100"
    assert format_decimal(Decimal("0.250"), None) == "0,25"
    assert format_decimal(None) == ""


def test_dates():
    assert format_date(dt.date(2026, 11, 21)) == "21.11.2026"
    assert parse_date("21.11.2026") == dt.date(2026, 11, 21)
    assert parse_date("2026-11-21") == dt.date(2026, 11, 21)
    assert parse_date("-") is None
    with pytest.raises(ValueError):
        parse_date("31.02.2026")


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_number_round_trip(value):
    assert parse_decimal(format_decimal(value, 2)) == value


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("1e9"), places=4, allow_nan=False))
def test_number_round_trip_keeping_digits(value):
    assert parse_decimal(format_decimal(value, None)) == value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_date_round_trip(day):
    assert parse_date(format_date(day)) == day


# --- decimals by unit ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("4142.04", "count", "4.142"),  # a count's forecast is whole
        ("66.2966", "percent", "66,30"),  # percentages two decimals …
        ("66", "percent", "66,00"),  # … also when whole: no "66,2966 beside 66"
        (Decimal("0.5"), "count", "1"),
        (12, "ratio", "12,00"),
        ("3.7117", "per_student", "3,71"),
        (None, "count", ""),
        ("", "percent", ""),
        ("yok", "percent", "yok"),  # text that is no number is left as it is
    ],
)
def test_format_by_unit_writes_counts_whole_and_everything_else_with_two_decimals(value, unit, expected):
    from izlem.core.formats import format_by_unit

    assert format_by_unit(value, unit) == expected


def test_places_for_unit_covers_every_indicator_unit():
    from izlem.core.formats import places_for_unit
    from izlem.plans.models import Indicator

    places = {unit: places_for_unit(unit) for unit in Indicator.UnitKind.values}
    assert places.pop("count") == 0 and set(places.values()) == {2}


def test_tr_unit_filter_is_the_same_helper_in_templates():
    from django.template import Context, Template

    template = Template("{{ a|tr_unit:'count' }} {{ b|tr_unit:unit }}")
    assert template.render(Context({"a": "4142.04", "b": "66.2966", "unit": "percent"})) == "4.142 66,30"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4), st.sampled_from(["count", "percent"]))
def test_format_by_unit_reads_back_to_the_value_rounded_to_the_units_places(value, unit):
    from izlem.core.formats import format_by_unit, places_for_unit

    shown = parse_decimal(format_by_unit(value, unit))
    places = places_for_unit(unit)
    assert abs(shown - value) <= Decimal("0.5").scaleb(-places)
    assert shown == shown.quantize(Decimal(1).scaleb(-places))


def test_a_stored_moment_is_written_on_istanbul_time_not_utc():
    import datetime as dt

    from izlem.core.formats import format_datetime

    # given a moment as the database returns it (aware, UTC) and a naive wall-clock time
    stored = dt.datetime(2026, 12, 7, 21, 30, tzinfo=dt.UTC)
    naive = dt.datetime(2026, 12, 7, 9, 5)  # noqa: DTZ001  (a naive value is the case under test)
    # then the stored one is shown three hours later, on the next day (Türkiye is UTC+3 all year)
    assert format_datetime(stored) == "08.12.2026 00:30"
    # and a naive one as it is
    assert format_datetime(naive) == "07.12.2026 09:05"
    assert format_datetime(None) == ""
