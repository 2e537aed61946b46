"""Material support: a principal requests, the district or province decides and delivers; holdings."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import MaterialDelivery, MaterialRequest
from izlem.harezmi.selectors import materials as selectors_materials
from izlem.harezmi.tests.activities_fixtures import query_count
from izlem.org.models import OrgNode, Role
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


def ask(world, year, *, school=None, item="arduino", quantity=5):
    return services.material_request_create(
        by=None,
        program_year=year,
        school=school or world.school_a1,
        item=item,
        quantity=quantity,
        reason="Ekip çalışması",
    )


def test_principal_requests_material_and_the_district_is_told(world, year, client):
    client.force_login(world.principal)
    response = client.post(
        reverse("harezmi:material-create") + f"?year={year.pk}",
        {"school": world.school_a1.pk, "item": "robotics_set", "quantity": 4, "reason": "İki ekip için"},
    )
    request = MaterialRequest.objects.get()
    assert response.status_code == 302 and (request.quantity, request.state, request.requested_by) == (
        4,
        "requested",
        world.principal,
    )
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        world.district_manager.pk,
        world.district_coordinator.pk,
    }
    # a district coordinator does not request for a school; the other material needs a description
    client.force_login(world.district_coordinator)
    assert client.get(reverse("harezmi:material-create") + f"?year={year.pk}").status_code == 404
    with pytest.raises(PermissionDenied):
        services.material_request_create(
            by=world.principal,
            program_year=year,
            school=world.school_a2,
            item="arduino",
            quantity=1,
            reason="x",
        )
    with pytest.raises(ValidationError) as error:
        services.material_request_create(
            by=world.principal,
            program_year=year,
            school=world.school_a1,
            item="other",
            quantity=1,
            reason="x",
        )
    assert "description" in error.value.error_dict
    assert MaterialRequest.objects.count() == 1


def test_district_decides_outsiders_and_principals_cannot(world, year, client):
    request = ask(world, year)
    client.force_login(world.outsider)
    response = client.post(
        reverse("harezmi:material-decide", args=[request.pk]), {"decision": "approve", "approved_quantity": 5}
    )
    request.refresh_from_db()
    assert response.status_code == 404 and request.state == "requested" and request.approved_quantity is None
    with pytest.raises(PermissionDenied):
        services.material_request_decide(
            by=world.principal, request=request, approve=True, approved_quantity=5
        )
    with pytest.raises(ValidationError):  # more than requested
        services.material_request_decide(
            by=world.district_coordinator, request=request, approve=True, approved_quantity=6
        )
    with pytest.raises(ValidationError):  # a refusal says why
        services.material_request_decide(by=world.district_coordinator, request=request, approve=False)
    request.refresh_from_db()
    assert request.state == "requested"
    client.force_login(world.district_coordinator)
    response = client.post(
        reverse("harezmi:material-decide", args=[request.pk]),
        {"decision": "approve", "approved_quantity": 3, "note": "Bütçe kadar"},
    )
    request.refresh_from_db()
    assert response.status_code == 302 and (request.state, request.approved_quantity) == ("approved", 3)
    assert request.decided_by == world.district_coordinator
    assert Notification.objects.filter(recipient=world.principal).exists()
    # the principal can no longer change it; a decision is not taken twice
    with pytest.raises(ValidationError):
        services.material_request_update(
            by=world.principal, request=request, item="arduino", quantity=9, reason="x"
        )
    with pytest.raises(ValidationError):
        services.material_request_decide(
            by=world.province_coordinator, request=request, approve=False, note="Hayır"
        )
    refused = ask(world, year, item="coding_set", quantity=2)
    services.material_request_decide(
        by=world.province_coordinator, request=refused, approve=False, note="Stok yok"
    )
    refused.refresh_from_db()
    assert (refused.state, refused.decision_note) == ("refused", "Stok yok")


def test_deliveries_reach_the_approved_quantity_and_never_pass_it(world, year, client):
    request = ask(world, year, quantity=5)
    services.material_request_decide(by=None, request=request, approve=True, approved_quantity=3)
    today = timezone.localdate()
    services.material_delivery_record(
        by=world.district_coordinator,
        request=request,
        quantity=2,
        delivered_on=today,
        supplier=world.district_a,
    )
    with pytest.raises(ValidationError) as error:
        services.material_delivery_record(
            by=world.province_coordinator,
            request=request,
            quantity=2,
            delivered_on=today,
            supplier=world.province,
        )
    assert "quantity" in error.value.error_dict
    with pytest.raises(PermissionDenied):  # the district cannot deliver in the province's name
        services.material_delivery_record(
            by=world.district_coordinator,
            request=request,
            quantity=1,
            delivered_on=today,
            supplier=world.province,
        )
    client.force_login(world.outsider)
    response = client.post(
        reverse("harezmi:material-deliver", args=[request.pk]),
        {"quantity": 1, "delivered_on": today.isoformat(), "supplier": world.district_b.pk},
    )
    assert response.status_code == 404 and MaterialDelivery.objects.count() == 1
    client.force_login(world.province_coordinator)
    response = client.post(
        reverse("harezmi:material-deliver", args=[request.pk]),
        {"quantity": 1, "delivered_on": today.isoformat(), "supplier": world.province.pk},
    )
    request.refresh_from_db()
    assert response.status_code == 302 and request.state == "delivered"
    with pytest.raises(ValidationError):
        services.material_delivery_record(
            by=None, request=request, quantity=1, delivered_on=today, supplier=world.province
        )
    assert sum(MaterialDelivery.objects.values_list("quantity", flat=True)) == 3


def test_holdings_match_a_hand_count(world, year, client):
    today = timezone.localdate()

    def delivered(school, item, approved, parts):
        request = ask(world, year, school=school, item=item, quantity=approved)
        services.material_request_decide(by=None, request=request, approve=True, approved_quantity=approved)
        for quantity in parts:
            services.material_delivery_record(
                by=None, request=request, quantity=quantity, delivered_on=today, supplier=school.parent
            )

    delivered(world.school_a1, "arduino", 5, [2, 3])
    delivered(world.school_a1, "arduino", 4, [1])  # a second request, partly delivered
    delivered(world.school_a1, "robotics_set", 2, [2])
    delivered(world.school_b1, "coding_set", 6, [6])
    ask(world, year, school=world.school_a2)  # requested only: holds nothing
    rows, total = selectors_materials.material_holdings(MaterialRequest.objects.all())
    held = {h.school.name: h.items for h in rows}
    assert held == {
        "Atatürk Ortaokulu": {"arduino": 6, "robotics_set": 2},
        "Tercan Anadolu Lisesi": {"coding_set": 6},
    }
    assert total.items == {"arduino": 6, "robotics_set": 2, "coding_set": 6} and total.total == 14
    # the district coordinator's page shows district A's schools only
    client.force_login(world.district_coordinator)
    response = client.get(reverse("harezmi:material-holdings") + f"?year={year.pk}")
    assert [h.school for h in response.context["rows"]] == [world.school_a1]
    assert selectors_materials.request_counts(MaterialRequest.objects.all())["delivered"] == 3


def test_material_pages_query_count_does_not_grow(world, year, client):
    client.force_login(world.province_coordinator)
    urls = [
        reverse("harezmi:material-list") + f"?year={year.pk}",
        reverse("harezmi:material-holdings") + f"?year={year.pk}",
    ]

    def grow(start, count):
        for index in range(start, start + count):
            school = OrgNode.objects.create(
                kind="school", code=f"72{index:04d}", name=f"Okul {index}", parent=world.district_a
            )
            make_user(f"p{index}", Role.PRINCIPAL, school)
            request = ask(world, year, school=school, quantity=3)
            services.material_request_decide(by=None, request=request, approve=True, approved_quantity=3)
            services.material_delivery_record(
                by=None,
                request=request,
                quantity=1,
                delivered_on=timezone.localdate(),
                supplier=world.district_a,
            )

    grow(0, 2)
    first = MaterialRequest.objects.order_by("pk").first()
    few = [query_count(client, url) for url in [*urls, reverse("harezmi:material-detail", args=[first.pk])]]
    grow(2, 20)
    many = [query_count(client, url) for url in [*urls, reverse("harezmi:material-detail", args=[first.pk])]]
    assert few == many and max(many) <= 14
