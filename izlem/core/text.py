"""Turkish-aware capitalisation: "ilçeler" becomes "İlçeler", not "Ilçeler".

Python upper-cases "i" to "I" whatever the language, and Django's `capfirst` (form labels from
verbose names, the `capfirst` template filter, the admin) inherits that. `install()` replaces it at start-up
with a version that follows the active language, so that every label is right without each caller knowing.
"""

from __future__ import annotations

import sys

from django.utils import text as django_text
from django.utils.functional import keep_lazy_text
from django.utils.translation import get_language

_TURKISH_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_original_capfirst = django_text.capfirst


def turkish_upper(value: str) -> str:
    """Upper-case Turkish text correctly (i → İ, ı → I)."""
    return str(value).translate(_TURKISH_UPPER).upper()


@keep_lazy_text
def capfirst(value):
    """The first letter in upper case, the Turkish way when the active language is Turkish."""
    if not value:
        return value
    value = str(value)
    if (get_language() or "").startswith("tr"):
        return turkish_upper(value[0]) + value[1:]
    return value[0].upper() + value[1:]


def install() -> None:
    """Make Django's own `capfirst` (and each module that imported it) the language-aware one."""
    for module in list(sys.modules.values()):
        if (
            getattr(module, "__name__", "").startswith("django")
            and getattr(module, "capfirst", None) is _original_capfirst
        ):
            module.capfirst = capfirst
