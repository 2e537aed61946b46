"""Report files that open clean (issue 18): every report workbook read back with openpyxl, PDFs read with
pypdf, and the names the files download under.

Workbooks: the header in row 1 (nothing above it), frozen, with an autofilter; columns as wide as their
content; years as integers shown without a thousands separator; dates as dates shown dd.mm.yyyy; counts
whole (#,##0) and percentages with two decimals; the title on the last sheet ("Information"/"Bilgi").
PDFs: tagged (PDF/UA-1: structure tree, marked, language, title) and fewer pages than the layout that
gave the indicator names a 90 px column and drew one trend chart per line.
"""

import copy
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from izlem.core.xlsx import FORMULA_PREFIXES, write_workbook
from izlem.monitoring.models import Deviation
from izlem.plans.models import Indicator, IndicatorRow
from izlem.reports import services
from izlem.reports.cards import card_xlsx, indicator_card
from izlem.reports.monitoring_report import build_report
from izlem.reports.render import report_pdf, report_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- what every report workbook has -----------------------------------------------------------------
def assert_opens_clean(content: bytes):
    """The checks every report workbook passes; returns the workbook."""
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.properties.title  # the report's title, as the document's title
    assert workbook.sheetnames[-1] in ("Information", "Bilgi")  # title and scope: last, apart
    for sheet in workbook.worksheets:
        header = [cell for cell in sheet[1]]
        assert header and all(isinstance(c.value, str) and c.value for c in header), sheet.title
        assert all(c.font.bold for c in header), sheet.title  # the header in row 1, no title row above
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        widths = [sheet.column_dimensions[c.column_letter].width for c in header]
        assert all(6 <= width <= 60 for width in widths), (sheet.title, widths)
        if len(header) > 2:
            assert len(set(widths)) > 1, sheet.title  # not every column 13 wide
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):  # nothing a spreadsheet would run as a formula
                    assert not cell.value.startswith(FORMULA_PREFIXES), (sheet.title, cell.value)
                if isinstance(cell.value, dt.datetime):
                    assert cell.number_format == "dd.mm.yyyy", (sheet.title, cell.coordinate)
    return workbook


def columns(sheet) -> dict[str, int]:
    """Header text → column index."""
    return {cell.value: index for index, cell in enumerate(sheet[1])}


def assert_attachment(response, ascii_name: str, turkish_name: str):
    """The response downloads as `ascii_name` (ASCII) with `turkish_name` in filename*."""
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(turkish_name, safe='')}"
    )


# --- the monitoring reports ----------------------------------------------------------------------------
@pytest.fixture
def year_end_data(world, reported):
    """The year-end report of the province, with a deviation whose corrective action is due on a date."""
    Deviation.objects.create(
        period=reported,
        row=IndicatorRow.objects.get(indicator__code="1.1.2"),
        rate=Decimal("21.07"),
        cause="Ödenek yetersiz",
        corrective_action="Bilgilendirme toplantısı",
        action_due=dt.date(2017, 3, 15),
    )
    with translation.override("tr"):
        return build_report("year_end", reported, world.province)


def test_monitoring_report_workbook_opens_clean_with_years_dates_and_units(year_end_data):
    with translation.override("tr"):
        workbook = assert_opens_clean(report_xlsx(year_end_data))
    assert workbook.sheetnames == [
        "Göstergeler",
        "Tedbirler",
        "Sapmalar",
        "Maliyetler",
        "Değerlendirme toplantısı",
        "Bilgi",
    ]
    indicators = workbook["Göstergeler"]
    col = columns(indicators)
    rows = {(r[col["Kod"]].value, r[col["Kırılım"]].value): r for r in indicators.iter_rows(min_row=2)}
    count, ratio = rows[("1.1.2", None)], rows[("1.1.1", "Ortaokul")]
    # years: integers shown as 2014, never 2.014
    for name in ("Başlangıç yılı", "Öngörülen yıl"):
        cells = [r[col[name]] for r in rows.values() if r[col[name]].value is not None]
        assert cells and all(type(c.value) is int and c.number_format == "0" for c in cells), name
    assert count[col["Başlangıç yılı"]].value == 2014
    # a count's figures whole, a percentage indicator's two decimals, rates as percentages
    assert count[col["Gerçekleşen"]].value == 120 and count[col["Gerçekleşen"]].number_format == "#,##0"
    assert ratio[col["Gerçekleşen"]].value == 75 and ratio[col["Gerçekleşen"]].number_format == "#,##0.00"
    assert ratio[col["Gerçekleşme oranı (%)"]].value == 312.5
    assert ratio[col["Gerçekleşme oranı (%)"]].number_format == "0.00"
    assert count[col["Veri gönderen"]].value == 2 and count[col["Veri gönderen"]].number_format == "#,##0"
    # dates: real dates shown the Turkish way
    deviations = workbook["Sapmalar"]
    due = deviations.cell(row=2, column=columns(deviations)["Son tarih"] + 1)
    assert due.value.date() == dt.date(2017, 3, 15) and due.number_format == "dd.mm.yyyy"
    meeting = workbook["Değerlendirme toplantısı"]
    assert meeting["B2"].value.date() == dt.date(2017, 1, 25) and meeting["B2"].number_format == "dd.mm.yyyy"
    costs = workbook["Maliyetler"]
    assert costs["C2"].value == 1000000 and costs["C2"].number_format == "#,##0.00"
    assert costs["E2"].number_format == "0.00"
    assert costs.auto_filter.ref == f"A1:E{costs.max_row - 1}"  # the total stays below the filter
    info = {row[0].value: row[1].value for row in workbook["Bilgi"].iter_rows(min_row=2)}
    assert info["Kapsam"] == "Erzincan" and isinstance(info["Oluşturulma tarihi"], dt.datetime)
    assert workbook.properties.title.startswith("Yılsonu Değerlendirme Raporu — Erzincan")


