"""The province dashboard and a district's indicator list cost the same number of queries at any size.

The scale issue asks for "the same query count at province and national tier" for these two pages; the
benchmarks (benchmarks/scale.py) report the counts, this test guarantees them: it counts the queries of
both pages in the small scored world, grows the world (more districts, schools, principals, values and
submissions in both periods), and counts again.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from izlem.monitoring.models import Period
from izlem.org.models import OrgNode, Role
from tests.support.scoring import add_school, enter
from tests.support.world import make_user


def _queries(client, user, url: str):
    """(queries, response) of the second request of `user` to `url`."""
    client.force_login(user)
    client.get(url)  # the first request of a session does one-time work (language, session row)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response


def _reported(response) -> int:
    """Values behind the district page's figures."""
    return sum(item.figure.reported for item in response.context["items"])


def _grow(world, scored) -> None:
    """Three more districts (five in all) with schools and values, and more schools in the measured district."""
    number = 0
    Period.objects.filter(pk=scored.earlier.pk).update(state="open")  # closed: reopened for the entry
    districts = [world.district_a]
    for index in range(3):
        district = OrgNode.objects.create(
            kind="district", code=f"24{20 + index}", name=f"İlçe {index}", parent=world.province
        )
        make_user(f"ilce{index}", Role.TOP_MANAGER, district)
        districts.append(district)
    for district in districts:
        for _ in range(3):
            number += 1
            school = add_school(district, f"75{number:04d}")
            make_user(f"okul{number}", Role.PRINCIPAL, school)
            enter(scored.earlier, school, world.sysadmin, {scored.middle: (50, 100)}, state="approved")
            enter(
                scored.period,
                school,
                world.sysadmin,
                {scored.middle: (55 + number, 100), scored.count: 10 + number},
                state="approved" if number % 2 else "submitted",
            )
    Period.objects.filter(pk=scored.earlier.pk).update(state="closed")
    assert OrgNode.objects.filter(kind="school", path__startswith=world.province.path).count() == 15


def test_dashboard_and_district_results_queries_do_not_grow_with_the_tier(client, world, follow_up):
    # given: the province manager's dashboard and the district manager's indicator list of district A
    home = reverse("home")
    results = reverse("monitoring:rollup", args=[follow_up.period.pk, world.district_a.pk])
    (home_before, dashboard), (results_before, page) = (
        _queries(client, world.province_manager, home),
        _queries(client, world.district_manager, results),
    )
    districts, reported = len(dashboard.context["dashboard"].school_counts), _reported(page)
    # when: five districts instead of two, five times the schools, values in both periods
    _grow(world, follow_up)
    # then: the pages show the bigger world, with the same number of queries
    (home_after, dashboard), (results_after, page) = (
        _queries(client, world.province_manager, home),
        _queries(client, world.district_manager, results),
    )
    assert len(dashboard.context["dashboard"].school_counts) == districts + 3
    assert _reported(page) > reported
    assert (home_after, results_after) == (home_before, results_before)
