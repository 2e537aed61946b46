"""`GET /api/v1/values/export/`: the page's long export for programs — same scope, same file."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from izlem.monitoring import export
from izlem.monitoring.models import Period, Value
from izlem.plans.models import Plan

URL = "/api/v1/values/export/"


def lines_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_api_exports_what_the_user_reads(api, world, period, filled):
    lines = lines_of(api(world.district_manager).get(URL, {"period_from": filled.pk, "period_to": period.pk}))
    expected = Value.objects.filter(entity__path__startswith=world.district_a.path).count()
    assert len(lines) - 1 == expected == 5
    assert {line[3] for line in lines[1:]} == {"Merkez"}
    principal = lines_of(api(world.principal).get(URL, {"period_from": filled.pk, "period_to": period.pk}))
    assert {line[5] for line in principal[1:]} == {world.school_a1.name}


def test_the_api_answers_json_errors_and_never_leaks(api, world, period, filled):
    client = api(world.district_manager)
    for node in (world.district_b, world.other_school):
        response = client.get(URL, {"period_from": period.pk, "node": node.pk, "format": "csv"})
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert b"Tercan" not in response.content
    response = client.get(URL, {"period_from": period.pk, "indicator": "9.9.9"})
    assert len(lines_of(response)) == 1  # an unknown code matches nothing, as in the values list
    response = client.get(URL, {"format": "pdf", "period_from": period.pk})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert client.get(URL).status_code == 400  # period_from is required
    assert api(world.nobody).get(URL, {"period_from": period.pk}).status_code == 404
    assert api(None).get(URL, {"period_from": period.pk}).status_code == 401


def test_a_range_across_plans_is_a_400(api, world, period):
    other = Plan.objects.create(owner=world.province, title="İkinci plan", period_start=2020, period_end=2024)
    later = Period.objects.create(
        plan=other,
        year=2020,
        half="H1",
        open_date=period.open_date,
        school_due=period.school_due,
        district_due=period.district_due,
    )
    response = api(world.province_manager).get(URL, {"period_from": period.pk, "period_to": later.pk})
    assert response.status_code == 400 and "period_to" in response.json()["fields"]


def test_the_api_xlsx_is_the_page_file(api, client, world, period, filled):
    response = api(world.province_manager, language="tr").get(
        URL, {"period_from": period.pk, "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Type"] == export.XLSX
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    client.force_login(world.province_manager)
    page = client.get("/monitoring/values/export/", {"period_from": period.pk, "format": "xlsx"})
    same = load_workbook(io.BytesIO(b"".join(page.streaming_content)))
    rows = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert rows == [[c.value for c in row] for row in same.active.iter_rows()]
    assert (
        len(rows) - 1
        == Value.objects.filter(entity__path__startswith=world.province.path, period=period).count()
    )


def test_the_export_is_in_the_schema(api, world):
    schema = api(world.province_manager).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/values/export/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"format", "period_from", "period_to", "node", "indicator"} <= names
    assert set(operation["responses"]["200"]["content"]) == {"text/csv", export.XLSX}
