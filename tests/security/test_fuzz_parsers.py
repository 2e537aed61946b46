"""Fuzzing with hypothesis: the Turkish number parser and the plan text parser never crash; they either
return a result or raise their documented error type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izlem.core.formats import NumberFormatError, format_decimal, parse_date, parse_decimal
from izlem.plans.importers.ministry_text import parse_plan_text

SEED = Path(__file__).resolve().parents[2] / "izlem" / "plans" / "seed" / "erzincan_2015_2019.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
NUMBER_ALPHABET = "0123456789.,-+% \u00a0TLe_٣"


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(alphabet=NUMBER_ALPHABET, max_size=24), st.text(max_size=24)))
def test_number_parser_returns_a_decimal_none_or_its_error(text):
    try:
        result = parse_decimal(text)
    except NumberFormatError:
        return
    assert result is None or isinstance(result, Decimal)


@settings(max_examples=500, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=2))
def test_formatted_numbers_read_back_exactly(value):
    assert parse_decimal(format_decimal(value)) == value


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789./- ", max_size=14))
def test_date_parser_returns_a_date_none_or_value_error(text):
    try:
        result = parse_date(text)
    except ValueError:
        return
    assert result is None or isinstance(result, dt.date)


# Mutations of the real seed document: slices, dropped, duplicated and shuffled lines, injected noise.
@st.composite
def mutated_plans(draw):
    start = draw(st.integers(0, len(SEED_LINES) - 1))
    length = draw(st.integers(0, 400))
    lines = list(SEED_LINES[start : start + length])
    for _edit in range(draw(st.integers(0, 12))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "noise", "swap", "cut"]))
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "noise":
            lines[index] = draw(st.text(max_size=60))
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            lines[index] = lines[index][: draw(st.integers(0, max(0, len(lines[index]))))]
    return "\n".join(lines)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(mutated_plans())
def test_plan_text_parser_never_crashes_on_mutated_documents(text):
    plan = parse_plan_text(text)  # the parser reports problems inside the document; it never raises
    assert isinstance(plan.goals, list) and isinstance(plan.indicators, list)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_plan_text_parser_never_crashes_on_arbitrary_text(text):
    plan = parse_plan_text(text)
    assert isinstance(plan.targets, list)
