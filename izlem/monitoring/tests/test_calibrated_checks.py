"""Calibrated checks: absurd values are asked about even without history, unchanged values never are,
a history that never moved does not flag every change, and a missing note is named."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from izlem.monitoring.models import Period, Value
from izlem.monitoring.selectors.owed import row_scales
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.tests.test_workflow import _rows
from izlem.monitoring.validation import outlier_reason

pytestmark = pytest.mark.django_db


def _earlier(small_plan, period, half="H1"):
    return Period.objects.create(
        plan=small_plan,
        year=2016,
        half=half,
        open_date=period.open_date,
        school_due=period.school_due,
        district_due=period.district_due,
        state="open",
    )


def test_a_value_ten_times_beyond_everything_known_is_asked_about_even_after_a_zero(
    world, period, small_plan
):
    # given: the count row's plan figures go up to 150 and the school's last value was 0
    count = _rows()[1]
    old = entry_services.submission_get_or_create(period=_earlier(small_plan, period), entity=world.school_a1)
    entry_services.value_save(by=world.principal, submission=old, row=count, value=Decimal(0))
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    # when 999999 is typed
    with translation.override("en"):
        result = entry_services.value_save(
            by=world.principal, submission=submission, row=count, value=Decimal(999999)
        )
    # then it is not saved without a word: the message names the largest known figure
    assert (
        result.value is None
        and "ten times" in result.needs_confirmation
        and "150" in result.needs_confirmation
    )
    assert not Value.objects.filter(period=period).exists()


def test_the_scale_is_the_plans_largest_figure_for_the_row(world, period, small_plan):
    count = _rows()[1]
    assert row_scales([count]) == {count.pk: Decimal(150)}


def test_re_saving_an_unchanged_value_asks_nothing_and_keeps_its_confirmation(world, period, small_plan):
    ratio = _rows()[0]
    old = entry_services.submission_get_or_create(period=_earlier(small_plan, period), entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=old, row=ratio, numerator=Decimal(30), denominator=Decimal(100)
    )
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    kept = entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=ratio,
        numerator=Decimal(225),
        denominator=Decimal(320),
        note="Yeni okul açıldı",
        confirm_outlier=True,
    )
    assert kept.value.outlier_confirmed
    again = entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=ratio,
        numerator=Decimal(225),
        denominator=Decimal(320),
        note="Yeni okul açıldı",
    )
    assert again.needs_confirmation is None and again.value.outlier_confirmed
    changed = entry_services.value_save(
        by=world.principal, submission=submission, row=ratio, numerator=Decimal(226), denominator=Decimal(320)
    )
    assert changed.needs_confirmation  # a new number is judged again


def test_ticking_the_confirmation_without_a_note_says_the_note_is_missing(world, period, small_plan):
    count = _rows()[1]
    old = entry_services.submission_get_or_create(period=_earlier(small_plan, period), entity=world.school_a1)
    entry_services.value_save(by=world.principal, submission=old, row=count, value=Decimal(100))
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    with translation.override("en"):
        result = entry_services.value_save(
            by=world.principal, submission=submission, row=count, value=Decimal(400), confirm_outlier=True
        )
    assert result.value is None and result.needs_confirmation and result.note_missing


def test_a_history_that_never_moved_does_not_flag_a_modest_change():
    steady = [Decimal("70.0"), Decimal("70.3"), Decimal("70.1"), Decimal("70.2")]
    assert outlier_reason(Decimal("57.7"), steady) is None  # 30/52 after a steady 70 %: within 30 %
    assert outlier_reason(Decimal("20"), steady) is not None


@given(
    history=st.lists(st.decimals(min_value=1, max_value=10_000, places=2), min_size=1, max_size=8),
    factor=st.decimals(min_value=Decimal("0.9"), max_value=Decimal("1.1"), places=2),
)
def test_a_value_within_ten_percent_of_the_last_and_of_a_steady_history_is_never_an_outlier(history, factor):
    steady = [history[-1]] * 3 + [history[-1]]
    assert outlier_reason(history[-1] * factor, steady, scale=history[-1]) is None


@given(
    value=st.decimals(min_value=0, max_value=10**9, places=0),
    scale=st.decimals(min_value=1, max_value=1000, places=0),
)
def test_beyond_ten_times_the_scale_is_always_asked_about(value, scale):
    reason = outlier_reason(value, [], scale=scale)
    assert (reason is not None) == (value > 10 * scale)