def test_the_six_month_report_workbook_opens_clean_too(world, reported):
    data = build_report("six_month", reported, world.province)
    workbook = assert_opens_clean(report_xlsx(data))
    assert len(workbook.sheetnames) == 3  # indicators, measures, information


def test_monitoring_report_pdf_is_tagged_with_language_and_title(year_end_data):
    with translation.override("tr"):
        reader = PdfReader(io.BytesIO(report_pdf(year_end_data)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert root["/Lang"] == "tr" and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Yılsonu Değerlendirme Raporu"
    assert reader.metadata.author == "Erzincan İl Millî Eğitim Müdürlüğü"


LONG_NAME = (
    "Örgün eğitimde 20 gün ve üzeri devamsız öğrenci oranı ve okul öncesi eğitim almış olanların oranı (%)"
)


def test_a_report_of_24_long_named_rows_fits_in_few_pages(year_end_data):
    # given: a target with 24 indicator rows whose names are as long as the plan's real ones
    data = copy.deepcopy(year_end_data)
    target = data["goals"][0]["targets"][0]
    rows = []
    for number in range(24):
        row = copy.deepcopy(target["rows"][number % len(target["rows"])])
        row["code"], row["name"] = f"1.1.{number + 1}", LONG_NAME
        rows.append(row)
    target["rows"] = rows
    # when
    with translation.override("tr"):
        reader = PdfReader(io.BytesIO(report_pdf(data)))
    # then: the old layout (names in a 90 px column, one trend chart per line) took 15 pages
    assert len(reader.pages) <= 8
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "1.1.24" in text and "Devamsızlık için eylem planı" in text


def test_a_counts_figures_print_whole_and_percentages_with_two_decimals(year_end_data):
    # given: a count whose forecast is fractional and a percentage with four decimals
    data = copy.deepcopy(year_end_data)
    rows = {(r["code"], r["breakdown"]): r for t in data["goals"][0]["targets"] for r in t["rows"]}
    rows[("1.1.2", "")].update(forecast="4142.04", actual="4141.6")
    rows[("1.1.1", "Ortaokul")].update(actual="66.2966", year_target="66")
    # when
    with translation.override("tr"):
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(data))).pages)
    # then
    assert "4.142" in text and "4.142,04" not in text and "4.141,6" not in text
    assert "66,30" in text and "66,00" in text and "66,2966" not in text


def test_report_job_files_download_under_meaningful_turkish_names(
    world, reported, client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with translation.override("tr"), django_capture_on_commit_callbacks(execute=True):
        job = services.job_request(by=world.planning_officer, period=reported, node=world.province)
    job.refresh_from_db()
    assert job.pdf.name.endswith(".pdf") and "Erzincan-2016-yil-sonu-izleme-raporu" in job.pdf.name
    client.force_login(world.planning_officer)
    for fmt in ("pdf", "xlsx"):
        response = client.get(reverse("reports:job-file", args=[job.pk, fmt]), HTTP_ACCEPT_LANGUAGE="tr")
        assert_attachment(
            response,
            f"Erzincan-2016-yil-sonu-izleme-raporu.{fmt}",
            f"Erzincan-2016-yıl-sonu-izleme-raporu.{fmt}",
        )
    api = client.get(f"/api/v1/report-jobs/{job.pk}/xlsx/", HTTP_ACCEPT_LANGUAGE="tr")
    assert api.status_code == 200
    assert 'filename="Erzincan-2016-yil-sonu-izleme-raporu.xlsx"' in api["Content-Disposition"]


def test_six_month_report_name():
    from izlem.core.filenames import monitoring_report_name

    with translation.override("tr"):
        name = monitoring_report_name("Üzümlü", 2016, "six_month", "pdf")
    assert (name.ascii, name.unicode) == (
        "Uzumlu-2016-6-aylik-izleme-raporu.pdf",
        "Üzümlü-2016-6-aylık-izleme-raporu.pdf",
    )


# --- indicator card, scorecard, dashboard --------------------------------------------------------------
def test_indicator_card_workbook_and_name(client, world, scored):
    indicator = Indicator.objects.get(code="1.1.1")
    client.force_login(world.province_manager)
    response = client.get(
        reverse("reports:indicator-card-xlsx", args=[indicator.pk]), HTTP_ACCEPT_LANGUAGE="tr"
    )
    workbook = assert_opens_clean(response.content)
    history = workbook.worksheets[1]
    col = columns(history)
    years = [row[col["Yıl"]] for row in history.iter_rows(min_row=2)]
    assert years and all(type(c.value) is int and c.number_format == "0" for c in years)
    assert_attachment(
        response,
        "Erzincan-2016-yil-sonu-gosterge-karti-1.1.1.xlsx",
        "Erzincan-2016-yıl-sonu-gösterge-kartı-1.1.1.xlsx",
    )
    pdf = client.get(reverse("reports:indicator-card-pdf", args=[indicator.pk]), HTTP_ACCEPT_LANGUAGE="tr")
    assert 'filename="Erzincan-2016-yil-sonu-gosterge-karti-1.1.1.pdf"' in pdf["Content-Disposition"]
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]


