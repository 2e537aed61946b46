"""What `izlem generate_data` generates: the tiers (sizes), the provinces' names, the mix of school types
and the split of a total into parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from izlem.org.models import OrgNode

PASSWORD = "izlem-bench-2026"  # every generated user's password (synthetic data only)
MONITORING_YEAR_STATES = ("approved",) * 60 + ("submitted",) * 15 + ("returned",) * 8 + ("draft",) * 17

PROVINCES = [
    "Adana",
    "Adıyaman",
    "Afyonkarahisar",
    "Ağrı",
    "Amasya",
    "Ankara",
    "Antalya",
    "Artvin",
    "Aydın",
    "Balıkesir",
    "Bilecik",
    "Bingöl",
    "Bitlis",
    "Bolu",
    "Burdur",
    "Bursa",
    "Çanakkale",
    "Çankırı",
    "Çorum",
    "Denizli",
    "Diyarbakır",
    "Edirne",
    "Elazığ",
    "Erzincan",
    "Erzurum",
    "Eskişehir",
    "Gaziantep",
    "Giresun",
    "Gümüşhane",
    "Hakkari",
    "Hatay",
    "Isparta",
    "Mersin",
    "İstanbul",
    "İzmir",
    "Kars",
    "Kastamonu",
    "Kayseri",
    "Kırklareli",
    "Kırşehir",
    "Kocaeli",
    "Konya",
    "Kütahya",
    "Malatya",
    "Manisa",
    "Kahramanmaraş",
    "Mardin",
    "Muğla",
    "Muş",
    "Nevşehir",
    "Niğde",
    "Ordu",
    "Rize",
    "Sakarya",
    "Samsun",
    "Siirt",
    "Sinop",
    "Sivas",
    "Tekirdağ",
    "Tokat",
    "Trabzon",
    "Tunceli",
    "Şanlıurfa",
    "Uşak",
    "Van",
    "Yozgat",
    "Zonguldak",
    "Aksaray",
    "Bayburt",
    "Karaman",
    "Kırıkkale",
    "Batman",
    "Şırnak",
    "Bartın",
    "Ardahan",
    "Iğdır",
    "Yalova",
    "Karabük",
    "Kilis",
    "Osmaniye",
    "Düzce",
]
# (school type, levels, share of schools, typical students)
SCHOOL_MIX = [
    (OrgNode.SchoolType.PRESCHOOL, ("preschool",), 14, 90),
    (OrgNode.SchoolType.PRIMARY, ("primary",), 22, 320),
    (OrgNode.SchoolType.PRIMARY, ("preschool", "primary"), 7, 260),
    (OrgNode.SchoolType.MIDDLE, ("middle",), 22, 380),
    (OrgNode.SchoolType.MIDDLE, ("primary", "middle"), 8, 140),
    (OrgNode.SchoolType.GENERAL_HIGH, ("secondary",), 8, 620),
    (OrgNode.SchoolType.VOCATIONAL_HIGH, ("secondary",), 7, 540),
    (OrgNode.SchoolType.IMAM_HATIP, ("middle", "secondary"), 4, 450),
    (OrgNode.SchoolType.SPECIAL_EDUCATION, ("primary", "middle"), 2, 40),
    (OrgNode.SchoolType.BOARDING, ("primary", "middle"), 1, 210),
    (OrgNode.SchoolType.PUBLIC_EDUCATION_CENTRE, (), 3, 0),
    (OrgNode.SchoolType.GUIDANCE_CENTRE, (), 1, 0),
    (OrgNode.SchoolType.SCIENCE_ARTS_CENTRE, (), 1, 60),
]
SCHOOL_SUFFIX = {
    OrgNode.SchoolType.PRESCHOOL: "Anaokulu",
    OrgNode.SchoolType.PRIMARY: "İlkokulu",
    OrgNode.SchoolType.MIDDLE: "Ortaokulu",
    OrgNode.SchoolType.GENERAL_HIGH: "Anadolu Lisesi",
    OrgNode.SchoolType.VOCATIONAL_HIGH: "Mesleki ve Teknik Anadolu Lisesi",
    OrgNode.SchoolType.IMAM_HATIP: "İmam Hatip Okulu",
    OrgNode.SchoolType.SPECIAL_EDUCATION: "Özel Eğitim Uygulama Okulu",
    OrgNode.SchoolType.BOARDING: "Yatılı Bölge Ortaokulu",
    OrgNode.SchoolType.PUBLIC_EDUCATION_CENTRE: "Halk Eğitimi Merkezi",
    OrgNode.SchoolType.GUIDANCE_CENTRE: "Rehberlik ve Araştırma Merkezi",
    OrgNode.SchoolType.SCIENCE_ARTS_CENTRE: "Bilim ve Sanat Merkezi",
}


@dataclass(frozen=True)
class Size:
    """How much to generate."""

    provinces: int
    districts: int
    schools: int
    periods: int
    harezmi_share: float = 0.08  # share of primary/middle schools applying to Harezmi


TIERS = {
    "tiny": Size(provinces=1, districts=2, schools=12, periods=2, harezmi_share=0.5),
    "province": Size(provinces=1, districts=9, schools=250, periods=10),
    "national": Size(provinces=81, districts=922, schools=60_000, periods=2),
}


@dataclass
class Report:
    """What was generated and how long each stage took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class GenerateError(Exception):
    """The database is not one the generator may write into."""


def _allocate(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), each at least `minimum`."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise GenerateError(f"cannot split {total} into {len(weights)} parts of at least {minimum}")
    scale = spare / sum(weights)
    exact = [w * scale for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: spare - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]
