"""Ministry-template plan text reader: measures, costing, mission and the situation analyses (the
Erzincan seed and the Kars plan). Plain functions, no database.
"""

from __future__ import annotations

from collections import Counter

from tests.support.plans import D, measure

# ---------------------------------------------------------------------------------------------
# The seed: measures and costing


def test_seed_measure_1(seed_document):
    first = measure(seed_document, 1)
    assert first.target_code == "1.1"
    assert first.text.startswith("Öncelikle dezavantajlı gruplar olmak üzere eğitim dışında kalan")
    assert first.main_units == [
        "Temel Eğitim",
        "Orta öğretim",
        "Din Eğitimi",
        "Mesleki ve Teknik Eğitim Hizmetleri",
    ]
    assert first.other_units == ["Strateji Geliştirme 2 (AR-GE)", "Destek Hizmetleri"]


def test_seed_measure_58(seed_document):
    last = measure(seed_document, 58)
    assert last.target_code == "3.2"
    assert last.text.startswith("Yapılan planlamaya göre öncelikle merkez ilçeden başlamak üzere")
    assert last.main_units == ["İnsan Kaynakları", "Strateji Geliştirme", "Destek Hizmetleri"]
    assert last.other_units == ["Strateji Geliştirme 2 (AR-GE)"]


def test_seed_measures_with_broken_rows_and_wrapped_units(seed_document):
    # Row 41 is split by empty lines between its text and its unit cells.
    assert measure(seed_document, 41).main_units == ["Mesleki ve Teknik Eğitim"]
    assert measure(seed_document, 41).other_units == ["Orta Öğretim Hizmetleri", "Özel Öğretim Hizmetleri"]
    # "Temel Eğitim," then "Hizmetleri" on a later line is one unit.
    assert measure(seed_document, 46).main_units == ["Temel Eğitim Hizmetleri"]
    assert measure(seed_document, 13).main_units == ["Özel Eğitim ve Rehberlik", "İnsan Kaynakları"]
    assert all(m.main_units for m in seed_document.measures)
    per_target = Counter(m.target_code for m in seed_document.measures)
    assert per_target == {"1.1": 21, "2.1": 9, "2.2": 10, "2.3": 7, "3.1": 4, "3.2": 7}


def test_seed_measure_timing_from_text(seed_document):
    assert measure(seed_document, 4).timing == "plan dönemi sonuna kadar, her yıl, sene başında"
    assert measure(seed_document, 36).timing == "plan dönemi süresince, her yıl"
    assert measure(seed_document, 1).timing == ""


def test_seed_costing_as_printed(seed_document):
    costs = {(c.kind, c.key): c for c in seed_document.costs}
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
    assert [c.kind for c in seed_document.costs].count("target") == 6
    assert all(c.yearly == {} for c in seed_document.costs)


# ---------------------------------------------------------------------------------------------
# The seed: direction and analyses


def test_seed_mission_vision_values(seed_document):
    assert seed_document.mission.startswith(
        "Anayasamızda belirtildiği şekli ile eğitim hakkından her vatandaşın yararlanması"
    )
    assert (
        seed_document.vision == "Ülkemizdeki eşdeğer kurumlara örnek ve öncü olabilecek nitelikte bir kurum."
    )
    assert len(seed_document.values) == 12
    assert seed_document.values[0] == "Takım çalışması"
    assert seed_document.values[-1] == "Değişime ve gelişime açık olmak"


def test_seed_swot(seed_document):
    assert Counter(s.category for s in seed_document.swot) == {
        "strength": 9,
        "weakness": 10,
        "opportunity": 7,
        "threat": 11,
    }
    numbers = Counter((s.category, s.number) for s in seed_document.swot)
    assert max(numbers.values()) == 1  # one item per (category, number)
    strength_2 = next(s for s in seed_document.swot if (s.category, s.number) == ("strength", 2))
    assert strength_2.theme == "Eğitim ve Öğretime Erişim"
    assert strength_2.text.startswith("İlimizdeki Mesleki ve Teknik Anadolu Liselerinde")
    strength_1 = next(s for s in seed_document.swot if (s.category, s.number) == ("strength", 1))
    assert strength_1.theme == "Kurumsal Kapasite"
    assert strength_1.text.startswith("Bina ve derslik sayılarının yeterli düzeyde")
    # Items TOWS does not cite follow its five.
    assert (
        next(s for s in seed_document.swot if (s.category, s.number) == ("threat", 6)).text
        == "Yaylaya giden ailelerin öğrencilerinin olması"
    )


def test_seed_tows(seed_document):
    assert Counter(t.kind for t in seed_document.tows) == {"SO": 5, "WO": 5, "ST": 2, "WT": 4}
    first = seed_document.tows[0]
    assert first.text.startswith("Mesleki ve teknik Anadolu liselerinin mezunlarının")
    assert first.text.endswith("çalışmalar yapılacaktır.")
    assert first.cites == [("strength", 2), ("opportunity", 1)]
    assert seed_document.tows[4].cites == [("strength", 5), ("opportunity", 2)]  # written "( 5G2F)"
    assert seed_document.tows[-1].cites == [("weakness", 4), ("threat", 5)]
    known = {(s.category, s.number) for s in seed_document.swot}
    assert all(cite in known for t in seed_document.tows for cite in t.cites)


