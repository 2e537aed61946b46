"""Pages: who sees what (role × in/out of scope), every page renders, list pages keep their query count."""

import pytest
from django.urls import reverse

from izlem.harezmi import services
from izlem.harezmi.models import Student, Team
from izlem.org.models import Role
from tests.support.harezmi import approve, before_start, consent, doc, register_student, trained
from tests.support.world import make_user


@pytest.fixture
def scene(world, year, team):
    """A team of A1 with a student, a second team without the teacher, a school of district B, records."""
    student = register_student(year, world.school_a1, team=team, consent=consent(year.start_date))
    other_team = services.team_create(by=None, program_year=year, school=world.school_a1, name="Ekip 2")
    other_student = register_student(
        year, world.school_a1, "Can", "Er", team=other_team, consent=consent(year.start_date)
    )
    b_application = approve(year, world.school_b1, 1)
    b_team = services.team_create(by=None, program_year=year, school=world.school_b1, name="Ekip 1")
    coordinator = make_user("koord", Role.TEACHER, world.school_a2)
    trained(coordinator)
    appointment = services.coordinator_appoint(
        by=None,
        program_year=year,
        kind="district_coordinator",
        unit="district_private_office",
        person=coordinator,
        node=world.district_a,
        employment="full_time",
        petition=doc(year.start_date),
        start_letter=doc(year.start_date, "E-1"),
    )
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5)
    services.calendar_event_create(
        by=None,
        program_year=year,
        node=world.province,
        kind="training",
        title="Eğitim",
        starts_on=year.start_date,
    )
    services.parent_meeting_record(
        by=None, program_year=year, school=world.school_a1, held_on=year.start_date, place="Salon"
    )
    return {
        "team": team,
        "student": student,
        "other_team": other_team,
        "other_student": other_student,
        "application": team.school.harezmi_applications.get(),
        "b_application": b_application,
        "b_team": b_team,
        "appointment": appointment,
    }


ROLES = [
    "province_coordinator",
    "district_coordinator",
    "principal",
    "teacher",
    "planning_officer",
    "outsider",
    "other_manager",
    "stakeholder",
]
# url name, scene object → the roles that get 200 (everyone else: 404)
MATRIX = [
    (
        "harezmi:team-detail",
        "team",
        {"province_coordinator", "district_coordinator", "principal", "teacher", "planning_officer"},
    ),
    (
        "harezmi:team-detail",
        "other_team",
        {"province_coordinator", "district_coordinator", "principal", "planning_officer"},
    ),
    ("harezmi:team-detail", "b_team", {"province_coordinator", "planning_officer", "outsider"}),
    (
        "harezmi:student-detail",
        "student",
        {"province_coordinator", "district_coordinator", "principal", "teacher", "planning_officer"},
    ),
    (
        "harezmi:student-detail",
        "other_student",
        {"province_coordinator", "district_coordinator", "principal", "planning_officer"},
    ),
    (
        "harezmi:application-detail",
        "application",
        {"province_coordinator", "district_coordinator", "principal", "planning_officer"},
    ),
    ("harezmi:application-detail", "b_application", {"province_coordinator", "planning_officer", "outsider"}),
    ("harezmi:team-schedule", "team", {"province_coordinator", "district_coordinator", "principal"}),
    ("harezmi:assignment-add", "team", {"province_coordinator", "district_coordinator", "principal"}),
    (
        "harezmi:appointment-detail",
        "appointment",
        {"province_coordinator", "district_coordinator", "principal", "planning_officer"},
    ),
]
CASES = [(name, key, role, role in allowed) for name, key, allowed in MATRIX for role in ROLES]


@pytest.mark.parametrize(("url_name", "key", "role", "allowed"), CASES)
def test_page_access_matrix(world, scene, client, url_name, key, role, allowed):
    # given
    client.force_login(world.users[role])
    # when
    response = client.get(reverse(url_name, args=[scene[key].pk]))
    # then
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("province_coordinator", True),
        ("district_coordinator", True),
        ("planning_officer", True),
        ("principal", False),
        ("teacher", False),
        ("outsider", False),
        ("stakeholder", False),
    ],
)
def test_district_week_access(world, year, scene, client, role, allowed):
    client.force_login(world.users[role])
    response = client.get(reverse("harezmi:district-week", args=[world.district_a.pk]) + f"?year={year.pk}")
    assert response.status_code == (200 if allowed else 404)


def test_a_teacher_sees_only_their_own_teams_and_students(world, year, scene, client):
    client.force_login(world.teacher)
    teams = client.get(reverse("harezmi:team-list") + f"?year={year.pk}").context["page"]
    students = client.get(reverse("harezmi:student-list") + f"?year={year.pk}").context["page"]
    assert [t.name for t in teams] == ["Ekip 1"]
    assert [s.first_name for s in students] == ["Ada"]


def test_a_teacher_who_left_no_longer_sees_the_team(world, year, scene, client):
    from izlem.harezmi.models import TeacherAssignment

    assignment = TeacherAssignment.objects.get(team=scene["team"], teacher=world.teacher)
    assignment.state = TeacherAssignment.State.ENDED
    assignment.save()
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:team-detail", args=[scene["team"].pk])).status_code == 404


