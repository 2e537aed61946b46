"""Every Harezmi figure has one definition: totals are sums of rows, figures equal independent counts of
their drill-down lists, and the overview, statistics, Ministry report and API say the same number.

The defect tests below fail on the code before issue 19 (each says which defect it pins).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from izlem.harezmi import selectors
from izlem.harezmi.figures import FIGURES, figure_records, figure_value
from izlem.harezmi.models import (
    MaterialDelivery,
    MaterialRequest,
    ParentalConsent,
    PlannedVisit,
    Project,
    Student,
    TeacherAssignment,
    Team,
    Training,
    TrainingParticipant,
    Visit,
    VisitPlan,
)
from izlem.harezmi.selectors import reference_day
from izlem.harezmi.selectors.statistics import COUNT_FIELDS, statistics_for
from izlem.org.models import Role, RoleAssignment
from izlem.reports.ministry_report import ministry_build
from tests.support.harezmi import make_year, pdf
from tests.support.world import make_user

DAY = dt.timedelta(days=1)
SCHOOLS = ("school_a1", "school_a2", "school_b1")
UNITS = ("province", "district_a", "district_b", *SCHOOLS)
STATES = ("active", "departure_pending", "ended", "pending_approval")


# --- random program data --------------------------------------------------------------------------------
PROGRAM = st.fixed_dictionaries(
    {
        "teams": st.lists(st.sampled_from(SCHOOLS), max_size=4),
        # (teacher, team index, state, start offset, end offset or None)
        "assignments": st.lists(
            st.tuples(
                st.integers(0, 3),
                st.integers(0, 3),
                st.sampled_from(STATES),
                st.integers(-60, 5),
                st.one_of(st.none(), st.integers(-30, 30)),
            ),
            max_size=7,
        ),
        # (team index, consent: none / given / withdrawn)
        "students": st.lists(
            st.tuples(st.integers(0, 3), st.sampled_from(("none", "given", "withdrawn"))), max_size=6
        ),
        # (school, planned day offset, made: None / same day / a day late)
        "planned": st.lists(
            st.tuples(st.sampled_from(SCHOOLS), st.integers(-40, 10), st.sampled_from((None, 0, 1))),
            max_size=5,
        ),
        "unplanned": st.lists(st.tuples(st.sampled_from(SCHOOLS), st.integers(-40, 0)), max_size=3),
        # (organiser, [(person, state)])
        "trainings": st.lists(
            st.tuples(
                st.sampled_from(UNITS),
                st.lists(
                    st.tuples(st.integers(0, 4), st.sampled_from(("enrolled", "completed", "dropped"))),
                    max_size=4,
                    unique_by=lambda p: p[0],
                ),
            ),
            max_size=3,
        ),
        # (unit, teachers in mobility, students in mobility)
        "projects": st.lists(
            st.tuples(st.sampled_from(UNITS), st.integers(0, 3), st.integers(0, 5)), max_size=4
        ),
        # (school, quantity, state, delivered)
        "materials": st.lists(
            st.tuples(
                st.sampled_from(SCHOOLS),
                st.integers(1, 9),
                st.sampled_from(("requested", "approved", "refused")),
                st.integers(0, 9),
            ),
            max_size=3,
        ),
    }
)


def _assignments(program) -> list[tuple]:
    """The program's assignments on its teams: (teacher, team, state, start, end), one per teacher and team."""
    if not program["teams"]:
        return []
    seen, result = set(), []
    for teacher, team, state, start, end in program["assignments"]:
        team %= len(program["teams"])
        if (teacher, team) not in seen:
            seen.add((teacher, team))
            result.append((teacher, team, state, start, end))
    return result


