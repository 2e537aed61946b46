"""`izlem demo` builds the demo world and running it again duplicates nothing."""

from django.core.management import call_command

from izlem.ops.demo.people import DEMO_USERS
from izlem.org.models import OrgNode, Role, RoleAssignment, User


def _counts():
    from izlem.harezmi.models import Student, Team
    from izlem.monitoring.models import Period, Submission, Value
    from izlem.plans.models import Indicator, Plan

    return (
        OrgNode.objects.filter(kind="province").count(),
        OrgNode.objects.filter(kind="district").count(),
        OrgNode.objects.filter(kind="school").count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Plan.objects.count(),
        Indicator.objects.count(),
        Period.objects.count(),
        Submission.objects.count(),
        Value.objects.count(),
        Team.objects.count(),
        Student.objects.count(),
    )


def test_demo_twice_gives_the_same_counts(db):
    call_command("demo", no_serve=True)
    first = _counts()
    call_command("demo", no_serve=True)
    assert _counts() == first
    (
        provinces,
        districts,
        schools,
        _users,
        _assignments,
        plans,
        indicators,
        periods,
        _subs,
        values,
        teams,
        _st,
    ) = first
    assert (provinces, districts) == (1, 9) and 230 <= schools <= 270
    assert (plans, indicators, periods) == (1, 55, 5) and values > 10_000 and teams > 0
    assert set(
        User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list("username", flat=True)
    ) == {u[0] for u in DEMO_USERS}
    assert sorted(OrgNode.objects.filter(kind="district").values_list("name", flat=True)) == sorted(
        ["Merkez", "Çayırlı", "İliç", "Kemah", "Kemaliye", "Otlukbeli", "Refahiye", "Tercan", "Üzümlü"]
    )
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
