"""Turkish alphabetical order in the database (both engines) and in Python."""

from hypothesis import given, settings
from hypothesis import strategies as st

from izlem.core.collation import ALPHABET, turkish, turkish_key
from izlem.org.models import Unit

NAMES = ["Üzümlü", "Tercan", "İliç", "Çayırlı", "Cevizli", "Otlukbeli", "Özkan", "Yılmaz", "Ilgaz", "Kemah"]
EXPECTED = [
    "Cevizli",
    "Çayırlı",
    "Ilgaz",
    "İliç",
    "Kemah",
    "Otlukbeli",
    "Özkan",
    "Tercan",
    "Üzümlü",
    "Yılmaz",
]


def test_python_key_orders_by_the_turkish_alphabet():
    assert sorted(NAMES, key=turkish_key) == EXPECTED


def test_the_database_orders_by_the_turkish_alphabet(db):
    # given
    Unit.objects.bulk_create([Unit(code=f"t-{i}", name=name) for i, name in enumerate(NAMES)])
    # when
    ordered = list(
        Unit.objects.filter(code__startswith="t-").order_by(turkish("name")).values_list("name", flat=True)
    )
    # then: the same order on SQLite (registered collation) and PostgreSQL (ICU)
    assert ordered == EXPECTED


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + ALPHABET.upper() + "İI ", min_size=1, max_size=6), max_size=8))
def test_the_key_is_a_total_order_consistent_with_case(words):
    ordered = sorted(words, key=turkish_key)
    assert sorted(ordered, key=turkish_key) == ordered
    for word in words:
        assert turkish_key(word)[0] == turkish_key(word.replace("I", "ı").replace("İ", "i").lower())[0]
