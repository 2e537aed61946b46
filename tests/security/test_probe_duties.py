"""The outside probe's findings 2 and 3 (issue 16), tried black-box through the API and the pages, with the
classes around each (findings 7 and 8, ended roles and a people manager's scope: test_probe_roles.py):

2. separation of duties — nobody gives a role to themselves, on every path that creates a role assignment
   (API role assignments, the user's role page, the Harezmi coordinator appointment on the API and the
   page), and nobody approves or returns a submission they submitted or entered values in (API and page,
   the buttons hidden);
3. a node's fields by who may change them — a principal keeps the school's details but cannot switch it
   off (API and the edit page); top managers, planning officers and administrators can.

Every refused request leaves the data as it was; the tests check that, not only the status.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from izlem.harezmi.models import CoordinatorAppointment, OfficialDocument
from izlem.monitoring import services as monitoring
from izlem.monitoring.models import Submission, SubmissionEvent
from izlem.org.models import OrgNode, Role
from izlem.org.services import role_assign
from izlem.plans.models import IndicatorRow
from tests.support.api import token_for
from tests.support.harezmi import trained
from tests.support.security import assignments_snapshot
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


@pytest.fixture
def api(db):
    """`api(user)` → an APIClient sending a token of `user`, answers in Turkish."""
    from rest_framework.test import APIClient

    def client_for(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="tr")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return client_for


@pytest.fixture
def web(db):
    """`web(user)` → a signed-in page client (two-factor passed for administrators), Turkish pages."""

    def client_for(user):
        from django.test import Client

        fresh = Client(HTTP_ACCEPT_LANGUAGE="tr")
        fresh.force_login(user)
        if user.username == "sysadmin":
            from django_otp.plugins.otp_static.models import StaticDevice

            device, _ = StaticDevice.objects.get_or_create(user=user, name="test", confirmed=True)
            session = fresh.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return fresh

    return client_for


# --- 2a. nobody gives a role to themselves ----------------------------------------------------------------------

# (granter, role, node attribute of the world): each a role the granter may give to someone else
SELF_GRANTS = [
    ("district_manager", Role.PRINCIPAL, "school_a1"),  # the probe's case: Merkez director → principal
    ("province_manager", Role.PLANNING_OFFICER, "province"),
    ("principal", Role.TEACHER, "school_a1"),
    ("sysadmin", Role.TOP_MANAGER, "district_b"),
]


@pytest.mark.parametrize(("granter", "role", "node"), SELF_GRANTS)
def test_api_self_grant_is_refused_with_a_message_and_nothing_changes(world, api, granter, role, node):
    me = getattr(world, granter)
    before = assignments_snapshot()
    r = api(me).post(
        "/api/v1/role-assignments/",
        {"user": me.pk, "role": role, "node": getattr(world, node).pk},
        format="json",
    )
    assert r.status_code == 403, r.content
    assert "kendine" in r.json()["message"]
    assert assignments_snapshot() == before


@pytest.mark.parametrize(("granter", "role", "node"), SELF_GRANTS)
def test_the_same_grant_to_someone_else_still_works(world, api, granter, role, node):
    someone = make_user("baska.biri", Role.TEACHER, world.school_a1)
    r = api(getattr(world, granter)).post(
        "/api/v1/role-assignments/",
        {"user": someone.pk, "role": role, "node": getattr(world, node).pk},
        format="json",
    )
    assert r.status_code == 201, r.content


@pytest.mark.parametrize(("granter", "role", "node"), SELF_GRANTS)
def test_page_self_grant_is_refused_and_the_button_hidden(world, web, granter, role, node):
    me = getattr(world, granter)
    client = web(me)
    before = assignments_snapshot()
    detail = client.get(f"/org/users/{me.pk}/")
    assert detail.status_code == 200
    assert f"/org/users/{me.pk}/roles/new/" not in detail.content.decode()
    r = client.post(
        f"/org/users/{me.pk}/roles/new/",
        {"role": role, "node": getattr(world, node).pk, "start_date": str(timezone.localdate())},
        follow=True,
    )
    assert "kendine" in r.content.decode()
    assert assignments_snapshot() == before


def _appointment_body(year, person, world):
    return {
        "program_year": year.pk,
        "kind": "district_coordinator",
        "person": person.pk,
        "node": world.district_a.pk,
        "semester": "1",
        "employment": "full_time",
        "unit": "district_private_office",
        "petition_date": str(year.start_date - 10 * DAY),
        "start_letter_number": "E-2401-1",
        "start_letter_date": str(year.start_date),
    }


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_harezmi_self_appointment_is_refused_on_the_api(world, api, year, _media):
    trained(world.district_manager)
    before = assignments_snapshot()
    r = api(world.district_manager).post(
        "/api/v1/harezmi/appointments/", _appointment_body(year, world.district_manager, world)
    )
    assert r.status_code == 400, r.content
    assert any("kendine" in message for message in r.json()["fields"]["person"])
    assert not CoordinatorAppointment.objects.exists() and not OfficialDocument.objects.exists()
    assert assignments_snapshot() == before


def test_harezmi_appointment_page_does_not_offer_oneself(world, web, year, _media):
    trained(world.district_manager)
    volunteer = make_user("gonullu", Role.TEACHER, world.school_a2)
    trained(volunteer)
    page = web(world.district_manager).get(f"/harezmi/coordinators/new/?year={year.pk}")
    assert page.status_code == 200
    offered = set(page.context["form"].fields["person"].queryset.values_list("pk", flat=True))
    assert volunteer.pk in offered and world.district_manager.pk not in offered


def test_role_assign_service_refuses_a_self_grant_for_any_caller(world):
    from django.core.exceptions import PermissionDenied

    before = assignments_snapshot()
    with pytest.raises(PermissionDenied):
        role_assign(by=world.sysadmin, user=world.sysadmin, role=Role.PRINCIPAL, node=world.school_b1)
    assert assignments_snapshot() == before


# --- 2b. nobody decides a submission they made ------------------------------------------------------------------


@pytest.fixture
def school_rows(period):
    """The two rows school A1 (ortaokul) fills: the middle-school ratio row and the count."""
    plan = period.plan
    return [
        IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.1", level="middle"),
        IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.2"),
    ]


def _fill(by, submission, rows, *, via_bulk=False):
    ratio, count = rows
    for row, numbers in (
        (ratio, {"numerator": Decimal(30), "denominator": Decimal(40)}),
        (count, {"value": Decimal(110)}),
    ):
        result = monitoring.value_save(by=by, submission=submission, row=row, via_bulk=via_bulk, **numbers)
        assert not result.errors, result.errors


@pytest.fixture
def acting(world):
    """The district's top manager, also (given by the system) the acting principal of school A1."""
    role_assign(by=None, user=world.district_manager, role=Role.PRINCIPAL, node=world.school_a1)
    return world.district_manager


