"""Cooperations with universities and other institutions (seed §2, §3 and §4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from izlem.harezmi import services
from izlem.harezmi.models import Cooperation, OfficialDocument
from izlem.harezmi.services.common import DocumentInput
from tests.support.harezmi import pdf

DAY = dt.timedelta(days=1)


def _record(world, year, *, by=None, node=None, **extra):
    fields = {
        "institution": "Erzincan Binali Yıldırım Üniversitesi",
        "kind": "university",
        "subject": "Robotik kodlama atölyesi",
        "starts_on": year.start_date,
        "ends_on": year.start_date + 30 * DAY,
    }
    fields.update(extra)
    return services.cooperation_record(
        by=by or world.district_coordinator, program_year=year, node=node or world.district_a, **fields
    )


def test_district_records_a_cooperation_with_schools_and_a_protocol(world, year):
    cooperation = _record(
        world,
        year,
        schools=[world.school_a1],
        protocol=DocumentInput(date=year.start_date, number="2025/4", file=pdf()),
    )
    assert list(cooperation.schools.all()) == [world.school_a1]
    assert cooperation.protocol.kind == OfficialDocument.Kind.PROTOCOL and cooperation.protocol.file
    assert cooperation.recorded_by == world.district_coordinator


def test_dates_in_order_and_schools_of_the_level(world, year):
    with pytest.raises(ValidationError) as error:
        _record(world, year, ends_on=year.start_date - DAY, schools=[world.school_b1], subject=" ")
    assert set(error.value.message_dict) == {"ends_on", "schools", "subject"}
    assert "Tercan Anadolu Lisesi" in error.value.message_dict["schools"][0]
    assert not Cooperation.objects.exists() and not OfficialDocument.objects.exists()


@pytest.mark.parametrize(
    "who, node",
    [
        ("district_coordinator", "district_b"),
        ("district_coordinator", "province"),
        ("principal", "school_a1"),
        ("teacher", "district_a"),
        ("outsider", "district_a"),
    ],
)
def test_only_the_levels_own_recorders_record_and_nothing_changes(world, year, who, node):
    with pytest.raises(PermissionDenied):
        _record(world, year, by=getattr(world, who), node=getattr(world, node))
    assert not Cooperation.objects.exists()


def test_the_level_changes_it_others_cannot(world, year, client):
    cooperation = _record(world, year)
    for name in ("province_coordinator", "outsider", "principal"):
        with pytest.raises(PermissionDenied):
            services.cooperation_update(by=getattr(world, name), cooperation=cooperation, institution="Başka")
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:cooperation-edit", args=[cooperation.pk])).status_code == 404
    cooperation.refresh_from_db()
    assert cooperation.institution.startswith("Erzincan")
    services.cooperation_update(
        by=world.district_manager, cooperation=cooperation, institution="Erzincan Valiliği", kind="public"
    )
    cooperation.refresh_from_db()
    assert (cooperation.institution, cooperation.kind) == ("Erzincan Valiliği", "public")


def test_who_reads_it(world, year, client):
    cooperation = _record(world, year, schools=[world.school_a1])
    for name in ("district_coordinator", "province_coordinator", "province_manager", "principal"):
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:cooperation-detail", args=[cooperation.pk])).status_code == 200, (
            name
        )
    for name in ("outsider", "teacher", "other_manager"):
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:cooperation-detail", args=[cooperation.pk])).status_code == 404, (
            name
        )


def test_recorded_through_the_pages(world, year, client):
    client.force_login(world.district_coordinator)
    page = client.get(reverse("harezmi:cooperation-create") + f"?year={year.pk}").content.decode()
    assert world.school_a1.name in page and world.school_b1.name not in page
    response = client.post(
        reverse("harezmi:cooperation-create") + f"?year={year.pk}",
        {
            "node": world.district_a.pk,
            "institution": "Kızılay",
            "kind": "ngo",
            "subject": "Afet eğitimi",
            "starts_on": year.start_date.isoformat(),
            "schools": [world.school_a2.pk],
            "protocol_number": "12",
        },
    )
    # a protocol number without its date is refused, nothing saved
    assert response.status_code == 200 and not Cooperation.objects.exists()
    response = client.post(
        reverse("harezmi:cooperation-create") + f"?year={year.pk}",
        {
            "node": world.district_a.pk,
            "institution": "Kızılay",
            "kind": "ngo",
            "subject": "Afet eğitimi",
            "starts_on": year.start_date.isoformat(),
            "schools": [world.school_a2.pk],
        },
    )
    assert response.status_code == 302
    cooperation = Cooperation.objects.get()
    assert list(cooperation.schools.all()) == [world.school_a2] and cooperation.protocol is None
    listing = client.get(reverse("harezmi:cooperation-list") + f"?year={year.pk}").content.decode()
    assert "Kızılay" in listing
