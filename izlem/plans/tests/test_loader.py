"""Importing plan documents into the database: counts, values, mapping, idempotency, atomicity."""

import copy
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from izlem.plans.importers.loader import load as loader_load
from izlem.plans.importers.loader.load import PlanImportError, plan_import_document
from izlem.plans.importers.ministry_text import parse_plan_file
from izlem.plans.models import CostLine, Indicator, IndicatorRow, Measure, Plan, YearValue
from izlem.plans.services import default_yearly_targets
from tests.support.plans import KARS, SEED


def _values(row: IndicatorRow, kind: str) -> dict[int, Decimal | None]:
    return {v.year: v.value for v in row.year_values.filter(kind=kind)}


def test_seed_import_counts(seed_plan):
    plan = seed_plan
    assert (plan.goals.count(), plan.targets.count(), plan.indicators.count()) == (3, 6, 55)
    assert IndicatorRow.objects.filter(indicator__plan=plan).count() == 73
    assert plan.measures.count() == 58
    assert plan.cost_lines.count() == 12
    assert plan.owner.name == "Erzincan" and plan.period_start == 2015 and plan.period_end == 2019
    assert plan.swot_items.count() == 37 and plan.tows_strategies.count() == 16
    assert plan.pest_items.count() == 16 and plan.stakeholders.count() == 26
    assert plan.mission.startswith("Anayasamızda belirtildiği şekli ile eğitim hakkından")
    assert plan.internal_survey_count == 134 and plan.external_survey_count == 1065


def test_seed_values_baselines_targets_and_yearly_defaults(seed_plan):
    row = Indicator.objects.get(plan=seed_plan, code="1.1.1").rows.get()
    assert _values(row, "baseline") == {
        2012: Decimal("52.75"),
        2013: Decimal("43.77"),
        2014: Decimal("53.34"),
    }
    # linear from the 2014 baseline 53,34 to the 2019 target 85, rounded to two places
    assert _values(row, "target") == {
        2015: Decimal("59.67"),
        2016: Decimal("66.00"),
        2017: Decimal("72.34"),
        2018: Decimal("78.67"),
        2019: Decimal("85"),
    }
    assert all(v.is_default for v in row.year_values.filter(kind="target", year__lt=2019))
    middle = Indicator.objects.get(plan=seed_plan, code="1.1.2").rows.get(breakdown__startswith="Ortaokul")
    assert _values(middle, "baseline") == {2012: None, 2013: Decimal("93.83"), 2014: Decimal("95.83")}
    assert _values(middle, "target")[2019] == Decimal("98.50")
    assert middle.level == "middle"
    assert list(
        Indicator.objects.get(plan=seed_plan, code="1.1.2").rows.values_list("breakdown", flat=True)
    ) == ["İlkokul", "Ortaokul", "Ortaöğretim"]


def test_count_indicators_get_whole_number_yearly_targets(seed_plan):
    counts = Indicator.objects.filter(plan=seed_plan, unit=Indicator.UnitKind.COUNT)
    assert counts.count() == 24
    values = YearValue.objects.filter(row__indicator__in=counts, kind="target", value__isnull=False)
    assert values.exists() and all(v.value == v.value.to_integral() for v in values)


def test_codes_keep_their_gaps_and_numeric_order(seed_plan):
    codes = list(Indicator.objects.filter(plan=seed_plan, target__code="3.2").values_list("code", flat=True))
    assert codes[codes.index("3.2.9") + 1] == "3.2.12"


def test_measure_units_are_mapped_and_kept_as_written(seed_plan):
    measure = Measure.objects.get(plan=seed_plan, number=1)
    main = [
        (link.unit.code if link.unit else None, link.phrase)
        for link in measure.unit_links.filter(role="main")
    ]
    assert main and all(code is not None for code, _phrase in main)
    assert Measure.objects.get(plan=seed_plan, number=58).unit_links.exists()


