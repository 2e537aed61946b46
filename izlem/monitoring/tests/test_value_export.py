"""The long export of values (issue 18): scope, content, CSV and XLSX formats, queries and memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import tracemalloc
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from izlem.core.tests.test_crawl import ENGLISH, _Page
from izlem.monitoring import export
from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.selectors import export as export_selectors
from izlem.monitoring.selectors.export import export_periods, value_long_rows
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow, Plan

URL = reverse("monitoring:value-export")


def read_csv(response) -> list[list[str]]:
    """The streamed CSV read back with the csv module (after its byte order mark)."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def column(lines, title: str) -> list[str]:
    index = lines[0].index(title)
    return [line[index] for line in lines[1:]]


def export_url(**params) -> str:
    return URL + "?" + "&".join(f"{key}={value}" for key, value in params.items())


# --- scope -------------------------------------------------------------------------------------------


def test_a_province_manager_exports_every_value_of_the_province(client, world, period, filled):
    client.force_login(world.province_manager)
    lines = read_csv(client.get(export_url(format="csv", period_from=filled.pk, period_to=period.pk)))
    # independent of the access module: every value entered in the province's subtree in the two periods
    expected = Value.objects.filter(
        entity__path__startswith=world.province.path, period__in=[filled, period]
    ).count()
    assert len(lines) - 1 == expected == 7
    assert "999" not in column(lines, "Değer")
    assert set(column(lines, "İl")) == {"Erzincan"}


def test_a_principal_gets_only_their_school(client, world, period, filled):
    client.force_login(world.principal)
    lines = read_csv(client.get(export_url(format="csv", period_from=filled.pk, period_to=period.pk)))
    assert set(column(lines, "Kurum")) == {world.school_a1.name}
    assert len(lines) - 1 == Value.objects.filter(entity=world.school_a1).count() == 3


def test_a_district_director_gets_only_their_district(client, world, period, filled):
    client.force_login(world.district_manager)
    lines = read_csv(client.get(export_url(format="csv", period_from=period.pk)))
    assert set(column(lines, "İlçe")) == {"Merkez"}
    assert set(column(lines, "Kurum")) == {world.school_a1.name, world.school_a2.name, "Merkez"}
    assert len(lines) - 1 == 4


def test_a_node_narrows_the_export_to_its_subtree(client, world, period, filled):
    client.force_login(world.province_manager)
    lines = read_csv(client.get(export_url(format="csv", period_from=period.pk, node=world.district_b.pk)))
    assert column(lines, "Kurum") == [world.school_b1.name]
    assert column(lines, "Durum") == ["iade edildi"]


def test_a_node_outside_the_scope_is_not_found_and_nothing_leaks(client, world, period, filled):
    client.force_login(world.district_manager)
    for node in (world.district_b, world.school_b1, world.other_school):
        response = client.get(export_url(format="csv", period_from=period.pk, node=node.pk))
        assert response.status_code == 404
        assert b"Tercan" not in response.content


def test_users_without_monitoring_get_nothing(client, world, period, filled):
    client.force_login(world.nobody)
    assert client.get(URL).status_code == 404
    assert client.get(export_url(format="csv", period_from=period.pk)).status_code == 404
    client.logout()
    assert client.get(export_url(format="csv", period_from=period.pk)).status_code == 302  # to sign-in


def test_a_period_of_a_plan_the_user_does_not_read_is_not_found(client, world, period, filled):
    kars = Plan.objects.create(owner=world.other_province, title="Kars", period_start=2015, period_end=2019)
    theirs = Period.objects.create(
        plan=kars,
        year=2016,
        half="H2",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2017, 1, 10),
        district_due=dt.date(2017, 1, 20),
    )
    client.force_login(world.province_manager)
    assert client.get(export_url(format="csv", period_from=theirs.pk)).status_code == 404