def _build(world, year, program, people) -> None:
    """Write the random program straight into the tables (no service rules: any data is counted)."""
    today = reference_day(year)
    teams = [
        Team.objects.create(program_year=year, school=getattr(world, school), name=f"Ekip {i}")
        for i, school in enumerate(program["teams"])
    ]
    for teacher, team, state, start, end in _assignments(program):
        if teams:
            TeacherAssignment.objects.create(
                team=teams[team],
                teacher=people[teacher],
                state=state,
                start_date=today + start * DAY,
                end_date=None if end is None else today + max(start, end) * DAY,
            )
    for i, (team, consent) in enumerate(program["students"]):
        if teams:
            the_team = teams[team % len(teams)]
            student = Student.objects.create(
                program_year=year,
                school=the_team.school,
                team=the_team,
                first_name=f"Ö{i}",
                last_name="K",
                grade=5,
            )
            if consent != "none":
                ParentalConsent.objects.create(
                    student=student,
                    parent_name="Veli",
                    given_on=year.start_date,
                    form_file=pdf("izin.pdf"),
                    withdrawn_on=year.start_date if consent == "withdrawn" else None,
                )
    plan = VisitPlan.objects.create(
        program_year=year,
        coordinator=world.district_coordinator,
        node=world.district_a,
        span="month",
        starts_on=year.start_date,
        ends_on=year.end_date,
    )
    for school, offset, made in program["planned"]:
        item = PlannedVisit.objects.create(
            plan=plan, school=getattr(world, school), planned_on=today + offset * DAY, purpose="guidance"
        )
        if made is not None and offset + made <= 0:
            Visit.objects.create(
                program_year=year,
                coordinator=world.district_coordinator,
                school=item.school,
                visited_on=item.planned_on + made * DAY,
                purpose="guidance",
                planned=item,
                observations="-",
            )
    for school, offset in program["unplanned"]:
        Visit.objects.create(
            program_year=year,
            coordinator=world.province_coordinator,
            school=getattr(world, school),
            visited_on=today + offset * DAY,
            purpose="other",
            observations="-",
        )
    for i, (unit, enrolments) in enumerate(program["trainings"]):
        training = Training.objects.create(
            program_year=year,
            node=getattr(world, unit),
            kind="other",
            topic="coding",
            title=f"Eğitim {i}",
            mode="online",
            starts_on=year.start_date,
            ends_on=year.start_date,
        )
        for person, state in enrolments:
            TrainingParticipant.objects.create(
                training=training,
                person=people[person],
                state=state,
                completed_on=year.start_date if state == "completed" else None,
            )
    for i, (unit, teachers, students) in enumerate(program["projects"]):
        Project.objects.create(
            program_year=year,
            node=getattr(world, unit),
            programme="etwinning",
            title=f"Proje {i}",
            role="partner",
            starts_on=year.start_date,
            ends_on=year.end_date,
            teacher_participants=teachers,
            teacher_mobility=teachers,
            student_participants=students,
            student_mobility=students,
        )
    for school, quantity, state, delivered in program["materials"]:
        request = MaterialRequest.objects.create(
            program_year=year,
            school=getattr(world, school),
            item="arduino",
            quantity=quantity,
            reason="-",
            state=state,
        )
        if state != "refused" and delivered:
            MaterialDelivery.objects.create(
                request=request,
                quantity=min(delivered, quantity),
                delivered_on=today,
                supplier=world.province,
            )


def _expected(world, year, program, unit: str) -> dict[str, int]:
    """Each figure counted here from the random program itself, without the selectors."""
    node = getattr(world, unit)
    under = lambda name: getattr(world, name).path.startswith(node.path)  # noqa: E731
    team_schools = program["teams"]
    first: dict[int, tuple] = {}  # teacher → (start, creation order, school) of their first active assignment
    for order, (teacher, team, state, start, end) in enumerate(_assignments(program)):
        last = None if end is None else max(start, end)
        # a departure takes effect on its date: an ended assignment is in force up to its end date
        in_force = state in ("active", "departure_pending") or (state == "ended" and end is not None)
        if in_force and start <= 0 and (last is None or last >= 0):
            candidate = (start, order, team_schools[team % len(team_schools)])
            first[teacher] = min(first.get(teacher, candidate), candidate)
    students = [
        (team_schools[team % len(team_schools)], consent)
        for team, consent in program["students"]
        if team_schools
    ]
    planned = [(s, o, m) for s, o, m in program["planned"] if o <= 0]
    enrolments = [(u, state) for u, people in program["trainings"] for _p, state in people]
    materials = [m for m in program["materials"] if m[2] != "refused"]
    return {
        "schools": len({s for s in team_schools if under(s)}),
        "teams": sum(under(s) for s in team_schools),
        "teachers": sum(under(school) for _s, _o, school in first.values()),
        "students": sum(under(s) for s, _c in students),
        "consented": sum(under(s) for s, c in students if c == "given"),
        "visits_planned": sum(under(s) for s, _o, _m in planned),
        "visits_done": sum(under(s) for s, o, m in planned if m is not None and o + m <= 0),
        "visits_unplanned": sum(under(s) for s, _o in program["unplanned"])
        + sum(under(s) for s, o, m in program["planned"] if o > 0 and m is not None and o + m <= 0),
        "trainings": sum(under(u) for u, _p in program["trainings"]),
        "participants": sum(under(u) for u, _s in enrolments),
        "completions": sum(under(u) for u, s in enrolments if s == "completed"),
        "material_requested": sum(q for s, q, _st, _d in materials if under(s)),
        "material_delivered": sum(min(d, q) for s, q, _st, d in materials if under(s) and d),
        "projects": sum(under(u) for u, _t, _s in program["projects"]),
        "teacher_mobility": sum(t for u, t, _s in program["projects"] if under(u)),
        "student_mobility": sum(s for u, _t, s in program["projects"] if under(u)),
    }