def _state(submission):
    row = Submission.objects.get(pk=submission.pk)
    return row.state, row.decided_by_id, SubmissionEvent.objects.filter(submission=submission).count()


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_maker_who_submitted_cannot_decide_on_the_api(world, api, period, school_rows, acting, decision):
    # the probe: fill the school's values, submit (200), approve the same submission
    submission = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    _fill(acting, submission, school_rows)
    client = api(acting)
    assert client.post(f"/api/v1/submissions/{submission.pk}/submit/").status_code == 200
    before = _state(submission)
    r = client.post(
        f"/api/v1/submissions/{submission.pk}/{decision}/", {"comment": "Düzeltin"}, format="json"
    )
    assert r.status_code == 403, r.content
    assert "başka bir yönetici" in r.json()["message"]
    assert _state(submission) == before and before[0] == "submitted"
    # another decider of the district does decide it
    other = api(world.district_planner).post(
        f"/api/v1/submissions/{submission.pk}/{decision}/", {"comment": "Düzeltin"}, format="json"
    )
    assert other.status_code == 200, other.content


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_who_entered_values_cannot_decide_even_if_someone_else_submitted(
    world, api, period, school_rows, decision
):
    # the district planning officer collects the school's figures (bulk entry), the principal submits
    submission = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    _fill(world.district_planner, submission, school_rows, via_bulk=True)
    monitoring.submission_submit(by=world.principal, submission=submission)
    before = _state(submission)
    r = api(world.district_planner).post(
        f"/api/v1/submissions/{submission.pk}/{decision}/", {"comment": "Düzeltin"}, format="json"
    )
    assert r.status_code == 403 and _state(submission) == before


def test_an_overwritten_entry_still_counts(world, api, period, school_rows):
    # the planner typed the values, the principal typed over them (entered_by is now the principal)
    submission = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    _fill(world.district_planner, submission, school_rows, via_bulk=True)
    ratio, _count = school_rows
    monitoring.value_save(
        by=world.principal, submission=submission, row=ratio, numerator=Decimal(31), denominator=Decimal(40)
    )
    _fill(world.principal, submission, school_rows)
    monitoring.submission_submit(by=world.principal, submission=submission)
    before = _state(submission)
    r = api(world.district_planner).post(f"/api/v1/submissions/{submission.pk}/approve/")
    assert r.status_code == 403 and _state(submission) == before
    assert (
        api(world.district_manager).post(f"/api/v1/submissions/{submission.pk}/approve/").status_code == 200
    )


