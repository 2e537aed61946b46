"""Ministry-template plan text reader: a plan's structure, goals, targets, indicators and their values
(the Erzincan seed and the Kars plan). Plain functions, no database.
"""

from __future__ import annotations

from collections import Counter

from izlem.plans.importers.ministry_text import code_key
from tests.support.plans import D, indicator, row_values

# ---------------------------------------------------------------------------------------------
# The seed: structure and counts


def test_seed_identity(seed_document):
    assert seed_document.title == "Erzincan İl Millî Eğitim Müdürlüğü 2015-2019 Stratejik Planı"
    assert seed_document.owner_name == "Erzincan İl Millî Eğitim Müdürlüğü"
    assert seed_document.province_name == "Erzincan"
    assert (seed_document.period_start, seed_document.period_end) == (2015, 2019)


def test_seed_counts(seed_document):
    assert len(seed_document.goals) == 3
    assert len(seed_document.targets) == 6
    assert len(seed_document.indicators) == 55
    assert sum(len(i.rows) for i in seed_document.indicators) == 73
    assert [m.number for m in seed_document.measures] == list(range(1, 59))
    assert len(seed_document.costs) == 12


def test_seed_goals_targets_and_themes(seed_document):
    assert [g.code for g in seed_document.goals] == ["1", "2", "3"]
    assert [t.code for t in seed_document.targets] == ["1.1", "2.1", "2.2", "2.3", "3.1", "3.2"]
    assert seed_document.themes == [
        "Eğitim ve Öğretime Erişim",
        "Eğitim ve Öğretimde Kalite",
        "Kurumsal Kapasite",
    ]
    assert [g.theme for g in seed_document.goals] == seed_document.themes
    assert (
        seed_document.goals[0].title
        == "Bütün bireylerin eğitim ve öğretime adil şartlar altında erişmesini sağlamak."
    )
    assert seed_document.goals[2].title.startswith("Yönetim ve organizasyon yapısını iyileştirerek, Kurumsal")
    target = seed_document.targets[0]
    assert target.goal_code == "1"
    assert target.statement.startswith("Plan dönemi sonuna kadar dezavantajlı gruplar başta olmak üzere")
    assert target.rationale.startswith("Bireylerin eğitim ve öğretime katılması")
    assert target.current_status.startswith("İlimizde okul öncesi eğitimde son üç yıl ortalamasına")
    assert target.expected_outcome.startswith("Örgün öğretimin her kademesinde")
    # The detailed section's wording wins over the summary table's.
    assert (
        seed_document.targets[1].statement
        == "Plan dönemi sonuna kadar ulusal ve uluslararası alanda, akademik başarıyı artırmak."
    )
    assert all(t.rationale and t.current_status and t.expected_outcome for t in seed_document.targets)


def test_seed_indicators_per_target(seed_document):
    per_target = Counter(i.target_code for i in seed_document.indicators)
    assert per_target == {"1.1": 9, "2.1": 12, "2.2": 7, "2.3": 3, "3.1": 10, "3.2": 14}
    assert all(i.code.startswith(f"{i.target_code}.") for i in seed_document.indicators)
    assert all(
        r.target_year == 2019 and sorted(r.baselines) == [2012, 2013, 2014]
        for i in seed_document.indicators
        for r in i.rows
    )


def test_seed_codes_kept_as_written_and_in_code_order(seed_document):
    codes = [i.code for i in seed_document.indicators]
    assert codes == sorted(codes, key=code_key)
    at = codes.index("3.2.9")
    assert codes[at + 1] == "3.2.12"
    assert "3.2.10" not in codes and "3.2.11" not in codes
    assert codes[-1] == "3.2.16"


# ---------------------------------------------------------------------------------------------
# The seed: indicator values


