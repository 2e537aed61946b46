"""An absence's document is served through the API to the absence's readers only (JSON 404 to others,
even when a PDF is asked for).

World: school A1 (district A, Erzincan), its principal and teacher; the outsider is district B's top
manager; Kars's manager (`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from izlem.core.models import PersonalDataAccess
from izlem.harezmi.models import Absence
from izlem.org.models import Role
from tests.support.api import not_found
from tests.support.world import make_user

DAY = dt.timedelta(days=1)
PDF = "application/pdf"
MISSING = 999_999
pytestmark = pytest.mark.usefixtures("files_and_tasks")


def today() -> dt.date:
    return timezone.localdate()


def test_absence_document_is_served_to_the_absences_readers_only(world, api, year, team):
    body = {
        "program_year": year.pk,
        "teacher": world.teacher.pk,
        "kind": "sick",
        "starts_on": str(today() - 3 * DAY),
        "ends_on": str(today() - 2 * DAY),
        "document": SimpleUploadedFile("rapor.pdf", b"%PDF-1.4\n%rapor\n", content_type=PDF),
    }
    created = api(world.teacher).post("/api/v1/harezmi/absences/", body, format="multipart")
    assert created.status_code == 201, created.content
    absence = created.json()
    url = f"/api/v1/harezmi/absences/{absence['id']}/document/"
    assert absence["has_document"] and absence["document_url"] == url
    for reader in (world.teacher, world.principal, world.district_manager):
        response = api(reader).get(url, HTTP_ACCEPT=PDF)
        assert response.status_code == 200, reader.username
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n%rapor\n"
    # a sick note is health data: each download is logged with who and whose, and nothing else is
    logged = PersonalDataAccess.objects.filter(what="absence supporting document").order_by("pk")
    assert [(e.user_id, e.subject_type, e.subject_id, e.path) for e in logged] == [
        (reader.pk, "user", world.teacher.pk, url)
        for reader in (world.teacher, world.principal, world.district_manager)
    ]
    for outsider in (
        world.outsider,
        world.other_manager,
        make_user("yabanci", Role.TEACHER, world.school_a2),
    ):
        assert not_found(api(outsider).get(url, HTTP_ACCEPT=PDF))
    assert not_found(api(world.teacher).get(f"/api/v1/harezmi/absences/{MISSING}/document/"))
    assert logged.count() == 3  # refusals log nothing
    # an absence without a document has nothing to download
    bare = Absence.objects.create(
        program_year=year, teacher=world.teacher, kind="leave", starts_on=today(), ends_on=today()
    )
    assert not_found(api(world.teacher).get(f"/api/v1/harezmi/absences/{bare.pk}/document/"))
    assert api(world.teacher).get(f"/api/v1/harezmi/absences/{bare.pk}/").json()["document_url"] is None
