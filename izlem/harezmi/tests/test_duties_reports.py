"""Coordinators' research, reports and suggestions shared upward (seed §3 and §4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import ResearchReport
from tests.support.harezmi import pdf


def _share(world, year, *, by=None, node=None, **extra):
    fields = {"kind": "report", "title": "Aylık rapor", "summary": "Ekipler düzenli çalışıyor", "file": pdf()}
    fields.update(extra)
    return services.report_share(
        by=by or world.district_coordinator, program_year=year, node=node or world.district_a, **fields
    )


def test_a_district_coordinators_report_goes_up_to_the_district_and_the_province(world, year, client):
    report = _share(world, year)
    told = set(
        Notification.objects.filter(message__contains="Aylık rapor").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"district_manager", "province_coordinator"}
    for name in ("district_coordinator", "district_manager", "province_coordinator", "province_manager"):
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:report-detail", args=[report.pk])).status_code == 200, name
        assert client.get(reverse("harezmi:report-file", args=[report.pk])).status_code == 200, name
    for name in ("principal", "teacher", "outsider", "other_manager"):
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:report-detail", args=[report.pk])).status_code == 404, name
        assert client.get(reverse("harezmi:report-file", args=[report.pk])).status_code == 404, name


def test_the_provinces_report_stays_at_the_province(world, year, client):
    report = _share(world, year, by=world.province_coordinator, node=world.province, kind="suggestion")
    client.force_login(world.province_manager)
    assert client.get(reverse("harezmi:report-detail", args=[report.pk])).status_code == 200
    for name in ("district_coordinator", "district_manager"):
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:report-detail", args=[report.pk])).status_code == 404, name


@pytest.mark.parametrize(
    "who, node",
    [
        ("district_coordinator", "province"),
        ("district_coordinator", "district_b"),
        ("principal", "district_a"),
        ("district_manager", "district_a"),
        ("teacher", "district_a"),
    ],
)
def test_only_coordinators_share_at_their_level_and_nothing_changes(world, year, who, node):
    with pytest.raises(PermissionDenied):
        _share(world, year, by=getattr(world, who), node=getattr(world, node))
    assert not ResearchReport.objects.exists() and not Notification.objects.exists()


def test_title_summary_and_file_type_are_checked(world, year):
    with pytest.raises(ValidationError) as error:
        _share(world, year, title=" ", summary="")
    assert set(error.value.message_dict) == {"title", "summary"}
    with pytest.raises(ValidationError):
        _share(world, year, file=SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"))
    assert not ResearchReport.objects.exists()


def test_only_the_author_changes_it(world, year, client):
    report = _share(world, year)
    for name in ("province_coordinator", "district_manager"):
        with pytest.raises(PermissionDenied):
            services.report_update(by=getattr(world, name), report=report, title="Başka")
        client.force_login(getattr(world, name))
        response = client.post(reverse("harezmi:report-edit", args=[report.pk]), {"title": "Başka"})
        assert response.status_code == 404
    report.refresh_from_db()
    assert report.title == "Aylık rapor"
    client.force_login(world.district_coordinator)
    response = client.post(
        reverse("harezmi:report-edit", args=[report.pk]),
        {"kind": "research", "title": "Anket sonuçları", "summary": "Öğrenci anketi"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.kind, report.title) == ("research", "Anket sonuçları") and report.file


def test_shared_through_the_page_and_listed(world, year, client):
    client.force_login(world.district_coordinator)
    response = client.post(
        reverse("harezmi:report-create") + f"?year={year.pk}",
        {
            "node": world.district_a.pk,
            "kind": "suggestion",
            "title": "Öneri",
            "summary": "Daha çok set",
            "file": pdf(),
        },
    )
    assert response.status_code == 302
    client.force_login(world.province_coordinator)
    listing = client.get(reverse("harezmi:report-list") + f"?year={year.pk}").content.decode()
    assert "Öneri" in listing
    client.force_login(world.outsider)
    listing = client.get(reverse("harezmi:report-list") + f"?year={year.pk}").content.decode()
    assert "Öneri" not in listing
