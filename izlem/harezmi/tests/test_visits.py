"""Field visits (services): plans, planned visits, visits, follow-ups, permissions and planned vs done."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import FollowUp, PlannedVisit, Visit, VisitPlan
from izlem.harezmi.selectors import visits as sel
from izlem.harezmi.services.visits import application_day_suggestions

from .sessions_fixtures import TODAY, D, fixed_scene


@pytest.fixture
def scene(world):
    return fixed_scene(world)


FIRST_WEDNESDAY = D(2030, 9, 11)


def week_plan(world, scene, day=FIRST_WEDNESDAY):
    dc = world.district_coordinator
    return services.visit_plan_create(
        by=dc, program_year=scene.year, coordinator=dc, node=world.district_a, day=day
    )


def month_plan(world, scene, day=FIRST_WEDNESDAY):
    pc = world.province_coordinator
    return services.visit_plan_create(
        by=pc, program_year=scene.year, coordinator=pc, node=world.province, day=day
    )


def test_district_coordinator_plans_a_week_and_province_coordinator_a_month(world, scene):
    week = week_plan(world, scene)
    month = month_plan(world, scene)
    assert (week.span, week.starts_on, week.ends_on) == ("week", D(2030, 9, 9), D(2030, 9, 15))
    assert (month.span, month.starts_on, month.ends_on) == ("month", D(2030, 9, 1), D(2030, 9, 30))
    with pytest.raises(ValidationError) as error:
        week_plan(world, scene, D(2030, 9, 13))
    assert "day" in error.value.message_dict and VisitPlan.objects.count() == 2


@pytest.mark.parametrize(
    ("who", "node"),
    [
        ("district_coordinator", "province"),
        ("district_manager", "district_a"),
        ("principal", "district_a"),
        ("province_manager", "province"),
    ],
)
def test_only_coordinators_plan_for_their_own_post(world, scene, who, node):
    person = world.users[who]
    with pytest.raises(PermissionDenied):
        services.visit_plan_create(
            by=person,
            program_year=scene.year,
            coordinator=person,
            node=getattr(world, node),
            day=D(2030, 9, 11),
        )
    assert VisitPlan.objects.count() == 0


def test_nobody_plans_for_another_coordinator(world, scene):
    with pytest.raises(PermissionDenied):
        services.visit_plan_create(
            by=world.province_coordinator,
            program_year=scene.year,
            coordinator=world.district_coordinator,
            node=world.district_a,
            day=D(2030, 9, 11),
        )
    assert VisitPlan.objects.count() == 0


def test_planned_visits_must_fit_the_plan(world, scene):
    plan = week_plan(world, scene)
    dc = world.district_coordinator
    item = services.planned_visit_add(
        by=dc,
        plan=plan,
        school=world.school_a1,
        planned_on=D(2030, 9, 11),
        purpose="application_hours",
        team=scene.team,
    )
    assert item.team == scene.team
    cases = [
        ({"school": world.school_b1, "planned_on": D(2030, 9, 11)}, "school"),
        ({"school": world.school_a1, "planned_on": D(2030, 9, 16)}, "planned_on"),
        ({"school": world.school_a2, "planned_on": D(2030, 9, 11), "team": scene.team}, "team"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as error:
            services.planned_visit_add(by=dc, plan=plan, purpose="school_meeting", **extra)
        assert field in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.planned_visit_add(
            by=world.province_coordinator,
            plan=plan,
            school=world.school_a1,
            planned_on=D(2030, 9, 12),
            purpose="other",
        )
    assert PlannedVisit.objects.count() == 1


def test_week_plan_suggests_the_teams_application_days(world, scene):
    plan = week_plan(world, scene)
    suggestions = application_day_suggestions(plan)
    assert [(s["team"].name, s["day"]) for s in suggestions] == [
        ("Ekip 1", D(2030, 9, 11)),
        ("Ekip 2", D(2030, 9, 11)),
    ]
    services.planned_visit_add(
        by=world.district_coordinator,
        plan=plan,
        school=world.school_a1,
        team=scene.team,
        planned_on=D(2030, 9, 11),
        purpose="application_hours",
    )
    assert [s["team"].name for s in application_day_suggestions(plan)] == ["Ekip 2"]
    assert application_day_suggestions(month_plan(world, scene)) == []


def test_visit_fulfils_a_planned_visit_once(world, scene):
    plan = week_plan(world, scene)
    dc = world.district_coordinator
    item = services.planned_visit_add(
        by=dc, plan=plan, school=world.school_a1, planned_on=D(2030, 9, 11), purpose="application_hours"
    )
    visit = services.visit_record(
        by=dc,
        program_year=scene.year,
        coordinator=dc,
        school=world.school_a1,
        visited_on=D(2030, 9, 11),
        purpose="application_hours",
        observations="Ekip planına uygun çalışıyor.",
        planned=item,
        today=TODAY,
    )
    assert visit.planned == item and item.visit == visit
    with pytest.raises(ValidationError) as error:
        services.visit_record(
            by=dc,
            program_year=scene.year,
            coordinator=dc,
            school=world.school_a1,
            visited_on=D(2030, 9, 12),
            purpose="other",
            observations="x",
            planned=item,
            today=TODAY,
        )
    assert "planned" in error.value.message_dict
    with pytest.raises(ValidationError):  # a made visit stays in the plan
        services.planned_visit_remove(by=dc, item=item)
    assert Visit.objects.count() == 1 and PlannedVisit.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"visited_on": D(2030, 10, 3)}, "visited_on"),
        ({"observations": " "}, "observations"),
        ({"purpose": "x"}, "purpose"),
    ],
)
def test_invalid_visits_are_refused(world, scene, changes, field):
    dc = world.district_coordinator
    data = {
        "program_year": scene.year,
        "coordinator": dc,
        "school": world.school_a1,
        "visited_on": D(2030, 9, 11),
        "purpose": "guidance",
        "observations": "Gözlem",
        "today": TODAY,
    }
    data.update(changes)
    with pytest.raises(ValidationError) as error:
        services.visit_record(by=dc, **data)
    assert field in error.value.message_dict and Visit.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "school"),
    [("district_coordinator", "school_b1"), ("district_manager", "school_a1"), ("principal", "school_a1")],
)
def test_visits_only_by_coordinators_to_their_schools(world, scene, who, school):
    person = world.users[who]
    with pytest.raises(PermissionDenied):
        services.visit_record(
            by=person,
            program_year=scene.year,
            coordinator=person,
            school=getattr(world, school),
            visited_on=D(2030, 9, 11),
            purpose="guidance",
            observations="x",
            today=TODAY,
        )
    assert Visit.objects.count() == 0


def test_visit_update_only_by_its_coordinator(world, scene):
    dc = world.district_coordinator
    visit = services.visit_record(
        by=dc, program_year=scene.year, coordinator=dc, school=world.school_a1,
        visited_on=D(2030, 9, 11), purpose="guidance", observations="İlk", today=TODAY,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.visit_update(
            by=world.province_coordinator,
            visit=visit,
            visited_on=D(2030, 9, 12),
            purpose="other",
            observations="x",
        )
    visit.refresh_from_db()
    assert visit.observations == "İlk"
    services.visit_update(
        by=dc,
        visit=visit,
        visited_on=D(2030, 9, 12),
        purpose="monitoring",
        observations="Düzeltildi",
        today=TODAY,
    )
    visit.refresh_from_db()
    assert (visit.visited_on, visit.purpose, visit.observations) == (
        D(2030, 9, 12),
        "monitoring",
        "Düzeltildi",
    )


def test_follow_ups_with_owner_and_done(world, scene):
    dc = world.district_coordinator
    visit = services.visit_record(
        by=dc, program_year=scene.year, coordinator=dc, school=world.school_a1,
        visited_on=D(2030, 9, 11), purpose="guidance", observations="Robot seti eksik.", today=TODAY,
    )  # fmt: skip
    # when the coordinator gives an action to the principal (a user) and one to a named person
    follow = services.follow_up_add(
        by=dc, visit=visit, action="Set talebi oluşturulacak", owner=world.principal, due_on=D(2030, 9, 30)
    )
    services.follow_up_add(by=dc, visit=visit, action="Veli toplantısı", owner_name="Müdür yardımcısı")
    # then the principal is told
    assert Notification.objects.filter(recipient=world.principal, message__contains="Set talebi").count() == 1
    # others may not add or close
    with pytest.raises(PermissionDenied):
        services.follow_up_add(by=world.principal, visit=visit, action="x", owner_name="y")
    with pytest.raises(PermissionDenied):
        services.follow_up_done(by=world.teacher, follow_up=follow, done_on=D(2030, 9, 20), today=TODAY)
    with pytest.raises(ValidationError):
        services.follow_up_add(by=dc, visit=visit, action="Sahipsiz iş")
    with pytest.raises(ValidationError):
        services.follow_up_done(by=world.principal, follow_up=follow, done_on=D(2030, 9, 1), today=TODAY)
    follow.refresh_from_db()
    assert follow.done_on is None and FollowUp.objects.count() == 2
    # the owner closes it
    services.follow_up_done(
        by=world.principal, follow_up=follow, done_on=D(2030, 9, 20), result="Talep girildi", today=TODAY
    )
    follow.refresh_from_db()
    assert follow.done_on == D(2030, 9, 20) and follow.result == "Talep girildi"


def _hand_counted(world, scene):
    """DC: September 4 planned (3 made), 1 unplanned; October 2 planned (1 made) and the late visit of a
    September item. PC: September 2 planned (1 made); October 1 unplanned visit."""
    dc, pc = world.district_coordinator, world.province_coordinator
    week1, week4 = week_plan(world, scene, D(2030, 9, 11)), week_plan(world, scene, D(2030, 9, 30))
    month = month_plan(world, scene)

    def item(plan, by, school, day):
        return services.planned_visit_add(
            by=by, plan=plan, school=school, planned_on=day, purpose="application_hours"
        )

    def visit(by, school, day, planned=None):
        return services.visit_record(
            by=by, program_year=scene.year, coordinator=by, school=school, visited_on=day,
            purpose="application_hours", observations="Gözlem", planned=planned, today=TODAY,
        )  # fmt: skip

    a1, a2, b1 = world.school_a1, world.school_a2, world.school_b1
    i11, i12 = item(week1, dc, a1, D(2030, 9, 11)), item(week1, dc, a2, D(2030, 9, 12))
    item(week1, dc, a1, D(2030, 9, 13))
    i30 = item(week4, dc, a1, D(2030, 9, 30))
    o2 = item(week4, dc, a1, D(2030, 10, 2))
    item(week4, dc, a2, D(2030, 10, 3))
    visit(dc, a1, D(2030, 9, 11), i11)
    visit(dc, a2, D(2030, 9, 12), i12)
    visit(dc, a2, D(2030, 9, 20))
    visit(dc, a1, D(2030, 10, 1), i30)
    visit(dc, a1, D(2030, 10, 2), o2)
    p18 = item(month, pc, b1, D(2030, 9, 18))
    item(month, pc, a1, D(2030, 9, 25))
    visit(pc, b1, D(2030, 9, 18), p18)
    visit(pc, b1, D(2030, 10, 1))


def test_planned_vs_done_equals_hand_counts(world, scene, django_assert_max_num_queries):
    # given
    _hand_counted(world, scene)
    # when
    with django_assert_max_num_queries(3):
        rows = sel.planned_vs_done(VisitPlan.objects.all(), Visit.objects.all())
    # then
    table = {
        (r.coordinator.username, r.month): (r.planned, r.done_planned, r.unplanned, r.visits, r.rate)
        for r in rows
    }
    assert table == {
        ("district_coordinator", D(2030, 9, 1)): (4, 3, 1, 3, Decimal("75.0")),
        ("district_coordinator", D(2030, 10, 1)): (2, 1, 0, 2, Decimal("50.0")),
        ("province_coordinator", D(2030, 9, 1)): (2, 1, 0, 1, Decimal("50.0")),
        ("province_coordinator", D(2030, 10, 1)): (0, 0, 1, 1, None),
    }