def test_seed_1_1_1(seed_document):
    item = indicator(seed_document, "1.1.1")
    assert (
        item.name
        == "İlkokul birinci sınıf öğrencilerinden en az bir yıl okul öncesi eğitim almış olanların oranı (%)"
    )
    assert item.unit == "percent"
    assert len(item.rows) == 1
    assert item.rows[0].breakdown is None
    assert item.rows[0].baselines == {2012: D("52.75"), 2013: D("43.77"), 2014: D("53.34")}
    assert item.rows[0].target == D("85")


def test_seed_1_1_2_ortaokul_row_misses_2012(seed_document):
    assert [r.breakdown for r in indicator(seed_document, "1.1.2").rows] == [
        "İlkokul",
        "Ortaokul",
        "Ortaöğretim",
    ]
    assert row_values(seed_document, "1.1.2", "İlkokul") == [D("98.54"), D("98.40"), D("99.39"), D("99.85")]
    assert row_values(seed_document, "1.1.2", "Ortaokul") == [None, D("93.83"), D("95.83"), D("98.50")]
    assert row_values(seed_document, "1.1.2", "Ortaöğretim") == [
        D("80.86"),
        D("81.86"),
        D("86.11"),
        D("95.00"),
    ]


def test_seed_other_goal_1_rows(seed_document):
    assert row_values(seed_document, "1.1.4", "Ortaokul") == [None, D("1.69"), D("1.55"), D("0.30")]
    assert [r.breakdown for r in indicator(seed_document, "1.1.7").rows] == [
        "Okul öncesi",
        "İlkokul",
        "Ortaokul",
        "Ortaöğretim",
    ]
    assert row_values(seed_document, "1.1.7", "Okul öncesi") == [D("2.73"), D("3.57"), D("2.61"), D("5.5")]
    # Dot decimals next to a comma-decimal target.
    assert row_values(seed_document, "1.1.9") == [D("96.5"), D("96.9"), D("97.2"), D("98.5")]


def test_seed_goal_2_indicators(seed_document):
    assert row_values(seed_document, "2.1.1", "Ortaöğretim") == [D("15"), D("17"), D("18"), D("22")]
    book = indicator(seed_document, "2.1.2")
    assert book.unit == "per_student"
    assert row_values(seed_document, "2.1.2", "İlkokul") == [D("4"), D("4"), D("4.2"), D("10")]
    # A dot-decimal row, with a disaggregation seen nowhere else.
    assert row_values(seed_document, "2.1.3", "İlköğretim kurumları") == [
        D("5.96"),
        D("5.20"),
        D("5.50"),
        D("7.50"),
    ]
    assert row_values(seed_document, "2.1.4", "Ortaöğretim") == [D("23.20"), D("26.53"), D("25.28"), D("30")]
    assert [r.breakdown for r in indicator(seed_document, "2.1.5").rows] == ["9-12. sınıf"]
    assert row_values(seed_document, "2.1.5", "9-12. sınıf") == [D("3.8"), D("5.9"), D("6.2"), D("3.5")]
    assert row_values(seed_document, "2.1.6", "Ortaokul") == [D("0.001"), D("0.001"), D("0.001"), D("0")]
    # "-" cells are no value.
    assert indicator(seed_document, "2.1.8").unit == "count"
    assert row_values(seed_document, "2.1.8") == [D("1"), None, None, D("10")]
    assert (
        indicator(seed_document, "2.1.10").name
        == "Başarıyı artırmaya yönelik açılan ders takviye kurslarına katılan öğrenci sayısı"
    )
    assert row_values(seed_document, "2.1.10") == [D("160"), D("240"), D("1750"), D("5120")]
    assert row_values(seed_document, "2.2.2") == [None, None, None, D("18")]
    assert row_values(seed_document, "2.3.2") == [D("66"), D("72"), D("108"), D("250")]


