"""Field-visit pages: coordinators write their own plans and visits; managers read; 404 otherwise; query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from izlem.harezmi import services
from izlem.harezmi.models import FollowUp, PlannedVisit, Visit, VisitPlan


@pytest.fixture
def scene(world, year, team):
    """The district coordinator's plan for this week with a visit made, and a follow-up for the principal."""
    dc = world.district_coordinator
    today = timezone.localdate()
    services.team_schedule_set(by=None, team=team, weekday=3, first_lesson=5, effective_from=year.start_date)
    plan = services.visit_plan_create(
        by=dc, program_year=year, coordinator=dc, node=world.district_a, day=today
    )
    item = services.planned_visit_add(
        by=dc, plan=plan, school=world.school_a1, planned_on=plan.starts_on, purpose="school_meeting"
    )
    visit = services.visit_record(
        by=dc,
        program_year=year,
        coordinator=dc,
        school=world.school_a1,
        visited_on=min(plan.starts_on, today),
        purpose="school_meeting",
        observations="Okul ekibiyle toplantı yapıldı.",
        planned=item,
    )
    follow = services.follow_up_add(
        by=dc, visit=visit, action="Ders planları paylaşılacak", owner=world.principal
    )
    return {"plan": plan, "item": item, "visit": visit, "follow": follow}


