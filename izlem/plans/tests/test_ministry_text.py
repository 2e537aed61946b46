"""Ministry-template plan text reader: what must never come through (contact data), what must be
reported with its place instead of guessed, and the reading rules (units, numbers, row alignment,
code order). The plan's contents: test_ministry_text_indicators.py and test_ministry_text_parts.py.

Plain functions, no database.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from izlem.core.formats import format_decimal, parse_decimal
from izlem.plans.importers.ministry_text import align_row, code_key, parse_plan_text, unit_for
from tests.support.plans import KARS, D, indicator

EMAIL = re.compile(r"@")
PHONE = re.compile(r"\(?0?\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}")


# ---------------------------------------------------------------------------------------------
# What must never come through, and what must be reported


def strings_in(value: object):
    """Every string inside a parsed document, walking dataclasses, lists, tuples and dicts."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings_in(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)


@pytest.mark.parametrize("name", ["seed_document", "kars_document"], ids=["seed", "kars"])
def test_no_email_or_phone_anywhere(name, request):
    plan = request.getfixturevalue(name)
    texts = list(strings_in(plan))
    assert len(texts) > 200
    assert [t for t in texts if EMAIL.search(t)] == []
    assert [t for t in texts if PHONE.search(t)] == []


def test_contact_data_in_free_text_is_removed_and_reported():
    text = KARS.read_text(encoding="utf-8").replace(
        "Kars'ta her bireye güvenli", "Bilgi: kars@meb.gov.tr, 0474 212 34 56. Kars'ta her bireye güvenli"
    )
    plan = parse_plan_text(text)
    assert "@" not in plan.mission and "212 34 56" not in plan.mission
    assert plan.mission.endswith(
        "Kars'ta her bireye güvenli, kapsayıcı ve nitelikli eğitim ortamları sunmak."
    )
    assert [p.where for p in plan.problems] == ["mission"]


def test_row_that_cannot_be_aligned_is_a_located_error_not_a_guess():
    # Without its empty cell the "Meslek Lisesi" row has three values for four year columns.
    text = KARS.read_text(encoding="utf-8").replace(
        "\tMeslek Lisesi\n\t\n\t28,35", "\tMeslek Lisesi\n\t28,35"
    )
    plan = parse_plan_text(text)
    assert [r.breakdown for r in indicator(plan, "1.1.2").rows] == ["Anadolu Lisesi"]
    assert plan.problems == [] and len(plan.errors) == 1
    assert plan.errors[0].where.startswith("satır ")
    assert (
        "Gösterge 1.1.2" in plan.errors[0].message and "tek anlamlı eşleştirilemedi" in plan.errors[0].message
    )


def test_unreadable_number_is_a_located_error():
    text = KARS.read_text(encoding="utf-8").replace("\t3.990\n", "\t3.99O\n")
    plan = parse_plan_text(text)
    assert [("sütun" in p.where, "2019 değeri sayı olarak okunamadı" in p.message) for p in plan.errors] == [
        (True, True)
    ]


def test_windows_line_endings_read_the_same(kars_document):
    assert parse_plan_text(KARS.read_text(encoding="utf-8").replace("\n", "\r\n")) == kars_document


def test_measure_table_right_after_indicator_table():
    # given: target 2.2 without its narratives, so its two tables touch
    text = KARS.read_text(encoding="utf-8")
    start = text.index("\n\n\nHedefin ne olduğu ve neden gereksinim duyulduğu?\nİlimiz birinci")
    end = text.index("\tNo\n\tTedbir\n\tAna Sorumlu Birimler\n\tDiğer Sorumlu Birimler\n\n\t6")
    # when
    plan = parse_plan_text(text[:start] + "\n\n" + text[end:])
    # then
    assert [i.code for i in plan.indicators if i.target_code == "2.2"] == ["2.2.1", "2.2.4"]
    assert [(m.number, m.target_code) for m in plan.measures][-2:] == [(6, "2.2"), (7, "2.2")]
    assert plan.problems == []


def test_missing_sections_are_reported():
    plan = parse_plan_text("Bu bir strateji belgesi değil.\n")
    assert plan.indicators == [] and plan.goals == []
    assert {p.where for p in plan.problems} == {"belge"}
    assert len(plan.problems) >= 4


# ---------------------------------------------------------------------------------------------
# Helpers


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("Net okullaşma oranı (%)", "percent"),
        ("Onur veya iftihar belgesi alan öğrenci oranı(%)", "percent"),
        ("Çalışan başına düşen yıllık hizmet içi eğitim süresi (saat)", "hours"),
        ("Okul başına düşen ortalama tatil süresi (gün)", "days"),
        ("Öğrenci başına okunan kitap sayısı", "per_student"),
        ("Derslik başına düşen öğrenci sayısı", "ratio"),
        ("Ücretli öğretmen sayısının toplam öğretmen sayısına oranı", "ratio"),
        ("Okul terk oranı", "percent"),
        ("LGS matematik ortalama puanı", "score"),
        ("Beyaz Bayrak Sertifikasına sahip okul sayısı", "count"),
        ("Hedeflenen okullardan kurulumu tamamlananlar", "other"),
    ],
)
def test_unit_for(name, unit):
    assert unit_for(name) == unit


def test_parse_decimal_leading_zero_is_not_a_thousands_group():
    assert parse_decimal("0.500") == D("0.500")
    assert parse_decimal("1.750") == D("1750")


turkish_values = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
)


@given(
    values=st.lists(turkish_values, min_size=2, max_size=6),
    label=st.sampled_from([None, "İlkokul", "Ortaöğretim", "9-12. sınıf", "Meslek Lisesi", "Okul öncesi"]),
    empty_mark=st.sampled_from(["", "-"]),
    grouping=st.booleans(),
)
def test_align_row_reads_back_any_row(values, label, empty_mark, grouping):
    cells = [empty_mark if v is None else format_decimal(v, places=2, grouping=grouping) for v in values]
    aligned = align_row(([label] if label else []) + cells, len(values))
    assert aligned is not None
    breakdown, read = aligned
    assert breakdown == label
    assert [parse_decimal(cell) for cell in read] == values


@given(
    values=st.lists(turkish_values, min_size=2, max_size=6), label=st.sampled_from(["İlkokul", "Ortaokul"])
)
def test_align_row_refuses_a_labelled_row_with_a_cell_missing(values, label):
    cells = ["" if v is None else format_decimal(v) for v in values]
    assert align_row([label, *cells[1:]], len(values)) is None
    assert align_row([label, *cells, "12"], len(values)) is None


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4), min_size=1, max_size=12
    )
)
def test_code_key_sorts_numerically(parts):
    codes = [".".join(map(str, p)) for p in parts]
    assert sorted(codes, key=code_key) == [".".join(map(str, p)) for p in sorted(parts)]


def test_code_key_orders_gaps():
    assert sorted(["3.2.12", "3.2.9", "3.2.10", "1.1.2"], key=code_key) == [
        "1.1.2",
        "3.2.9",
        "3.2.10",
        "3.2.12",
    ]