def test_seed_goal_3_indicators(seed_document):
    teacher = indicator(seed_document, "3.1.1")
    assert teacher.unit == "ratio"
    assert row_values(seed_document, "3.1.1", "Ortaokul") == [None, D("16"), D("13"), D("13")]
    hours = indicator(seed_document, "3.1.2")
    assert hours.unit == "hours"
    assert row_values(seed_document, "3.1.2") == [D("1"), D("1.20"), D("1.80"), D("4")]
    assert indicator(seed_document, "3.1.4").unit == "percent"
    assert [r.breakdown for r in indicator(seed_document, "3.2.1").rows] == ["İlköğretim", "Ortaöğretim"]
    assert row_values(seed_document, "3.2.1", "İlköğretim") == [D("17.5"), D("18.5"), D("18.5"), D("18")]
    assert row_values(seed_document, "3.2.8") == [None, None, D("100"), D("100")]
    assert row_values(seed_document, "3.2.12") == [None, None, None, D("130")]
    assert row_values(seed_document, "3.2.15") == [None, None, None, D("3285")]


def test_seed_units(seed_document):
    assert Counter(i.unit for i in seed_document.indicators) == {
        "percent": 27,
        "count": 24,
        "ratio": 2,
        "per_student": 1,
        "hours": 1,
    }
    assert [i.code for i in seed_document.indicators if i.unit == "ratio"] == ["3.1.1", "3.2.1"]


# ---------------------------------------------------------------------------------------------
# The second plan (Kars 2020-2024)


def test_kars_structure(kars_document):
    assert kars_document.title == "Kars İl Millî Eğitim Müdürlüğü 2020-2024 Stratejik Planı"
    assert (kars_document.province_name, kars_document.period_start, kars_document.period_end) == (
        "Kars",
        2020,
        2024,
    )
    assert [g.code for g in kars_document.goals] == ["1", "2"]
    assert [t.code for t in kars_document.targets] == ["1.1", "2.1", "2.2"]
    assert [i.code for i in kars_document.indicators] == [
        "1.1.1",
        "1.1.2",
        "1.1.3",
        "1.1.5",
        "2.1.1",
        "2.1.2",
        "2.1.3",
        "2.2.1",
        "2.2.4",
    ]
    assert sum(len(i.rows) for i in kars_document.indicators) == 12
    assert [m.number for m in kars_document.measures] == [1, 2, 3, 4, 5, 6, 7]
    assert kars_document.themes == ["Eğitim ve Öğretime Erişim", "Kurumsal Kapasite"]
    assert kars_document.problems == []


def test_kars_indicator_values(kars_document):
    assert all(
        r.target_year == 2024 and sorted(r.baselines) == [2017, 2018, 2019]
        for i in kars_document.indicators
        for r in i.rows
    )
    assert row_values(kars_document, "1.1.1") == [D("61.20"), D("64.05"), D("66.80"), D("85")]
    # The extra disaggregation, with the 2017 baseline missing as an empty cell.
    assert [r.breakdown for r in indicator(kars_document, "1.1.2").rows] == [
        "Anadolu Lisesi",
        "Meslek Lisesi",
    ]
    assert row_values(kars_document, "1.1.2", "Meslek Lisesi") == [None, D("28.35"), D("29.10"), D("35")]
    assert row_values(kars_document, "1.1.3") == [D("4215"), D("4180"), D("3990"), D("3500")]
    assert row_values(kars_document, "1.1.5", "İlkokul") == [D("3.10"), D("2.85"), D("2.6"), D("1.50")]
    assert row_values(kars_document, "2.2.1", "Meslek Lisesi") == [D("22"), D("21"), None, D("20")]
    assert row_values(kars_document, "2.2.4") == [None, D("3"), D("5"), D("20")]
    units = {i.code: i.unit for i in kars_document.indicators}
    assert units == {
        "1.1.1": "percent",
        "1.1.2": "percent",
        "1.1.3": "count",
        "1.1.5": "percent",
        "2.1.1": "hours",
        "2.1.2": "count",
        "2.1.3": "per_student",
        "2.2.1": "ratio",
        "2.2.4": "count",
    }
