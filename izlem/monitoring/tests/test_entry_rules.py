"""One entry rule per row type on every path: the entry page, the API and the bulk upload accept and
refuse exactly the same inputs, because all of them reach `validation.range_errors` through the
services (issue 17 finding 3, issue 16 finding 4).

A ratio row takes its numerator and denominator (never a bare rate): 150 % and −5 % never pass, and
coverage counts exactly the entities inside Σnumerators / Σdenominators.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.test import APIClient

from izlem.api import services as api_services
from izlem.monitoring.bulk.check import upload_check
from izlem.monitoring.bulk.scope import parts_of, scope_load, sheet_title
from izlem.monitoring.bulk.template import template_write
from izlem.monitoring.bulk.upload import changes_write
from izlem.monitoring.models import Submission, Value
from izlem.monitoring.rollup.compute import rollup
from izlem.monitoring.services import entry as entry_services
from izlem.plans.models import IndicatorRow, Target
from tests.support.monitoring import make_indicator


@pytest.fixture
def rows(world, period):
    """The rows school A1 (an ortaokul) enters: a percentage rate, a plain ratio, a count, a percentage."""
    target = Target.objects.get(plan=period.plan, code="1.1")
    make_indicator(period.plan, target, "1.1.4", unit="ratio", aggregation="ratio")
    make_indicator(period.plan, target, "1.1.5", unit="percent", aggregation="mean")
    return {
        "percent_rate": IndicatorRow.objects.get(indicator__code="1.1.1", level="middle"),
        "plain_ratio": IndicatorRow.objects.get(indicator__code="1.1.4"),
        "count": IndicatorRow.objects.get(indicator__code="1.1.2"),
        "percent": IndicatorRow.objects.get(indicator__code="1.1.5"),
    }


def _api(user) -> APIClient:
    _token, secret = api_services.token_create(user=user, name="test")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def _stored(world, row):
    value = Value.objects.filter(entity=world.school_a1, row=row).first()
    return None if value is None else (value.value, value.numerator, value.denominator)


# --- finding 3: a ratio row needs its numerator and denominator -------------------------------------------------
def test_api_refuses_a_bare_value_on_a_ratio_row(world, period, rows):
    row = rows["percent_rate"]
    for value in ("50", "150", "-5"):
        response = _api(world.principal).post(
            "/api/v1/values/",
            {"period": period.pk, "entity": world.school_a1.pk, "row": row.pk, "value": value},
            format="json",
        )
        assert response.status_code == 400, (value, response.content)
        assert "numerator and denominator" in response.content.decode()
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": Decimal(40)}, "numerator and denominator"),
        (
            {"value": Decimal(40), "numerator": Decimal(2), "denominator": Decimal(5)},
            "numerator and denominator",
        ),
        ({"numerator": Decimal(150), "denominator": Decimal(100)}, "numerator cannot be greater"),
        ({"numerator": Decimal(-5), "denominator": Decimal(100)}, "cannot be negative"),
        ({"numerator": Decimal(5), "denominator": Decimal(-100)}, "cannot be negative"),
        ({"numerator": Decimal("0.00001"), "denominator": Decimal(1)}, "four decimal places"),
    ],
)
def test_service_refuses_what_no_ratio_row_may_hold(world, period, rows, fields, message):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    with translation.override("en"):
        result = entry_services.value_save(
            by=world.principal, submission=submission, row=rows["percent_rate"], **fields
        )
    assert result.value is None and any(message in error for error in result.errors), result.errors
    assert not Value.objects.exists()


def test_a_plain_ratio_may_exceed_one_but_a_plain_row_takes_no_pair(world, period, rows):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    saved = entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=rows["plain_ratio"],
        numerator=Decimal(30),
        denominator=Decimal(20),
    )
    assert saved.value.value == Decimal("1.5000")
    with translation.override("en"):
        refused = entry_services.value_save(
            by=world.principal,
            submission=submission,
            row=rows["count"],
            numerator=Decimal(3),
            denominator=Decimal(4),
        )
    assert refused.errors and "not a rate" in refused.errors[0]
    assert _stored(world, rows["count"]) is None


def test_coverage_counts_exactly_the_entities_inside_a_ratio_figure(world, period, rows):
    """A value stored without its pair (before every path required it) is in neither the figure nor the coverage."""
    row = rows["percent_rate"]
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=row, numerator=Decimal(30), denominator=Decimal(40)
    )
    legacy = Submission.objects.create(period=period, entity=world.school_a2, state=Submission.State.APPROVED)
    Value.objects.create(
        period=period, entity=world.school_a2, submission=legacy, row=row, value=Decimal(150)
    )
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.APPROVED)
    for node in (world.province, world.district_a):
        figure = rollup(period, [node], [row])[(row.pk, node.pk)]
        assert (figure.value, figure.numerator, figure.denominator) == (Decimal("75.0000"), 30, 40)
        assert figure.reported == 1, node


# --- the same inputs are accepted and refused on every path ------------------------------------------------------
def _as_a_cell_holds(number: Decimal) -> Decimal:
    """A number written as short as a spreadsheet cell keeps it: 0,50000 is the cell's 0,5."""
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