def test_an_administrator_who_entered_cannot_approve(world, api, period, school_rows):
    submission = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    _fill(world.sysadmin, submission, school_rows)
    monitoring.submission_submit(by=world.principal, submission=submission)
    before = _state(submission)
    assert api(world.sysadmin).post(f"/api/v1/submissions/{submission.pk}/approve/").status_code == 403
    assert _state(submission) == before


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_maker_cannot_decide_on_the_pages_and_sees_no_buttons(
    world, web, period, school_rows, acting, decision
):
    submission = monitoring.submission_get_or_create(period=period, entity=world.school_a1)
    _fill(acting, submission, school_rows)
    monitoring.submission_submit(by=acting, submission=submission)
    client = web(acting)
    entry = client.get(f"/monitoring/periods/{period.pk}/entry/{world.school_a1.pk}/").content.decode()
    decide_url = f"/monitoring/submissions/{submission.pk}/decide/"
    assert decide_url not in entry
    assert decide_url not in client.get(f"/monitoring/periods/{period.pk}/").content.decode()
    before = _state(submission)
    r = client.post(f"{decide_url}{decision}/", {"comment": "Düzeltin"}, follow=True)
    assert "başka bir yönetici" in r.content.decode()
    assert _state(submission) == before
    # the other decider sees the buttons
    other = web(world.district_planner).get(f"/monitoring/periods/{period.pk}/entry/{world.school_a1.pk}/")
    assert decide_url in other.content.decode()


# --- 3. node fields by who may change them ----------------------------------------------------------------------


def _node_row(node):
    return OrgNode.objects.filter(pk=node.pk).values().get()


@pytest.mark.parametrize(
    "body",
    [{"is_active": False}, {"is_active": False, "student_count": 5}],
)
def test_principal_cannot_switch_the_school_off_on_the_api(world, api, body):
    before = _node_row(world.school_a1)
    r = api(world.principal).patch(f"/api/v1/nodes/{world.school_a1.pk}/", body, format="json")
    assert r.status_code == 403, r.content
    assert "Etkin" in r.json()["message"] or "etkin" in r.json()["message"]
    assert _node_row(world.school_a1) == before
    assert world.school_a1.history.count() == 1


def test_principal_still_keeps_the_schools_details(world, api):
    r = api(world.principal).patch(
        f"/api/v1/nodes/{world.school_a1.pk}/", {"student_count": 401}, format="json"
    )
    assert r.status_code == 200 and r.json()["student_count"] == 401


@pytest.mark.parametrize("user", ["district_manager", "district_planner", "province_manager", "sysadmin"])
def test_managers_switch_a_school_off(world, api, user):
    r = api(getattr(world, user)).patch(
        f"/api/v1/nodes/{world.school_a1.pk}/", {"is_active": False}, format="json"
    )
    assert r.status_code == 200 and r.json()["is_active"] is False


@pytest.mark.parametrize("field", ["kind", "parent", "code", "path"])
def test_nobody_moves_a_node_through_the_api(world, api, field):
    before = _node_row(world.school_a1)
    value = {"kind": "district", "parent": world.district_b.pk, "code": "999", "path": "1/"}[field]
    r = api(world.sysadmin).patch(f"/api/v1/nodes/{world.school_a1.pk}/", {field: value}, format="json")
    assert r.status_code in (200, 400) and _node_row(world.school_a1) == before


def test_principal_edit_page_has_no_active_switch_and_cannot_switch_off(world, web):
    client = web(world.principal)
    page = client.get(f"/org/nodes/{world.school_a1.pk}/edit/").content.decode()
    assert 'name="is_active"' not in page and 'name="student_count"' in page
    before = _node_row(world.school_a1)
    client.post(
        f"/org/nodes/{world.school_a1.pk}/edit/",
        {
            "name": world.school_a1.name,
            "school_type": "ortaokul",
            "level_middle": "on",
            "is_public": "on",
            "setting": "urban",
            "student_count": "400",
        },
    )
    after = _node_row(world.school_a1)
    assert after["is_active"] is True and after == before | {"updated_at": after["updated_at"]}


def test_district_manager_edit_page_switches_off(world, web):
    client = web(world.district_manager)
    page = client.get(f"/org/nodes/{world.school_a1.pk}/edit/").content.decode()
    assert 'name="is_active"' in page
    client.post(
        f"/org/nodes/{world.school_a1.pk}/edit/",
        {
            "name": world.school_a1.name,
            "school_type": "ortaokul",
            "level_middle": "on",
            "is_public": "on",
            "setting": "urban",
            "student_count": "400",
        },
    )
    assert OrgNode.objects.get(pk=world.school_a1.pk).is_active is False
