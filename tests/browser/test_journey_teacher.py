"""Teacher, on a phone: registers a student with the parents' consent into their team."""

from playwright.sync_api import expect

from izlem.harezmi.models import Student
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, assert_fits_phone, shot, sign_in

PDF = {"name": "izin.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}


def test_teacher_registers_a_student_on_a_phone(world, year, team, live_url, phone, settings, tmp_path):
    # given the teacher of Atatürk Ortaokulu's team 1, on a 390×844 phone
    settings.MEDIA_ROOT = tmp_path / "media"
    page = phone
    sign_in(page, live_url, "teacher", PASSWORD)
    assert_fits_phone(page)
    # when they open the Harezmi students and register one with the signed consent
    page.goto(f"{live_url}/harezmi/students/?year={year.pk}")
    expect(page.locator(".list-group")).to_contain_text(T("No students."))
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name=T("Register a student")).click()
    page.locator("#id_first_name").fill("Zeynep")
    page.locator("#id_last_name").fill("Kaya")
    page.locator("#id_grade").fill("6")
    page.locator("#id_team").select_option(str(team.pk))
    page.locator("#id_parent_name").fill("Ayşe Kaya")
    page.locator("#id_consent_date").fill(str(year.start_date))
    page.locator("#id_consent_file").set_input_files(files=[PDF])
    assert_fits_phone(page)
    assert_accessible(page)
    shot(page, "phone-student-new")
    page.get_by_role("button", name=T("Save")).click()
    # then the student's page shows the consent and the team, still without sideways scrolling
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zeynep Kaya")
    expect(page.locator("main")).to_contain_text("Ayşe Kaya")
    assert_fits_phone(page)
    assert_accessible(page)
    student = Student.objects.with_consent().get()
    assert (student.first_name, student.last_name, student.team_id) == ("Zeynep", "Kaya", team.pk)