def test_a_count_cards_figures_are_whole_in_the_workbook(world, scored):
    card = indicator_card(indicator=scored.count.indicator, node=world.province, period=scored.period)
    workbook = assert_opens_clean(card_xlsx(card))
    history = workbook.worksheets[1]
    realized = [row[5] for row in history.iter_rows(min_row=2) if row[5].value is not None]
    assert realized and all(cell.number_format == "#,##0" for cell in realized)


def test_scorecard_workbook_dates_and_name(client, world, scored):
    client.force_login(world.planning_officer)
    url = reverse("reports:scorecard-xlsx", args=[scored.period.pk, world.province.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="tr")
    workbook = assert_opens_clean(response.content)
    schools = workbook.worksheets[0]
    col = columns(schools)
    dues = [row[col["Son tarih"]] for row in schools.iter_rows(min_row=2)]
    assert dues and all(isinstance(c.value, dt.datetime) and c.number_format == "dd.mm.yyyy" for c in dues)
    assert_attachment(response, "Erzincan-2016-yil-sonu-karne.xlsx", "Erzincan-2016-yıl-sonu-karne.xlsx")
    pdf = client.get(reverse("reports:scorecard-pdf", args=[scored.period.pk, world.province.pk]))
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]


def test_dashboard_workbook_splits_the_status_tables_into_sheets_and_is_named(client, world, follow_up):
    client.force_login(world.province_manager)
    response = client.get(reverse("reports:dashboard-xlsx"), HTTP_ACCEPT_LANGUAGE="tr")
    workbook = assert_opens_clean(response.content)
    assert workbook.sheetnames[:3] == ["Özet", "Amaçlara göre", "Hedeflere göre"]
    assert_attachment(
        response, "Erzincan-2016-yil-sonu-gosterge-paneli.xlsx", "Erzincan-2016-yıl-sonu-gösterge-paneli.xlsx"
    )
    pdf = client.get(reverse("reports:dashboard-pdf"), HTTP_ACCEPT_LANGUAGE="tr")
    assert 'filename="Erzincan-2016-yil-sonu-gosterge-paneli.pdf"' in pdf["Content-Disposition"]


# --- the writer itself ---------------------------------------------------------------------------------
def test_the_writer_keeps_codes_as_text_and_numbers_given_as_text_as_numbers():
    from izlem.core.xlsx import CODE, COUNT, DATE, PERCENT, YEAR, Cell, Column, Sheet

    sheet = Sheet(
        "Tablo", [Column("Kod", CODE), Column("Yıl", YEAR), Column("Sayı", COUNT), Column("Tarih", DATE)]
    )
    sheet.add(["0123", "2016", "4142.04", "25.01.2017"])
    sheet.add(["=1+1", 2017.0, Cell("52.75", PERCENT), dt.date(2017, 2, 1)])
    sheet.add(["Word'den\x0bgelen", "yok", "NaN", "31.02.2017"])  # control character, not numbers, no date
    sheet.add(["Toplam", None, 10, None], bold=True)
    with translation.override("tr"):
        workbook = assert_opens_clean(write_workbook([sheet, Sheet("Tablo", [Column("a")])], title="Deneme"))
    table = workbook["Tablo"]
    assert [c.value for c in table[2]][:3] == ["0123", 2016, 4142.04]
    assert table["D2"].value.date() == dt.date(2017, 1, 25)
    assert [c.number_format for c in table[2]] == ["General", "0", "#,##0", "dd.mm.yyyy"]
    assert table["A3"].value == "'=1+1" and table["B3"].value == 2017 and table["C3"].number_format == "0.00"
    assert [c.value for c in table[4]] == ["Word'dengelen", "yok", "NaN", "31.02.2017"]  # kept as text
    assert table.auto_filter.ref == "A1:D4" and table["A5"].font.bold
    assert workbook.sheetnames == ["Tablo", "Tablo (2)", "Bilgi"]  # titles made unique
