"""A weighted mean's weight is a fixed choice (issue 17 finding 4): the model, the API schema, the plan
workbook and the edit service refuse any other name, and every choice gives a figure in the roll-up.

Before, any free-text name but the two internal keys ("öğrenci sayısı", the Turkish help text's own
example) rolled up to no figure while coverage still said the schools had reported.
"""

from __future__ import annotations

import importlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from izlem.api import services as api_services
from izlem.monitoring.rollup import WEIGHT_FIELDS, Leaf, aggregate
from izlem.plans import services
from izlem.plans.exchange.reader import PlanWorkbookError, read_plan_workbook
from izlem.plans.exchange.writer import write_plan_workbook
from izlem.plans.models import Indicator

migration = importlib.import_module("izlem.plans.migrations.0007_indicator_weight_choice")


def test_every_weight_choice_gives_a_figure():
    """The roll-up knows a field for every choice: no reported weighted mean is ever without a figure."""
    assert set(WEIGHT_FIELDS) == set(Indicator.Weight.values)
    for weight in Indicator.Weight.values:
        leaves = [Leaf(1, Decimal(10), None, None, Decimal(3)), Leaf(2, Decimal(20), None, None, Decimal(1))]
        assert aggregate("weighted_mean", "score", leaves)[0] == Decimal("12.5000"), weight


def test_the_service_refuses_an_unknown_weight(world, seed_plan):
    indicator = Indicator.objects.filter(plan=seed_plan).first()
    with translation.override("tr"), pytest.raises(ValidationError) as refused:
        services.indicator_update(
            by=world.planning_officer,
            indicator=indicator,
            aggregation="weighted_mean",
            weight_name="öğrenci sayısı",
        )
    assert "weight_name" in refused.value.message_dict
    indicator.refresh_from_db()
    assert indicator.weight_name == "" and indicator.aggregation != "weighted_mean"
    services.indicator_update(
        by=world.planning_officer, indicator=indicator, aggregation="weighted_mean", weight_name="teachers"
    )
    indicator.refresh_from_db()
    assert (indicator.aggregation, indicator.weight_name) == ("weighted_mean", "teachers")


def test_the_api_refuses_an_unknown_weight_and_its_schema_lists_the_choices(world, seed_plan):
    _token, secret = api_services.token_create(user=world.planning_officer, name="test")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    indicator = Indicator.objects.filter(plan=seed_plan).first()
    response = client.patch(
        f"/api/v1/indicators/{indicator.pk}/",
        {"aggregation": "weighted_mean", "weight_name": "öğrenci sayısı"},
        format="json",
    )
    assert response.status_code == 400 and "weight_name" in response.json()["fields"]
    indicator.refresh_from_db()
    assert indicator.weight_name == ""
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    enums = [
        definition["enum"]
        for definition in schema.values()
        if "students" in definition.get("enum", []) or "students" in str(definition.get("enum", ""))
    ]
    assert any(set(enum) - {"", None} == {"students", "teachers"} for enum in enums), enums


def test_the_plan_workbook_refuses_an_unknown_weight_at_its_cell(seed_plan, tmp_path):
    buffer = io.BytesIO()
    write_plan_workbook(seed_plan, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["Göstergeler"]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("Ağırlık") + 1
    sheet.cell(2, headers.index("Toplama kuralı") + 1).value = "weighted_mean"
    sheet.cell(2, column).value = "öğrenci sayısı"
    path = tmp_path / "agirlik.xlsx"
    book.save(path)
    with translation.override("tr"), pytest.raises(PlanWorkbookError) as refused:
        read_plan_workbook(path)
    assert any("Ağırlık" in message and "öğrenci sayısı" in message for message in refused.value.messages)


def test_the_turkish_help_text_names_only_valid_choices():
    """The old text's example, "öğrenci sayısı", was not a weight izlem knew."""
    field = Indicator._meta.get_field("weight_name")
    with translation.override("tr"):
        help_text = str(field.help_text)
        labels = [str(label) for _key, label in Indicator.Weight.choices]
    assert all(label in help_text for label in labels), (help_text, labels)


@pytest.mark.parametrize(
    ("name", "aggregation", "key"),
    [
        ("öğrenci sayısı", "weighted_mean", "students"),
        ("Öğretmen sayısı", "weighted_mean", "teachers"),
        ("ÖĞRETMEN", "weighted_mean", "teachers"),
        ("teachers", "weighted_mean", "teachers"),
        ("students", "weighted_mean", "students"),
        ("", "weighted_mean", "students"),
        ("students", "sum", ""),
    ],
)
def test_the_data_migration_maps_old_names_to_a_choice(name, aggregation, key):
    assert migration.weight_key(name, aggregation) == key
