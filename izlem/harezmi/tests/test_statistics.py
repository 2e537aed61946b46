"""Statistics by province, district and school: hand counts, scope, exports and a query-count guard."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from izlem.harezmi import services
from izlem.harezmi.models import ProgramYear, Session
from izlem.harezmi.selectors.statistics import school_weeks, statistics_for
from izlem.org.models import OrgNode, Role
from tests.support.harezmi import approve
from tests.support.world import make_user

URL = "harezmi:statistics"


def _get(client, user, name=URL, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


# --- figures equal the hand counts -----------------------------------------------------------------------
def test_school_weeks_count_the_weeks_with_a_semester_day():
    year = ProgramYear(
        semester1_start=dt.date(2025, 9, 10),  # a Wednesday: its week counts
        semester1_end=dt.date(2026, 1, 16),
        semester2_start=dt.date(2026, 2, 2),
        semester2_end=dt.date(2026, 6, 26),
    )
    assert school_weeks(year, dt.date(2025, 9, 30)) == 4  # weeks of 8, 15, 22 and 29 September
    assert school_weeks(year, dt.date(2026, 2, 3)) == 19 + 1  # all of semester 1, then one week
    assert school_weeks(year, dt.date(2025, 9, 1)) == 0


def semester_days_on(year, weekday: int, day: dt.date) -> int:
    """Hand count: the semester days from the year's start up to `day` that fall on `weekday` (ISO)."""
    semesters = ((year.semester1_start, year.semester1_end), (year.semester2_start, year.semester2_end))
    count, current = 0, year.semester1_start
    while current <= day:
        inside = any(first <= current <= last for first, last in semesters)
        count += inside and current.isoweekday() == weekday
        current += dt.timedelta(days=1)
    return count


