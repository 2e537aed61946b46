"""Monitoring values through the API: entering, changing (with its version), range and outlier rules,
and who sees or writes which values.

The answers match the pages: out-of-scope records are 404s (the outsider of district B never sees
school A1's data, Kars's manager sees nothing of Erzincan); a record you see but may not act on is a
403; locked data (submitted, approved, closed period) refuses every write and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from izlem.monitoring import services
from izlem.monitoring.models import Period, Submission, Value
from tests.support.api import ids, post_value, results


def test_principal_enters_a_ratio_value(world, api, plan_data):
    # given: A2 (primary) enters its İlkokul row for the first time
    row = plan_data.ratio_row.indicator.rows.get(level="primary")
    # when
    r = post_value(
        api(world.principal),
        plan_data.period,
        world.school_a1,
        plan_data.ratio_row,
        numerator=33,
        denominator="40",
    )
    created = post_value(
        api(world.principal), plan_data.period, world.school_a1, row, numerator=1, denominator=2
    )
    # then
    assert r.status_code == 200 and r.json()["value"] == "82.5000" and r.json()["version"] == 2
    assert created.status_code == 400 and "indicator is not collected" in created.json()["message"]


def test_a_value_outside_the_rows_calibrated_range_is_a_400_naming_the_range(world, api, period):
    row = period.plan.indicators.get(code="1.1.2").rows.get()
    row.valid_min, row.valid_max = 10, 120
    row.save(update_fields=["valid_min", "valid_max"])
    client = api(world.principal)
    r = post_value(client, period, world.school_a1, row, value=121, note="x", confirm_outlier=True)
    assert r.status_code == 400 and "120" in r.content.decode() and "10" in r.content.decode()
    assert post_value(client, period, world.school_a1, row, value=120).status_code == 201


def test_a_new_value_is_201_and_audited(world, api, period):
    r = post_value(
        api(world.principal),
        period,
        world.school_a1,
        period.plan.indicators.get(code="1.1.2").rows.get(),
        value=105,
        note="e-Okul",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["value"], body["version"], body["submission_state"], body["note"]) == (
        "105.0000",
        1,
        "draft",
        "e-Okul",
    )
    value = Value.objects.get(pk=body["id"])
    assert value.entered_by == world.principal and value.history.first().history_user == world.principal


def test_put_changes_a_value_with_its_version(world, api, plan_data):
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    r = api(world.principal).put(
        f"/api/v1/values/{value.pk}/", {"value": "111", "version": value.version}, format="json"
    )
    assert (
        r.status_code == 200 and r.json()["value"] == "111.0000" and r.json()["version"] == value.version + 1
    )


def test_a_stale_version_is_a_409_and_nothing_changes(world, api, plan_data):
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    r = api(world.principal).put(
        f"/api/v1/values/{value.pk}/", {"value": "120", "version": 99}, format="json"
    )
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert "Someone else changed this value" in r.json()["message"]
    assert Value.objects.get(pk=value.pk).value == Decimal("110.0000")


def test_range_errors_are_400s_with_fields(world, api, plan_data):
    client = api(world.principal)
    ratio = post_value(
        client, plan_data.period, world.school_a1, plan_data.ratio_row, numerator=50, denominator=40
    )
    count = post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value="1.5")
    assert ratio.status_code == 400 and "numerator cannot be greater" in ratio.json()["message"]
    assert count.status_code == 400 and count.json()["fields"] == {
        "value": ["This indicator counts whole things: enter a whole number."]
    }
    assert Value.objects.get(row=plan_data.count_row, entity=world.school_a1).value == Decimal(110)


def test_an_unusual_value_needs_confirmation(world, api, plan_data):
    # given: last period's value 100, so 300 jumps by more than 50 %
    earlier = Period.objects.create(
        plan=plan_data.plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 10),
        district_due=dt.date(2016, 7, 20),
        state="open",
    )
    submission = services.submission_get_or_create(period=earlier, entity=world.school_a1)
    services.value_save(
        by=world.principal, submission=submission, row=plan_data.count_row, value=Decimal(100)
    )
    client = api(world.principal)
    # when
    first = post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value=300)
    confirmed = post_value(
        client,
        plan_data.period,
        world.school_a1,
        plan_data.count_row,
        value=300,
        confirm_outlier=True,
        note="Yeni bina",
    )
    # then
    assert first.status_code == 422 and first.json()["code"] == "needs_confirmation"
    assert "confirm_outlier" in first.json()["fields"]
    assert confirmed.status_code == 200 and confirmed.json()["outlier_confirmed"] is True


def test_outsider_neither_sees_nor_writes_school_a1s_values(world, api, plan_data):
    client = api(world.outsider)
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    assert value.pk not in ids(client.get("/api/v1/values/?page_size=200"))
    assert client.get(f"/api/v1/values/{value.pk}/").status_code == 404
    assert client.put(f"/api/v1/values/{value.pk}/", {"value": 1}, format="json").status_code == 404
    r = post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value=1)
    assert r.status_code == 400 and "entity" in r.json()["fields"]
    assert Value.objects.get(pk=value.pk).value == Decimal(110)


def test_kars_sees_nothing_of_erzincan(world, api, plan_data):
    client = api(world.other_manager)
    for resource in ["values", "submissions", "deviations", "measure-progress", "periods"]:
        assert results(client.get(f"/api/v1/{resource}/")) == [], resource
    r = post_value(client, plan_data.period, world.school_a1, plan_data.count_row, value=1)
    assert r.status_code == 400 and {"period", "entity", "row"} <= set(r.json()["fields"])


def test_district_manager_sees_but_does_not_enter_a_schools_values(world, api, plan_data):
    client = api(world.district_manager)
    value = Value.objects.get(row=plan_data.count_row, entity=world.school_a1)
    assert client.get(f"/api/v1/values/{value.pk}/").status_code == 200
    r = client.put(f"/api/v1/values/{value.pk}/", {"value": 1}, format="json")
    assert r.status_code == 403
    new = post_value(client, plan_data.period, world.school_a2, plan_data.count_row, value=1)
    assert new.status_code == 403
    assert Value.objects.get(pk=value.pk).value == Decimal(110)
    assert not Submission.objects.filter(entity=world.school_a2).exists()


def test_unit_manager_enters_only_their_units_rows(world, api, plan_data):
    # 1.1.3 belongs to "strateji", the unit manager is Temel Eğitim's
    r = post_value(
        api(world.unit_manager), plan_data.period, world.province, plan_data.province_row, value=15
    )
    assert r.status_code == 403
    assert Value.objects.get(row=plan_data.province_row).value == Decimal(12)


def test_values_filter_by_period_entity_and_indicator_code(world, api, plan_data):
    client = api(world.district_manager)
    codes = [v["indicator_code"] for v in results(client.get(f"/api/v1/values/?entity={world.school_a1.pk}"))]
    assert codes == ["1.1.1", "1.1.2"]
    by_code = results(client.get(f"/api/v1/values/?period={plan_data.period.pk}&indicator=1.1.2"))
    assert [(v["entity"], v["value"]) for v in by_code] == [(world.school_a1.pk, "110.0000")]
    assert results(client.get("/api/v1/values/?state=approved")) == []
