"""Calibrated checks, second part: a row's valid range refuses values outside it (naming the bounds), and a
value far from its peers (the other units of the same district, same period) asks for a note; a value
saved before and not changed is judged by neither rule."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from izlem.monitoring.models import Value
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.tests.test_workflow import _rows
from izlem.monitoring.validation import PEER_MINIMUM, bounds_errors, outlier_reason, peer_reason
from izlem.org.models import OrgNode

pytestmark = pytest.mark.django_db


def _bound(row, low, high):
    row.valid_min, row.valid_max = low, high
    row.save(update_fields=["valid_min", "valid_max"])
    return row


def _save(world, period, row, **numbers):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    with translation.override("tr"):
        return entry_services.value_save(by=world.principal, submission=submission, row=row, **numbers)


def _peers(world, period, row, values, district=None):
    """Schools of `district` (default: school A1's) that reported `values` for `row` in `period`."""
    district = district or world.school_a1.parent
    for index, value in enumerate(values):
        school = OrgNode.objects.create(
            kind="school",
            code=f"97{district.pk:02d}{index:02d}",
            name=f"Akran {district.pk}-{index} Ortaokulu",
            parent=district,
            school_type="ortaokul",
            level_middle=True,
        )
        submission = entry_services.submission_get_or_create(period=period, entity=school)
        Value.objects.create(period=period, entity=school, submission=submission, row=row, value=value)


# --- bounds -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "refused"),
    [(Decimal(9), True), (Decimal(10), False), (Decimal(120), False), (Decimal(121), True)],
)
def test_a_value_outside_the_rows_range_is_refused_with_the_bounds_named(world, period, value, refused):
    count = _bound(_rows()[1], Decimal(10), Decimal(120))
    result = _save(world, period, count, value=value)
    if refused:
        assert result.value is None and result.needs_confirmation is None
        assert (
            "10" in result.errors[0] and "120" in result.errors[0] and "geçerli aralığı" in result.errors[0]
        )
        assert not Value.objects.filter(period=period, row=count).exists()
    else:
        assert result.errors == [] and result.value.value == value


def test_a_note_and_confirmation_do_not_let_a_value_past_the_bounds(world, period):
    count = _bound(_rows()[1], None, Decimal(120))
    result = _save(world, period, count, value=Decimal(130), note="Gerçekten 130", confirm_outlier=True)
    assert result.value is None and result.errors


def test_a_rates_bounds_apply_to_the_rate_computed(world, period):
    ratio = _bound(_rows()[0], Decimal(50), None)  # at least 50 %
    assert _save(world, period, ratio, numerator=Decimal(40), denominator=Decimal(100)).errors
    assert not _save(world, period, ratio, numerator=Decimal(60), denominator=Decimal(100)).errors


def test_an_unchanged_value_is_not_refused_by_bounds_set_after_it_was_saved(world, period):
    count = _rows()[1]
    assert _save(world, period, count, value=Decimal(130)).value is not None
    _bound(count, None, Decimal(120))
    # the stored 130 is kept when only its note changes, and a new number is judged
    kept = _save(world, period, count, value=Decimal(130), note="Yeni sınıflar")
    assert kept.errors == [] and kept.value.note == "Yeni sınıflar"
    assert _save(world, period, count, value=Decimal(131)).errors


def test_the_bulk_path_refuses_the_same_values(world, period):
    count = _bound(_rows()[1], Decimal(10), Decimal(120))
    items = [entry_services.ValueInput(world.school_a1, count, value=Decimal(121))]
    [result] = entry_services.values_save_many(by=world.principal, period=period, items=items, via_bulk=True)
    assert result.errors and result.value is None


def test_the_smallest_bound_may_not_exceed_the_largest(world, period):
    count = _rows()[1]
    count.valid_min, count.valid_max = Decimal(5), Decimal(4)
    with pytest.raises(ValidationError):
        count.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        count.save(update_fields=["valid_min", "valid_max"])


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=2),
    low=st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=2)),
    high=st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=2)),
)
def test_bounds_refuse_exactly_the_values_outside(value, low, high):
    outside = (low is not None and value < low) or (high is not None and value > high)
    assert bool(bounds_errors(value, low, high)) == outside


# --- peers --------------------------------------------------------------------------------------------
def test_a_value_far_from_the_districts_schools_asks_for_a_note(world, period):
    count = _rows()[1]
    _peers(world, period, count, [Decimal(v) for v in (95, 100, 102, 98, 105, 101)])
    with translation.override("tr"):
        result = _save(world, period, count, value=Decimal(1000))
    assert result.value is None and result.needs_confirmation and "ortanca" in result.needs_confirmation
    assert "100" in result.needs_confirmation
    kept = _save(world, period, count, value=Decimal(1000), note="Yeni yerleşim", confirm_outlier=True)
    assert kept.value.outlier_confirmed
    assert _save(world, period, count, value=Decimal(104)).needs_confirmation is None


def test_schools_of_another_district_are_not_peers(world, period):
    count = _rows()[1]
    _peers(world, period, count, [Decimal(100)] * 6, district=world.school_b1.parent)
    assert _save(world, period, count, value=Decimal(1000)).needs_confirmation is None


def test_the_bulk_path_compares_with_the_same_peers(world, period):
    count = _rows()[1]
    _peers(world, period, count, [Decimal(v) for v in (95, 100, 102, 98, 105, 101)])
    items = [entry_services.ValueInput(world.school_a1, count, value=Decimal(1000))]
    [result] = entry_services.values_save_many(by=world.principal, period=period, items=items, via_bulk=True)
    assert result.needs_confirmation


def test_an_unchanged_value_is_never_judged_against_its_peers(world, period):
    count = _rows()[1]
    assert _save(world, period, count, value=Decimal(1000)).value is not None  # no peers yet
    _peers(world, period, count, [Decimal(100)] * 6)
    again = _save(world, period, count, value=Decimal(1000), note="Aynı sayı, not eklendi")
    assert again.needs_confirmation is None and again.errors == []
    assert _save(world, period, count, value=Decimal(999)).needs_confirmation  # a new number is


@given(
    peers=st.lists(st.decimals(min_value=1, max_value=10_000, places=2), min_size=0, max_size=12),
)
def test_the_peers_median_is_never_unusual_and_few_peers_say_nothing(peers):
    from statistics import median

    if peers:
        assert peer_reason(median(peers), peers) is None
    if len(peers) < PEER_MINIMUM:
        assert peer_reason(Decimal(10) ** 9, peers) is None


@given(
    centre=st.decimals(min_value=1, max_value=10_000, places=0),
    factor=st.decimals(min_value=Decimal("0.9"), max_value=Decimal("1.1"), places=2),
)
def test_within_ten_percent_of_identical_peers_is_never_unusual(centre, factor):
    assert peer_reason(centre * factor, [centre] * PEER_MINIMUM) is None
    assert outlier_reason(centre * factor, [], peers=[centre] * PEER_MINIMUM) is None


def test_the_entry_page_states_the_range_and_the_note_requirement(world, period, client, settings):
    _bound(_rows()[1], Decimal(10), Decimal("120.5"))
    client.force_login(world.principal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    page = client.get(reverse("monitoring:entry", args=[period.pk, world.school_a1.pk])).content.decode()
    assert "geçerli aralık: 10 – 120,5" in page
    assert "geçerli aralığının" in page and "not yazılırsa" in page