def test_indicators_get_an_owner_unit_and_collection_defaults(seed_plan):
    assert Indicator.objects.filter(plan=seed_plan, responsible_unit__isnull=True).count() == 0
    enrolment = Indicator.objects.get(plan=seed_plan, code="1.1.2")
    assert enrolment.aggregation == "ratio"


def test_costs_as_printed_with_mismatches_reported(world, seed_document):
    result = plan_import_document(seed_document)
    line = CostLine.objects.get(plan=result.plan, kind="target", key="1.1")
    assert (line.amount, line.share_printed) == (Decimal("19704600.00"), Decimal("14.87"))
    assert CostLine.objects.get(plan=result.plan, kind="total").amount == Decimal("132492009.00")
    shares = [p for p in result.problems if "2.3" in p.where and "0,16" in p.message]
    assert len(shares) == 1 and "0,16" in shares[0].message and "0,14" in shares[0].message


def test_import_twice_changes_nothing(world, seed_document):
    first = plan_import_document(seed_document)
    history_rows = Indicator.history.count() + YearValue.history.count()
    second = plan_import_document(seed_document)
    assert second.plan.pk == first.plan.pk and not second.created and second.changes == 0
    assert Indicator.history.count() + YearValue.history.count() == history_rows
    assert Plan.objects.count() == 1


def test_a_planners_yearly_target_survives_reimport(world, seed_plan, seed_document):
    from izlem.plans.services import yearly_target_update

    value = YearValue.objects.get(
        row__indicator__plan=seed_plan, row__indicator__code="1.1.1", kind="target", year=2016
    )
    yearly_target_update(by=world.planning_officer, year_value=value, value=Decimal("70"))
    plan_import_document(seed_document)
    value.refresh_from_db()
    assert value.value == Decimal("70") and value.is_default is False


def test_second_document_other_province_units_and_breakdowns(world):
    result = plan_import_document(parse_plan_file(KARS))
    plan = result.plan
    assert plan.owner == world.other_province and (plan.period_start, plan.period_end) == (2020, 2024)
    assert plan.indicators.count() == 9 and IndicatorRow.objects.filter(indicator__plan=plan).count() == 12
    assert plan.measures.count() == 7
    breakdowns = set(IndicatorRow.objects.filter(indicator__plan=plan).values_list("breakdown", flat=True))
    assert {"Anadolu Lisesi", "Meslek Lisesi"} <= breakdowns
    assert set(plan.indicators.values_list("unit", flat=True)) >= {"count", "hours", "percent"}
    missing = YearValue.objects.filter(row__indicator__plan=plan, kind="baseline", value__isnull=True)
    assert missing.count() == 3


def test_broken_structure_is_refused_and_nothing_is_written(world, seed_document):
    broken = copy.deepcopy(seed_document)
    broken.indicators[5].target_code = "9.9"
    with pytest.raises(PlanImportError) as error:
        plan_import_document(broken)
    assert "9.9" in str(error.value)
    assert Plan.objects.count() == 0


def test_a_failure_midway_rolls_everything_back(world, seed_document, monkeypatch):
    # given the plan imported once, and a changed copy whose import fails after the indicators
    first = plan_import_document(seed_document).plan
    changed = copy.deepcopy(seed_document)
    changed.indicators[0].name = "Değişmiş ad"
    changed.goals[0].title = "Değişmiş amaç"

    def explode(*args, **kwargs):
        raise IntegrityError("simulated failure while writing costs")

    monkeypatch.setattr(loader_load, "load_costs", explode)
    # when
    with pytest.raises(IntegrityError):
        plan_import_document(changed)
    # then nothing of the changed copy is in the database
    assert first.goals.get(code="1").title != "Değişmiş amaç"
    assert (
        first.indicators.get(code=seed_document.indicators[0].code).name == seed_document.indicators[0].name
    )