def test_stakeholder_and_nobody_have_no_harezmi(world, client):
    for role in ("stakeholder", "nobody"):
        client.force_login(world.users[role])
        assert client.get(reverse("harezmi:home")).status_code == 404


def test_every_page_renders_for_the_province_coordinator(world, year, scene, client):
    client.force_login(world.province_coordinator)
    q = f"?year={year.pk}"
    urls = [
        reverse("harezmi:home"),
        reverse("harezmi:year-calendar", args=[year.pk]),
        reverse("harezmi:year-edit", args=[year.pk]),
        reverse("harezmi:event-create", args=[year.pk]),
        reverse("harezmi:training-list"),
        reverse("harezmi:training-create"),
        reverse("harezmi:appointment-list") + q,
        reverse("harezmi:appointment-detail", args=[scene["appointment"].pk]),
        reverse("harezmi:application-list") + q,
        reverse("harezmi:application-detail", args=[scene["application"].pk]),
        reverse("harezmi:application-settings", args=[scene["application"].pk]),
        reverse("harezmi:team-list") + q,
        reverse("harezmi:team-create") + q,
        reverse("harezmi:team-detail", args=[scene["team"].pk]),
        reverse("harezmi:team-schedule", args=[scene["team"].pk]),
        reverse("harezmi:assignment-add", args=[scene["team"].pk]),
        reverse("harezmi:staff-ledger") + q,
        reverse("harezmi:student-list") + q,
        reverse("harezmi:student-create") + q,
        reverse("harezmi:student-detail", args=[scene["student"].pk]),
        reverse("harezmi:meeting-list") + q,
        reverse("harezmi:meeting-create") + q,
        reverse("harezmi:week") + q,
        reverse("harezmi:district-week", args=[world.district_a.pk]) + q,
        reverse("harezmi:week-proposal", args=[world.district_a.pk]) + q,
        reverse("harezmi:history", args=["team", scene["team"].pk]),
        reverse("harezmi:history", args=["student", scene["student"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    top_manager = client.get(reverse("harezmi:appointment-create") + q)
    assert top_manager.status_code == 404  # only a top manager appoints


def test_pages_render_for_a_teacher_on_a_phone_sized_layout(world, year, scene, client):
    client.force_login(world.teacher)
    home = client.get(reverse("harezmi:home")).content.decode()
    assert 'name="viewport"' in home and "Ekip 1" in home
    detail = client.get(reverse("harezmi:team-detail", args=[scene["team"].pk])).content.decode()
    assert "Wednesday" in detail and "preparation and planning" in detail


def test_document_download_needs_access(world, year, scene, client):
    document = scene["appointment"].petition
    client.force_login(world.district_coordinator)
    assert client.get(reverse("harezmi:document-file", args=[document.pk])).status_code == 200
    client.force_login(world.outsider)
    assert client.get(reverse("harezmi:document-file", args=[document.pk])).status_code == 404
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:document-file", args=[document.pk])).status_code == 404


def _many_teams(world, year, count=30):
    from izlem.org.models import OrgNode

    for index in range(count):
        school = OrgNode.objects.create(
            kind="school", code=f"71{index:04d}", name=f"Okul {index}", parent=world.district_a
        )
        approve(year, school, 1)
        team = services.team_create(by=None, program_year=year, school=school, name="Ekip 1")
        teacher = make_user(f"t{index}", Role.TEACHER, school)
        services.teacher_assignment_add(by=None, team=team, teacher=teacher, today=before_start(year))
        services.team_schedule_set(by=None, team=team, weekday=1 + index % 5, first_lesson=1)
        register_student(year, school, "S", str(index), team=team, consent=consent(year.start_date))


@pytest.mark.parametrize(
    ("url_name", "limit"),
    [
        ("harezmi:team-list", 15),
        ("harezmi:application-list", 15),
        ("harezmi:student-list", 18),  # 17 + the personal data access row (KVKK)
        ("harezmi:staff-ledger", 12),
        ("harezmi:appointment-list", 18),
        ("harezmi:meeting-list", 14),
        # the overview reads its figures from izlem.harezmi.figures (one query each), and a coordinator's
        # open tasks (one query)
        ("harezmi:home", 27),
    ],
)
def test_list_pages_query_count_does_not_grow(
    world, year, client, django_assert_max_num_queries, url_name, limit
):
    # (measured: the same count with 3 and with 30 teams; the limit is that count)
    _many_teams(world, year)
    client.force_login(world.province_coordinator)
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(url_name) + f"?year={year.pk}")
    assert response.status_code == 200


def test_district_week_query_count(world, year, client, django_assert_max_num_queries):
    _many_teams(world, year)
    client.force_login(world.district_coordinator)
    with django_assert_max_num_queries(17):
        response = client.get(
            reverse("harezmi:district-week", args=[world.district_a.pk]) + f"?year={year.pk}"
        )
    assert response.status_code == 200 and sum(d["load"] for d in response.context["days"]) == 30
    assert Team.objects.count() == 30 and Student.objects.count() == 30
