"""Students: no consent, no team; consent coverage; parent information meetings."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from izlem.harezmi import selectors, services
from izlem.harezmi.models import ParentalConsent, ParentMeeting, Student
from tests.support.harezmi import consent, pdf


def _register(world, year, **extra):
    fields = {
        "by": world.teacher,
        "program_year": year,
        "school": world.school_a1,
        "first_name": "Ada",
        "last_name": "Kaya",
        "grade": 7,
    }
    fields.update(extra)
    return services.student_register(**fields)


def test_student_without_consent_cannot_join_a_team_and_nothing_is_created(world, year, team):
    with pytest.raises(ValidationError, match="only after the parents' signed consent"):
        _register(world, year, team=team)
    assert Student.objects.count() == 0


def test_teacher_registers_a_student_with_consent_into_their_team(world, year, team):
    # when
    student = _register(world, year, team=team, consent=consent(year.start_date, "Ayşe Kaya"))
    # then
    assert student.team == team and student.has_consent
    assert (student.consent.parent_name, student.consent.given_on, student.consent.recorded_by) == (
        "Ayşe Kaya",
        year.start_date,
        world.teacher,
    )
    assert student.consent.form_file.name.startswith("harezmi/consents/")


def test_placing_without_consent_is_refused_and_nothing_changes(world, year, team):
    student = _register(world, year)
    with pytest.raises(ValidationError, match="consent"):
        services.student_place(by=world.teacher, student=student, team=team)
    student.refresh_from_db()
    assert student.team is None


def test_consent_then_place(world, year, team):
    student = _register(world, year)
    services.student_consent_record(by=world.teacher, student=student, consent=consent(year.start_date))
    services.student_place(by=world.teacher, student=student, team=team)
    student.refresh_from_db()
    assert student.team == team


def test_consent_needs_the_signed_form(world, year, team):
    student = _register(world, year)
    with pytest.raises(ValidationError):
        services.student_consent_record(
            by=world.teacher,
            student=student,
            consent=services.students.ConsentInput(parent_name="V", given_on=year.start_date, form_file=None),
        )
    assert ParentalConsent.objects.count() == 0


def test_a_renamed_executable_is_refused_as_a_consent_form(world, year, team):
    student = _register(world, year)
    fake = SimpleUploadedFile("izin.pdf", b"MZ\x90\x00evil", content_type="application/pdf")
    with pytest.raises(ValidationError, match="does not match"):
        services.student_consent_record(
            by=world.teacher,
            student=student,
            consent=services.students.ConsentInput(parent_name="V", given_on=year.start_date, form_file=fake),
        )
    assert ParentalConsent.objects.count() == 0


def test_withdrawn_consent_takes_the_student_out_of_the_team(world, year, team):
    student = _register(world, year, team=team, consent=consent(year.start_date))
    services.student_consent_withdraw(by=world.teacher, student=student, on=year.start_date)
    student.refresh_from_db()
    assert student.team is None and not student.has_consent


def test_teacher_cannot_register_at_another_school(world, year, team):
    with pytest.raises(PermissionDenied):
        _register(world, year, school=world.school_b1)
    assert Student.objects.count() == 0


def test_consent_coverage_per_school_and_team(world, year, team):
    # given 3 students with consent and 1 without
    for name in ("A", "B", "C"):
        _register(world, year, first_name=name, team=team, consent=consent(year.start_date))
    _register(world, year, first_name="D")
    # then
    rows = selectors.consent_by_school(Student.objects.all())
    assert rows == [
        {
            "school_id": world.school_a1.pk,
            "school__name": "Atatürk Ortaokulu",
            "total": 4,
            "consented": 3,
            "percent": 75.0,
        }
    ]
    counted = selectors.teams_with_counts(type(team).objects.filter(pk=team.pk)).get()
    assert (counted.student_count, counted.consent_count, counted.teacher_count) == (3, 3, 1)


def test_parent_information_meeting(world, year, team):
    meeting = services.parent_meeting_record(
        by=world.teacher,
        program_year=year,
        school=world.school_a1,
        team=team,
        held_on=year.start_date,
        place="Konferans salonu",
        parent_count=12,
        summary="Harezmi anlatıldı",
    )
    assert (meeting.parent_count, meeting.recorded_by, meeting.team) == (12, world.teacher, team)
    with pytest.raises(PermissionDenied):
        services.parent_meeting_record(
            by=world.outsider, program_year=year, school=world.school_a1, held_on=year.start_date, place="X"
        )
    assert ParentMeeting.objects.count() == 1


def test_teacher_records_consent_through_the_page(world, year, team, client):
    student = _register(world, year)
    client.force_login(world.teacher)
    response = client.post(
        reverse("harezmi:student-consent", args=[student.pk]),
        {"parent_name": "Veli", "given_on": year.start_date.isoformat(), "form_file": pdf()},
    )
    student.refresh_from_db()
    assert response.status_code == 302 and student.has_consent
    file_response = client.get(reverse("harezmi:consent-file", args=[student.pk]))
    assert file_response.status_code == 200 and file_response["Content-Disposition"].startswith("attachment")


def test_outsider_cannot_download_a_consent_form(world, year, team, client):
    student = _register(world, year, team=team, consent=consent(year.start_date))
    client.force_login(world.outsider)
    assert client.get(reverse("harezmi:consent-file", args=[student.pk])).status_code == 404
