"""The indicator card: figures, history, breakdown, scope, PDF and XLSX, query counts."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from izlem.monitoring.evaluation import Status
from izlem.monitoring.selectors import evaluations
from izlem.plans.models import Indicator
from izlem.reports.cards import indicator_card
from tests.support.scoring import add_school, enter


def _card(indicator_code, node, period=None):
    indicator = Indicator.objects.select_related("plan__owner").get(code=indicator_code)
    return indicator_card(indicator=indicator, node=node, period=period)


def _line(card_row, year, half):
    return next(
        line for line in card_row.lines if line.period and (line.year, line.period.half) == (year, half)
    )


def test_history_at_the_province_equals_hand_computed_figures(world, scored):
    # when
    card = _card("1.1.1", world.province)
    # then
    assert card.period == scored.period  # the latest period with data
    middle = next(r for r in card.rows if r.row == scored.middle)
    baselines = [
        (line.year, line.baseline)
        for line in middle.lines
        if line.period is None and line.baseline is not None
    ]
    assert baselines == [(2014, Decimal("50"))]
    targets = {line.year: line.target for line in middle.lines if line.target is not None}
    assert targets == {y: Decimal(v) for y, v in {2015: 54, 2016: 58, 2017: 62, 2018: 66, 2019: 70}.items()}
    first, second = _line(middle, 2016, "H1"), _line(middle, 2016, "H2")
    # 2016 H1: 200 / 400 = 50 %, expected 50 + 20 × 1,5/5 = 56: no progress, rate (50−50)/(58−50) = 0
    assert first.figure.value == Decimal("50.0000") and first.evaluation.rate == Decimal("0.00")
    assert first.evaluation.status == Status.OFF_TRACK
    # 2016 H2: 211 / 400 = 52,75 %, rate (52,75−50)/(58−50) × 100 = 34,375 → 34,38
    assert second.figure.value == Decimal("52.7500") and second.evaluation.rate == Decimal("34.38")
    assert (second.figure.reported, second.figure.expected) == (1, 1)
    assert middle.current is second and second.evaluation.forecast is not None


def test_card_evaluations_match_the_monitoring_selector_in_every_period(world, scored):
    card = _card("1.1.1", world.province)
    for period in (scored.earlier, scored.period):
        expected = {item.row.pk: item for item in evaluations(period, world.province)}
        for card_row in card.rows:
            line = _line(card_row, period.year, period.half)
            item = expected[card_row.row.pk]
            assert (line.figure.value, line.evaluation.rate, line.evaluation.status) == (
                item.figure.value,
                item.evaluation.rate,
                item.evaluation.status,
            )


def test_province_breakdown_is_by_district_with_the_total(world, scored):
    card = _card("1.1.1", world.province, scored.period)
    assert card.breakdown_kind == "district"
    middle = next(r for r in card.rows if r.row == scored.middle)
    # Tercan's only school is a lise: nobody there reports the Ortaokul row
    assert [
        (b.node.name, b.figure.value, b.figure.numerator, b.figure.denominator) for b in middle.breakdown
    ] == [("Merkez", Decimal("52.7500"), Decimal("211"), Decimal("400"))]
    assert middle.total.node == world.province and middle.total.evaluation.rate == Decimal("34.38")


def test_district_breakdown_is_by_school_including_those_that_did_not_report(world, scored):
    # given: another ortaokul in Merkez that has reported nothing
    silent = add_school(world.district_a, "710099")
    # when
    card = _card("1.1.1", world.district_a, scored.period)
    # then
    assert card.breakdown_kind == "school"
    by_row = {
        r.row.pk: [
            (b.node, b.figure.value, b.figure.reported, b.figure.expected, b.evaluation.status)
            for b in r.breakdown
        ]
        for r in card.rows
    }
    assert by_row[scored.primary.pk] == [(world.school_a2, Decimal("90.0000"), 1, 1, Status.ON_TRACK)]
    assert by_row[scored.middle.pk] == [
        (world.school_a1, Decimal("52.7500"), 1, 1, Status.OFF_TRACK),
        (silent, None, 0, 1, Status.NO_DATA),
    ]


def test_a_count_below_the_province_is_shown_as_a_share_of_the_total_not_judged(world, scored):
    # when: the count 1.1.2 (70 + 50 = 120) at Merkez, by school
    card = _card("1.1.2", world.district_a, scored.period)
    # then
    assert not card.judged and not card.children_judged
    row = card.rows[0]
    assert [(b.node, b.figure.value, b.share, b.evaluation) for b in row.breakdown] == [
        (world.school_a1, Decimal("70"), Decimal("58.3"), None),
        (world.school_a2, Decimal("50"), Decimal("41.7"), None),
    ]
    assert all(
        line.evaluation is None and line.target is None and line.baseline is None for line in row.lines
    )
    # at the province the same count is judged: 120 against the 2016 target 120 → rate 100
    province = _card("1.1.2", world.province, scored.period)
    assert _line(province.rows[0], 2016, "H2").evaluation.rate == Decimal("100.00")


def test_card_page_for_a_district_user_holds_only_their_district(client, world, scored):
    # given
    client.force_login(world.district_manager)
    indicator = Indicator.objects.get(code="1.1.1")
    # when
    response = client.get(reverse("reports:indicator-card", args=[indicator.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Atatürk Ortaokulu" in html and "Gazi İlkokulu" in html and "52,75" in html
    assert "Tercan" not in html


@pytest.mark.parametrize(
    ("user", "node"),
    [
        ("district_manager", "district_b"),
        ("district_manager", "province"),
        ("other_manager", None),
        ("teacher", None),
    ],
)
def test_card_out_of_scope_is_404(client, world, scored, user, node):
    client.force_login(getattr(world, user))
    indicator = Indicator.objects.get(code="1.1.1")
    query = f"?node={getattr(world, node).pk}" if node else ""
    response = client.get(reverse("reports:indicator-card", args=[indicator.pk]) + query)
    assert response.status_code == 404


def test_card_pdf_is_valid_and_holds_turkish_text_and_numbers(client, world, scored):
    client.force_login(world.province_manager)
    indicator = Indicator.objects.get(code="1.1.1")
    response = client.get(reverse("reports:indicator-card-pdf", args=[indicator.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Erzincan İl Millî Eğitim Müdürlüğü" in text
    assert "Gösterge 1.1.1" in text and "Katılımı artırmak" in text
    assert "52,75" in text and "34,38" in text and "211" in text


def test_card_xlsx_has_real_numbers_with_formats_and_neutralises_formulas(client, world, scored):
    # given: a name a spreadsheet would run as a formula
    Indicator.objects.filter(code="1.1.1").update(name='=HYPERLINK("http://x")')
    client.force_login(world.province_manager)
    indicator = Indicator.objects.get(code="1.1.1")
    # when
    response = client.get(reverse("reports:indicator-card-xlsx", args=[indicator.pk]))
    # then
    workbook = load_workbook(io.BytesIO(response.content))
    card_sheet, history = workbook.worksheets[0], workbook.worksheets[1]
    assert card_sheet["B3"].value == '\'=HYPERLINK("http://x")'  # header, code, then the name
    realized = [
        row
        for row in history.iter_rows(min_row=2)
        if row[0].value == "Ortaokul" and row[1].value == 2016 and row[5].value
    ]
    assert realized[-1][1].number_format == "0"  # a year: 2016, never 2.016
    value_cell = realized[-1][5]
    assert value_cell.value == 52.75 and value_cell.number_format == "#,##0.00"
    assert realized[-1][11].value == 34.38 and realized[-1][11].number_format == "0.00"
    assert realized[-1][8].value == 1 and realized[-1][8].number_format == "#,##0"


def test_card_queries_do_not_grow_with_schools(client, world, scored, django_assert_max_num_queries):
    client.force_login(world.district_manager)
    indicator = Indicator.objects.get(code="1.1.1")
    url = reverse("reports:indicator-card", args=[indicator.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(6):
        school = add_school(world.district_a, f"71000{number}")
        enter(scored.period, school, world.sysadmin, {scored.middle: (50 + number, 100)}, state="approved")
    with django_assert_max_num_queries(len(before)):
        response = client.get(url)
    assert response.content.decode().count("Okul 71000") == 6
