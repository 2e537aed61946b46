"""Plan revisions that keep data: the change plan, refusals, stable ids, planner edits, default paths."""

import copy
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from izlem.monitoring.models import Deviation, MeasureProgress, Period, Submission, Value
from izlem.plans.exchange.writer import write_plan_workbook
from izlem.plans.importers.document import (
    GoalDoc,
    IndicatorDoc,
    IndicatorRowDoc,
    MeasureDoc,
    PlanDocument,
    TargetDoc,
)
from izlem.plans.importers.loader.load import PlanImportError, plan_import_document
from izlem.plans.importers.ministry_text import parse_plan_text
from izlem.plans.models import Indicator, IndicatorRow, Measure, Plan, YearValue
from izlem.plans.plan_json.writer import plan_json as plan_to_json
from izlem.plans.services import indicator_update
from tests.support.plans import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in their English source, whichever catalog is compiled."""
    with translation.override("en"):
        yield


def _period(plan, year=2016, half="H2", state="closed"):
    return Period.objects.get_or_create(
        plan=plan,
        year=year,
        half=half,
        defaults={
            "open_date": dt.date(year, 12, 1),
            "school_due": dt.date(year + 1, 1, 10),
            "district_due": dt.date(year + 1, 1, 20),
            "state": state,
        },
    )[0]


def _value(world, row, value=Decimal("90")):
    period = _period(row.indicator.plan)
    submission, _ = Submission.objects.get_or_create(
        period=period, entity=world.school_a1, defaults={"state": "approved"}
    )
    return Value.objects.create(
        period=period, entity=world.school_a1, submission=submission, row=row, value=value
    )


def _row(plan, code, breakdown=""):
    return IndicatorRow.objects.get(indicator__plan=plan, indicator__code=code, breakdown=breakdown)


def _workbook(plan):
    buffer = io.BytesIO()
    write_plan_workbook(plan, buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def _line(sheet, **wanted):
    """The worksheet row number whose cells under the given headers hold the given values."""
    headers = [cell.value for cell in sheet[1]]
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        line = dict(zip(headers, cells, strict=False))
        if all(line.get(header) == value for header, value in wanted.items()):
            return number, {header: index + 1 for index, header in enumerate(headers)}
    raise AssertionError(wanted)


def _snapshot(plan):
    """Everything an import could change, to compare before and after a refused one."""
    data = plan_to_json(Plan.objects.get(pk=plan.pk))
    return (
        data,
        sorted(Value.objects.values_list("pk", "row_id", "value")),
        sorted(MeasureProgress.objects.values_list("pk", "measure_id")),
        sorted(IndicatorRow.objects.values_list("pk", "indicator_id", "breakdown", "level")),
        Indicator.history.count() + IndicatorRow.history.count() + YearValue.history.count(),
    )


def _import_file(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_plan", str(path), *args, stdout=out, stderr=err)
    except CommandError:
        return None, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


# --- workbooks: stable ids ----------------------------------------------------------------------------


def test_a_renamed_breakdown_in_an_exported_workbook_keeps_its_values(world, seed_plan, tmp_path):
    # given values and an explained deviation on 1.1.2 / Ortaokul, and the plan exported
    row = _row(seed_plan, "1.1.2", "Ortaokul")
    value = _value(world, row)
    workbook = _workbook(seed_plan)
    sheet = workbook["Göstergeler"]
    number, columns = _line(sheet, Kod="1.1.2", Kırılım="Ortaokul")
    # when the breakdown is renamed in the workbook and imported
    sheet.cell(number, columns["Kırılım"], "Ortaokul (5-8. sınıf)")
    workbook.save(tmp_path / "plan.xlsx")
    done, out, _err = _import_file(tmp_path / "plan.xlsx")
    # then it is a rename of the same row, with its value
    assert done
    row.refresh_from_db()
    assert row.breakdown == "Ortaokul (5-8. sınıf)" and row.level == "middle"
    assert Value.objects.get(pk=value.pk).row_id == row.pk
    assert "1.1.2 / Ortaokul" in out and "1.1.2 / Ortaokul (5-8. sınıf)" in out


def test_a_workbook_without_a_measure_with_progress_is_refused(world, seed_plan, tmp_path):
    # given a progress report on measure 58
    measure = Measure.objects.get(plan=seed_plan, number=58)
    MeasureProgress.objects.create(
        period=_period(seed_plan), measure=measure, status="in_progress", percent=40
    )
    workbook = _workbook(seed_plan)
    sheet = workbook["Tedbirler"]
    number, _columns = _line(sheet, No=58)
    sheet.delete_rows(number)
    workbook.save(tmp_path / "plan.xlsx")
    before = _snapshot(seed_plan)
    # when
    done, _out, err = _import_file(tmp_path / "plan.xlsx")
    # then refused, naming the measure and its report, and nothing changed
    assert done is None
    assert "58" in err and "1 progress report" in err
    assert _snapshot(seed_plan) == before


def test_a_renumbered_measure_with_progress_is_refused_when_matched_by_number(world, seed_plan):
    # given a progress report on measure 1, and a document where measure 1 is another measure
    measure = Measure.objects.get(plan=seed_plan, number=1)
    MeasureProgress.objects.create(period=_period(seed_plan), measure=measure, status="done", percent=100)
    document = parse_plan_text(SEED_TEXT)
    first, second = document.measures[0], document.measures[1]
    first.text, second.text = second.text, first.text  # the numbering shifted
    before = _snapshot(seed_plan)
    # when / then
    with pytest.raises(PlanImportError) as refused:
        plan_import_document(document)
    assert any("1 progress report" in p.message for p in refused.value.problems)
    assert _snapshot(seed_plan) == before


def test_an_older_workbook_does_not_revert_a_planners_edit(world, seed_plan, tmp_path):
    # given the plan exported, then a planner's edit of 2.1.9's aggregation
    _workbook(seed_plan).save(tmp_path / "eski.xlsx")
    indicator = Indicator.objects.get(plan=seed_plan, code="2.1.9")
    old = indicator.aggregation
    indicator_update(by=world.planning_officer, indicator=indicator, aggregation="max")
    # when the older workbook is imported
    done, out, _err = _import_file(tmp_path / "eski.xlsx")
    # then the edit stays, and the change plan says so
    assert done
    indicator.refresh_from_db()
    assert indicator.aggregation == "max" and old != "max"
    assert "2.1.9" in out and "maximum" in out


def test_a_new_plan_end_target_moves_the_default_yearly_targets(world, seed_plan, tmp_path):
    # given a planner's edit of 1.1.1's 2016 target, and the plan-end target changed in the workbook
    edited = YearValue.objects.get(row=_row(seed_plan, "1.1.1"), kind="target", year=2016)
    from izlem.plans.services import yearly_target_update

    yearly_target_update(by=world.planning_officer, year_value=edited, value=Decimal("70"))
    workbook = _workbook(seed_plan)
    sheet = workbook["Göstergeler"]
    number, columns = _line(sheet, Kod="1.1.1")
    sheet.cell(number, columns["Hedef 2019"], 95)
    workbook.save(tmp_path / "plan.xlsx")
    # when
    done, _out, _err = _import_file(tmp_path / "plan.xlsx")
    # then the defaults follow the new path from 53,34 (2014) to 95, and the edit stays
    assert done
    targets = {
        v.year: (v.value, v.is_default) for v in _row(seed_plan, "1.1.1").year_values.filter(kind="target")
    }
    assert targets[2019] == (Decimal("95"), False)
    assert targets[2015] == (Decimal("61.67"), True) and targets[2018] == (Decimal("86.67"), True)
    assert targets[2016] == (Decimal("70"), False)


def test_a_dry_run_prints_the_change_plan_the_real_run_applies(world, seed_plan, tmp_path):
    # given a workbook with a renamed indicator code, a changed name and a new yearly target
    workbook = _workbook(seed_plan)
    sheet = workbook["Göstergeler"]
    number, columns = _line(sheet, Kod="1.1.3")
    sheet.cell(number, columns["Kod"], "1.1.30")
    sheet.cell(number, columns["Ad"], "Zorunlu eğitimde net okullaşma oranı (%), yeni tanım")
    workbook.save(tmp_path / "plan.xlsx")
    before = _snapshot(seed_plan)
    # when
    done, dry, _ = _import_file(tmp_path / "plan.xlsx", "--dry-run")
    assert done and _snapshot(seed_plan) == before
    done, real, _ = _import_file(tmp_path / "plan.xlsx")
    # then the same change plan, and it was applied
    assert done
    plan_lines = [line for line in dry.splitlines() if line.startswith("  ")]
    assert plan_lines == [line for line in real.splitlines() if line.startswith("  ")]
    assert any("1.1.3" in line and "1.1.30" in line for line in plan_lines)
    assert Indicator.objects.filter(plan=seed_plan, code="1.1.30").exists()


# --- text documents: located problems -------------------------------------------------------------


def _seed_with(old: str, new: str) -> str:
    assert SEED_TEXT.count(old) >= 1, old
    return SEED_TEXT.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "where", "fragment"),
    [
        (  # the name of 1.1.1 split over two cells
            "en az bir yıl okul öncesi",
            "en az bir yıl\n\tokul öncesi",
            "satır 2901, sütun 3",
            "bilinen bir kırılım adı değil",
        ),
        ("\t52,75\n", "\t52,\n\t75\n", "satır 2901, sütun 3", "“52,” bir sayı değil"),  # a number split
        ("\t98,21\n\t92,70", "\t98,21\n\n\t92,70", "satır 2930", "tek anlamlı eşleştirilemedi"),  # blank line
    ],
)
def test_a_damaged_text_row_is_a_located_problem_and_the_import_is_refused(
    world, seed_plan, tmp_path, old, new, where, fragment
):
    # given values on the row the damage touches
    value = _value(world, _row(seed_plan, "1.1.1"))
    _value(world, _row(seed_plan, "1.1.3"))
    path = tmp_path / "plan.txt"
    path.write_text(_seed_with(old, new), encoding="utf-8")
    before = _snapshot(seed_plan)
    # when
    done, _out, err = _import_file(path)
    # then the problem is located and nothing changed
    assert done is None
    assert any(line.startswith(where) and fragment in line for line in err.splitlines()), err
    assert _snapshot(seed_plan) == before
    assert Value.objects.filter(pk=value.pk).exists()


def test_a_unit_change_of_an_indicator_with_values_is_refused(world, seed_plan):
    _value(world, _row(seed_plan, "1.1.3"))
    document = parse_plan_text(
        _seed_with("Zorunlu eğitimde net okullaşma oranı (%)", "Zorunlu eğitimde okul sayısı")
    )
    with pytest.raises(PlanImportError) as refused:
        plan_import_document(document)
    assert {p.where for p in refused.value.problems} == {"indicator 1.1.3"}
    assert any("unit would change from percent to count" in p.message for p in refused.value.problems)
    assert Indicator.objects.get(plan=seed_plan, code="1.1.3").unit == "percent"


def test_removing_a_row_with_values_and_an_explained_deviation_names_both(world, seed_plan):
    row = _row(seed_plan, "1.1.2", "Ortaokul")
    _value(world, row)
    Deviation.objects.create(period=_period(seed_plan), row=row, state="explained", cause="Taşımalı eğitim")
    document = parse_plan_text(SEED_TEXT)
    indicator = next(i for i in document.indicators if i.code == "1.1.2")
    indicator.rows = [r for r in indicator.rows if r.breakdown != "Ortaokul"]
    with pytest.raises(PlanImportError) as refused:
        plan_import_document(document)
    assert [(p.where, "1 value, 1 explained deviation" in p.message) for p in refused.value.problems] == [
        ("1.1.2 / Ortaokul", True)
    ]
    assert IndicatorRow.objects.filter(pk=row.pk).exists()


def test_removing_a_row_without_data_is_in_the_change_plan(world, seed_plan):
    document = parse_plan_text(SEED_TEXT)
    indicator = next(i for i in document.indicators if i.code == "1.1.2")
    indicator.rows = [r for r in indicator.rows if r.breakdown != "Ortaokul"]
    result = plan_import_document(document)
    assert "- indicator row 1.1.2 / Ortaokul removed" in result.change_plan.lines()
    assert not IndicatorRow.objects.filter(
        indicator__plan=seed_plan, breakdown="Ortaokul", indicator__code="1.1.2"
    )


# --- the property: values stay with their rows --------------------------------------------------------

LABELS = ["", "İlkokul", "Ortaokul", "Ortaöğretim", "Okul öncesi", "Kız", "Erkek"]


def _small_document() -> PlanDocument:
    doc = PlanDocument(
        title="Küçük plan", owner_name="İl MEM", province_name="Erzincan", period_start=2015, period_end=2019
    )
    doc.goals = [GoalDoc("1", "Erişim", "")]
    doc.targets = [TargetDoc("1.1", "1", "Katılım")]
    for number in range(1, 4):
        rows = [
            IndicatorRowDoc(label or None, {2014: Decimal(10 * number)}, Decimal(50), 2019)
            for label in (["İlkokul", "Ortaokul"] if number != 3 else [""])
        ]
        doc.indicators.append(
            IndicatorDoc(f"1.1.{number}", "1.1", f"Okullaşma oranı {number} (%)", "percent", rows)
        )
    doc.measures = [MeasureDoc(n, "1.1", f"Tedbir metni {n} için uzun bir açıklama") for n in range(1, 4)]
    return doc


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["rename", "relevel", "reorder", "add", "remove", "drop_uid", "recode", "remove_indicator"]
        ),
        st.integers(0, 2),
        st.integers(0, 1),
        st.sampled_from(LABELS),
    ),
    max_size=5,
)


def _revise(doc: PlanDocument, edits) -> PlanDocument:
    doc = copy.deepcopy(doc)
    for action, i, r, label in edits:
        if not doc.indicators:
            break
        indicator = doc.indicators[i % len(doc.indicators)]
        rows = indicator.rows
        row = rows[r % len(rows)] if rows else None
        labels = {x.breakdown or "" for x in rows}
        if action in ("rename", "relevel") and row is not None and label not in labels:
            row.breakdown = label or None  # with its uid a rename; "relevel" picks a label of another level
        elif action == "reorder":
            rows.reverse()
        elif action == "add" and label not in labels:
            rows.append(IndicatorRowDoc(label or None, {2014: Decimal(5)}, Decimal(9), 2019))
        elif action == "remove" and len(rows) > 1:
            rows.remove(row)
        elif action == "drop_uid" and row is not None:
            row.uid = ""  # then matched by its label only
        elif action == "recode" and f"1.1.{7 + i}" not in {x.code for x in doc.indicators}:
            indicator.code = f"1.1.{7 + i}"
        elif action == "remove_indicator" and len(doc.indicators) > 1:
            doc.indicators.remove(indicator)
    return doc


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS, with_values=st.lists(st.booleans(), min_size=5, max_size=5))
def test_values_stay_with_their_rows_through_any_revision(world, edits, with_values):
    with transaction.atomic():
        # given a plan whose rows carry their stable ids in the document (as a workbook does), some with values
        base = _small_document()
        plan = plan_import_document(base, owner=world.province).plan
        rows = list(IndicatorRow.objects.filter(indicator__plan=plan).order_by("indicator__code", "order"))
        by_label = {(r.indicator.code, r.breakdown): r for r in rows}
        for indicator in base.indicators:
            indicator.uid = str(Indicator.objects.get(plan=plan, code=indicator.code).uid)
            for row_doc in indicator.rows:
                row_doc.uid = str(by_label[(indicator.code, row_doc.breakdown or "")].uid)
        entered = {
            _value(world, row).pk: row.pk for row, wanted in zip(rows, with_values, strict=False) if wanted
        }
        revised = _revise(base, edits)
        before = _snapshot(plan)
        # when
        try:
            plan_import_document(revised, owner=world.province)
        except PlanImportError:
            # then a refused import changed nothing
            assert _snapshot(plan) == before
        else:
            # then every value is still on the row it was entered for, and that row is the document's row
            assert dict(Value.objects.values_list("pk", "row_id")) == entered
            for indicator in revised.indicators:
                for row_doc in indicator.rows:
                    row = IndicatorRow.objects.get(
                        indicator__plan=plan,
                        indicator__code=indicator.code,
                        breakdown=row_doc.breakdown or "",
                    )
                    if row_doc.uid:
                        assert str(row.uid) == row_doc.uid
        transaction.set_rollback(True)


def test_a_row_whose_label_stays_keeps_its_level(world, seed_plan, seed_document):
    # given a level set by hand on 1.1.2 / İlkokul
    row = _row(seed_plan, "1.1.2", "İlkokul")
    IndicatorRow.objects.filter(pk=row.pk).update(level="basic")
    # when the same document is imported again
    plan_import_document(seed_document)
    # then the level stays
    row.refresh_from_db()
    assert row.level == "basic"


def test_a_stable_id_copied_to_another_line_is_refused_at_its_cell(world, seed_plan, tmp_path):
    workbook = _workbook(seed_plan)
    sheet = workbook["Göstergeler"]
    first, columns = _line(sheet, Kod="1.1.2", Kırılım="İlkokul")
    second, _columns = _line(sheet, Kod="1.1.2", Kırılım="Ortaokul")
    column = columns["Satır kimliği (değiştirmeyin)"]
    sheet.cell(second, column, sheet.cell(first, column).value)
    workbook.save(tmp_path / "plan.xlsx")
    before = _snapshot(seed_plan)
    done, _out, err = _import_file(tmp_path / "plan.xlsx")
    assert done is None
    assert f"also on row {first}" in err and "Göstergeler" in err
    assert _snapshot(seed_plan) == before
