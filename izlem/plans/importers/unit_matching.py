"""Map the free-text unit phrases of plan documents onto unit records.

Plans write units loosely: "Strateji Geliştirme 2 (AR-GE)", "Orta öğretim Hizmetleri", "Temel
Eğitim Şubesi". A phrase matches a unit when, after normalisation (Turkish lower case, accents
folded, punctuation and digits dropped, the filler words şube/şubesi/hizmetleri/birimi removed,
spaces removed), it equals the unit's name or one of its aliases, or contains one of them as a
whole. The longest matching alias wins, so "Özel Eğitim ve Rehberlik" beats "Özel Eğitim".
A phrase with words in parentheses is also tried on those words ("(AR-GE)").
"""

from __future__ import annotations

import re
import unicodedata

from izlem.org.models import Unit

FILLER = re.compile(r"\b(şube müdürlüğü|şubesi|şube|hizmetleri|hizmet|birimi|birimleri|müdürlüğü|bürosu)\b")
FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")


def normalise(text: str) -> str:
    """Fold a unit phrase to a comparable key."""
    value = text.replace("I", "ı").replace("İ", "i").lower()
    value = FILLER.sub(" ", value)
    value = unicodedata.normalize("NFKD", value.translate(FOLD))
    value = "".join(ch for ch in value if ch.isalpha())
    return value


class UnitMatcher:
    """Matches phrases against every unit's name and aliases (loaded once)."""

    def __init__(self, units: list[Unit] | None = None):
        units = units if units is not None else list(Unit.objects.all())
        keys: list[tuple[str, Unit]] = []
        for unit in units:
            for name in [unit.name, *unit.alias_list]:
                key = normalise(name)
                if key:
                    keys.append((key, unit))
        self._keys = sorted(keys, key=lambda item: len(item[0]), reverse=True)

    def match(self, phrase: str) -> Unit | None:
        """The unit a phrase names, or None."""
        candidates = [phrase, *re.findall(r"\(([^)]*)\)", phrase)]
        for candidate in candidates:
            key = normalise(candidate)
            if not key:
                continue
            for alias, unit in self._keys:
                if key == alias:
                    return unit
            for alias, unit in self._keys:
                if len(alias) >= 4 and alias in key:
                    return unit
        return None
