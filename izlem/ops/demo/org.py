"""A realistic, deterministic Erzincan: 9 districts and about 250 schools of the right types and levels.

The rows go through the same importer as `izlem import_org`, so the demo exercises the real path.
"""

from __future__ import annotations

import random

from izlem.core.tabular import Row

PROVINCE = ("24", "Erzincan")
# (code, name, number of schools): Merkez holds about half of the province's schools.
DISTRICTS = [
    ("2401", "Merkez", 118),
    ("2402", "Çayırlı", 14),
    ("2403", "İliç", 15),
    ("2404", "Kemah", 14),
    ("2405", "Kemaliye", 12),
    ("2406", "Otlukbeli", 8),
    ("2407", "Refahiye", 19),
    ("2408", "Tercan", 26),
    ("2409", "Üzümlü", 16),
]
NAME_ROOTS = [
    "Atatürk",
    "Cumhuriyet",
    "Gazi",
    "Fatih",
    "Mehmet Akif Ersoy",
    "Yunus Emre",
    "Mimar Sinan",
    "Namık Kemal",
    "İstiklal",
    "Hürriyet",
    "Zübeyde Hanım",
    "Kazım Karabekir",
    "Ahmet Yesevi",
    "Barbaros",
    "Mevlana",
    "Piri Reis",
    "Ziya Gökalp",
    "Hacı Bektaş Veli",
    "Şehit Er Ali Yılmaz",
    "75. Yıl",
    "100. Yıl",
    "Sakarya",
    "Dumlupınar",
    "Kocatepe",
    "Alparslan",
    "Malazgirt",
    "Fevzi Çakmak",
    "İsmet İnönü",
    "Terzibaba",
    "Cahit Zarifoğlu",
    "Kemaliye Eğin",
    "Selçuklu",
    "Osmangazi",
    "Yavuz Selim",
    "Kanuni",
    "Necip Fazıl",
    "Aşık Veysel",
    "Nene Hatun",
    "Şehit Mehmet Ateş",
    "Karasu",
    "Fırat",
    "Munzur",
    "Keşiş",
    "Ergan",
    "Cevat Dündar",
    "Ali Çetinkaya",
    "Hamdi Akkaya",
    "Sabri Aydın",
    "Hasan Ali Yücel",
    "Ömer Seyfettin",
]
VILLAGES = [
    "Mollaköy",
    "Yalnızbağ",
    "Çağlayan",
    "Ulalar",
    "Geçit",
    "Bahçeyazı",
    "Demirkent",
    "Kurutilek",
    "Akyazı",
    "Çukurkuyu",
    "Günyurdu",
    "Saztepe",
    "Pınarönü",
    "Altınbaşak",
    "Yoncalı",
    "Ekmekçi",
]
# (type word for the importer, name suffix, levels, weight, student range)
SCHOOL_KINDS = [
    ("anaokulu", "Anaokulu", "okul öncesi", 9, (40, 160)),
    ("ilkokul", "İlkokulu", "okul öncesi;ilkokul", 32, (30, 650)),
    ("ortaokul", "Ortaokulu", "ortaokul", 26, (30, 700)),
    ("imam hatip", "İmam Hatip Ortaokulu", "ortaokul", 5, (60, 400)),
    ("genel lise", "Anadolu Lisesi", "ortaöğretim", 8, (150, 900)),
    ("mesleki ve teknik anadolu lisesi", "Mesleki ve Teknik Anadolu Lisesi", "ortaöğretim", 7, (120, 800)),
    ("anadolu imam hatip lisesi", "Anadolu İmam Hatip Lisesi", "ortaöğretim", 4, (120, 600)),
    ("yibo", "Yatılı Bölge Ortaokulu", "ortaokul", 2, (80, 300)),
    ("özel eğitim", "Özel Eğitim Uygulama Okulu", "ilkokul;ortaokul", 2, (15, 80)),
]
CENTRE_INSTITUTIONS = [
    ("halk eğitim merkezi", "Halk Eğitim Merkezi", ""),
]
PROVINCE_CENTRE_INSTITUTIONS = [
    ("ram", "Rehberlik ve Araştırma Merkezi", ""),
    ("bilsem", "Bilim ve Sanat Merkezi", ""),
    ("mesleki eğitim merkezi", "Mesleki Eğitim Merkezi", "ortaöğretim"),
]


def org_rows(seed: int = 24) -> list[Row]:
    """Rows for the organisation importer: the province, its districts and their schools."""
    rng = random.Random(seed)
    rows = [_row("il", PROVINCE[0], PROVINCE[1], "")]
    school_number = 700000
    for code, name, count in DISTRICTS:
        rows.append(_row("ilçe", code, name, PROVINCE[0]))
        used: set[str] = set()
        institutions = list(CENTRE_INSTITUTIONS) + (PROVINCE_CENTRE_INSTITUTIONS if name == "Merkez" else [])
        for type_word, suffix, levels in institutions:
            school_number += 1
            rows.append(
                _row(
                    "okul",
                    str(school_number),
                    f"{name} {suffix}",
                    code,
                    type_word,
                    levels,
                    "şehir",
                    rng.randint(200, 1500),
                    rng.randint(3, 25),
                )
            )
        for _index in range(count - len(institutions)):
            type_word, suffix, levels, _weight, (low, high) = rng.choices(
                SCHOOL_KINDS, weights=[k[3] for k in SCHOOL_KINDS]
            )[0]
            rural = name != "Merkez" and rng.random() < 0.55 or name == "Merkez" and rng.random() < 0.2
            root = rng.choice(VILLAGES) if rural and rng.random() < 0.6 else rng.choice(NAME_ROOTS)
            school_name = f"{root} {suffix}" if name == "Merkez" else f"{name} {root} {suffix}"
            while school_name in used:
                school_name = (
                    f"{rng.choice(NAME_ROOTS)} {suffix}"
                    if name == "Merkez"
                    else f"{name} {rng.choice(NAME_ROOTS)} {suffix}"
                )
            used.add(school_name)
            school_number += 1
            students = (
                rng.randint(low, high) if not rural else rng.randint(max(8, low // 4), max(20, high // 4))
            )
            rows.append(
                _row(
                    "okul",
                    str(school_number),
                    school_name,
                    code,
                    type_word,
                    levels,
                    "köy" if rural else "şehir",
                    students,
                    max(2, students // 16),
                )
            )
    # one private school in the centre, as every province has some
    school_number += 1
    rows.append(
        _row(
            "okul",
            str(school_number),
            "Özel Erzincan Bilgi Koleji Ortaokulu",
            "2401",
            "ortaokul",
            "ortaokul",
            "şehir",
            240,
            22,
            public="özel",
        )
    )
    return rows


def _row(
    kind,
    code,
    name,
    parent,
    school_type="",
    levels="",
    setting="",
    students=None,
    teachers=None,
    public="resmi",
) -> Row:
    """One importer row with Turkish headers, as a user's file would have it."""
    cells = {"tür": kind, "kod": code, "ad": name, "üst_kod": parent}
    if kind == "okul":
        cells.update(
            {
                "okul_türü": school_type,
                "kademeler": levels,
                "resmi_özel": public,
                "yerleşim": setting,
                "öğrenci_sayısı": students,
                "öğretmen_sayısı": teachers,
            }
        )
    return Row(sheet="demo", number=0, cells=cells)