def test_province_figures_equal_the_hand_counts(world, stats_world):
    # when
    stats = statistics_for(stats_world.year, world.province)
    tuesdays = semester_days_on(stats_world.year, 2, stats_world.day)  # team A1's application day
    wednesdays = semester_days_on(stats_world.year, 3, stats_world.day)  # team B's
    # then
    # Merkez, Tercan, then the province's own records (its seminar and its national project)
    assert [row.node for row in stats.rows] == [world.district_a, world.district_b, world.province]
    assert [row.own for row in stats.rows] == [False, False, True]
    merkez, tercan, own = (row.figures for row in stats.rows)
    assert (own.trainings, own.projects, own.teachers, own.students) == (1, 1, 0, 0)
    assert (merkez.schools, merkez.teams, merkez.teachers, merkez.students, merkez.consented) == (
        1,
        2,
        2,
        3,
        2,
    )
    assert (merkez.sessions_planned, merkez.sessions_held) == (tuesdays, 1)  # team 2 has no weekly time
    assert (merkez.teacher_present, merkez.teacher_marked, merkez.student_present, merkez.student_marked) == (
        1,
        1,
        1,
        2,
    )
    assert (merkez.visits_planned, merkez.visits_done) == (2, 1)
    assert (merkez.trainings, merkez.participants, merkez.completions) == (1, 2, 1)
    assert (merkez.material_requested, merkez.material_delivered) == (5, 3)
    assert (merkez.projects, merkez.teacher_mobility, merkez.student_mobility) == (1, 2, 5)
    assert (tercan.schools, tercan.teams, tercan.teachers, tercan.students, tercan.consented) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert (tercan.sessions_planned, tercan.sessions_held, tercan.teacher_present, tercan.teacher_marked) == (
        wednesdays,
        1,
        0,
        1,
    )
    assert (tercan.visits_planned, tercan.visits_done, tercan.trainings, tercan.completions) == (0, 0, 1, 1)
    assert (tercan.visits_unplanned, merkez.visits_unplanned) == (1, 0)  # the province's visit to B1
    assert (tercan.material_requested, tercan.material_delivered, tercan.projects) == (4, 0, 1)
    total = stats.total
    assert (total.schools, total.teams, total.students, total.trainings, total.projects) == (2, 3, 4, 3, 3)
    assert total.by_programme == Counter({"erasmus": 1, "etwinning": 1, "national": 1})
    assert total.consent_rate == Decimal("75.0")
    assert total.teacher_attendance == Decimal("50.0")
    assert total.student_attendance == Decimal("66.7")
    assert total.visit_rate == Decimal("50.0")  # 1 of the 2 planned visits; the unplanned one is apart
    assert tuesdays >= 3 and wednesdays >= 3
    planned = tuesdays + wednesdays
    assert total.session_rate == (Decimal(200) / Decimal(planned)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_district_rows_are_its_harezmi_schools(world, stats_world):
    stats = statistics_for(stats_world.year, world.district_a)
    # A2 has no team but a planned visit: it is a row, so the total is the sum of the rows
    assert [row.node for row in stats.rows] == [world.school_a1, world.school_a2, world.district_a]
    assert [row.figures.visits_planned for row in stats.rows] == [1, 1, 0]
    assert stats.total.visits_planned == 2 and stats.total.trainings == 1
    assert stats.rows[-1].own and stats.rows[-1].figures.trainings == 1  # Merkez's own training


def test_school_figures(world, stats_world):
    stats = statistics_for(stats_world.year, world.school_a1)
    assert stats.rows == []
    assert (stats.total.teams, stats.total.students, stats.total.sessions_held, stats.total.trainings) == (
        2,
        3,
        1,
        0,
    )
    assert stats.total.participants == 0  # enrolments count where the training is organised


def test_records_change_the_figures(world, stats_world):
    Session.objects.filter(state=Session.State.NOT_HELD).update(state=Session.State.HELD)
    assert statistics_for(stats_world.year, world.province).total.sessions_held == 3


# --- the page, drill-down and exports -------------------------------------------------------------------
def test_province_coordinator_sees_the_province_and_drills_down(world, stats_world, client):
    response = _get(client, world.province_coordinator, year=stats_world.year.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Statistics · Erzincan" in body
    assert f"node={world.district_a.pk}" in body and f"node={world.district_b.pk}" in body
    assert "data:image/svg+xml;base64," in body  # charts as images: no inline script or style
    district = _get(client, world.province_coordinator, year=stats_world.year.pk, node=world.district_a.pk)
    assert district.status_code == 200 and f"node={world.school_a1.pk}" in district.content.decode()
    school = _get(client, world.province_coordinator, year=stats_world.year.pk, node=world.school_a1.pk)
    assert school.status_code == 200 and "Atatürk Ortaokulu" in school.content.decode()


def test_xlsx_export_holds_the_rows_and_the_total(world, stats_world, client):
    response = _get(client, world.planning_officer, "harezmi:statistics-xlsx", year=stats_world.year.pk)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Statistics"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Unit", "Code", "Harezmi schools", "Teams", "Teachers", "Students")
    assert rows[1][:6] == ("Merkez", "2401", 1, 2, 2, 3)
    assert rows[2][:6] == ("Tercan", "2408", 1, 1, 1, 1)
    assert rows[3][:6] == ("Erzincan (own records)", "24", 0, 0, 0, 0)  # a row, so the total is a sum
    assert rows[4][:6] == ("Total", "24", 2, 3, 3, 4)


def test_pdf_export_has_the_figures(world, stats_world, client, tmp_path):
    response = _get(client, world.district_coordinator, "harezmi:statistics-pdf", year=stats_world.year.pk)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "s.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Merkez" in text and "Atatürk Ortaokulu" in text and "Tercan" not in text


def test_empty_state_says_what_to_do(world, year, client):
    response = _get(client, world.province_coordinator, year=year.pk)
    assert response.status_code == 200
    assert "No Harezmi figures yet" in response.content.decode()


# --- scope ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [URL, "harezmi:statistics-xlsx", "harezmi:statistics-pdf"])
def test_district_coordinator_reads_only_their_district(world, stats_world, client, name):
    year = stats_world.year.pk
    assert (
        _get(client, world.district_coordinator, name, year=year, node=world.district_a.pk).status_code == 200
    )
    for node in (world.province, world.district_b, world.school_b1):
        assert _get(client, world.district_coordinator, name, year=year, node=node.pk).status_code == 404


def test_district_coordinator_defaults_to_their_district(world, stats_world, client):
    response = _get(client, world.district_coordinator, year=stats_world.year.pk)
    assert response.status_code == 200
    assert "Statistics · Merkez" in response.content.decode()
    assert "Tercan" not in response.content.decode()


def test_principal_reads_only_their_school(world, stats_world, client):
    year = stats_world.year.pk
    response = _get(client, world.principal, year=year)
    assert response.status_code == 200 and "Statistics · Atatürk Ortaokulu" in response.content.decode()
    for node in (world.district_a, world.school_a2, world.school_b1, world.province):
        assert _get(client, world.principal, year=year, node=node.pk).status_code == 404
    assert "Report to the Ministry" not in response.content.decode()


@pytest.mark.parametrize("user", ["teacher", "stakeholder", "nobody", "other_manager"])
@pytest.mark.parametrize("name", [URL, "harezmi:statistics-xlsx", "harezmi:statistics-pdf"])
def test_others_get_404(world, stats_world, client, user, name):
    assert _get(client, getattr(world, user), name, year=stats_world.year.pk).status_code == 404


def test_outsider_district_cannot_read_merkez(world, stats_world, client):
    response = _get(client, world.outsider, year=stats_world.year.pk, node=world.district_a.pk)
    assert response.status_code == 404
    assert _get(client, world.outsider, year=stats_world.year.pk).status_code == 200  # their own: Tercan


# --- query count ------------------------------------------------------------------------------------------
def _count_queries(client, user, year) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse(URL), {"year": year.pk}).status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_schools(world, stats_world, client):
    year = stats_world.year
    before = _count_queries(client, world.province_coordinator, year)
    for number in range(4):
        school = OrgNode.objects.create(
            kind="school", code=f"79000{number}", name=f"Yeni Okul {number}", parent=world.district_b
        )
        approve(year, school, 1)
        team = services.team_create(by=None, program_year=year, school=school, name="Ekip")
        Session.objects.create(team=team, week_start=stats_world.week1, state=Session.State.HELD)
        make_user(f"ogretmen{number}", Role.TEACHER, school)
    after = _count_queries(client, world.province_coordinator, year)
    assert after == before
    assert before <= 40
