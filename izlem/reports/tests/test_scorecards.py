"""School and district scorecards: shares on track, timeliness, ranking, sorting, filtering, exports, scope."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from izlem.org.models import OrgNode
from izlem.reports.scorecards import LATE, ON_TIME, OVERDUE, PENDING, scorecard, timeliness
from tests.support.scoring import add_school, enter

TODAY = dt.date(2017, 1, 15)


def _schools(card):
    return [
        (line.school.name, line.rank, line.applicable, line.reported, line.on_track, line.percent)
        for line in card.schools
    ]


def test_school_and_district_shares_equal_hand_computed_ones(world, scored):
    # when
    card = scorecard(period=scored.period, node=world.province, today=TODAY)
    # then: A2: İlkokul 90 % on track, its count 50 against the province path (120) not → 1 of 2;
    # A1: Ortaokul 52,75 % off track (progress 34,38 %), count 70 off track → 0 of 2; B1: count not reported
    assert _schools(card) == [
        ("Gazi İlkokulu", 1, 2, 2, 1, Decimal("50.0")),
        ("Atatürk Ortaokulu", 2, 2, 2, 0, Decimal("0.0")),
        ("Tercan Anadolu Lisesi", 2, 1, 0, 0, Decimal("0.0")),
    ]
    # Merkez: its İlkokul figure (90 %) on track, its Ortaokul figure (52,75 %) not; its count is a part of
    # the province total and is not judged → 1 of 2. Tercan: no rate row applies to a lise → no share.
    merkez, tercan = card.districts
    assert (
        merkez.district,
        merkez.applicable,
        merkez.reported,
        merkez.on_track,
        merkez.percent,
        merkez.rank,
    ) == (
        world.district_a,
        2,
        2,
        1,
        Decimal("50.0"),
        1,
    )
    assert (tercan.district, tercan.applicable, tercan.percent, tercan.rank) == (
        world.district_b,
        0,
        None,
        None,
    )
    assert (merkez.schools, merkez.schools_on_time, merkez.schools_late) == (2, 1, 1)
    assert (tercan.schools, tercan.schools_on_time, tercan.schools_late) == (1, 0, 1)


def test_timeliness_against_the_due_dates(world, scored):
    card = scorecard(period=scored.period, node=world.province, today=TODAY)
    by_name = {line.school.name: line.timeliness for line in card.schools}
    assert (by_name["Atatürk Ortaokulu"].status, by_name["Atatürk Ortaokulu"].days_late) == (ON_TIME, 0)
    assert by_name["Atatürk Ortaokulu"].submitted_on == dt.date(2017, 1, 9)
    assert (by_name["Gazi İlkokulu"].status, by_name["Gazi İlkokulu"].days_late) == (LATE, 3)
    assert (by_name["Tercan Anadolu Lisesi"].status, by_name["Tercan Anadolu Lisesi"].days_late) == (
        OVERDUE,
        5,
    )
    merkez, tercan = card.districts
    assert (merkez.timeliness.status, merkez.timeliness.days_late) == (LATE, 5)  # 25.01 against 20.01
    assert (tercan.timeliness.status, tercan.timeliness.days_late) == (
        PENDING,
        None,
    )  # due 20.01, today 15.01


def test_a_returned_submission_is_not_submitted(world, scored):
    from izlem.monitoring.models import Submission

    submission = Submission.objects.get(period=scored.period, entity=world.school_a2)
    submission.state = Submission.State.RETURNED
    result = timeliness(submission, scored.period, scored.period.school_due, TODAY)
    assert (result.status, result.submitted_on, result.days_late) == (OVERDUE, None, 5)


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("name", ["Atatürk Ortaokulu", "Gazi İlkokulu", "Tercan Anadolu Lisesi"]),
        ("-name", ["Tercan Anadolu Lisesi", "Gazi İlkokulu", "Atatürk Ortaokulu"]),
        ("-days_late", ["Tercan Anadolu Lisesi", "Gazi İlkokulu", "Atatürk Ortaokulu"]),
        ("applicable", ["Tercan Anadolu Lisesi", "Atatürk Ortaokulu", "Gazi İlkokulu"]),
        ("-share", ["Gazi İlkokulu", "Atatürk Ortaokulu", "Tercan Anadolu Lisesi"]),
        ("nonsense", ["Gazi İlkokulu", "Atatürk Ortaokulu", "Tercan Anadolu Lisesi"]),
    ],
)
def test_sorting(world, scored, sort, names):
    card = scorecard(period=scored.period, node=world.province, sort=sort, today=TODAY)
    assert [line.school.name for line in card.schools] == names


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("district={district_b}", ["Tercan Anadolu Lisesi"]),
        ("type=ilkokul", ["Gazi İlkokulu"]),
        ("setting=rural", ["Tercan Anadolu Lisesi"]),
        ("setting=urban&sort=name", ["Atatürk Ortaokulu", "Gazi İlkokulu"]),
    ],
)
def test_filtering_on_the_page(client, world, scored, query, names):
    client.force_login(world.planning_officer)
    url = reverse("reports:scorecard", args=[scored.period.pk, world.province.pk])
    response = client.get(url + "?" + query.format(district_b=world.district_b.pk))
    assert response.status_code == 200
    shown = [line.school.name for line in response.context["sc"].schools]
    assert shown == names
    assert min(line.rank for line in response.context["sc"].schools) == 1  # ranked within the filter


def test_a_district_users_scorecard_holds_only_their_district(client, world, scored):
    client.force_login(world.district_manager)
    response = client.get(reverse("reports:scorecard", args=[scored.period.pk, world.district_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Atatürk Ortaokulu" in html and "Gazi İlkokulu" in html
    assert "Tercan" not in html and response.context["sc"].districts == []


@pytest.mark.parametrize(
    ("user", "node", "query"),
    [
        ("district_manager", "province", ""),
        ("district_manager", "district_b", ""),
        ("other_manager", "province", ""),
        ("planning_officer", "school_a1", ""),
        ("planning_officer", "other_district", ""),
        ("planning_officer", "province", "district={other_district}"),
    ],
)
def test_scorecard_out_of_scope_is_404(client, world, scored, user, node, query):
    client.force_login(getattr(world, user))
    url = reverse("reports:scorecard", args=[scored.period.pk, getattr(world, node).pk])
    response = client.get(url + "?" + query.format(other_district=world.other_district.pk))
    assert response.status_code == 404


def test_scorecard_xlsx_numbers_dates_and_formula_guard(client, world, scored):
    # given
    OrgNode.objects.filter(pk=world.school_b1.pk).update(name="@SUM(1;2) Lisesi")
    client.force_login(world.planning_officer)
    # when
    response = client.get(reverse("reports:scorecard-xlsx", args=[scored.period.pk, world.province.pk]))
    # then
    workbook = load_workbook(io.BytesIO(response.content))
    schools, districts = workbook.worksheets[0], workbook.worksheets[1]
    rows = {row[1].value: row for row in schools.iter_rows(min_row=2)}
    gazi = rows["Gazi İlkokulu"]
    assert gazi[0].value == 1 and gazi[0].number_format == "0"  # a rank
    assert gazi[9].value == 50.0 and gazi[9].number_format == "0.00"  # a percentage
    assert gazi[12].value.date() == dt.date(2017, 1, 13) and gazi[12].number_format == "dd.mm.yyyy"
    assert gazi[14].value == 3
    assert "'@SUM(1;2) Lisesi" in rows
    merkez = next(row for row in districts.iter_rows(min_row=2) if row[1].value == "Merkez")
    assert merkez[5].value == 50.0 and merkez[10].value == 5


def test_scorecard_pdf_is_valid_and_holds_the_ranking(client, world, scored):
    client.force_login(world.planning_officer)
    response = client.get(
        reverse("reports:scorecard-pdf", args=[scored.period.pk, world.province.pk]) + "?sort=name"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Erzincan İl Millî Eğitim Müdürlüğü" in text
    assert "Gazi İlkokulu" in text and "Tercan Anadolu Lisesi" in text and "50,0" in text
    assert text.index("Atatürk Ortaokulu") < text.index("Gazi İlkokulu")  # sorted by name


def test_scorecard_queries_do_not_grow_with_schools(client, world, scored, django_assert_max_num_queries):
    client.force_login(world.planning_officer)
    url = reverse("reports:scorecard", args=[scored.period.pk, world.province.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(8):
        school = add_school(world.district_b if number % 2 else world.district_a, f"72000{number}")
        enter(scored.period, school, world.sysadmin, {scored.middle: (60, 100)}, state="approved")
    with django_assert_max_num_queries(len(before)):
        response = client.get(url)
    assert len(response.context["sc"].schools) == 11
