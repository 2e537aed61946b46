"""KVKK: every page, API answer and admin page that lists or exports students' personal data writes exactly
one personal data access row (who, what, which page), a denied or empty answer writes none, and the Turkish
ID number is only ever shown masked. The statistics and the Ministry report hold figures only (no names,
no ID numbers), so they write no row.

The student record page, the consent-form page and `izlem personal_data_export` are in `test_kvkk.py`.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from izlem.core.models import PersonalDataAccess
from izlem.harezmi import services
from tests.support.harezmi import (
    consent,
)

from .kit import NATIONAL_ID

# Uploads in a temporary folder, English texts: as in every Harezmi test.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")

MASKED = "*********46"


@pytest.fixture
def pupil(world, year, team):
    """A student of team 1 of school A1 with a Turkish ID number and the signed consent."""
    year.collect_national_id = True
    year.save(update_fields=["collect_national_id"])
    return services.student_register(
        by=None,
        program_year=year,
        school=world.school_a1,
        first_name="Zeynep",
        last_name="Demirtaş",
        grade=6,
        team=team,
        national_id_number=NATIONAL_ID,
        consent=consent(year.start_date),
    )


def _only_row() -> PersonalDataAccess:
    rows = list(PersonalDataAccess.objects.all())
    assert len(rows) == 1, [(r.action, r.what, r.path) for r in rows]
    return rows[0]


def _text(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


# (name, who, how to ask) → the row each answer writes: action, whose data, record number, what it says
PAGES = {
    "student list page": (
        "principal",
        lambda s: reverse("harezmi:student-list") + f"?year={s['year'].pk}",
        ("view", "many", None, "student list of program year"),
    ),
    "team page": (
        "principal",
        lambda s: reverse("harezmi:team-detail", args=[s["team"].pk]),
        ("view", "many", None, "students of team #"),
    ),
    "session page": (
        "principal",
        lambda s: reverse("harezmi:session-detail", args=[s["session"].pk]),
        ("view", "many", None, "attendance of session #"),
    ),
    "session form": (
        "teacher",
        lambda s: reverse("harezmi:session-edit", args=[s["team"].pk, s["weeks"][1].isoformat()]),
        ("view", "many", None, "attendance form of team #"),
    ),
}
API = {
    "API student list": (
        lambda s: "/api/v1/harezmi/students/",
        ("view", "many", None, "student list (API)"),
    ),
    "API student": (
        lambda s: f"/api/v1/harezmi/students/{s['pupil'].pk}/",
        ("view", "student", "pupil", "student record (API)"),
    ),
    "API consent form": (
        lambda s: f"/api/v1/harezmi/students/{s['pupil'].pk}/consent-form/",
        ("download", "student", "pupil", "signed parental consent form (API)"),
    ),
}


def _expected(scene, pupil, expected):
    action, subject, record, what = expected
    return action, subject, (pupil.pk if record == "pupil" else None), what


@pytest.mark.parametrize("name", PAGES)
def test_each_page_listing_students_logs_one_row_with_who_and_what(world, client, pupil, scene, name):
    # given someone who may read the team's students
    who, url_of, expected = PAGES[name]
    user = getattr(world, who)
    url = url_of({**scene, "year": pupil.program_year})
    client.force_login(user)
    PersonalDataAccess.objects.all().delete()
    # when the page is opened
    response = client.get(url)
    # then one row says who read which list, and the ID number is nowhere in clear
    assert response.status_code == 200
    row = _only_row()
    action, subject, record, what = _expected(scene, pupil, expected)
    assert (row.user, row.action, row.subject_type, row.subject_id) == (user, action, subject, record)
    assert row.what.startswith(what) and row.what.endswith("student(s)") and row.path == url.split("?")[0]
    assert "Demirtaş" not in row.what and NATIONAL_ID not in row.what
    assert "Demirtaş" in _text(response) and NATIONAL_ID not in _text(response)


@pytest.mark.parametrize("name", API)
def test_each_api_answer_with_student_data_logs_one_row_with_who_and_what(world, api, pupil, scene, name):
    url_of, expected = API[name]
    url = url_of({**scene, "pupil": pupil})
    PersonalDataAccess.objects.all().delete()
    response = api(world.principal).get(url)
    assert response.status_code == 200
    row = _only_row()
    action, subject, record, what = _expected(scene, pupil, expected)
    assert (row.user, row.action, row.subject_type, row.subject_id) == (
        world.principal,
        action,
        subject,
        record,
    )
    assert row.what.startswith(what) and row.path == url and not row.national_id_revealed
    assert NATIONAL_ID not in _text(response)


def test_api_answers_mask_the_id_number_by_default(world, api, pupil):
    client = api(world.principal)
    listed = client.get("/api/v1/harezmi/students/").json()["results"]
    one = client.get(f"/api/v1/harezmi/students/{pupil.pk}/").json()
    assert [s["national_id_masked"] for s in listed if s["id"] == pupil.pk] == [MASKED]
    assert one["national_id_masked"] == MASKED and "national_id" not in one
    assert not PersonalDataAccess.objects.filter(national_id_revealed=True).exists()


@pytest.mark.parametrize(
    "url_of",
    [
        lambda p: f"/api/v1/harezmi/students/{p.pk}/",
        lambda p: f"/api/v1/harezmi/students/{p.pk}/consent-form/",
        lambda p: "/api/v1/harezmi/students/",
    ],
    ids=["record", "consent form", "list"],
)
def test_denied_or_empty_api_answers_log_nothing(world, api, pupil, url_of):
    # another district's manager: the record is a 404, the list is empty
    response = api(world.outsider).get(url_of(pupil))
    assert response.status_code in (200, 404)
    assert response.status_code == 404 or response.json()["results"] == []
    assert not PersonalDataAccess.objects.exists()


def test_denied_pages_log_nothing(world, client, pupil, scene):
    client.force_login(world.outsider)
    for url in (
        reverse("harezmi:team-detail", args=[scene["team"].pk]),
        reverse("harezmi:session-detail", args=[scene["session"].pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("harezmi:student-list") + f"?year={pupil.program_year.pk}").status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_admin_student_pages_log_one_row_each_and_show_the_id_masked(world, verified_client, pupil):
    world.sysadmin.is_staff = world.sysadmin.is_superuser = True
    world.sysadmin.save()
    client = verified_client.login_as(world.sysadmin)
    listing = client.get("/admin/harezmi/student/")
    assert listing.status_code == 200 and MASKED in _text(listing) and NATIONAL_ID not in _text(listing)
    row = _only_row()
    assert (row.user, row.action, row.subject_type, row.what) == (
        world.sysadmin,
        "view",
        "many",
        "student list (admin): 1 student(s)",
    )
    PersonalDataAccess.objects.all().delete()
    record = client.get(f"/admin/harezmi/student/{pupil.pk}/change/")
    assert record.status_code == 200 and NATIONAL_ID not in _text(record)
    row = _only_row()
    assert (row.user, row.action, row.subject_type, row.subject_id, row.what) == (
        world.sysadmin,
        "view",
        "student",
        pupil.pk,
        "student record (admin)",
    )


def test_statistics_exports_hold_no_names_or_id_numbers_and_log_nothing(world, client, pupil, scene):
    # the statistics (page, XLSX) are counts and rates per place: no personal data, no access row
    client.force_login(world.province_manager)
    year = pupil.program_year
    workbook = client.get(reverse("harezmi:statistics-xlsx") + f"?year={year.pk}")
    assert workbook.status_code == 200
    cells = [
        str(cell)
        for sheet in load_workbook(io.BytesIO(_text_bytes(workbook))).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert cells and not any(word in cell for cell in cells for word in ("Zeynep", "Demirtaş", NATIONAL_ID))
    page = client.get(reverse("harezmi:statistics") + f"?year={year.pk}")
    assert page.status_code == 200 and "Demirtaş" not in page.content.decode()
    assert not PersonalDataAccess.objects.exists()


def _text_bytes(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def test_ministry_report_holds_no_names_or_id_numbers(world, pupil, scene):
    import json

    from izlem.reports.ministry_report import ministry_build, ministry_xlsx

    data = ministry_build(pupil.program_year, world.province)
    cells = [
        str(cell)
        for sheet in load_workbook(io.BytesIO(ministry_xlsx(data))).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    texts = [json.dumps(data, default=str, ensure_ascii=False), *cells]
    assert data["summary"]["students"] >= 1
    assert not any(word in text for text in texts for word in ("Zeynep", "Demirtaş", "Ada", NATIONAL_ID))
    assert not PersonalDataAccess.objects.exists()