NUMBERS = st.one_of(
    st.none(),
    st.sampled_from([Decimal(0), Decimal(100), Decimal(150), Decimal(-5), Decimal("0.5"), Decimal(10) ** 15]),
    st.decimals(min_value=-1000, max_value=100_000, places=0),
    st.decimals(min_value=-1000, max_value=1000, places=2).map(_as_a_cell_holds),
    st.decimals(min_value=0, max_value=10, places=5).map(_as_a_cell_holds),
)


def _turkish(number: Decimal | None) -> str:
    return "" if number is None else str(number).replace(".", ",")


def _reset():
    Value.objects.all().delete()
    Submission.objects.all().delete()


def _via_page(client, world, period, row, numbers) -> tuple | None:
    url = reverse("monitoring:value-save", args=[period.pk, world.school_a1.pk, row.pk])
    client.post(url, {**{k: _turkish(v) for k, v in numbers.items()}, "version": "0"}, HTTP_HX_REQUEST="true")
    return _stored(world, row)


def _via_api(client, world, period, row, numbers) -> tuple | None:
    payload = {"period": period.pk, "entity": world.school_a1.pk, "row": row.pk}
    payload.update({name: str(number) for name, number in numbers.items() if number is not None})
    client.post("/api/v1/values/", payload, format="json")
    return _stored(world, row)


def _via_bulk(world, period, row, numbers) -> tuple | None:
    scope = scope_load(user=world.principal, period=period)
    buffer = io.BytesIO()
    template_write(scope, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book[sheet_title("school")]
    keys = [cell.value for cell in sheet[2]]
    line = next(cells for cells in sheet.iter_rows(min_row=3) if cells[0].value == world.school_a1.code)
    for part, number in numbers.items():
        if number is not None:
            value = (
                int(number)
                if number == number.to_integral() and number.as_tuple().exponent >= 0
                else float(number)
            )
            line[keys.index(f"{row.pk}/{part}")].value = value
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    check = upload_check(scope, upload, name="veri.xlsx")
    if not check.errors:
        changes_write(user=world.principal, period=period, changes=check.changes)
    return _stored(world, row)


@pytest.fixture
def api_client(world):
    return _api(world.principal)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    which=st.sampled_from(["percent_rate", "plain_ratio", "count", "percent"]),
    value=NUMBERS,
    numerator=NUMBERS,
    denominator=NUMBERS,
)
def test_page_api_and_bulk_accept_and_refuse_the_same_inputs(
    world, period, rows, client, api_client, which, value, numerator, denominator
):
    row = rows[which]
    numbers = {"value": value, "numerator": numerator, "denominator": denominator}
    if all(number is None for number in numbers.values()):
        return  # an empty entry clears on the page and changes nothing in a workbook: not an input
    client.force_login(world.principal)
    _reset()
    by_page = _via_page(client, world, period, row, numbers)
    _reset()
    by_api = _via_api(api_client, world, period, row, numbers)
    assert by_page == by_api, (which, numbers)
    parts = parts_of(row)
    if all(number is None for name, number in numbers.items() if name in parts) or any(
        number is not None for name, number in numbers.items() if name not in parts
    ):
        return  # a workbook has no cell for this input (a bare rate, a pair on a plain row)
    _reset()
    by_bulk = _via_bulk(world, period, row, numbers)
    assert by_bulk == by_page, (which, numbers)
