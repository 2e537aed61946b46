"""Session and absence pages: who sees and writes what (404 otherwise, nothing changed), query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from izlem.harezmi import services
from izlem.harezmi.models import Absence, Session
from izlem.harezmi.services.sessions import AbsenceInput, SessionInput
from izlem.org.models import Role
from tests.support.harezmi import before_start, past_weeks
from tests.support.world import make_user


def _post_data(day: dt.date, **extra) -> dict:
    data = {
        "state": "held",
        "held_on": day.isoformat(),
        "plan": "Isınma",
        "activities": "Sensör ile ölçüm",
        "evaluation": "İyi",
        "plan_update": "Haftaya devam",
    }
    data.update(extra)
    return data


def test_teacher_logs_a_session_from_the_page(world, client, scene):
    # given
    team, week = scene["team"], scene["weeks"][1]
    client.force_login(world.teacher)
    url = reverse("harezmi:session-edit", args=[team.pk, week.isoformat()])
    assert client.get(url).status_code == 200
    # when
    response = client.post(
        url,
        _post_data(
            week + dt.timedelta(days=2),
            teachers_present=[str(world.teacher.pk)],
            students_present=[str(scene["student"].pk)],
        ),
    )
    # then
    assert response.status_code == 302
    session = Session.objects.get(team=team, week_start=week)
    assert session.state == "held" and session.activities == "Sensör ile ölçüm"
    assert session.teacher_attendance.filter(present=True).count() == 1
    assert session.student_attendance.get().present


def test_the_form_says_what_is_wrong(world, client, scene):
    client.force_login(world.teacher)
    week = scene["weeks"][1]
    url = reverse("harezmi:session-edit", args=[scene["team"].pk, week.isoformat()])
    response = client.post(url, {"state": "not_held"})
    assert response.status_code == 200
    assert "Write why the session was not held." in response.content.decode()
    assert not Session.objects.filter(week_start=week).exists()


def test_the_form_refuses_a_session_on_a_holiday(world, client, scene, year):
    week = scene["weeks"][1]
    wednesday = week + dt.timedelta(days=2)
    services.school_holiday_create(
        by=None,
        program_year=year,
        kind="public_holiday",
        name="Bayram",
        first_day=wednesday,
        last_day=wednesday,
    )
    client.force_login(world.teacher)
    url = reverse("harezmi:session-edit", args=[scene["team"].pk, week.isoformat()])
    response = client.post(url, _post_data(wednesday))
    assert response.status_code == 200
    assert "is a school holiday (Bayram, Public holiday)" in response.content.decode()
    assert not Session.objects.filter(week_start=week).exists()


@pytest.mark.parametrize(
    "who", ["principal", "district_coordinator", "province_coordinator", "outsider", "pending"]
)
def test_others_cannot_log_and_nothing_changes(world, client, scene, year, who):
    # given
    if who == "pending":
        person = make_user("teacher3", Role.TEACHER, world.school_a1)
        services.teacher_assignment_add(
            by=None,
            team=scene["team"],
            teacher=person,
            petition=services.DocumentInput(date=year.start_date),
            justification="Katılım",
        )
    else:
        person = world.users[who]
    client.force_login(person)
    week = scene["weeks"][1]
    # when
    response = client.post(
        reverse("harezmi:session-edit", args=[scene["team"].pk, week.isoformat()]),
        _post_data(week + dt.timedelta(days=2)),
    )
    # then
    assert response.status_code == 404
    assert not Session.objects.filter(week_start=week).exists()


def test_the_absent_teacher_is_unchecked_on_the_form(world, client, scene, teacher2, year):
    week = scene["weeks"][1]
    day = week + dt.timedelta(days=2)
    services.absence_report(
        by=teacher2,
        program_year=year,
        teacher=teacher2,
        data=AbsenceInput(kind="sick", starts_on=day, ends_on=day),
    )
    client.force_login(world.teacher)
    form = client.get(reverse("harezmi:session-edit", args=[scene["team"].pk, week.isoformat()])).context[
        "form"
    ]
    assert form.initial["teachers_present"] == [str(world.teacher.pk)]
    assert "Sick leave" in dict(form.fields["teachers_present"].choices)[str(teacher2.pk)]


SESSION_READERS = {
    "teacher",
    "teacher2",
    "principal",
    "district_coordinator",
    "province_coordinator",
    "planning_officer",
}


@pytest.mark.parametrize(
    "role",
    [
        "teacher",
        "teacher2",
        "principal",
        "district_coordinator",
        "province_coordinator",
        "planning_officer",
        "outsider",
        "other_manager",
        "stakeholder",
    ],
)
def test_who_reads_a_session_and_the_week_grid(world, client, scene, teacher2, role):
    person = teacher2 if role == "teacher2" else world.users[role]
    client.force_login(person)
    expected = 200 if role in SESSION_READERS else 404
    assert client.get(reverse("harezmi:session-detail", args=[scene["session"].pk])).status_code == expected
    assert client.get(reverse("harezmi:team-sessions", args=[scene["team"].pk])).status_code == expected


def test_teacher_of_another_team_does_not_see_it(world, client, scene):
    person = make_user("ekip2", Role.TEACHER, world.school_a1)
    services.teacher_assignment_add(
        by=None, team=scene["other"], teacher=person, today=before_start(scene["team"].program_year)
    )
    client.force_login(person)
    assert client.get(reverse("harezmi:team-sessions", args=[scene["team"].pk])).status_code == 404
    assert client.get(reverse("harezmi:session-detail", args=[scene["session"].pk])).status_code == 404


def test_week_grid_shows_gaps_and_log_buttons_for_the_teacher(world, client, scene):
    client.force_login(world.teacher)
    response = client.get(reverse("harezmi:team-sessions", args=[scene["team"].pk]))
    cells = response.context["cells"]
    gaps = [c for c in cells if c.state == "gap"]
    assert len(gaps) == len(scene["weeks"]) - 1  # only the first past week was held
    assert scene["weeks"][1] in response.context["own_days"]
    client.force_login(world.principal)
    assert client.get(reverse("harezmi:team-sessions", args=[scene["team"].pk])).context["own_days"] == set()


def test_coordinators_see_gaps_per_team_and_plan_changes(world, client, scene, year):
    client.force_login(world.district_coordinator)
    response = client.get(reverse("harezmi:session-index") + f"?year={year.pk}")
    assert response.status_code == 200
    rows = {row["team"].pk: row["figures"] for row in response.context["page"]}
    assert set(rows) == {scene["team"].pk, scene["other"].pk}  # district A only
    assert rows[scene["team"].pk].gaps == len(scene["weeks"]) - 1
    assert [s.pk for s in response.context["changes"]] == [scene["session"].pk]
    client.force_login(world.outsider)
    response = client.get(reverse("harezmi:session-index") + f"?year={year.pk}")
    assert {row["team"].pk for row in response.context["page"]} == {scene["b_team"].pk}
    assert list(response.context["changes"]) == []


def _more_teams(world, year, count: int) -> None:
    """More scheduled teams of B1 with held sessions (B1's application allows up to five)."""
    from izlem.harezmi.models import Application

    Application.objects.filter(program_year=year, school=world.school_b1).update(approved_team_count=5)
    for number in range(count):
        team = services.team_create(by=None, program_year=year, school=world.school_b1, name=f"Ek {number}")
        services.team_schedule_set(
            by=None, team=team, weekday=2, first_lesson=1, effective_from=year.start_date
        )
        for week in past_weeks(team)[:2]:
            services.session_record(
                by=None,
                team=team,
                week_start=week,
                data=SessionInput(state="held", held_on=week + dt.timedelta(days=1), activities="x"),
            )


def test_session_index_query_count_stays_constant(world, client, scene, year, django_assert_max_num_queries):
    client.force_login(world.province_coordinator)
    url = reverse("harezmi:session-index") + f"?year={year.pk}"
    with django_assert_max_num_queries(18) as small:
        client.get(url)
    _more_teams(world, year, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 6


def test_absence_pages(world, client, scene, year, teacher2, django_assert_max_num_queries):
    # the teacher reports their own absence
    client.force_login(teacher2)
    today = timezone.localdate()
    response = client.post(
        reverse("harezmi:absence-create") + f"?year={year.pk}",
        {
            "teacher": teacher2.pk,
            "kind": "leave",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    # the teacher cannot report for a colleague through the form
    response = client.post(
        reverse("harezmi:absence-create") + f"?year={year.pk}",
        {
            "teacher": world.teacher.pk,
            "kind": "leave",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 200 and Absence.objects.count() == 1
    # who reads it
    for role, count in (("principal", 1), ("district_coordinator", 1), ("outsider", 0), ("teacher", 0)):
        client.force_login(world.users[role])
        page = client.get(reverse("harezmi:absence-list") + f"?year={year.pk}").context["page"]
        assert len(page) == count, role
    # the colleague cannot open it for editing; the principal can
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:absence-edit", args=[absence.pk])).status_code == 404
    client.force_login(world.principal)
    assert client.get(reverse("harezmi:absence-edit", args=[absence.pk])).status_code == 200
    # the list keeps its query count as absences grow
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("harezmi:absence-list") + f"?year={year.pk}")
    for offset in range(1, 4):
        day = today - dt.timedelta(days=offset)
        services.absence_report(
            by=None,
            program_year=year,
            teacher=world.teacher,
            data=AbsenceInput(kind="sick", starts_on=day, ends_on=day),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("harezmi:absence-list") + f"?year={year.pk}")
    assert len(response.context["page"]) == 4


@pytest.mark.parametrize(
    ("role", "code"), [("teacher", 200), ("district_coordinator", 200), ("outsider", 404)]
)
def test_session_history_follows_read_access(world, client, scene, role, code):
    client.force_login(world.users[role])
    response = client.get(reverse("harezmi:history", args=["session", scene["session"].pk]))
    assert response.status_code == code


def test_absence_document_downloads_are_logged(world, client, scene, year, settings, tmp_path):
    # given a sick note attached to the teacher's absence
    from django.core.files.uploadedfile import SimpleUploadedFile

    from izlem.core.models import PersonalDataAccess

    settings.MEDIA_ROOT = str(tmp_path)
    today = timezone.localdate()
    absence = Absence.objects.create(
        program_year=year,
        teacher=world.teacher,
        kind="sick",
        starts_on=today,
        ends_on=today,
        document=SimpleUploadedFile("rapor.pdf", b"%PDF-1.4\n%rapor\n", content_type="application/pdf"),
    )
    url = reverse("harezmi:absence-document", args=[absence.pk])
    # when the principal downloads it and an outsider tries
    client.force_login(world.principal)
    assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    # then exactly the principal's download is logged, naming the teacher's record, not the teacher
    assert [
        (e.user_id, e.action, e.subject_type, e.subject_id) for e in PersonalDataAccess.objects.all()
    ] == [(world.principal.pk, "download", "user", world.teacher.pk)]


def test_the_week_grid_opens_at_this_week(world, client, scene):
    # given the running year: today falls in one of its weeks
    client.force_login(world.teacher)
    page = client.get(reverse("harezmi:team-sessions", args=[scene["team"].pk])).content.decode()
    today = timezone.localdate()
    this_monday = today - dt.timedelta(days=today.weekday())
    # then that week is marked, brought into view by the page's script, and linked from the top
    assert page.count('id="this-week"') == 1 and 'href="#this-week"' in page
    assert "izlem/scroll-here.js" in page
    marked = page.split('id="this-week"', 1)[1].split("</li>", 1)[0]
    assert (this_monday + dt.timedelta(days=2)).strftime("%d.%m.%Y") in marked  # the team meets on Wednesdays
