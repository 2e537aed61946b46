"""Which schools a row concerns: the phrase table on the real seed, re-imports and the data migration."""

from importlib import import_module

import pytest
from django.apps import apps

from izlem.plans.applicability import concerns, derive
from izlem.plans.importers.loader.load import plan_import_document
from izlem.plans.models import IndicatorRow
from tests.support.plans import SEED

# (indicator, breakdown) → (levels, school types), read from the seed document by hand
EXPECTED = {
    ("1.1.1", ""): (["primary"], []),  # first graders of ilkokul, although it names okul öncesi
    ("1.1.2", "Ortaokul"): (["middle"], []),
    ("1.1.2", "Ortaöğretim"): (["secondary"], []),
    ("1.1.3", ""): (["primary", "middle", "secondary"], []),  # zorunlu eğitim
    ("1.1.6", ""): (["secondary"], []),  # ortaöğretimde örgün eğitim dışına çıkan
    ("1.1.7", "Okul öncesi"): (["preschool"], []),
    ("1.1.8", ""): ([], ["hem"]),  # hayat boyu öğrenme
    ("2.1.3", "İlköğretim kurumları"): (["primary", "middle"], []),
    ("2.1.5", "9-12. sınıf"): (["secondary"], []),
    ("2.1.7", ""): ([], []),  # Beyaz Bayrak: every school
    ("2.2.1", ""): ([], ["mesleki_teknik", "mem"]),  # mesleki ve teknik ortaöğretim, not every lise
    ("2.2.6", ""): ([], ["hem", "mem"]),  # meslek edindirme kursları
}


def test_seed_rows_concern_the_schools_their_words_name(seed_plan):
    # when the seed is imported (fixture), then
    for (code, breakdown), (levels, school_types) in EXPECTED.items():
        row = IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code=code, breakdown=breakdown)
        assert (row.applicable_levels, row.applicable_school_types) == (levels, school_types), (
            code,
            breakdown,
        )
        assert not row.applicability_edited


@pytest.mark.parametrize(
    ("name", "breakdown", "expected"),
    [
        ("Özel öğretimin payı (%)", "İlkokul", (["primary"], [])),  # özel öğretim is private, not special
        ("Özel eğitim alan öğrenci oranı", "", ([], ["ozel_egitim"])),
        ("Ortaöğretimde sınıf tekrar oranı", "Kız", (["secondary"], [])),  # breakdown says nothing: the name
        ("İLKOKUL BİRİNCİ SINIF", "", (["primary"], [])),  # Turkish capitals
    ],
)
def test_phrase_table(name, breakdown, expected):
    assert derive(indicator_name=name, breakdown=breakdown) == expected


def test_a_row_concerns_schools_by_level_or_type(world):
    # given a middle school, a lise and a public education centre without levels
    hem = world.school_a2
    hem.school_type, hem.level_primary = "hem", False
    # then
    assert concerns(levels=["middle"], school_types=[], school=world.school_a1)
    assert not concerns(levels=["primary"], school_types=[], school=world.school_a1)
    assert not concerns(levels=["secondary"], school_types=["hem"], school=world.school_a1)
    assert concerns(levels=["secondary"], school_types=["hem"], school=hem)
    assert concerns(levels=[], school_types=[], school=world.school_b1)  # every school with a level
    assert not concerns(levels=[], school_types=[], school=hem)


def test_reimport_keeps_a_planning_officers_choice_and_rederives_the_rest(seed_plan, seed_document):
    # given one row corrected by a planning officer and one damaged by hand
    edited = IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code="1.1.6")
    IndicatorRow.objects.filter(pk=edited.pk).update(
        applicable_levels=["middle", "secondary"], applicability_edited=True
    )
    other = IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code="1.1.1")
    IndicatorRow.objects.filter(pk=other.pk).update(applicable_levels=["secondary"])
    # when the same document is imported again
    plan_import_document(seed_document, source_name=SEED.name)
    # then
    edited.refresh_from_db()
    other.refresh_from_db()
    assert edited.applicable_levels == ["middle", "secondary"] and edited.applicability_edited
    assert other.applicable_levels == ["primary"]


def test_data_migration_derives_existing_plans(seed_plan):
    # given rows as they were before the migration (no applicability) and one planner's choice
    IndicatorRow.objects.filter(indicator__plan=seed_plan).update(
        applicable_levels=[], applicable_school_types=[]
    )
    kept = IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code="2.1.7")
    IndicatorRow.objects.filter(pk=kept.pk).update(applicable_levels=["primary"], applicability_edited=True)
    # when
    import_module("izlem.plans.migrations.0006_indicatorrow_applicability").derive_applicability(apps, None)
    # then
    for (code, breakdown), (levels, school_types) in EXPECTED.items():
        row = IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code=code, breakdown=breakdown)
        if row.pk == kept.pk:
            assert row.applicable_levels == ["primary"]
        else:
            assert (row.applicable_levels, row.applicable_school_types) == (levels, school_types)
