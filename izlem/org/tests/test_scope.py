"""izlem.org.scope: who holds which role where, always from the assignments in force (issue 21)."""

import datetime as dt

from django.utils import timezone

from izlem.org import scope
from izlem.org.models import Role


def _end_yesterday(user):
    """End the user's only role yesterday (it started a month ago)."""
    assignment = user.assignments.get()
    assignment.start_date = timezone.localdate() - dt.timedelta(days=30)
    assignment.end_date = timezone.localdate() - dt.timedelta(days=1)
    assignment.save()
    return assignment


def test_holders_at_and_under_a_node(world):
    # the school's principal and teacher hold roles at the school; the district's people are above it
    at_school = set(scope.holders(at=world.school_a1).values_list("username", flat=True))
    assert at_school == {"principal", "teacher"}
    teachers = set(scope.holders([Role.TEACHER], under=world.district_a).values_list("username", flat=True))
    assert teachers == {"teacher"}
    under_district = set(scope.holders(under=world.district_a).values_list("username", flat=True))
    assert {"district_manager", "district_planner", "district_coordinator", "principal"} <= under_district
    assert "province_manager" not in under_district and "outsider" not in under_district


def test_an_ended_role_holds_nothing_today_but_counts_for_its_days(world):
    # given a teacher whose role ended yesterday
    assignment = _end_yesterday(world.teacher)
    # then today nobody teaches at the school, and the teacher holds nothing there
    assert not scope.holders([Role.TEACHER], at=world.school_a1).exists()
    assert not scope.holds(world.teacher, at=world.school_a1)
    # but on a day the role was in force, and over a span that reaches it, the teacher counts
    two_days_ago = timezone.localdate() - dt.timedelta(days=2)
    assert scope.holds(world.teacher, [Role.TEACHER], at=world.school_a1, on=two_days_ago)
    span = scope.assignments_between(two_days_ago, timezone.localdate())
    assert span.filter(pk=assignment.pk).exists()
    assert (
        not scope.assignments_between(timezone.localdate(), timezone.localdate())
        .filter(pk=assignment.pk)
        .exists()
    )


def test_holds_asks_for_the_roles_given(world):
    assert scope.holds(world.principal, [Role.PRINCIPAL], at=world.school_a1)
    assert not scope.holds(world.principal, [Role.TEACHER], at=world.school_a1)
    assert not scope.holds(world.nobody)
