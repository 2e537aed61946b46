"""The JSON plan format izlem-plan/1: complete, deterministic, importable, refused with located messages."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from izlem.plans.importers.files import PlanFileError, accepted_suffixes, read_plan_file
from izlem.plans.importers.loader.load import plan_import_document
from izlem.plans.models import Indicator, IndicatorRow, Plan, YearValue
from izlem.plans.plan_json.schema import FORMAT, plan_json_schema
from izlem.plans.plan_json.writer import plan_json, plan_json_text


def _import_json(text: str, **kwargs):
    return plan_import_document(read_plan_file("plan.json", text.encode()), source_name="plan.json", **kwargs)


def test_json_export_holds_every_part_of_the_plan(seed_plan, capsys):
    # when
    call_command("export_plan", str(seed_plan.pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    # then
    assert data["format"] == "izlem-plan/1"
    assert list(data) == [
        "format",
        "plan",
        "committees",
        "themes",
        "goals",
        "costs",
        "stakeholders",
        "pest",
        "swot",
        "tows",
        "problem_areas",
        "architecture",
    ]
    assert data["plan"]["period_start"] == 2015 and data["plan"]["province_name"] == "Erzincan"
    assert len(data["plan"]["values"]) == 12 and len(data["committees"]) == 2
    assert data["goals"][0]["theme"] == "Eğitim ve Öğretime Erişim"
    targets = [t for g in data["goals"] for t in g["targets"]]
    indicators = [i for t in targets for i in t["indicators"]]
    assert len(targets) == 6 and len(indicators) == 55
    assert sum(len(i["rows"]) for i in indicators) == 73
    assert sum(len(t["measures"]) for t in targets) == 58
    first = next(i for i in indicators if i["code"] == "1.1.1")
    row = first["rows"][0]
    assert row["baselines"] == {"2012": "52.75", "2013": "43.77", "2014": "53.34"}
    assert row["target"] == "85"
    assert row["yearly_targets"] == {"2015": "59.67", "2016": "66", "2017": "72.34", "2018": "78.67"}
    assert row["uid"] == str(IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code="1.1.1").uid)
    middle = next(i for i in indicators if i["code"] == "1.1.2")["rows"][1]
    assert middle["breakdown"] == "Ortaokul" and middle["baselines"]["2012"] is None
    assert middle["level"] == "middle" and middle["applicable_levels"]
    assert data["costs"][0] == {
        "kind": "target",
        "key": "1.1",
        "amount": "19704600.00",
        "share": "14.87",
        "yearly": {},
    }
    assert (len(data["swot"]), len(data["tows"]), len(data["pest"])) == (37, 16, 16)
    assert (len(data["stakeholders"]), len(data["problem_areas"]), len(data["architecture"])) == (26, 32, 22)
    assert all(cite[-1] in "GZFT" for t in data["tows"] for cite in t["cites"])


def test_export_import_into_an_empty_database_export_is_byte_identical(seed_plan):
    # given the seed (imported from its text) with a planner's yearly target, exported as JSON
    value = YearValue.objects.get(
        row__indicator__plan=seed_plan, row__indicator__code="1.1.3", kind="target", year=2017
    )
    value.value, value.is_default = 95, False
    value.save(update_fields=["value", "is_default"])
    first = plan_json_text(seed_plan)
    # when every plan is deleted and the JSON is imported into the empty database
    Plan.objects.all().delete()
    assert not Indicator.objects.exists()
    result = _import_json(first)
    # then the plan is the same, down to the bytes of its export and the stable ids
    assert result.created and result.problems == [p for p in result.problems if p.where]
    assert plan_json_text(result.plan) == first
    edited = YearValue.objects.get(
        row__indicator__plan=result.plan, row__indicator__code="1.1.3", kind="target", year=2017
    )
    assert edited.is_default is False and edited.value == 95


def test_a_planning_officers_applicability_travels_into_an_empty_database(seed_plan):
    # given a row a planning officer said only secondary schools owe (the plan's words say otherwise)
    row = IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code="1.1.1")
    assert row.applicable_levels != ["secondary"]
    IndicatorRow.objects.filter(pk=row.pk).update(
        applicable_levels=["secondary"], applicable_school_types=[], applicability_edited=True
    )
    first = plan_json_text(seed_plan)
    # when the JSON is imported into an empty database
    Plan.objects.all().delete()
    result = _import_json(first)
    # then the choice is there, kept as a choice (a later re-import of the text keeps it), and the
    # export is byte-identical
    again = IndicatorRow.objects.get(indicator__plan=result.plan, indicator__code="1.1.1")
    assert (again.applicable_levels, again.applicability_edited) == (["secondary"], True)
    untouched = IndicatorRow.objects.filter(indicator__plan=result.plan).exclude(pk=again.pk)
    assert not untouched.filter(applicability_edited=True).exists()
    assert plan_json_text(result.plan) == first


def test_record_bindings_travel_into_an_empty_database(seed_plan):
    from izlem.monitoring.computed import demo_bind_seed_indicators

    # given the seed with its record-based indicators bound to their sources
    assert demo_bind_seed_indicators(seed_plan) > 0
    bound = dict(
        Indicator.objects.filter(plan=seed_plan)
        .exclude(computed_source="")
        .values_list("code", "computed_source")
    )
    first = plan_json_text(seed_plan)
    # when the JSON is imported into an empty database
    Plan.objects.all().delete()
    result = _import_json(first)
    # then every binding is there and the export is byte-identical
    again = dict(
        Indicator.objects.filter(plan=result.plan)
        .exclude(computed_source="")
        .values_list("code", "computed_source")
    )
    assert again == bound
    assert plan_json_text(result.plan) == first


def test_an_unknown_record_source_is_a_problem_not_a_binding(seed_plan):
    data = json.loads(plan_json_text(seed_plan))
    indicator = data["goals"][0]["targets"][0]["indicators"][1]
    indicator["computed_source"] = "no_such_source"
    Plan.objects.all().delete()
    result = _import_json(json.dumps(data, ensure_ascii=False))
    assert not Indicator.objects.filter(plan=result.plan).exclude(computed_source="").exists()
    assert any("no_such_source" in problem.message for problem in result.problems)


def test_json_import_into_the_same_plan_changes_nothing(seed_plan):
    text = plan_json_text(seed_plan)
    history = Indicator.history.count() + YearValue.history.count()
    result = _import_json(text)
    assert result.plan.pk == seed_plan.pk and result.changes == 0 and result.change_plan.lines() == []
    assert Indicator.history.count() + YearValue.history.count() == history


def test_json_into_another_owner_builds_the_same_plan(world, seed_plan):
    text = plan_json_text(seed_plan)
    copy = _import_json(text, owner=world.other_province).plan
    before, after = json.loads(text), plan_json(copy)
    before["plan"].pop("province_name"), after["plan"].pop("province_name")
    assert copy.pk != seed_plan.pk and after == before


def test_a_renamed_code_in_json_is_a_rename_by_stable_id(seed_plan):
    data = plan_json(seed_plan)
    data["goals"][0]["targets"][0]["indicators"][0]["code"] = "1.1.99"
    result = _import_json(json.dumps(data, ensure_ascii=False))
    assert "> indicator 1.1.1 renamed to 1.1.99" in result.change_plan.lines()[0] or any(
        "1.1.99" in line for line in result.change_plan.lines()
    )
    assert Indicator.objects.filter(plan=seed_plan, code="1.1.99").count() == 1


def test_json_is_an_accepted_plan_file():
    assert ".json" in accepted_suffixes()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"plan": {}}, "“format”"),
        ({"format": "izlem-plan/2"}, "“izlem-plan/2”"),
    ],
)
def test_missing_or_wrong_format_is_refused_with_its_name(content, expected):
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.json", json.dumps(content).encode())
    assert expected in caught.value.messages[0] and FORMAT in caught.value.messages[0]


def test_not_json_is_refused_with_line_and_column():
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.json", b'{\n  "format": "izlem-plan/1",\n  oops\n}')
    assert "plan.json" in caught.value.messages[0] and "3" in caught.value.messages[0]


def test_schema_violations_are_located(seed_plan):
    # given a file with an empty code, an unknown unit, a number written the Turkish way and a stray field
    data = plan_json(seed_plan)
    data["goals"][2]["targets"][0]["code"] = ""
    data["goals"][1]["targets"][0]["indicators"][1]["unit"] = "kilogram"
    data["goals"][0]["targets"][0]["indicators"][0]["rows"][0]["target"] = "85,5"
    data["goals"][0]["extra"] = 1
    del data["goals"][1]["targets"][0]["measures"][0]["text"]
    # when
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.json", json.dumps(data, ensure_ascii=False).encode())
    messages = caught.value.messages
    # then each message names its place
    assert any(m.startswith("goals[2].targets[0].code: ") for m in messages), messages
    assert any(m.startswith("goals[1].targets[0].indicators[1].unit: “kilogram”") for m in messages), messages
    assert any(m.startswith("goals[0].targets[0].indicators[0].rows[0].target: “85,5”") for m in messages)
    assert any(m.startswith("goals[0]: “extra”") for m in messages), messages
    assert any(m.startswith("goals[1].targets[0].measures[0]: ") and "“text”" in m for m in messages)
    assert len(messages) == 5


def test_a_copied_stable_id_is_refused_at_its_place(seed_plan):
    data = plan_json(seed_plan)
    targets = data["goals"][1]["targets"]
    targets[1]["uid"] = targets[0]["uid"]
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.json", json.dumps(data).encode())
    assert caught.value.messages == [
        "goals[1].targets[1].uid: " + caught.value.messages[0].split(": ", 1)[1]  # the Turkish sentence
    ]
    assert "goals[1].targets[0]" in caught.value.messages[0]


def test_bad_json_through_the_command_writes_nothing(seed_plan, tmp_path):
    data = plan_json(seed_plan)
    data["plan"]["title"] = "Yeni başlık"
    data["goals"][0]["targets"][0]["indicators"][0]["unit"] = "kilogram"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_plan", str(path))
    assert Plan.objects.get(pk=seed_plan.pk).title != "Yeni başlık"


def test_the_schema_lists_the_models_choices():
    defs = plan_json_schema()["$defs"]
    assert defs["indicator"]["properties"]["unit"]["enum"] == list(Indicator.UnitKind.values)
    assert defs["indicator"]["properties"]["weight"]["enum"] == ["", *Indicator.Weight.values]
    assert defs["row"]["properties"]["level"]["enum"] == list(IndicatorRow.Level.values)


def test_stale_staged_files_are_swept(world, settings, tmp_path):
    import os
    import time

    from django.core.files.storage import default_storage

    from izlem.plans import staging

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    old = staging.plan_import_stage(
        by=world.planning_officer, name="a.json", data=b"{}", owner=world.province
    )
    key = staging.signing.loads(old, salt=staging.SALT)["file"]
    past = time.time() - staging.MAX_AGE - 60
    os.utime(default_storage.path(key), (past, past))
    fresh = staging.plan_import_stage(
        by=world.planning_officer, name="b.json", data=b"{}", owner=world.province
    )
    assert not default_storage.exists(key)
    assert default_storage.exists(staging.signing.loads(fresh, salt=staging.SALT)["file"])


def test_the_export_takes_a_fixed_number_of_queries(seed_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        plan_json_text(seed_plan)


def test_a_number_where_a_decimal_string_belongs_is_located_in_turkish(seed_plan):
    from django.utils import translation

    data = json.loads(plan_json_text(seed_plan))
    data["goals"][0]["targets"][0]["indicators"][0]["rows"][0]["target"] = 85.5
    text = json.dumps(data, ensure_ascii=False)
    with translation.override("tr"), pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.json", text.encode())
    assert caught.value.messages == [
        "goals[0].targets[0].indicators[0].rows[0].target: 85.5, bir metin veya null olmalıdır."
    ]


def test_calibrated_bounds_travel_into_an_empty_database_byte_identical(seed_plan):
    # given two rows with valid ranges (one open at the top)
    rows = list(IndicatorRow.objects.filter(indicator__plan=seed_plan).order_by("pk")[:2])
    IndicatorRow.objects.filter(pk=rows[0].pk).update(valid_min=Decimal("0.5"), valid_max=Decimal("100"))
    IndicatorRow.objects.filter(pk=rows[1].pk).update(valid_min=Decimal(3))
    first = plan_json_text(seed_plan)
    assert '"valid_min": "0.5"' in first and '"valid_max": "100"' in first
    # when the JSON is imported into an empty database
    Plan.objects.all().delete()
    result = _import_json(first)
    # then the bounds are there, exactly, and the export is byte-identical
    copied = IndicatorRow.objects.filter(indicator__plan=result.plan)
    assert (copied.get(uid=rows[0].uid).valid_min, copied.get(uid=rows[0].uid).valid_max) == (
        Decimal("0.5"),
        Decimal(100),
    )
    assert (copied.get(uid=rows[1].uid).valid_min, copied.get(uid=rows[1].uid).valid_max) == (3, None)
    assert plan_json_text(result.plan) == first