def _count_list(key: str, year, node, day, *, own: bool = False) -> int:
    """The drill-down list counted by hand: its lines, or the sum of its quantity column."""
    figure = FIGURES[key]
    lines = list(figure_records(key, year, node, day, own=own))
    if figure.sum_field:
        return sum(getattr(line, figure.sum_field) for line in lines)
    return len(lines)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a database example takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=PROGRAM)
def test_random_program_totals_are_sums_of_rows_and_figures_are_independent_counts(world, program):
    with transaction.atomic():  # each example starts from the same empty world
        year = make_year(world)
        day = reference_day(year)
        people = [make_user(f"hz{i}", Role.TEACHER, world.school_a1) for i in range(4)]
        _build(world, year, program, [*people, world.district_coordinator])
        for unit in UNITS:
            node = getattr(world, unit)
            stats = statistics_for(year, node, day=day)
            expected = _expected(world, year, program, unit)
            for key in expected:
                assert getattr(stats.total, key) == expected[key], (unit, key)
                assert _count_list(key, year, node, day) == expected[key], (unit, key)
            if stats.rows:  # a province's or a district's page: every total is the sum of its rows
                for key in COUNT_FIELDS:  # sessions and attendance too
                    assert getattr(stats.total, key) == sum(getattr(r.figures, key) for r in stats.rows), key
            for row in stats.rows:  # each row's figure is the count of its own drill-down list
                for key in expected:
                    assert getattr(row.figures, key) == _count_list(key, year, row.node, day, own=row.own), (
                        unit,
                        row.label,
                        key,
                    )
            for key in ("sessions_planned", "sessions_held"):
                assert getattr(stats.total, key) == figure_value(key, year, node, day)
        transaction.set_rollback(True)


# --- the defects of issue 19, each pinned on a small world (all fail before issue 19) --------------------
def _report(year, node):
    return ministry_build(year, node)


def test_a_teacher_in_two_schools_is_one_teacher_everywhere(world, stats_world, client):
    """Defect: a teacher in two schools counted twice by the statistics and the report (overview once)."""
    year = stats_world.year
    team_b = Team.objects.get(program_year=year, school=world.school_b1)
    TeacherAssignment.objects.create(
        team=team_b, teacher=world.teacher, state="active", start_date=year.start_date
    )
    distinct = (
        TeacherAssignment.objects.active(reference_day(year))
        .filter(team__program_year=year)
        .values("teacher_id")
        .distinct()
        .count()
    )
    stats = statistics_for(year, world.province)
    assert stats.total.teachers == distinct == 3
    assert sum(row.figures.teachers for row in stats.rows) == distinct
    assert selectors.overview(year, world.province_coordinator)["teachers"] == distinct
    assert _report(year, world.province)["summary"]["teachers"] == distinct
    client.force_login(world.province_coordinator)
    api = client.get("/api/v1/harezmi/statistics/", {"year": year.pk})
    assert api.status_code == 200 and api.json()["total"]["teachers"] == distinct
    # the district pages agree with the province's rows (the teacher is counted at the first school)
    for row in stats.rows:
        if not row.own:
            assert statistics_for(year, row.node).total.teachers == row.figures.teachers


def test_a_teacher_whose_departure_date_passed_is_not_counted_anywhere(world, stats_world):
    """Defect: "active" defined differently (statistics counted a leaving teacher after the date)."""
    year = stats_world.year
    assignment = TeacherAssignment.objects.get(team__program_year=year, teacher=stats_world.teacher_b)
    TeacherAssignment.objects.filter(pk=assignment.pk).update(
        state="departure_pending", end_date=reference_day(year) - DAY
    )
    stats = statistics_for(year, world.province)
    assert stats.total.teachers == selectors.overview(year, world.province_coordinator)["teachers"] == 2


def test_a_two_school_teacher_enrolled_once_is_one_enrolment(world, stats_world):
    """Defect: a teacher with roles at two schools raised the participants by 2 (and the report's summary
    differed from its trainings sheet)."""
    year = stats_world.year
    before = statistics_for(year, world.province).total.participants
    person = make_user("iki_okul", Role.TEACHER, world.school_a1)
    RoleAssignment.objects.create(
        user=person, role=Role.TEACHER, node=world.school_b1, start_date=year.start_date
    )
    training = Training.objects.get(title="Merkez Harezmi eğitimi")
    TrainingParticipant.objects.create(training=training, person=person)
    assert statistics_for(year, world.province).total.participants == before + 1
    data = _report(year, world.province)
    assert data["summary"]["participants"] == sum(t["enrolled"] for t in data["trainings"])


