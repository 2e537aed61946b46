"""KVKK duties: access to student records logged, the personal data export, anonymisation, and Turkish ID
numbers that never reach logs, URLs or exports (masked unless explicitly revealed, and then logged)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from izlem.core.models import PersonalDataAccess
from izlem.harezmi.models import ParentalConsent, Student
from izlem.org.models import User

from .kit import NATIONAL_ID, pdf, program_year, student


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """The tests assert on the English source texts (the Turkish catalogue may reword them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def year(world):
    return program_year(world)


def test_viewing_a_student_record_is_logged_with_who_when_what(world, year, client):
    # given
    pupil = student(world, year)
    client.force_login(world.principal)
    # when
    response = client.get(reverse("harezmi:student-detail", args=[pupil.pk]))
    # then
    assert response.status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.action, entry.subject_type, entry.subject_id) == (
        world.principal,
        "view",
        "student",
        pupil.pk,
    )
    assert entry.path == reverse("harezmi:student-detail", args=[pupil.pk]) and entry.at is not None


def test_downloading_a_consent_form_is_logged_and_a_denied_view_is_not(world, year, client):
    pupil = student(world, year)
    client.force_login(world.outsider)
    assert client.get(reverse("harezmi:student-detail", args=[pupil.pk])).status_code == 404
    assert client.get(reverse("harezmi:consent-file", args=[pupil.pk])).status_code == 404
    assert not PersonalDataAccess.objects.exists()
    client.force_login(world.principal)
    response = client.get(reverse("harezmi:consent-file", args=[pupil.pk]))
    assert response.status_code == 200
    assert list(PersonalDataAccess.objects.values_list("action", "subject_id")) == [("download", pupil.pk)]


def test_personal_data_export_of_a_student_is_complete_masked_and_logged(world, year, tmp_path):
    pupil = student(world, year)
    out = tmp_path / "ogrenci.json"
    call_command("personal_data_export", f"student:{pupil.pk}", output=str(out))
    data = json.loads(out.read_text())
    fields = data["student"]["fields"]
    assert (fields["first_name"], fields["last_name"], fields["national_id"]) == (
        "Ayşe",
        "Yılmaz",
        "*********46",
    )
    assert "national_id_ciphertext" not in fields and "national_id_digest" not in fields
    consent = data["records"]["harezmi.parentalconsent.student"][0]["fields"]
    assert consent["parent_name"] == "Fatma Yılmaz"
    assert [h["history_type"] for h in data["history"]] == ["+"]
    assert NATIONAL_ID not in out.read_text()
    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.subject_id, entry.user, entry.national_id_revealed) == (
        "export",
        pupil.pk,
        None,
        False,
    )


def test_revealing_the_id_number_must_be_asked_for_and_is_logged(world, year, tmp_path):
    pupil = student(world, year)
    out = tmp_path / "ogrenci.json"
    call_command("personal_data_export", f"student:{pupil.pk}", output=str(out), reveal_national_id=True)
    assert json.loads(out.read_text())["student"]["fields"]["national_id"] == NATIONAL_ID
    assert PersonalDataAccess.objects.get().national_id_revealed is True


def test_personal_data_export_of_a_user_lists_the_rows_that_name_them(world, year, capsys):
    pupil = student(world, year)
    Student.objects.filter(pk=pupil.pk).update(registered_by=world.teacher)
    call_command("personal_data_export", "teacher")
    data = json.loads(capsys.readouterr().out)
    assert data["account"]["fields"]["username"] == "teacher" and "password" not in data["account"]["fields"]
    assert [r["pk"] for r in data["records"]["harezmi.student.registered_by"]] == [pupil.pk]
    assert [r["fields"]["role"] for r in data["records"]["org.roleassignment.user"]] == ["teacher"]


def test_personal_data_export_refuses_unknown_people(world):
    with pytest.raises(CommandError, match="No user has the username ghost"):
        call_command("personal_data_export", "ghost")
    with pytest.raises(CommandError, match="No student has the record number 999"):
        call_command("personal_data_export", "student:999")
    assert not PersonalDataAccess.objects.exists()


