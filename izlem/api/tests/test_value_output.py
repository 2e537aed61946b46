"""The values API writes its items out by hand (speed, benchmarks/api_list.py): same output as DRF's path."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.serializers import ModelSerializer

from izlem.api.monitoring.entry import ValueSerializer
from izlem.monitoring.models import Submission, Value
from tests.support.api import results


def _generic(value: Value) -> dict:
    """The item as DRF's field-by-field serializer writes it."""
    full = Value.objects.select_related("entity", "row__indicator", "submission").get(pk=value.pk)
    return dict(ModelSerializer.to_representation(ValueSerializer(), full))


def test_value_output_equals_the_generic_serializer(world, api, plan_data):
    # given: a ratio, a count with a note and an outlier confirmation, an empty value, a submitted entity
    Value.objects.filter(row=plan_data.count_row).update(
        note="Yeni sınıflar açıldı", outlier_confirmed=True, value=Decimal("110.5")
    )
    Value.objects.create(
        period=plan_data.period,
        entity=world.province,
        submission=plan_data.province_submission,
        row=plan_data.ratio_row,
        value=None,
    )
    Submission.objects.filter(pk=plan_data.school_submission.pk).update(state="submitted")
    client = api(world.sysadmin)
    with translation.override("tr"):  # the time zone and language of a Turkish user change nothing
        listed = results(client.get(f"/api/v1/values/?period={plan_data.period.pk}&page_size=50"))
        one = client.get(f"/api/v1/values/{listed[0]['id']}/").json()
    # then
    assert len(listed) == 4 and any(item["entered_by"] for item in listed)
    assert any(item["value"] is None for item in listed) and any(item["numerator"] for item in listed)
    for item in listed:
        assert item == _generic(Value.objects.get(pk=item["id"])), item["id"]
        assert list(item) == ValueSerializer.Meta.fields  # the same keys in the same order
    assert one == listed[0]


def test_the_order_within_a_period_and_across_periods(world, api, plan_data):
    """One period: organisation path, then plan order (the period is constant). All: chronological first."""
    client = api(world.sysadmin)
    within = results(client.get(f"/api/v1/values/?period={plan_data.period.pk}&page_size=50"))
    expected = list(
        Value.objects.filter(period=plan_data.period)
        .order_by("entity__path", "row__indicator__sort_key", "row__order")
        .values_list("pk", flat=True)
    )
    assert [item["id"] for item in within] == expected
    everything = results(client.get("/api/v1/values/?page_size=50"))
    chronological = list(
        Value.objects.order_by(
            "period", "entity__path", "row__indicator__sort_key", "row__order"
        ).values_list("pk", flat=True)
    )
    assert [item["id"] for item in everything] == chronological


def test_the_page_count_reads_the_values_without_the_listed_columns_joins(world, api, plan_data):
    client = api(world.sysadmin)
    url = f"/api/v1/values/?period={plan_data.period.pk}&page_size=2"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert response.json()["count"] == Value.objects.filter(period=plan_data.period).count()
    assert (
        len(counts) == 1 and "plans_indicator" not in counts[0] and "monitoring_submission" not in counts[0]
    )
    assert len(response.json()["results"]) == 2
