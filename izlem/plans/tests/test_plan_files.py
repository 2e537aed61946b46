"""Plan files by format: one reader per suffix, refusals that name the formats izlem reads."""

import pytest

from izlem.plans.importers.files import PlanFileError, accepted_suffixes, read_plan_file
from izlem.plans.importers.ministry_text import parse_plan_text
from izlem.plans.tests.test_loader import SEED


def test_text_with_a_byte_order_mark_reads_like_text_without_one():
    text = SEED.read_text(encoding="utf-8")
    assert read_plan_file("plan.txt", ("\ufeff" + text).encode("utf-8")) == parse_plan_text(text)


@pytest.mark.parametrize("name", ["plan.csv", "plan", "plan.rtf"])
def test_an_unknown_format_is_refused_naming_the_accepted_ones(name):
    with pytest.raises(PlanFileError) as caught:
        read_plan_file(name, b"anything")
    (message,) = caught.value.messages
    assert name in message
    for suffix in accepted_suffixes():
        assert suffix in message


def test_a_workbook_that_is_not_one_is_refused_with_a_message():
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.xlsx", b"not a workbook")
    assert caught.value.messages
