"""The units (şube/birim) of a provincial education directorate (SPEC §1), with the phrases plans use.

Plan documents name units in free text ("Strateji Geliştirme 2 (AR-GE)", "Orta öğretim"); the
aliases below are what the plan importer matches against (case- and accent-insensitive, see
`izlem.plans.importers.unit_matching`).
"""

STANDARD_UNITS: list[tuple[str, str, list[str]]] = [
    ("temel-egitim", "Temel Eğitim", ["Temel Eğitim Şubesi", "Temel Eğitim Hizmetleri", "TEMEL EĞİTİM"]),
    (
        "ortaogretim",
        "Ortaöğretim",
        ["Orta Öğretim", "Ortaöğretim Şubesi", "Ortaöğretim Hizmetleri", "Orta öğretim Hizmetleri"],
    ),
    (
        "mesleki-teknik",
        "Mesleki ve Teknik Eğitim",
        ["Mesleki Teknik Eğitim", "Mesleki ve Teknik Eğitim Hizmetleri", "Mesleki Eğitim"],
    ),
    ("din-ogretimi", "Din Öğretimi", ["Din Öğretimi Hizmetleri", "Din Öğretimi Şubesi", "Din Eğitimi"]),
    (
        "ozel-egitim-rehberlik",
        "Özel Eğitim ve Rehberlik",
        ["Özel Eğitim ve Rehberlik Hizmetleri", "Özel Eğitim", "Rehberlik", "RAM"],
    ),
    (
        "hayat-boyu",
        "Hayat Boyu Öğrenme",
        ["Hayat Boyu Öğrenme Hizmetleri", "Hayat Boyu Öğrenme Şubesi", "HBÖ"],
    ),
    ("ozel-ogretim", "Özel Öğretim Kurumları", ["Özel Öğretim Kurumları Hizmetleri", "Özel Öğretim"]),
    (
        "bilgi-islem",
        "Bilgi İşlem ve Eğitim Teknolojileri",
        ["Bilgi İşlem", "Eğitim Teknolojileri", "BİT", "Bilgi İşlem ve Eğitim Teknolojileri Hizmetleri"],
    ),
    (
        "strateji",
        "Strateji Geliştirme",
        [
            "Strateji Geliştirme 1",
            "Strateji Geliştirme 2",
            "AR-GE",
            "ARGE",
            "Bütçe",
            "Strateji Geliştirme Hizmetleri",
            "İstatistik",
        ],
    ),
    ("hukuk", "Hukuk", ["Hukuk Hizmetleri", "Hukuk Şubesi"]),
    (
        "insan-kaynaklari",
        "İnsan Kaynakları",
        [
            "İnsan Kaynakları Hizmetleri",
            "Personel",
            "İnsan Kaynakları Şubesi",
            "Hizmetiçi Eğitim",
            "Hizmet içi Eğitim",
        ],
    ),
    ("destek", "Destek Hizmetleri", ["Destek Hizmetleri Şubesi", "Destek"]),
    ("insaat-emlak", "İnşaat ve Emlak", ["İnşaat ve Emlak Hizmetleri", "İnşaat Emlak", "Yatırım"]),
    ("ozel-buro", "Özel Büro", ["Özel Büro Hizmetleri"]),
]
