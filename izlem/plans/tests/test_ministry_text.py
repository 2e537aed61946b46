"""Tests of the Ministry-template plan text reader: the Erzincan seed, a second plan, edge cases.

Plain functions, no database. The seed is kept in the package (`izlem/plans/seed/`, a copy of
shared/seeds/000_…txt); the second plan is in `tests/data`.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from izlem.core.formats import format_decimal, parse_decimal
from izlem.plans.importers.document import IndicatorDoc, MeasureDoc, PlanDocument
from izlem.plans.importers.ministry_text import (
    align_row,
    code_key,
    parse_plan_file,
    parse_plan_text,
    unit_for,
)

SEED = Path(__file__).resolve().parents[1] / "seed" / "erzincan_2015_2019.txt"  # the seed, kept in the repo
KARS = Path(__file__).parent / "data" / "kars_2020_2024.txt"
EMAIL = re.compile(r"@")
PHONE = re.compile(r"\(?0?\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}")


@pytest.fixture(scope="module")
def seed() -> PlanDocument:
    """The Erzincan 2015-2019 plan, parsed once for the module."""
    return parse_plan_file(SEED)


@pytest.fixture(scope="module")
def kars() -> PlanDocument:
    """The Kars 2020-2024 test plan, parsed once for the module."""
    return parse_plan_file(KARS)


def indicator(plan: PlanDocument, code: str) -> IndicatorDoc:
    """The indicator with this code."""
    return next(i for i in plan.indicators if i.code == code)


def measure(plan: PlanDocument, number: int) -> MeasureDoc:
    """The measure with this number."""
    return next(m for m in plan.measures if m.number == number)


def row_values(plan: PlanDocument, code: str, breakdown: str | None = None) -> list[Decimal | None]:
    """Baselines in year order followed by the target, for one row of an indicator."""
    row = next(r for r in indicator(plan, code).rows if r.breakdown == breakdown)
    return [*(row.baselines[year] for year in sorted(row.baselines)), row.target]


def D(text: str) -> Decimal:
    """Shorthand for an exact Decimal."""
    return Decimal(text)


# ---------------------------------------------------------------------------------------------
# The seed: structure and counts


def test_seed_identity(seed):
    assert seed.title == "Erzincan İl Millî Eğitim Müdürlüğü 2015-2019 Stratejik Planı"
    assert seed.owner_name == "Erzincan İl Millî Eğitim Müdürlüğü"
    assert seed.province_name == "Erzincan"
    assert (seed.period_start, seed.period_end) == (2015, 2019)


def test_seed_counts(seed):
    assert len(seed.goals) == 3
    assert len(seed.targets) == 6
    assert len(seed.indicators) == 55
    assert sum(len(i.rows) for i in seed.indicators) == 73
    assert [m.number for m in seed.measures] == list(range(1, 59))
    assert len(seed.costs) == 12


def test_seed_goals_targets_and_themes(seed):
    assert [g.code for g in seed.goals] == ["1", "2", "3"]
    assert [t.code for t in seed.targets] == ["1.1", "2.1", "2.2", "2.3", "3.1", "3.2"]
    assert seed.themes == ["Eğitim ve Öğretime Erişim", "Eğitim ve Öğretimde Kalite", "Kurumsal Kapasite"]
    assert [g.theme for g in seed.goals] == seed.themes
    assert (
        seed.goals[0].title == "Bütün bireylerin eğitim ve öğretime adil şartlar altında erişmesini sağlamak."
    )
    assert seed.goals[2].title.startswith("Yönetim ve organizasyon yapısını iyileştirerek, Kurumsal")
    target = seed.targets[0]
    assert target.goal_code == "1"
    assert target.statement.startswith("Plan dönemi sonuna kadar dezavantajlı gruplar başta olmak üzere")
    assert target.rationale.startswith("Bireylerin eğitim ve öğretime katılması")
    assert target.current_status.startswith("İlimizde okul öncesi eğitimde son üç yıl ortalamasına")
    assert target.expected_outcome.startswith("Örgün öğretimin her kademesinde")
    # The detailed section's wording wins over the summary table's.
    assert (
        seed.targets[1].statement
        == "Plan dönemi sonuna kadar ulusal ve uluslararası alanda, akademik başarıyı artırmak."
    )
    assert all(t.rationale and t.current_status and t.expected_outcome for t in seed.targets)


def test_seed_indicators_per_target(seed):
    per_target = Counter(i.target_code for i in seed.indicators)
    assert per_target == {"1.1": 9, "2.1": 12, "2.2": 7, "2.3": 3, "3.1": 10, "3.2": 14}
    assert all(i.code.startswith(f"{i.target_code}.") for i in seed.indicators)
    assert all(
        r.target_year == 2019 and sorted(r.baselines) == [2012, 2013, 2014]
        for i in seed.indicators
        for r in i.rows
    )


def test_seed_codes_kept_as_written_and_in_code_order(seed):
    codes = [i.code for i in seed.indicators]
    assert codes == sorted(codes, key=code_key)
    at = codes.index("3.2.9")
    assert codes[at + 1] == "3.2.12"
    assert "3.2.10" not in codes and "3.2.11" not in codes
    assert codes[-1] == "3.2.16"


# ---------------------------------------------------------------------------------------------
# The seed: indicator values


def test_seed_1_1_1(seed):
    item = indicator(seed, "1.1.1")
    assert (
        item.name
        == "İlkokul birinci sınıf öğrencilerinden en az bir yıl okul öncesi eğitim almış olanların oranı (%)"
    )
    assert item.unit == "percent"
    assert len(item.rows) == 1
    assert item.rows[0].breakdown is None
    assert item.rows[0].baselines == {2012: D("52.75"), 2013: D("43.77"), 2014: D("53.34")}
    assert item.rows[0].target == D("85")


def test_seed_1_1_2_ortaokul_row_misses_2012(seed):
    assert [r.breakdown for r in indicator(seed, "1.1.2").rows] == ["İlkokul", "Ortaokul", "Ortaöğretim"]
    assert row_values(seed, "1.1.2", "İlkokul") == [D("98.54"), D("98.40"), D("99.39"), D("99.85")]
    assert row_values(seed, "1.1.2", "Ortaokul") == [None, D("93.83"), D("95.83"), D("98.50")]
    assert row_values(seed, "1.1.2", "Ortaöğretim") == [D("80.86"), D("81.86"), D("86.11"), D("95.00")]


def test_seed_other_goal_1_rows(seed):
    assert row_values(seed, "1.1.4", "Ortaokul") == [None, D("1.69"), D("1.55"), D("0.30")]
    assert [r.breakdown for r in indicator(seed, "1.1.7").rows] == [
        "Okul öncesi",
        "İlkokul",
        "Ortaokul",
        "Ortaöğretim",
    ]
    assert row_values(seed, "1.1.7", "Okul öncesi") == [D("2.73"), D("3.57"), D("2.61"), D("5.5")]
    # Dot decimals next to a comma-decimal target.
    assert row_values(seed, "1.1.9") == [D("96.5"), D("96.9"), D("97.2"), D("98.5")]


def test_seed_goal_2_indicators(seed):
    assert row_values(seed, "2.1.1", "Ortaöğretim") == [D("15"), D("17"), D("18"), D("22")]
    book = indicator(seed, "2.1.2")
    assert book.unit == "per_student"
    assert row_values(seed, "2.1.2", "İlkokul") == [D("4"), D("4"), D("4.2"), D("10")]
    # A dot-decimal row, with a disaggregation seen nowhere else.
    assert row_values(seed, "2.1.3", "İlköğretim kurumları") == [D("5.96"), D("5.20"), D("5.50"), D("7.50")]
    assert row_values(seed, "2.1.4", "Ortaöğretim") == [D("23.20"), D("26.53"), D("25.28"), D("30")]
    assert [r.breakdown for r in indicator(seed, "2.1.5").rows] == ["9-12. sınıf"]
    assert row_values(seed, "2.1.5", "9-12. sınıf") == [D("3.8"), D("5.9"), D("6.2"), D("3.5")]
    assert row_values(seed, "2.1.6", "Ortaokul") == [D("0.001"), D("0.001"), D("0.001"), D("0")]
    # "-" cells are no value.
    assert indicator(seed, "2.1.8").unit == "count"
    assert row_values(seed, "2.1.8") == [D("1"), None, None, D("10")]
    assert (
        indicator(seed, "2.1.10").name
        == "Başarıyı artırmaya yönelik açılan ders takviye kurslarına katılan öğrenci sayısı"
    )
    assert row_values(seed, "2.1.10") == [D("160"), D("240"), D("1750"), D("5120")]
    assert row_values(seed, "2.2.2") == [None, None, None, D("18")]
    assert row_values(seed, "2.3.2") == [D("66"), D("72"), D("108"), D("250")]


def test_seed_goal_3_indicators(seed):
    teacher = indicator(seed, "3.1.1")
    assert teacher.unit == "ratio"
    assert row_values(seed, "3.1.1", "Ortaokul") == [None, D("16"), D("13"), D("13")]
    hours = indicator(seed, "3.1.2")
    assert hours.unit == "hours"
    assert row_values(seed, "3.1.2") == [D("1"), D("1.20"), D("1.80"), D("4")]
    assert indicator(seed, "3.1.4").unit == "percent"
    assert [r.breakdown for r in indicator(seed, "3.2.1").rows] == ["İlköğretim", "Ortaöğretim"]
    assert row_values(seed, "3.2.1", "İlköğretim") == [D("17.5"), D("18.5"), D("18.5"), D("18")]
    assert row_values(seed, "3.2.8") == [None, None, D("100"), D("100")]
    assert row_values(seed, "3.2.12") == [None, None, None, D("130")]
    assert row_values(seed, "3.2.15") == [None, None, None, D("3285")]


def test_seed_units(seed):
    assert Counter(i.unit for i in seed.indicators) == {
        "percent": 27,
        "count": 24,
        "ratio": 2,
        "per_student": 1,
        "hours": 1,
    }
    assert [i.code for i in seed.indicators if i.unit == "ratio"] == ["3.1.1", "3.2.1"]


# ---------------------------------------------------------------------------------------------
# The seed: measures and costing


def test_seed_measure_1(seed):
    first = measure(seed, 1)
    assert first.target_code == "1.1"
    assert first.text.startswith("Öncelikle dezavantajlı gruplar olmak üzere eğitim dışında kalan")
    assert first.main_units == [
        "Temel Eğitim",
        "Orta öğretim",
        "Din Eğitimi",
        "Mesleki ve Teknik Eğitim Hizmetleri",
    ]
    assert first.other_units == ["Strateji Geliştirme 2 (AR-GE)", "Destek Hizmetleri"]


def test_seed_measure_58(seed):
    last = measure(seed, 58)
    assert last.target_code == "3.2"
    assert last.text.startswith("Yapılan planlamaya göre öncelikle merkez ilçeden başlamak üzere")
    assert last.main_units == ["İnsan Kaynakları", "Strateji Geliştirme", "Destek Hizmetleri"]
    assert last.other_units == ["Strateji Geliştirme 2 (AR-GE)"]


def test_seed_measures_with_broken_rows_and_wrapped_units(seed):
    # Row 41 is split by empty lines between its text and its unit cells.
    assert measure(seed, 41).main_units == ["Mesleki ve Teknik Eğitim"]
    assert measure(seed, 41).other_units == ["Orta Öğretim Hizmetleri", "Özel Öğretim Hizmetleri"]
    # "Temel Eğitim," then "Hizmetleri" on a later line is one unit.
    assert measure(seed, 46).main_units == ["Temel Eğitim Hizmetleri"]
    assert measure(seed, 13).main_units == ["Özel Eğitim ve Rehberlik", "İnsan Kaynakları"]
    assert all(m.main_units for m in seed.measures)
    per_target = Counter(m.target_code for m in seed.measures)
    assert per_target == {"1.1": 21, "2.1": 9, "2.2": 10, "2.3": 7, "3.1": 4, "3.2": 7}


def test_seed_measure_timing_from_text(seed):
    assert measure(seed, 4).timing == "plan dönemi sonuna kadar, her yıl, sene başında"
    assert measure(seed, 36).timing == "plan dönemi süresince, her yıl"
    assert measure(seed, 1).timing == ""


def test_seed_costing_as_printed(seed):
    costs = {(c.kind, c.key): c for c in seed.costs}
    assert costs[("target", "1.1")].amount == D("19704600.00")
    assert costs[("target", "1.1")].share == D("14.87")
    assert costs[("goal", "1")].amount == D("19704600.00")
    assert costs[("target", "2.3")].amount == D("187200.00")
    assert costs[("goal", "2")].amount == D("3408200.00") and costs[("goal", "2")].share == D("2.58")
    assert costs[("goals_total", "goals_total")].amount == D("27737800.00")
    assert costs[("general_admin", "general_admin")].amount == D("104754209.00")
    assert costs[("general_admin", "general_admin")].share == D("79.06")
    assert costs[("total", "total")].amount == D("132492009.00")
    assert costs[("total", "total")].share == D("100")
    assert [c.kind for c in seed.costs].count("target") == 6
    assert all(c.yearly == {} for c in seed.costs)


# ---------------------------------------------------------------------------------------------
# The seed: direction and analyses


def test_seed_mission_vision_values(seed):
    assert seed.mission.startswith(
        "Anayasamızda belirtildiği şekli ile eğitim hakkından her vatandaşın yararlanması"
    )
    assert seed.vision == "Ülkemizdeki eşdeğer kurumlara örnek ve öncü olabilecek nitelikte bir kurum."
    assert len(seed.values) == 12
    assert seed.values[0] == "Takım çalışması"
    assert seed.values[-1] == "Değişime ve gelişime açık olmak"


def test_seed_swot(seed):
    assert Counter(s.category for s in seed.swot) == {
        "strength": 9,
        "weakness": 10,
        "opportunity": 7,
        "threat": 11,
    }
    numbers = Counter((s.category, s.number) for s in seed.swot)
    assert max(numbers.values()) == 1  # one item per (category, number)
    strength_2 = next(s for s in seed.swot if (s.category, s.number) == ("strength", 2))
    assert strength_2.theme == "Eğitim ve Öğretime Erişim"
    assert strength_2.text.startswith("İlimizdeki Mesleki ve Teknik Anadolu Liselerinde")
    strength_1 = next(s for s in seed.swot if (s.category, s.number) == ("strength", 1))
    assert strength_1.theme == "Kurumsal Kapasite"
    assert strength_1.text.startswith("Bina ve derslik sayılarının yeterli düzeyde")
    # Items TOWS does not cite follow its five.
    assert (
        next(s for s in seed.swot if (s.category, s.number) == ("threat", 6)).text
        == "Yaylaya giden ailelerin öğrencilerinin olması"
    )


def test_seed_tows(seed):
    assert Counter(t.kind for t in seed.tows) == {"SO": 5, "WO": 5, "ST": 2, "WT": 4}
    first = seed.tows[0]
    assert first.text.startswith("Mesleki ve teknik Anadolu liselerinin mezunlarının")
    assert first.text.endswith("çalışmalar yapılacaktır.")
    assert first.cites == [("strength", 2), ("opportunity", 1)]
    assert seed.tows[4].cites == [("strength", 5), ("opportunity", 2)]  # written "( 5G2F)"
    assert seed.tows[-1].cites == [("weakness", 4), ("threat", 5)]
    known = {(s.category, s.number) for s in seed.swot}
    assert all(cite in known for t in seed.tows for cite in t.cites)


def test_seed_pest(seed):
    assert Counter(p.category for p in seed.pest) == {
        "political": 2,
        "economic": 2,
        "social": 4,
        "technological": 4,
        "ecological": 2,
        "ethical": 2,
    }
    assert (
        seed.pest[0].text
        == "5018 sayılı Kamu Mali Yönetimi ve Kontrol Kanununun uygulanmaya başlanmış olması"
    )


def test_seed_stakeholders(seed):
    assert len(seed.stakeholders) == 26
    by_name = {s.name: s for s in seed.stakeholders}
    meb = by_name["Millî Eğitim Bakanlığı"]
    assert meb.roles == ["core_partner", "strategic_partner"] and not meb.internal
    assert (meb.priority, meb.reason) == ("1", "Bağlı olduğumuz merkezi idare")
    assert by_name["Milli Eğitim Müdürlüğü Çalışanları"].internal
    assert by_name["Hayırseverler"].roles == ["supplier"]
    assert by_name["Öğrenciler ve Veliler"].roles == ["core_partner", "beneficiary"]
    # Abbreviations of the priority matrix are spelled out from KISALTMALAR.
    assert by_name["Gençlik ve Spor Bakanlığı"].priority == "1"
    assert by_name["Sivil Toplum Kuruluşları"].priority == "2"


def test_seed_committees_and_surveys(seed):
    assert [len(c.members) for c in seed.committees] == [19, 10]
    assert seed.committees[0].name == "ERZİNCAN İLİ STRATEJİK PLAN ÜST KURULU ÜYELERİ"
    assert seed.committees[0].members[0] == ("Aziz GÜN", "Milli Eğitim Müdürü")
    assert seed.committees[0].members[10] == ("Hüseyin DÜNDAR", "Şube Müdürü")  # a row broken by empty lines
    assert seed.committees[1].members[-1] == ("Kamil YILMAZ", "AR-GE Memur")
    assert (seed.internal_survey_count, seed.external_survey_count) == (134, 1065)
    assert "Stratejik planlama sürecinde toplam 10 toplantı yapılmıştır." in seed.meetings


def test_seed_problem_areas_and_architecture(seed):
    assert Counter(a.theme for a in seed.problem_areas) == {
        "Eğitim ve Öğretime Erişim": 8,
        "Eğitim ve Öğretimde Kalite": 13,
        "Kurumsal Kapasite": 11,
    }
    assert len(seed.architecture) == 22
    component = next(a for a in seed.architecture if a.code == "1.1.1")
    assert component.title == "Okul öncesi eğitimde okullaşma devam ve tamamlama"
    assert component.theme == "Eğitim ve Öğretime Erişim"


def test_seed_problems_are_exactly_the_tows_mismatches(seed):
    assert [(p.where, p.message) for p in seed.problems] == [
        ("satır 2737", "TOWS matrisindeki 3. zayıf yön GZFT analizinde bulunamadı; temasız eklendi."),
        (
            "satır 2753",
            "TOWS matrisindeki 4. fırsat GZFT analizinde bulunamadı (GZFT'de güçlü yön olarak yer alıyor); temasız eklendi.",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The second plan (Kars 2020-2024)


def test_kars_structure(kars):
    assert kars.title == "Kars İl Millî Eğitim Müdürlüğü 2020-2024 Stratejik Planı"
    assert (kars.province_name, kars.period_start, kars.period_end) == ("Kars", 2020, 2024)
    assert [g.code for g in kars.goals] == ["1", "2"]
    assert [t.code for t in kars.targets] == ["1.1", "2.1", "2.2"]
    assert [i.code for i in kars.indicators] == [
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
    assert sum(len(i.rows) for i in kars.indicators) == 12
    assert [m.number for m in kars.measures] == [1, 2, 3, 4, 5, 6, 7]
    assert kars.themes == ["Eğitim ve Öğretime Erişim", "Kurumsal Kapasite"]
    assert kars.problems == []


def test_kars_indicator_values(kars):
    assert all(
        r.target_year == 2024 and sorted(r.baselines) == [2017, 2018, 2019]
        for i in kars.indicators
        for r in i.rows
    )
    assert row_values(kars, "1.1.1") == [D("61.20"), D("64.05"), D("66.80"), D("85")]
    # The extra disaggregation, with the 2017 baseline missing as an empty cell.
    assert [r.breakdown for r in indicator(kars, "1.1.2").rows] == ["Anadolu Lisesi", "Meslek Lisesi"]
    assert row_values(kars, "1.1.2", "Meslek Lisesi") == [None, D("28.35"), D("29.10"), D("35")]
    assert row_values(kars, "1.1.3") == [D("4215"), D("4180"), D("3990"), D("3500")]
    assert row_values(kars, "1.1.5", "İlkokul") == [D("3.10"), D("2.85"), D("2.6"), D("1.50")]
    assert row_values(kars, "2.2.1", "Meslek Lisesi") == [D("22"), D("21"), None, D("20")]
    assert row_values(kars, "2.2.4") == [None, D("3"), D("5"), D("20")]
    units = {i.code: i.unit for i in kars.indicators}
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


def test_kars_measures_and_costs(kars):
    assert measure(kars, 2).main_units == ["Temel Eğitim", "Ortaöğretim"]
    assert measure(kars, 3).main_units == ["Destek Hizmetleri"]  # broken row, wrapped unit name
    assert measure(kars, 4).other_units == ["Kafkas Üniversitesi"]
    assert (measure(kars, 4).timing, measure(kars, 5).timing) == ("2020-2024", "Her yıl Eylül")
    assert [m.target_code for m in kars.measures] == ["1.1", "1.1", "1.1", "2.1", "2.1", "2.2", "2.2"]
    costs = {(c.kind, c.key): c for c in kars.costs}
    assert costs[("target", "2.2")].amount == D("4000000.00")
    assert costs[("target", "2.2")].yearly == {
        2020: D("1000000.00"),
        2021: D("1200000.00"),
        2022: D("800000.00"),
        2023: D("600000.00"),
        2024: D("400000.00"),
    }
    assert costs[("general_admin", "general_admin")].share == D("86.10")
    assert costs[("total", "total")].amount == D("50000000.00")


def test_kars_analyses(kars):
    assert [(c.name, c.members) for c in kars.committees] == [
        (
            "KARS İL MİLLÎ EĞİTİM MÜDÜRLÜĞÜ STRATEJİK PLAN ÜST KURULU",
            [
                ("Ayşe KARADAĞ", "İl Millî Eğitim Müdürü"),
                ("Mehmet Ali SARIKAYA", "Millî Eğitim Müdür Yardımcısı"),
                ("Zeynep ÖZDEMİR", "Strateji Geliştirme Şube Müdürü"),
            ],
        ),
        (
            "KARS İL MİLLÎ EĞİTİM MÜDÜRLÜĞÜ STRATEJİK PLAN EKİBİ",
            [("Hakan YURT", "Ar-Ge Birimi Öğretmeni"), ("Elif ÇELİK", "Sarıkamış İlçe Millî Eğitim Müdürü")],
        ),
    ]
    assert (kars.internal_survey_count, kars.external_survey_count) == (412, 1286)
    assert kars.meetings == [
        "Stratejik plan ekibi her ay düzenli toplantılar yapmış, plan taslağı iki kez üst kurula sunulmuştur.",
        "Ekim 2019 tarihinde ilçe müdürleri ile bir değerlendirme çalıştayı yapılmıştır.",
    ]
    assert Counter(s.category for s in kars.swot) == {
        "strength": 3,
        "weakness": 3,
        "opportunity": 2,
        "threat": 2,
    }
    assert kars.tows[1].cites == [("weakness", 1), ("opportunity", 2)]
    assert (
        next(s for s in kars.swot if (s.category, s.number) == ("opportunity", 2)).theme
        == "Eğitim ve Öğretime Erişim"
    )
    assert (
        next(s for s in kars.stakeholders if s.name == "Afet ve Acil Durum Yönetimi Başkanlığı").priority
        == "2"
    )
    assert kars.values == ["Adalet", "Şeffaflık", "Paydaşlarla iş birliği"]
    assert [a.code for a in kars.architecture] == ["1", "1.1", "1.1.1", "2", "2.1", "2.1.1", "2.1.2"]


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


@pytest.mark.parametrize("name", ["seed", "kars"])
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


def test_windows_line_endings_read_the_same(kars):
    assert parse_plan_text(KARS.read_text(encoding="utf-8").replace("\n", "\r\n")) == kars


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