def test_unplanned_visits_are_outside_the_rate(world, stats_world):
    """Defect: the visit rate counted unplanned visits (a district showed more done than planned)."""
    stats = statistics_for(stats_world.year, world.province)
    assert str(stats.total.visit_rate) == "50.0"  # 1 of 2 planned visits made (it said 100,0)
    for row in stats.rows:
        assert row.figures.visits_done <= row.figures.visits_planned, row.label
    assert (stats.total.visits_planned, stats.total.visits_done, stats.total.visits_unplanned) == (2, 1, 1)


def test_the_reports_total_is_the_sum_of_its_rows(world, stats_world):
    """Defect: "Toplam" was not the sum of the rows: the province's own training and project had no row."""
    data = _report(stats_world.year, world.province)
    for key in (
        "trainings",
        "participants",
        "projects",
        "teacher_mobility",
        "student_mobility",
        "visits_planned",
    ):
        assert data["summary"][key] == sum(row[key] for row in data["rows"]), key
    own = data["rows"][-1]
    assert own["own"] and (own["trainings"], own["projects"]) == (1, 1)


# --- drill-down lists ---------------------------------------------------------------------------------
URL = "harezmi:statistics-records"


@pytest.mark.parametrize("key", sorted(FIGURES))
def test_every_figure_opens_its_records_and_exports_them(world, stats_world, client, key):
    year = stats_world.year
    stats = statistics_for(year, world.province)
    client.force_login(world.province_coordinator)
    url = reverse(URL, args=[key])
    page = client.get(url, {"year": year.pk, "node": world.province.pk})
    assert page.status_code == 200 and page.context["value"] == getattr(stats.total, key)
    exported = client.get(url, {"year": year.pk, "node": world.province.pk, "format": "csv"})
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))[1:]
    figure = FIGURES[key]
    if figure.sum_field:
        column = {"quantity": 2, "teacher_mobility": 3, "student_mobility": 4}[figure.sum_field]
        assert sum(int(line[column]) for line in lines) == getattr(stats.total, key)
    else:
        assert len(lines) == getattr(stats.total, key)
    workbook = client.get(url, {"year": year.pk, "node": world.province.pk, "format": "xlsx"})
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_the_statistics_page_links_every_count_to_its_records(world, stats_world, client):
    client.force_login(world.province_coordinator)
    html = client.get(reverse("harezmi:statistics"), {"year": stats_world.year.pk}).content.decode()
    for key in FIGURES:
        assert reverse(URL, args=[key]) in html, key
    assert "&amp;own=1" in html  # the province's own records row links its own list


def test_own_records_list_only_the_units_own(world, stats_world, client):
    client.force_login(world.province_coordinator)
    page = client.get(
        reverse(URL, args=["trainings"]), {"year": stats_world.year.pk, "node": world.province.pk, "own": "1"}
    )
    assert page.status_code == 200 and page.context["value"] == 1
    assert "İl semineri" in page.content.decode() and "Tercan Harezmi" not in page.content.decode()


@pytest.mark.parametrize("name", ["teacher", "stakeholder", "outsider", "other_manager"])
def test_records_are_read_only_where_the_statistics_are(world, stats_world, client, name):
    client.force_login(getattr(world, name))
    response = client.get(
        reverse(URL, args=["students"]), {"year": stats_world.year.pk, "node": world.district_a.pk}
    )
    assert response.status_code == 404


def test_a_district_reads_its_own_records_only(world, stats_world, client):
    client.force_login(world.district_coordinator)
    year = stats_world.year.pk
    assert (
        client.get(reverse(URL, args=["teams"]), {"year": year, "node": world.district_a.pk}).status_code
        == 200
    )
    assert (
        client.get(reverse(URL, args=["teams"]), {"year": year, "node": world.district_b.pk}).status_code
        == 404
    )
    assert client.get(reverse(URL, args=["nothing"]), {"year": year}).status_code == 404


def test_the_ministry_job_page_links_its_figures(
    settings,
    world,
    stats_world,
    client,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(world.province_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:ministry-generate", args=[world.province.pk]) + f"?year={stats_world.year.pk}"
        )
    page = client.get(response.url)
    html = page.content.decode()
    assert page.context["job"].state == "done"
    assert reverse(URL, args=["teachers"]) in html and "own=1" in html


def test_student_lists_are_logged_as_personal_data(world, stats_world, client):
    from izlem.core.models import PersonalDataAccess

    client.force_login(world.province_coordinator)
    url = reverse(URL, args=["students"])
    client.get(url, {"year": stats_world.year.pk})
    client.get(url, {"year": stats_world.year.pk, "format": "csv"})
    client.get(reverse(URL, args=["teams"]), {"year": stats_world.year.pk})  # no personal data
    assert PersonalDataAccess.objects.filter(user=world.province_coordinator).count() == 2
