"""Which schools an indicator row concerns: derived from the plan's own words, corrected by planning officers.

A school-collected row is owed only by the schools it concerns (docs/monitoring.md "Who owes what").
At import each row gets its education levels and school types from the first phrase of `PHRASES`
found in its breakdown label, else in its indicator's name (the breakdown is the more specific text:
"Net okullaşma oranı — Ortaokul"). Nothing found: every school that teaches at least one level.
The table is ordered, the specific before the general: "ilkokul birinci sınıf … okul öncesi eğitim
almış" (1.1.1) concerns ilkokul, "mesleki ve teknik ortaöğretim" (2.2.1) vocational schools, not
every lise. A planning officer may correct a row (`applicability_update`); a corrected row keeps the
correction on every later import.

A school is concerned when it teaches one of the row's levels or is of one of its school types.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from izlem.org.models import OrgNode

LEVELS = list(OrgNode.LEVEL_FIELDS)  # preschool, primary, middle, secondary
LEVEL_LABELS = [
    ("preschool", gettext_lazy("pre-school")),
    ("primary", gettext_lazy("primary")),
    ("middle", gettext_lazy("middle")),
    ("secondary", gettext_lazy("secondary")),
]
SchoolType = OrgNode.SchoolType

# (phrases, levels, school types) — first match wins; phrases are matched in Turkish lower case.
PHRASES: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (("ilkokul birinci sınıf", "ilkokul 1. sınıf"), ("primary",), ()),
    (("mesleki ve teknik",), (), (SchoolType.VOCATIONAL_HIGH, SchoolType.VOCATIONAL_CENTRE)),
    (("mesleki eğitim merkez",), (), (SchoolType.VOCATIONAL_CENTRE,)),
    (("meslek edindirme",), (), (SchoolType.PUBLIC_EDUCATION_CENTRE, SchoolType.VOCATIONAL_CENTRE)),
    (("hayat boyu öğren", "halk eğitim"), (), (SchoolType.PUBLIC_EDUCATION_CENTRE,)),
    (("özel eğitim",), (), (SchoolType.SPECIAL_EDUCATION,)),
    (("imam hatip",), (), (SchoolType.IMAM_HATIP,)),
    (("bilim ve sanat", "bilsem"), (), (SchoolType.SCIENCE_ARTS_CENTRE,)),
    (("rehberlik ve araştırma",), (), (SchoolType.GUIDANCE_CENTRE,)),
    (("okul öncesi", "okulöncesi", "anaokul", "anasınıf"), ("preschool",), ()),
    (("ilköğretim",), ("primary", "middle"), ()),
    (("zorunlu eğitim",), ("primary", "middle", "secondary"), ()),
    (("ilkokul",), ("primary",), ()),
    (("ortaokul",), ("middle",), ()),
    (("ortaöğretim", "lise", "9-12"), ("secondary",), ()),
]


def _lower(text: str) -> str:
    """Turkish lower case: İ → i, I → ı."""
    return (text or "").replace("I", "ı").replace("İ", "i").lower()


def _match(text: str) -> tuple[list[str], list[str]] | None:
    lowered = _lower(text)
    for phrases, levels, school_types in PHRASES:
        if any(phrase in lowered for phrase in phrases):
            return list(levels), [str(kind) for kind in school_types]
    return None


def derive(*, indicator_name: str, breakdown: str) -> tuple[list[str], list[str]]:
    """(levels, school types) a row concerns, by the phrase table: its breakdown first, then the name."""
    return _match(breakdown) or _match(indicator_name) or ([], [])


def concerns(*, levels: list[str], school_types: list[str], school: OrgNode) -> bool:
    """Whether a row with these levels and school types concerns `school` (the twin of `concerns_q`)."""
    return concerns_fields(
        levels=levels, school_types=school_types, taught=set(school.levels), school_type=school.school_type
    )


def concerns_fields(*, levels, school_types, taught: set[str], school_type: str) -> bool:
    """`concerns` for a school known only by the levels it teaches and its type (e.g. read with values_list)."""
    if not levels and not school_types:
        return bool(taught)
    return bool(taught.intersection(levels)) or school_type in school_types


def concerns_q(*, levels: list[str], school_types: list[str], prefix: str = "") -> Q:
    """The schools (OrgNode rows, fields behind `prefix`) a row with these levels and school types concerns."""
    wanted = levels if (levels or school_types) else LEVELS
    condition = Q()
    for level in wanted:
        condition |= Q(**{f"{prefix}{OrgNode.LEVEL_FIELDS[level]}": True})
    if school_types:
        condition |= Q(**{f"{prefix}school_type__in": list(school_types)})
    return condition


def describe(*, levels: list[str], school_types: list[str]) -> str:
    """The schools a row concerns, in words: "ilkokul, ortaokul" or "every school"."""
    level_names = dict(LEVEL_LABELS)
    type_names = dict(SchoolType.choices)
    words = [str(level_names[level]) for level in levels] + [str(type_names[kind]) for kind in school_types]
    return ", ".join(words) if words else _("every school that teaches at least one level")
