"""Turkish-aware capitalisation in labels, filters and Django's own helpers."""

from django.template import Context, Template
from django.utils import text as django_text
from django.utils.translation import override

from izlem.core.text import capfirst, turkish_upper
from izlem.monitoring.forms import PeriodForm


def test_capfirst_follows_the_active_language():
    with override("tr"):
        assert capfirst("ilçeler") == "İlçeler"
        assert capfirst("ılık") == "Ilık"
    with override("en"):
        assert capfirst("indicator") == "Indicator"
    assert capfirst("") == ""


def test_turkish_upper():
    assert turkish_upper("iliç ılıca") == "İLİÇ ILICA"


def test_django_capfirst_is_the_turkish_aware_one():
    # then: Django's helper (used for form labels and in the admin) was replaced at start-up
    with override("tr"):
        assert django_text.capfirst("ikinci dönem") == "İkinci dönem"


def test_form_labels_from_verbose_names_are_capitalised_the_turkish_way():
    # given: the period form's label comes from the verbose name "ilçeler için son tarih"
    with override("tr"):
        # when
        label = str(PeriodForm().fields["district_due"].label)
    # then
    assert label == "İlçeler için son tarih"


def test_the_capfirst_template_filter_is_turkish_aware():
    template = Template("{{ word|capfirst }}")
    with override("tr"):
        assert template.render(Context({"word": "iade edildi"})) == "İade edildi"
    with override("en"):
        assert template.render(Context({"word": "iade edildi"})) == "Iade edildi"


def test_one_percent_style_sign_first_in_turkish():
    from decimal import Decimal

    template = Template("{{ rate|tr_percent:1 }}|{{ none|tr_percent:1 }}|{{ whole|tr_percent:0 }}")
    with override("tr"):
        assert template.render(Context({"rate": Decimal("75"), "none": None, "whole": 40})) == "%75,0||%40"
    with override("en"):
        assert template.render(Context({"rate": Decimal("75"), "none": None, "whole": 40})) == "75,0%||40%"


def test_no_template_writes_a_percent_sign_after_a_number():
    # one percent style everywhere: templates use tr_percent (blocktranslate strings are translated)
    import re
    from pathlib import Path

    offenders = []
    for path in Path("templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            outside = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", line)
            if re.search(r"}} ?%(?![}\w])|%{{", outside):
                offenders.append(f"{path}:{number}")
    assert offenders == []