def test_a_range_across_plans_or_an_unknown_indicator_is_refused_with_a_message(
    client, world, period, filled
):
    other = Plan.objects.create(owner=world.province, title="İkinci plan", period_start=2020, period_end=2024)
    later = Period.objects.create(
        plan=other,
        year=2020,
        half="H1",
        open_date=dt.date(2020, 6, 1),
        school_due=dt.date(2020, 7, 1),
        district_due=dt.date(2020, 7, 10),
    )
    client.force_login(world.province_manager)
    response = client.get(export_url(format="csv", period_from=period.pk, period_to=later.pk))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "aynı plana" in response.content.decode()
    backwards = read_csv(client.get(export_url(format="csv", period_from=period.pk, period_to=filled.pk)))
    assert column(backwards, "Dönem") == ["2016-1"] + ["2016-2"] * 6  # a backwards range is read forwards
    response = client.get(export_url(format="csv", period_from=period.pk, indicator="9.9.9"))
    assert "9.9.9" in response.content.decode() and response["Content-Type"].startswith("text/html")


def test_the_page_offers_the_form_with_the_dashboard_choice(client, world, period, filled):
    client.force_login(world.district_manager)
    response = client.get(URL + f"?period_from={period.pk}&node={world.district_a.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{period.pk}" selected>' in page
    assert f'<option value="{world.district_a.pk}" selected>' in page
    assert "Tercan" not in page  # the other district is not offered
    # the crawler skips views named *export*: the page is checked for English here
    visible = _Page()
    visible.feed(page)
    assert not ENGLISH.search(" ".join(visible.text))
    dashboard = client.get(reverse("monitoring:period-detail", args=[period.pk])).content.decode()
    assert reverse("monitoring:value-export") + f"?period_from={period.pk}&amp;node=" in dashboard


# --- content and formats ------------------------------------------------------------------------------


def test_csv_columns_decimals_and_names(client, world, period, filled):
    client.force_login(world.province_manager)
    response = client.get(export_url(format="csv", period_from=filled.pk, period_to=period.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="izlem-degerler-2016-1-2016-2.csv"' in response["Content-Disposition"]
    lines = read_csv(response)
    assert lines[0] == export.header()
    assert lines[0][:7] == ["İl kodu", "İl", "İlçe kodu", "İlçe", "Kurum kodu", "Kurum", "Kurum türü"]
    by_entity = {
        (line[5], line[7], line[10], line[12]): dict(zip(lines[0], line, strict=True)) for line in lines[1:]
    }
    ratio = by_entity[(world.school_a1.name, "1.1.1", "Ortaokul", "2016-2")]
    assert ratio["İl kodu"] == "24" and ratio["İlçe kodu"] == "2401" and ratio["Kurum kodu"] == "700001"
    assert ratio["Kurum türü"] == "Okul / kurum"
    assert (ratio["Pay"], ratio["Payda"], ratio["Değer"]) == ("37", "52", "")
    assert (ratio["Yıl"], ratio["Yarıyıl"], ratio["Satır"]) == ("2016", "2", "2")
    assert ratio["Durum"] == "gönderildi"
    district = by_entity[("Merkez", "1.1.2", "", "2016-2")]
    assert (district["İl"], district["İlçe"], district["Kurum türü"]) == ("Erzincan", "Merkez", "İlçe")
    province = by_entity[("Erzincan", "1.1.3", "", "2016-2")]
    assert (province["İl kodu"], province["İlçe kodu"], province["İlçe"]) == ("24", "", "")
    # every decimal exactly as stored, with a decimal comma
    stored = {
        (v.entity.name, v.row.indicator.code, v.period.year, v.period.half): v
        for v in Value.objects.select_related("entity", "row__indicator", "period")
    }
    for line in lines[1:]:
        cells = dict(zip(lines[0], line, strict=True))
        value = stored[(cells["Kurum"], cells["Gösterge kodu"], int(cells["Yıl"]), f"H{cells['Yarıyıl']}")]
        for title, stored_number in (
            ("Değer", value.value),
            ("Pay", value.numerator),
            ("Payda", value.denominator),
        ):
            text = cells[title]
            assert (Decimal(text.replace(",", ".")) if text else None) == stored_number
    assert "66,2966" in column(lines, "Değer") and "-4,25" in column(lines, "Değer")


def test_formulas_are_neutralised_in_csv_and_xlsx(client, world, period, filled):
    world.school_a2.name = "=cmd|' /C calc'!A0"
    world.school_a2.save(update_fields=["name"])
    client.force_login(world.province_manager)
    lines = read_csv(client.get(export_url(format="csv", period_from=period.pk)))
    assert '\'=HYPERLINK("x")' in column(lines, "Not")
    assert "'=cmd|' /C calc'!A0" in column(lines, "Kurum")
    assert "-4,25" in column(lines, "Değer")  # a negative number is a number, not a formula
    workbook = read_xlsx(client.get(export_url(format="xlsx", period_from=period.pk)))
    texts = [cell.value for row in workbook.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("x")' in texts and "'=cmd|' /C calc'!A0" in texts
    assert not [cell for row in workbook.active.iter_rows() for cell in row if cell.data_type == "f"]


def test_xlsx_numbers_are_numbers_with_a_frozen_filtered_header(client, world, period, filled):
    client.force_login(world.province_manager)
    response = client.get(
        export_url(format="xlsx", period_from=filled.pk, period_to=period.pk, node=world.province.pk)
    )
    assert response["Content-Type"] == export.XLSX
    assert 'filename="izlem-degerler-Erzincan-2016-1-2016-2.xlsx"' in response["Content-Disposition"]
    workbook = read_xlsx(response)
    assert workbook.sheetnames == ["Değerler"]
    sheet = workbook["Değerler"]
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == export.header()
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:U{len(lines)}"
    assert sheet.column_dimensions["I"].width == 60 and sheet.column_dimensions["A"].width == 9
    titles = list(lines[0])
    data = [dict(zip(titles, line, strict=True)) for line in lines[1:]]
    assert len(data) == 7
    for item in data:
        assert isinstance(item["Yıl"], int) and isinstance(item["Yarıyıl"], int)
        assert isinstance(item["Girildiği zaman"], dt.datetime)
        for title in ("Değer", "Pay", "Payda"):
            assert item[title] is None or isinstance(item[title], int | float)
    values = sorted(item["Değer"] for item in data if item["Değer"] is not None)
    assert values == [-4.25, 7, 12.0001, 66.2966, 120, 131.5]
    moment = sheet.cell(row=2, column=20)
    assert moment.number_format == export.DATETIME_FORMAT


def test_a_large_xlsx_goes_on_in_a_second_sheet_with_its_header(world, period, filled, monkeypatch):
    monkeypatch.setattr(export, "SHEET_ROWS", 4)
    scope = export.export_scope(world.province_manager, period_from=filled.pk, period_to=period.pk)
    with tempfile.TemporaryFile() as handle:
        assert export.xlsx_write(export.export_lines(world.province_manager, scope), handle) == 7
        handle.seek(0)
        workbook = load_workbook(handle)
    assert workbook.sheetnames == ["Değerler", "Değerler 2"]
    first, second = workbook.worksheets
    assert first.max_row == 5 and second.max_row == 4
    assert [c.value for c in second[1]] == export.header()
    assert second.auto_filter.ref == "A1:U4" and second.freeze_panes == "A2"


def test_the_indicator_filter(client, world, period, filled):
    client.force_login(world.province_manager)
    lines = read_csv(client.get(export_url(format="csv", period_from=period.pk, indicator="1.1.1")))
    assert column(lines, "Gösterge kodu") == ["1.1.1"]


def test_export_periods_is_the_range_of_one_plan(world, period, filled):
    assert export_periods(period_from=filled, period_to=period) == [filled, period]
    assert export_periods(period_from=period) == [period]


# --- queries and memory ---------------------------------------------------------------------------


def grow(plan, period, parent, schools: int, *, rows: int = 10, start: int = 0) -> None:
    """`schools` more schools under `parent`, each with a value of `rows` rows of a bulk indicator in
    `period` (bulk inserts; the plan keeps the same rows, as a real plan does while the data grows)."""
    indicator = Indicator.objects.filter(plan=plan, code="1.1.2").get()
    made = list(IndicatorRow.objects.filter(indicator=indicator, breakdown__startswith="Kırılım"))
    if not made:
        made = IndicatorRow.objects.bulk_create(
            [IndicatorRow(indicator=indicator, breakdown=f"Kırılım {n}", order=n + 1) for n in range(rows)]
        )
    nodes = OrgNode.objects.bulk_create(
        [
            OrgNode(kind="school", code=f"9{start + n:06d}", name=f"Okul {start + n}", parent=parent, path="")
            for n in range(schools)
        ]
    )
    for node in nodes:
        node.path = f"{parent.path}{node.pk}/"
    OrgNode.objects.bulk_update(nodes, ["path"])
    submissions = Submission.objects.bulk_create([Submission(period=period, entity=node) for node in nodes])
    Value.objects.bulk_create(
        [
            Value(
                period=period,
                entity=node,
                submission=submission,
                row=row,
                value=Decimal(n) + Decimal("0.1234"),
                note="açıklama " * 20,
            )
            for node, submission in zip(nodes, submissions, strict=True)
            for n, row in enumerate(made)
        ],
        batch_size=2000,
    )


def consume(user, scope) -> int:
    """Consume the export's lines one by one, as the streamed response does; return their number."""
    count = 0
    for _line in export.export_lines(user, scope):
        count += 1
    return count


def test_the_export_takes_a_fixed_number_of_queries(world, small_plan, period):
    """However many values: the same queries (one for the rows' names, one per period of the range)."""
    user = world.province_manager
    grow(small_plan, period, world.district_a, 3)
    scope = export.export_scope(user, period_from=period.pk)
    with CaptureQueriesContext(connection) as small:
        assert consume(user, scope) == 30
    grow(small_plan, period, world.district_b, 450, start=3)
    with CaptureQueriesContext(connection) as large:
        assert consume(user, scope) == 4530  # three chunks of 2,000 on the way
    assert len(large) == len(small) <= 4


def peak_bytes(run) -> int:
    """The peak of Python's allocations while `run` runs (tracemalloc, one frame: the cheapest)."""
    tracemalloc.start(1)
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_export_grows(world, small_plan, period, monkeypatch):
    """1,000 against 10,000 lines, read in chunks of 250: the peak of CSV and XLSX must not grow with
    them; a list of the lines would (the last check shows that this measurement sees it)."""
    monkeypatch.setattr(export_selectors, "EXPORT_CHUNK", 250)
    user = world.province_manager
    grow(small_plan, period, world.district_a, 100)
    scope = export.export_scope(user, period_from=period.pk)

    def csv_run():
        for _piece in export.export_response(user, scope, "csv").streaming_content:
            pass

    def xlsx_run():
        for _piece in export.export_response(user, scope, "xlsx").streaming_content:
            pass

    def listed():
        return list(export.export_lines(user, scope))

    runs = (("csv", csv_run), ("xlsx", xlsx_run), ("list", listed))
    assert consume(user, scope) == 1000
    small = {name: peak_bytes(run) for name, run in runs}
    grow(small_plan, period, world.district_b, 900, start=100)
    assert consume(user, scope) == 10000
    large = {name: peak_bytes(run) for name, run in runs}
    for name in ("csv", "xlsx"):
        assert large[name] < small[name] * 1.3, (name, small[name], large[name])
    assert large["list"] > small["list"] * 5, (small["list"], large["list"])  # what accumulating would cost


def test_value_long_rows_is_a_generator_and_reads_nothing_before_it_is_consumed(world, small_plan, period):
    scope = export.export_scope(world.province_manager, period_from=period.pk)
    with CaptureQueriesContext(connection) as queries:
        lines = value_long_rows(user=world.province_manager, periods=scope.periods)
    assert all("monitoring_value" not in q["sql"] for q in queries.captured_queries)
    assert list(lines) == []
