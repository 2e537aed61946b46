"""Turkish ID numbers: checksum, protected storage, masking, never in clear."""

import logging

import pytest
from django.urls import reverse

from izlem.harezmi import national_id
from izlem.harezmi.models import Student
from tests.support.harezmi import consent, register_student


@pytest.mark.parametrize("number", ["10000000146", "11111111110", "12345678950"])
def test_valid_numbers(number):
    assert national_id.is_valid(number) is True


@pytest.mark.parametrize(
    "number",
    [
        "10000000147",  # last check digit wrong
        "10000000156",  # tenth digit wrong
        "01234567890",  # starts with 0
        "1000000014",  # 10 digits
        "100000001460",  # 12 digits
        "1000000014a",  # a letter
        "１0000000146",  # a full-width digit
        "",
    ],
)
def test_invalid_numbers(number):
    assert national_id.is_valid(number) is False


def test_mask_shows_only_the_last_two_digits():
    assert national_id.mask("46") == "*********46"


def test_protect_encrypts_digests_and_reveals_back():
    # when
    protected = national_id.protect("10000000146")
    # then
    assert "10000000146" not in protected.ciphertext
    assert protected.last_digits == "46"
    assert protected.digest == national_id.digest("10000000146") and len(protected.digest) == 64
    assert national_id.reveal(protected.ciphertext) == "10000000146"
    assert national_id.reveal("not-a-token") is None


def test_student_id_is_stored_protected_shown_masked_and_not_logged(world, year, client, caplog):
    # given a directorate that collects ID numbers
    year.collect_national_id = True
    year.save()
    caplog.set_level(logging.DEBUG)
    # when a student is registered with one
    student = register_student(
        year,
        world.school_a1,
        "Ada",
        "Yıldız",
        by=world.principal,
        national_id_number="10000000146",
        consent=consent(year.start_date),
    )
    # then the number is nowhere in clear: not in the row, not in the audit trail, not in the logs
    row = Student.objects.filter(pk=student.pk).values().get()
    assert "10000000146" not in str(row)
    assert row["national_id_last_digits"] == "46"
    history = student.history.values().first()
    assert "national_id_ciphertext" not in history and "national_id_digest" not in history
    assert "10000000146" not in caplog.text
    # and the page shows it masked
    client.force_login(world.principal)
    page = client.get(reverse("harezmi:student-detail", args=[student.pk])).content.decode()
    assert "*********46" in page and "10000000146" not in page


def test_invalid_id_is_refused_without_echoing_it(world, year):
    year.collect_national_id = True
    year.save()
    with pytest.raises(Exception) as error:
        register_student(
            year, world.school_a1, "A", "B", by=world.principal, national_id_number="10000000147"
        )
    assert "10000000147" not in str(error.value)
    assert Student.objects.count() == 0


def test_id_refused_when_the_directorate_does_not_collect_it(world, year):
    with pytest.raises(Exception, match="does not collect"):
        register_student(
            year, world.school_a1, "A", "B", by=world.principal, national_id_number="10000000146"
        )
    assert Student.objects.count() == 0


def test_same_id_twice_in_a_year_is_refused(world, year):
    year.collect_national_id = True
    year.save()
    register_student(year, world.school_a1, "A", "B", national_id_number="10000000146")
    with pytest.raises(Exception, match="already registered"):
        register_student(year, world.school_a2, "C", "D", grade=3, national_id_number="10000000146")
    assert Student.objects.count() == 1