def test_coordinator_plans_and_records_from_the_pages(world, client, year, team):
    # given
    dc = world.district_coordinator
    client.force_login(dc)
    today = timezone.localdate()
    # when: a plan, a planned visit from the suggested application day, a visit and a follow-up
    response = client.post(
        reverse("harezmi:visit-plan-create") + f"?year={year.pk}",
        {"node": world.district_a.pk, "day": today.isoformat(), "notes": "Bu hafta"},
    )
    plan = VisitPlan.objects.get()
    assert response.status_code == 302 and plan.span == "week" and plan.notes == "Bu hafta"
    response = client.post(
        reverse("harezmi:planned-visit-add", args=[plan.pk]),
        {"school": world.school_a1.pk, "planned_on": plan.starts_on.isoformat(), "purpose": "school_meeting"},
    )
    item = PlannedVisit.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("harezmi:visit-create") + f"?year={year.pk}",
        {
            "school": world.school_a1.pk,
            "visited_on": min(plan.starts_on, today).isoformat(),
            "purpose": "school_meeting",
            "planned": item.pk,
            "observations": "Her şey yolunda.",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and visit.planned == item and visit.coordinator == dc
    response = client.post(
        reverse("harezmi:visit-detail", args=[visit.pk]),
        {
            "action": "Atölye düzenlenecek",
            "owner_name": "Okul müdürü",
            "due_on": (today + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302 and FollowUp.objects.get().owner_name == "Okul müdürü"


def test_the_plan_page_suggests_application_days(world, client, scene, team):
    client.force_login(world.district_coordinator)
    response = client.get(reverse("harezmi:visit-plan-detail", args=[scene["plan"].pk]))
    assert [s["team"] for s in response.context["suggestions"]] == [team]
    assert response.context["suggestions"][0]["day"] == scene["plan"].starts_on + dt.timedelta(days=2)


@pytest.mark.parametrize(
    "role", ["district_manager", "province_coordinator", "principal", "teacher", "outsider"]
)
def test_others_cannot_write_a_coordinators_plan_or_visits(world, client, scene, year, role):
    client.force_login(world.users[role])
    plan, visit, follow = scene["plan"], scene["visit"], scene["follow"]
    today = timezone.localdate()
    responses = [
        client.post(
            reverse("harezmi:planned-visit-add", args=[plan.pk]),
            {"school": world.school_a1.pk, "planned_on": plan.starts_on.isoformat(), "purpose": "other"},
        ),
        client.post(reverse("harezmi:planned-visit-remove", args=[scene["item"].pk])),
        client.post(
            reverse("harezmi:visit-edit", args=[visit.pk]),
            {"visited_on": visit.visited_on.isoformat(), "purpose": "other", "observations": "Değişti"},
        ),
    ]
    assert all(r.status_code == 404 for r in responses), [r.status_code for r in responses]
    if role != "province_coordinator":  # the province coordinator may record their own visits
        response = client.post(
            reverse("harezmi:visit-create") + f"?year={year.pk}",
            {
                "school": world.school_a1.pk,
                "visited_on": today.isoformat(),
                "purpose": "other",
                "observations": "x",
            },
        )
        assert response.status_code == 404
    if role != "principal":  # the principal owns the follow-up
        assert (
            client.post(
                reverse("harezmi:follow-up-done", args=[follow.pk]), {"done_on": today.isoformat()}
            ).status_code
            == 404
        )
    # nothing changed
    visit.refresh_from_db()
    follow.refresh_from_db()
    assert visit.observations == "Okul ekibiyle toplantı yapıldı." and PlannedVisit.objects.count() == 1
    assert Visit.objects.count() == 1
    if role != "principal":
        assert follow.done_on is None


def test_the_owner_marks_a_follow_up_done(world, client, scene):
    client.force_login(world.principal)
    today = timezone.localdate()
    response = client.post(
        reverse("harezmi:follow-up-done", args=[scene["follow"].pk]),
        {"done_on": today.isoformat(), "result": "Paylaşıldı"},
    )
    scene["follow"].refresh_from_db()
    assert response.status_code == 302 and scene["follow"].done_on == today


READERS = {
    # role: (plan, visit)
    "district_coordinator": (200, 200),
    "district_manager": (200, 200),
    "province_coordinator": (200, 200),
    "province_manager": (200, 200),
    "planning_officer": (200, 200),
    "principal": (404, 200),
    "teacher": (404, 404),
    "outsider": (404, 404),
    "other_manager": (404, 404),
}


@pytest.mark.parametrize("role", sorted(READERS))
def test_who_reads_plans_and_visits(world, client, scene, role):
    client.force_login(world.users[role])
    plan_code, visit_code = READERS[role]
    assert client.get(reverse("harezmi:visit-plan-detail", args=[scene["plan"].pk])).status_code == plan_code
    assert client.get(reverse("harezmi:visit-detail", args=[scene["visit"].pk])).status_code == visit_code


def test_planned_vs_done_page(world, client, scene, year):
    client.force_login(world.province_manager)
    response = client.get(reverse("harezmi:visits-planned-vs-done") + f"?year={year.pk}")
    rows = response.context["rows"]
    assert [(r.coordinator, r.planned, r.done_planned, r.visits) for r in rows] == [
        (world.district_coordinator, 1, 1, 1)
    ]
    client.force_login(world.outsider)  # district B: another district's coordinator is not theirs
    assert client.get(reverse("harezmi:visits-planned-vs-done") + f"?year={year.pk}").context["rows"] == []
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:visits-planned-vs-done") + f"?year={year.pk}").status_code == 404


def _more(world, year, count):
    dc = world.district_coordinator
    today = timezone.localdate()
    for offset in range(1, count + 1):
        day = today - dt.timedelta(days=7 * offset)
        if day < year.start_date:
            break
        plan = services.visit_plan_create(
            by=dc, program_year=year, coordinator=dc, node=world.district_a, day=day
        )
        item = services.planned_visit_add(
            by=dc, plan=plan, school=world.school_a2, planned_on=plan.starts_on, purpose="guidance"
        )
        visit = services.visit_record(
            by=dc, program_year=year, coordinator=dc, school=world.school_a2, visited_on=plan.starts_on,
            purpose="guidance", observations="x", planned=item,
        )  # fmt: skip
        services.follow_up_add(by=dc, visit=visit, action="y", owner=world.teacher)


@pytest.mark.parametrize(
    "url_name", ["harezmi:visit-list", "harezmi:visit-plan-list", "harezmi:visits-planned-vs-done"]
)
def test_lists_keep_their_query_count(world, client, scene, year, url_name, django_assert_max_num_queries):
    client.force_login(world.province_coordinator)
    url = reverse(url_name) + f"?year={year.pk}"
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    _more(world, year, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if "page" in response.context:
        assert len(response.context["page"]) == 4


@pytest.mark.parametrize(("role", "code"), [("district_manager", 200), ("principal", 200), ("teacher", 404)])
def test_visit_history_follows_read_access(world, client, scene, role, code):
    client.force_login(world.users[role])
    assert client.get(reverse("harezmi:history", args=["visit", scene["visit"].pk])).status_code == code


def test_every_form_page_renders_for_its_writer(world, client, scene, year):
    client.force_login(world.district_coordinator)
    item = services.planned_visit_add(
        by=world.district_coordinator,
        plan=scene["plan"],
        school=world.school_a2,
        planned_on=scene["plan"].starts_on,
        purpose="guidance",
    )
    urls = [
        reverse("harezmi:visit-plan-create") + f"?year={year.pk}",
        reverse("harezmi:visit-create") + f"?year={year.pk}&planned={item.pk}",
        reverse("harezmi:visit-edit", args=[scene["visit"].pk]),
        reverse("harezmi:follow-up-done", args=[scene["follow"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    form = client.get(urls[1]).context["form"]
    assert form.initial["planned"] == item.pk and form.initial["school"] == world.school_a2.pk
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:absence-create") + f"?year={year.pk}").status_code == 200


def test_a_principal_lists_the_visits_to_their_school_only(world, client, scene, year):
    # given the scene's visit to the principal's school and one to another school of the district
    dc = world.district_coordinator
    other = services.visit_record(
        by=dc,
        program_year=year,
        coordinator=dc,
        school=world.school_a2,
        visited_on=scene["visit"].visited_on,
        purpose="guidance",
        observations="Başka okul.",
    )
    # when the principal opens the visits list
    client.force_login(world.principal)
    response = client.get(reverse("harezmi:visit-list") + f"?year={year.pk}")
    # then it opens and shows the visit to their school, not the other one
    assert response.status_code == 200
    shown = {visit.pk for visit in response.context["page"]}
    assert scene["visit"].pk in shown and other.pk not in shown
    # without the coordinators' tabs (plans, planned vs done), which are not theirs; the menu links the list
    page = response.content.decode()
    assert reverse("harezmi:visit-plan-list") not in page
    assert reverse("harezmi:visits-planned-vs-done") not in page
    assert page.count(reverse("harezmi:visit-list")) >= 1
    # and a teacher still has no visits list
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:visit-list") + f"?year={year.pk}").status_code == 404


def test_a_visit_links_its_plan_only_for_readers_of_the_plan(world, client, scene):
    # given: a principal reads the visit to their school but not the coordinator's plan
    visit, plan = scene["visit"], scene["plan"]
    plan_url = reverse("harezmi:visit-plan-detail", args=[plan.pk])
    # when
    client.force_login(world.principal)
    as_principal = client.get(reverse("harezmi:visit-detail", args=[visit.pk]))
    plan_page = client.get(plan_url)
    client.force_login(world.district_coordinator)
    as_coordinator = client.get(reverse("harezmi:visit-detail", args=[visit.pk]))
    # then: no dead link for the principal; the coordinator still gets the link
    assert as_principal.status_code == 200 and plan_page.status_code == 404
    assert plan_url not in as_principal.content.decode()
    assert plan_url in as_coordinator.content.decode()