def test_anonymise_removes_names_id_and_consent_form_of_ended_years_only(
    world, django_capture_on_commit_callbacks
):
    # given: a year that ended 400 days ago and the running one
    old_year = program_year(world, name="2023-2024", start=timezone.localdate() - 700 * dt.timedelta(days=1))
    running = program_year(world)
    old = student(world, old_year)
    current = student(world, running, first="Mehmet", last="Kaya", national_id="")
    form = Path(old.consent.form_file.path)
    assert form.exists()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise", older_than="365")
    # then
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.national_id_last_digits, old.national_id_digest) == (
        "ANONIM",
        f"#{old.pk}",
        "",
        "",
    )
    assert ParentalConsent.objects.get(student=old).parent_name == "ANONIM" and not form.exists()
    assert set(old.history.values_list("first_name", flat=True)) == {"ANONIM"}
    assert set(ParentalConsent.history.filter(student_id=old.pk).values_list("parent_name", flat=True)) == {
        "ANONIM"
    }
    current.refresh_from_db()
    assert (current.first_name, current.last_name) == ("Mehmet", "Kaya")
    assert PersonalDataAccess.objects.filter(action="anonymise").count() == 1


def test_anonymise_dry_run_changes_nothing(world, capsys):
    old_year = program_year(world, name="2023-2024", start=timezone.localdate() - 700 * dt.timedelta(days=1))
    old = student(world, old_year)
    call_command("anonymise", older_than="365", dry_run=True)
    old.refresh_from_db()
    assert old.first_name == "Ayşe" and "Students anonymised: 1" in capsys.readouterr().out


def test_anonymise_deactivated_users_past_retention_keeps_their_rows(world):
    # given: a deactivated teacher whose account last changed two years ago, and a recently deactivated one
    gone, recent = world.teacher, world.principal
    for user in (gone, recent):
        user.is_active = False
        user.email = f"{user.username}@meb.gov.tr"
        user.save()
    User.history.filter(id=gone.pk).update(history_date=timezone.now() - dt.timedelta(days=800))
    # when
    call_command("anonymise", older_than=(timezone.localdate() - dt.timedelta(days=365)).strftime("%d.%m.%Y"))
    # then
    gone.refresh_from_db()
    recent.refresh_from_db()
    assert (gone.username, gone.first_name, gone.email, gone.has_usable_password()) == (
        f"anonymised-{gone.pk}",
        "",
        "",
        False,
    )
    assert set(User.history.filter(id=gone.pk).values_list("email", flat=True)) == {""}
    assert gone.assignments.count() == 1
    assert recent.username == "principal" and recent.email == "principal@meb.gov.tr"


def test_anonymise_refuses_a_bad_cut_off(world):
    with pytest.raises(CommandError, match="--older-than takes a number of days or a date"):
        call_command("anonymise", older_than="geçen yıl")


def test_the_id_number_never_reaches_logs_urls_pages_or_exports(
    world, year, client, caplog, tmp_path, settings
):
    # given every log line captured
    caplog.set_level(logging.DEBUG)
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.force_login(world.principal)
    # when a teacher registers a student with the ID number through the page and opens it
    response = client.post(
        reverse("harezmi:student-create"),
        {
            "school": world.school_a1.pk,
            "first_name": "Zeynep",
            "last_name": "Demir",
            "grade": 5,
            "national_id": NATIONAL_ID,
            "parent_name": "Ali Demir",
            "consent_date": year.start_date.isoformat(),
            "consent_file": pdf(),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    pupil = Student.objects.get(first_name="Zeynep")
    pages = [
        client.get(reverse("harezmi:student-detail", args=[pupil.pk])),
        client.get(reverse("harezmi:student-list")),
    ]
    # a registration with the same number refused (its message must not echo the number either)
    again = client.post(
        reverse("harezmi:student-create"),
        {
            "school": world.school_a1.pk,
            "first_name": "X",
            "last_name": "Y",
            "grade": 5,
            "national_id": NATIONAL_ID,
        },
    )
    out = tmp_path / "export.json"
    call_command("personal_data_export", f"student:{pupil.pk}", output=str(out))
    # then
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert NATIONAL_ID not in response.url
    assert all(page.status_code == 200 for page in pages)
    assert "*********46" in pages[0].content.decode()
    texts = [page.content.decode() for page in [*pages, again]] + [out.read_text()]
    texts.append("\n".join(record.getMessage() for record in caplog.records))
    texts.append(json.dumps(list(PersonalDataAccess.objects.values()), default=str))
    texts.append(json.dumps(list(Student.history.values()), default=str))
    assert all(NATIONAL_ID not in text for text in texts)
    assert len(caplog.records) > 0