@pytest.mark.parametrize("cut", [0.5, 0.8, 0.9])
def test_truncated_copy_of_the_seed_is_refused_and_an_existing_plan_is_untouched(
    world, seed_document, tmp_path, capsys, cut
):
    # given the plan imported, and a copy of its document cut short (as an interrupted download would be)
    plan = plan_import_document(seed_document).plan
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "yarim.txt"
    path.write_text("".join(lines[: int(len(lines) * cut)]), encoding="utf-8")
    counts = (
        plan.indicators.count(),
        plan.measures.count(),
        plan.cost_lines.count(),
        YearValue.objects.count(),
    )
    # when
    with pytest.raises(CommandError):
        call_command("import_plan", str(path))
    # then the message names what is missing and nothing changed
    assert capsys.readouterr().err.strip()
    assert (
        plan.indicators.count(),
        plan.measures.count(),
        plan.cost_lines.count(),
        YearValue.objects.count(),
    ) == counts


def test_garbled_bytes_are_refused(world, tmp_path):
    path = tmp_path / "bozuk.txt"
    path.write_bytes(SEED.read_bytes()[:5000] + b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError):
        call_command("import_plan", str(path))
    assert Plan.objects.count() == 0


def test_import_plan_command_prints_counts_problems_and_id(world, capsys):
    call_command("import_plan", str(SEED))
    out = capsys.readouterr().out
    plan = Plan.objects.get()
    assert "55" in out and "73" in out and "58" in out and out.rstrip().endswith(f" {plan.pk}")
    call_command("import_plan", str(SEED))
    assert capsys.readouterr().out.rstrip().endswith(f" {plan.pk}") and Plan.objects.count() == 1


def test_no_contact_data_is_stored(seed_plan):
    import re

    from izlem.plans.plan_json.writer import plan_json as plan_to_json

    data = plan_to_json(seed_plan)
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    text = re.sub(uuid, "", str(data))  # stable ids are random hex that can look like a phone number
    text += " ".join(f"{m.name} {m.title}" for c in seed_plan.committees.all() for m in c.members.all())
    assert "@" not in text
    assert not re.search(r"\(?0\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}", text)


def test_yearly_defaults_with_missing_baseline_or_target():
    assert default_yearly_targets(
        baselines={2014: None}, target=Decimal(5), target_year=2019, years=[2015], whole=False
    ) == {2015: None}
    assert default_yearly_targets(
        baselines={2014: Decimal(1)}, target=None, target_year=2019, years=[2015], whole=False
    ) == {2015: None}
    assert default_yearly_targets(
        baselines={2013: Decimal(10), 2014: None},
        target=Decimal(16),
        target_year=2019,
        years=[2015, 2016],
        whole=True,
    ) == {2015: Decimal(12), 2016: Decimal(13)}


@given(base=st.decimals(0, 10_000, places=2), target=st.decimals(0, 10_000, places=2), whole=st.booleans())
def test_yearly_defaults_lie_between_baseline_and_target(base, target, whole):
    path = default_yearly_targets(
        baselines={2014: base}, target=target, target_year=2019, years=[2015, 2016, 2017, 2018], whole=whole
    )
    low, high = min(base, target), max(base, target)
    slack = Decimal("0.5") if whole else Decimal("0.005")
    values = [path[y] for y in (2015, 2016, 2017, 2018)]
    assert all(low - slack <= v <= high + slack for v in values)
    assert values == sorted(values) or values == sorted(values, reverse=True)


def test_the_plan_end_target_is_not_edited_by_hand(world, seed_plan):
    from django.core.exceptions import ValidationError

    from izlem.plans.services import yearly_target_update

    end = YearValue.objects.get(
        row__indicator__plan=seed_plan, row__indicator__code="1.1.1", kind="target", year=2019
    )
    with pytest.raises(ValidationError):
        yearly_target_update(by=world.planning_officer, year_value=end, value=Decimal("90"))
    end.refresh_from_db()
    assert end.value == Decimal("85")