def test_seed_pest(seed_document):
    assert Counter(p.category for p in seed_document.pest) == {
        "political": 2,
        "economic": 2,
        "social": 4,
        "technological": 4,
        "ecological": 2,
        "ethical": 2,
    }
    assert (
        seed_document.pest[0].text
        == "5018 sayılı Kamu Mali Yönetimi ve Kontrol Kanununun uygulanmaya başlanmış olması"
    )


def test_seed_stakeholders(seed_document):
    assert len(seed_document.stakeholders) == 26
    by_name = {s.name: s for s in seed_document.stakeholders}
    meb = by_name["Millî Eğitim Bakanlığı"]
    assert meb.roles == ["core_partner", "strategic_partner"] and not meb.internal
    assert (meb.priority, meb.reason) == ("1", "Bağlı olduğumuz merkezi idare")
    assert by_name["Milli Eğitim Müdürlüğü Çalışanları"].internal
    assert by_name["Hayırseverler"].roles == ["supplier"]
    assert by_name["Öğrenciler ve Veliler"].roles == ["core_partner", "beneficiary"]
    # Abbreviations of the priority matrix are spelled out from KISALTMALAR.
    assert by_name["Gençlik ve Spor Bakanlığı"].priority == "1"
    assert by_name["Sivil Toplum Kuruluşları"].priority == "2"


def test_seed_committees_and_surveys(seed_document):
    assert [len(c.members) for c in seed_document.committees] == [19, 10]
    assert seed_document.committees[0].name == "ERZİNCAN İLİ STRATEJİK PLAN ÜST KURULU ÜYELERİ"
    assert seed_document.committees[0].members[0] == ("Aziz GÜN", "Milli Eğitim Müdürü")
    assert seed_document.committees[0].members[10] == (
        "Hüseyin DÜNDAR",
        "Şube Müdürü",
    )  # a row broken by empty lines
    assert seed_document.committees[1].members[-1] == ("Kamil YILMAZ", "AR-GE Memur")
    assert (seed_document.internal_survey_count, seed_document.external_survey_count) == (134, 1065)
    assert "Stratejik planlama sürecinde toplam 10 toplantı yapılmıştır." in seed_document.meetings


def test_seed_problem_areas_and_architecture(seed_document):
    assert Counter(a.theme for a in seed_document.problem_areas) == {
        "Eğitim ve Öğretime Erişim": 8,
        "Eğitim ve Öğretimde Kalite": 13,
        "Kurumsal Kapasite": 11,
    }
    assert len(seed_document.architecture) == 22
    component = next(a for a in seed_document.architecture if a.code == "1.1.1")
    assert component.title == "Okul öncesi eğitimde okullaşma devam ve tamamlama"
    assert component.theme == "Eğitim ve Öğretime Erişim"


def test_seed_problems_are_exactly_the_tows_mismatches(seed_document):
    assert [(p.where, p.message) for p in seed_document.problems] == [
        ("satır 2737", "TOWS matrisindeki 3. zayıf yön GZFT analizinde bulunamadı; temasız eklendi."),
        (
            "satır 2753",
            "TOWS matrisindeki 4. fırsat GZFT analizinde bulunamadı (GZFT'de güçlü yön olarak yer alıyor); temasız eklendi.",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The second plan (Kars 2020-2024)


def test_kars_measures_and_costs(kars_document):
    assert measure(kars_document, 2).main_units == ["Temel Eğitim", "Ortaöğretim"]
    assert measure(kars_document, 3).main_units == ["Destek Hizmetleri"]  # broken row, wrapped unit name
    assert measure(kars_document, 4).other_units == ["Kafkas Üniversitesi"]
    assert (measure(kars_document, 4).timing, measure(kars_document, 5).timing) == (
        "2020-2024",
        "Her yıl Eylül",
    )
    assert [m.target_code for m in kars_document.measures] == [
        "1.1",
        "1.1",
        "1.1",
        "2.1",
        "2.1",
        "2.2",
        "2.2",
    ]
    costs = {(c.kind, c.key): c for c in kars_document.costs}
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


def test_kars_analyses(kars_document):
    assert [(c.name, c.members) for c in kars_document.committees] == [
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
    assert (kars_document.internal_survey_count, kars_document.external_survey_count) == (412, 1286)
    assert kars_document.meetings == [
        "Stratejik plan ekibi her ay düzenli toplantılar yapmış, plan taslağı iki kez üst kurula sunulmuştur.",
        "Ekim 2019 tarihinde ilçe müdürleri ile bir değerlendirme çalıştayı yapılmıştır.",
    ]
    assert Counter(s.category for s in kars_document.swot) == {
        "strength": 3,
        "weakness": 3,
        "opportunity": 2,
        "threat": 2,
    }
    assert kars_document.tows[1].cites == [("weakness", 1), ("opportunity", 2)]
    assert (
        next(s for s in kars_document.swot if (s.category, s.number) == ("opportunity", 2)).theme
        == "Eğitim ve Öğretime Erişim"
    )
    assert (
        next(
            s for s in kars_document.stakeholders if s.name == "Afet ve Acil Durum Yönetimi Başkanlığı"
        ).priority
        == "2"
    )
    assert kars_document.values == ["Adalet", "Şeffaflık", "Paydaşlarla iş birliği"]
    assert [a.code for a in kars_document.architecture] == ["1", "1.1", "1.1.1", "2", "2.1", "2.1.1", "2.1.2"]
