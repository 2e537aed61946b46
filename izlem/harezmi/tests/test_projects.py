"""Projects, events and awards: each level records its own, managers read their subtree."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.harezmi import services
from izlem.harezmi.models import Activity, Award, Project
from izlem.harezmi.selectors import projects as selectors_projects
from izlem.harezmi.tests.activities_fixtures import query_count
from izlem.org.models import Role
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def project(world, year, *, node=None, programme="etwinning", students=20, teachers=3, sm=0, tm=0, **extra):
    return services.project_record(
        by=None,
        program_year=year,
        node=node or world.school_a1,
        programme=programme,
        title=extra.pop("title", "Kodla Geleceği Tasarla"),
        role="partner",
        starts_on=year.start_date,
        ends_on=year.end_date,
        student_participants=students,
        teacher_participants=teachers,
        student_mobility=sm,
        teacher_mobility=tm,
        **extra,
    )


def test_principal_records_the_schools_project_on_the_page(world, year, client):
    client.force_login(world.principal)
    data = {
        "node": world.school_a1.pk,
        "programme": "erasmus",
        "title": "Robotik Avrupa",
        "reference": "2025-1-TR01-KA122-SCH-000123456",
        "role": "coordinator",
        "starts_on": year.start_date.isoformat(),
        "ends_on": year.end_date.isoformat(),
        "student_participants": 10,
        "teacher_participants": 2,
        "student_mobility": 12,
        "teacher_mobility": 2,
    }
    response = client.post(reverse("harezmi:project-create") + f"?year={year.pk}", data)
    assert response.status_code == 200 and "cannot outnumber" in response.content.decode()
    assert Project.objects.count() == 0
    data["student_mobility"] = 8
    response = client.post(reverse("harezmi:project-create") + f"?year={year.pk}", data)
    created = Project.objects.get()
    assert response.status_code == 302 and (created.student_mobility, created.recorded_by) == (
        8,
        world.principal,
    )


def test_each_level_records_only_its_own_and_denials_change_nothing(world, year, client):
    with pytest.raises(PermissionDenied):  # the principal of A1 cannot record for A2
        services.project_record(
            by=world.principal,
            node=world.school_a2,
            program_year=year,
            programme="national",
            title="X",
            role="partner",
            starts_on=year.start_date,
            ends_on=year.start_date,
        )
    with pytest.raises(PermissionDenied):  # a district role records the district's, not a school's
        services.activity_record(
            by=world.district_coordinator,
            node=world.school_a1,
            program_year=year,
            kind="festival",
            title="Şenlik",
            held_on=year.start_date,
        )
    ok = services.activity_record(
        by=world.district_coordinator,
        node=world.district_a,
        program_year=year,
        kind="festival",
        title="Merkez Harezmi Şenliği",
        held_on=year.start_date,
        participants=250,
    )
    assert ok.node == world.district_a and Activity.objects.count() == 1
    mine = project(world, year)
    client.force_login(world.outsider)
    response = client.post(reverse("harezmi:project-edit", args=[mine.pk]), {"title": "Değişti"})
    mine.refresh_from_db()
    assert response.status_code == 404 and mine.title == "Kodla Geleceği Tasarla"
    client.force_login(world.district_coordinator)  # reads the school's project, cannot change it
    assert client.get(reverse("harezmi:project-edit", args=[mine.pk])).status_code == 404
    page = client.get(reverse("harezmi:project-list") + f"?year={year.pk}").content.decode()
    assert "Kodla Geleceği Tasarla" in page
    client.force_login(world.outsider)
    page = client.get(reverse("harezmi:project-list") + f"?year={year.pk}").content.decode()
    assert "Kodla Geleceği Tasarla" not in page
    services.project_update(by=world.principal, project=mine, teacher_participants=4, teacher_mobility=4)
    mine.refresh_from_db()
    assert (mine.teacher_participants, mine.teacher_mobility) == (4, 4)


def test_awards_go_to_people_of_the_level_and_teachers_see_their_own(world, year, client):
    award = services.award_record(
        by=world.principal,
        node=world.school_a1,
        program_year=year,
        person=world.teacher,
        kind="thanks",
        title="Harezmi uygulamalarındaki başarısı",
        given_on=year.start_date,
        given_by="Erzincan Valiliği",
    )
    with pytest.raises(ValidationError) as error:
        services.award_record(
            by=world.principal,
            node=world.school_a1,
            program_year=year,
            person=world.outsider,
            kind="award",
            title="X",
            given_on=year.start_date,
            given_by="Y",
        )
    assert "person" in error.value.error_dict
    other = make_user("t9", Role.TEACHER, world.school_a1)
    services.award_record(
        by=None,
        node=world.school_a1,
        program_year=year,
        person=other,
        kind="commendation",
        title="Takdir",
        given_on=year.start_date,
        given_by="İl MEM",
    )
    client.force_login(world.teacher)
    response = client.get(reverse("harezmi:award-list") + f"?year={year.pk}")
    assert [a.pk for a in response.context["page"]] == [award.pk]
    client.force_login(world.district_coordinator)
    response = client.post(
        reverse("harezmi:award-edit", args=[award.pk]),
        {
            "person": world.teacher.pk,
            "kind": "award",
            "title": "Z",
            "given_on": year.start_date.isoformat(),
            "given_by": "Z",
        },
    )
    award.refresh_from_db()
    assert response.status_code == 404 and award.kind == "thanks" and Award.objects.count() == 2


def test_mobility_and_eu_figures_match_a_hand_count(world, year):
    project(world, year, programme="erasmus", students=10, teachers=4, sm=6, tm=3)
    project(world, year, programme="etwinning", students=25, teachers=2)
    project(world, year, node=world.province, programme="other_eu", students=0, teachers=5, tm=5)
    project(world, year, programme="national", students=40, teachers=4, sm=0, tm=0)
    projects = Project.objects.all()
    assert selectors_projects.eu_projects(projects).count() == 3
    assert selectors_projects.mobility_totals(projects) == {
        "student_participants": 75,
        "teacher_participants": 15,
        "student_mobility": 6,
        "teacher_mobility": 8,
    }
    assert selectors_projects.projects_by_programme(projects)["etwinning"] == 1


def test_project_pages_query_count_does_not_grow(world, year, client):
    client.force_login(world.province_coordinator)
    urls = [
        reverse(name) + f"?year={year.pk}"
        for name in ("harezmi:project-list", "harezmi:activity-list", "harezmi:award-list")
    ]

    def grow(start, count):
        for index in range(start, start + count):
            person = make_user(f"a{index}", Role.TEACHER, world.school_a1)
            project(world, year, title=f"Proje {index}")
            services.activity_record(
                by=None,
                node=world.school_a1,
                program_year=year,
                kind="content",
                title=f"İçerik {index}",
                held_on=year.start_date,
            )
            services.award_record(
                by=None,
                node=world.school_a1,
                program_year=year,
                person=person,
                kind="thanks",
                title="Teşekkür",
                given_on=year.start_date,
                given_by="İlçe MEM",
            )

    grow(0, 2)
    few = [query_count(client, url) for url in urls]
    grow(2, 20)
    many = [query_count(client, url) for url in urls]
    assert few == many and max(many) <= 16


def test_teacher_sees_no_link_to_managers_pages(world, year, team, client):
    # given the teacher, who may open awards and trainings but not projects, events or training needs
    client.force_login(world.teacher)
    manager_pages = [reverse(name) for name in ("harezmi:project-list", "harezmi:activity-list")]
    manager_pages.append(reverse("harezmi:training-need-list"))
    assert all(client.get(f"{url}?year={year.pk}").status_code == 404 for url in manager_pages)
    # when
    pages = [
        client.get(reverse(name) + f"?year={year.pk}")
        for name in ("harezmi:award-list", "harezmi:training-list")
    ]
    # then
    for page in pages:
        assert page.status_code == 200
        assert not [url for url in manager_pages if f'href="{url}' in page.content.decode()]
