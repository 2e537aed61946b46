"""Turkish alphabetical order on both engines: Çayırlı after Cevizli, İliç before Kemah, Üzümlü before Yılmaz.

PostgreSQL orders with its ICU collation `tr-x-icu`; SQLite gets a `tr` collation registered on every
new connection (`register_sqlite_collation`), built from the Turkish alphabet. Order a queryset with
`turkish("name")` wherever people read a sorted list of names; Python lists use `turkish_key`.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Collate
from django.utils.deconstruct import deconstructible

ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
_LOWER = str.maketrans({"I": "ı", "İ": "i"})


def turkish_key(text: str | None) -> tuple:
    """A sort key ordering text by the Turkish alphabet (case-insensitive, then by the text itself)."""
    text = text or ""
    lowered = text.translate(_LOWER).lower()
    letters = tuple(
        (0, _RANK[char]) if char in _RANK else (1, ord(char)) if not char.isdigit() else (-1, ord(char))
        for char in lowered
    )
    return letters, text


def _compare(left: str, right: str) -> int:
    """SQLite collation callback: negative, zero or positive like strcmp, in Turkish order."""
    a, b = turkish_key(left), turkish_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: teach each new SQLite connection the `tr` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation("tr", _compare)


@deconstructible(path="izlem.core.collation.Turkish")
class Turkish(Collate):
    """An expression in Turkish collation: `tr-x-icu` on PostgreSQL, the registered `tr` on SQLite."""

    def __init__(self, expression):
        super().__init__(expression, "tr-x-icu")

    def as_sqlite(self, compiler, connection, **extra_context):
        """SQLite knows the collation under the name registered at connect time."""
        extra_context["collation"] = connection.ops.quote_name("tr")
        return super().as_sql(compiler, connection, **extra_context)


def turkish(field: str) -> Turkish:
    """Order by `field` the Turkish way: `queryset.order_by(turkish("name"))`."""
    return Turkish(F(field))
