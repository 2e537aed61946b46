"""The plan workbook's layout, shared by its writer and reader: sheet names, column titles and
words, plain numbers, and the download file name."""

from __future__ import annotations

from decimal import Decimal

from izlem.plans.models import Plan, SwotItem

LETTER_CATEGORY = {letter: category for category, letter in SwotItem.CITATION_LETTER.items()}


def plain_decimal(value: Decimal | None, places: int | None = None) -> str | None:
    """A number as a plain string with '.' as decimal mark ("52.75", "85"); None stays None."""
    if value is None:
        return None
    if places is not None:
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    normal = value.normalize()
    if normal.as_tuple().exponent > 0:
        normal = normal.quantize(Decimal(1))
    return f"{normal:f}"


SHEETS = {
    "plan": "Plan",
    "values": "Değerler",
    "meetings": "Toplantılar",
    "committees": "Kurullar",
    "goals": "Amaçlar",
    "targets": "Hedefler",
    "indicators": "Göstergeler",
    "measures": "Tedbirler",
    "costs": "Maliyet",
    "stakeholders": "Paydaşlar",
    "pest": "PEST",
    "swot": "GZFT",
    "tows": "TOWS",
    "problems": "Sorun Alanları",
    "architecture": "Mimari",
}
PLAN_FIELDS = [
    ("title", "Başlık"),
    ("owner_name", "Kurum"),
    ("province_name", "İl"),
    ("period_start", "Başlangıç yılı"),
    ("period_end", "Bitiş yılı"),
    ("mission", "Misyon"),
    ("vision", "Vizyon"),
    ("internal_survey_count", "İç paydaş anketi"),
    ("external_survey_count", "Dış paydaş anketi"),
]
# Stable id columns (the records' `uid`): import matches by them, so that a changed code or label is a
# rename that keeps the record's monitoring data. Leave them as they are; a new line gets none.
ID_COLUMN = "Kimlik (değiştirmeyin)"
ROW_ID_COLUMN = "Satır kimliği (değiştirmeyin)"
MIN_COLUMN = "Geçerli en küçük değer"  # calibrated checks (docs/monitoring.md): empty = no bound
MAX_COLUMN = "Geçerli en büyük değer"
ROLE_WORDS = {
    "core_partner": "temel ortak",
    "strategic_partner": "stratejik ortak",
    "supplier": "tedarikçi",
    "beneficiary": "müşteri/hizmet alan",
}


_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜâîûÂÎÛ", "cgiosuCGIOSUaiuAIU")


def plan_filename(plan: Plan, ext: str) -> str:
    """A download name such as `Erzincan-2015-2019-stratejik-plan.xlsx` (ASCII, no spaces)."""
    place = plan.owner.name if plan.owner_id else (plan.owner_name or "izlem")
    text = f"{place}-{plan.period_start}-{plan.period_end}-stratejik-plan".translate(_ASCII)
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in text)
    while "--" in safe:
        safe = safe.replace("--", "-")
    return f"{safe.strip('-')}.{ext}"
