"""Harezmi applications through the API: school, district, province; the window; the lock.

The same scope and rights as the pages, actions as explicit POSTs, files only through access-checked
endpoints, state-refused steps answered 409 with nothing changed. World: school A1 (district A,
Erzincan), its principal and teacher; the outsider is district B's top manager; Kars's manager
(`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import pytest

from izlem.harezmi.models import Application
from tests.support.api import ids

pytestmark = pytest.mark.usefixtures("temporary_media")


def _apply(api, world, year):
    return api(world.principal).post(
        "/api/v1/harezmi/applications/",
        {
            "program_year": year.pk,
            "school": world.school_a1.pk,
            "requested_team_count": 2,
            "motivation": "Gerekçe",
            "proposed_teachers": [world.teacher.pk],
        },
    )


def test_application_goes_school_district_province_and_is_announced(world, api, window_year):
    # given the principal's application in the window
    r = _apply(api, world, window_year)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["proposed_teachers"] == [world.teacher.pk]
    principal, district, province = (
        api(world.principal),
        api(world.district_manager),
        api(world.province_coordinator),
    )
    # when it is corrected, submitted, forwarded and approved
    changed = principal.put(
        f"/api/v1/harezmi/applications/{pk}/", {"requested_team_count": 3, "motivation": "Yeni gerekçe"}
    )
    assert changed.status_code == 200 and changed.json()["requested_team_count"] == 3
    assert principal.post(f"/api/v1/harezmi/applications/{pk}/submit/").json()["state"] == "submitted"
    assert (
        district.post(f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "forward"}).json()["state"]
        == "forwarded"
    )
    decided = province.post(
        f"/api/v1/harezmi/applications/{pk}/decide/", {"decision": "approve", "approved_team_count": 2}
    )
    assert decided.status_code == 200 and decided.json()["approved_team_count"] == 2
    announced = province.post(f"/api/v1/harezmi/years/{window_year.pk}/announce/")
    # then every step is kept and the result is announced
    assert announced.json() == {"announced": 1}
    body = principal.get(f"/api/v1/harezmi/applications/{pk}/").json()
    assert [s["state"] for s in body["steps"]] == ["draft", "submitted", "forwarded", "approved"]
    assert body["announced_at"] is not None


def test_submitted_application_is_locked_for_the_school(world, api, window_year):
    pk = _apply(api, world, window_year).json()["id"]
    principal = api(world.principal)
    principal.post(f"/api/v1/harezmi/applications/{pk}/submit/")
    again = principal.post(f"/api/v1/harezmi/applications/{pk}/submit/")
    changed = principal.put(
        f"/api/v1/harezmi/applications/{pk}/", {"requested_team_count": 5, "motivation": "X"}
    )
    assert again.status_code == 409 and again.json()["code"] == "locked"
    assert changed.status_code == 409 and changed.json()["code"] == "locked"
    application = Application.objects.get()
    assert (application.state, application.requested_team_count, application.steps.count()) == (
        "submitted",
        2,
        2,
    )


def test_application_outside_the_window_is_refused(world, api, year):
    r = _apply(api, world, year)
    assert r.status_code == 400 and "closed" in r.json()["message"]
    assert not Application.objects.exists()


def test_review_and_decision_belong_to_district_and_province(world, api, window_year):
    pk = _apply(api, world, window_year).json()["id"]
    api(world.principal).post(f"/api/v1/harezmi/applications/{pk}/submit/")
    # the principal sees it but may not review it; the other district does not see it
    assert (
        api(world.principal)
        .post(f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "forward"})
        .status_code
        == 403
    )
    assert (
        api(world.outsider)
        .post(f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "forward"})
        .status_code
        == 404
    )
    # the province may not decide before the district forwarded it
    early = api(world.province_coordinator).post(
        f"/api/v1/harezmi/applications/{pk}/decide/", {"decision": "reject", "comment": "Hayır"}
    )
    assert early.status_code == 409
    returned = api(world.district_manager).post(
        f"/api/v1/harezmi/applications/{pk}/review/", {"decision": "return", "comment": ""}
    )
    assert returned.status_code == 400 and "comment" in returned.json()["fields"]
    assert Application.objects.get().state == "submitted"
    assert ids(api(world.outsider).get("/api/v1/harezmi/applications/")) == set()


def test_school_settings_are_the_schools(world, api, year, approved):
    r = api(world.principal).post(
        f"/api/v1/harezmi/applications/{approved.pk}/settings/", {"unavailable_weekdays": [3, 1]}
    )
    assert r.status_code == 200 and r.json()["unavailable_weekdays"] == [1, 3]
    assert (
        api(world.district_planner)
        .post(f"/api/v1/harezmi/applications/{approved.pk}/settings/", {"unavailable_weekdays": [2]})
        .status_code
        == 403
    )
    approved.refresh_from_db()
    assert approved.unavailable_weekdays == "1,3"
