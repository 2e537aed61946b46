"""Plan import on the web (upload → preview → confirm) and plan export (XLSX, JSON, PDF).

Only planning officers (and system administrators) import, for owners in their scope; the preview
writes nothing; confirming applies exactly the previewed change plan, and a plan changed in between
is detected; exports are for whoever reads the plan."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from izlem.plans.importers.files import accepted_suffixes
from izlem.plans.models import Indicator, Plan
from izlem.plans.plan_json.writer import plan_json, plan_json_text
from izlem.plans.staging import plan_import_stage


def _upload(data: dict, name: str = "plan.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data, ensure_ascii=False).encode(), "application/json")


def _retitled(plan, title: str = "Yeni başlık") -> dict:
    data = plan_json(plan)
    data["plan"]["title"] = title
    return data


def _preview(client, owner, upload):
    return client.post(reverse("plans:plan-import"), {"owner": owner.pk, "file": upload})


def test_the_import_page_is_turkish_and_accepts_the_readable_formats(world, client):
    client.force_login(world.planning_officer)
    page = client.get(reverse("plans:plan-import")).content.decode()
    assert "Plan dosyası" in page and "Neler değişeceğini göster" in page
    accept = page.split('accept="', 1)[1].split('"', 1)[0].split(",")
    assert set(accept) == set(accepted_suffixes()) and {".docx", ".txt", ".xlsx", ".json"} <= set(accept)


def test_preview_writes_nothing_and_confirm_applies_it_audited(world, seed_plan, client):
    # given the planning officer uploads the plan's JSON with a new title
    client.force_login(world.planning_officer)
    history = Plan.history.count()
    # when the preview is shown
    response = _preview(client, world.province, _upload(_retitled(seed_plan)))
    # then it shows the change and nothing was written
    page = response.content.decode()
    assert response.status_code == 200
    assert "Yeni başlık" in page and Plan.objects.get(pk=seed_plan.pk).title != "Yeni başlık"
    assert Plan.history.count() == history
    preview = response.context["preview"]
    assert preview.applicable and [c.action for c in preview.changes] == ["changed"]
    # when confirmed
    response = client.post(
        reverse("plans:plan-import-confirm"), {"token": preview.token, "digest": preview.digest}
    )
    # then exactly that change is applied, by the planning officer
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:plan-detail", args=[seed_plan.pk]
    )
    assert Plan.objects.get(pk=seed_plan.pk).title == "Yeni başlık"
    last = Plan.history.filter(id=seed_plan.pk).latest("history_date")
    assert last.history_user == world.planning_officer and Plan.history.count() == history + 1


def test_a_plan_changed_between_preview_and_confirm_is_not_applied(world, seed_plan, client):
    # given a previewed import
    client.force_login(world.planning_officer)
    preview = _preview(client, world.province, _upload(_retitled(seed_plan))).context["preview"]
    # and then someone changes the plan, so the import would now do something else
    Plan.objects.filter(pk=seed_plan.pk).update(mission="Başka bir misyon")
    # when the preview is confirmed
    response = client.post(
        reverse("plans:plan-import-confirm"), {"token": preview.token, "digest": preview.digest}
    )
    # then nothing is written and the new preview is shown
    assert response.status_code == 409
    plan = Plan.objects.get(pk=seed_plan.pk)
    assert plan.title != "Yeni başlık" and plan.mission == "Başka bir misyon"
    new = response.context["preview"]
    assert (
        new.digest != preview.digest
        and len(new.changes) == 1
        and "misyon" in " ".join(new.changes[0].details).lower()
    )
    # and confirming the new preview applies it
    client.post(reverse("plans:plan-import-confirm"), {"token": new.token, "digest": new.digest})
    assert Plan.objects.get(pk=seed_plan.pk).title == "Yeni başlık"


def test_a_tampered_digest_is_not_applied(world, seed_plan, client):
    client.force_login(world.planning_officer)
    preview = _preview(client, world.province, _upload(_retitled(seed_plan))).context["preview"]
    response = client.post(reverse("plans:plan-import-confirm"), {"token": preview.token, "digest": "0" * 64})
    assert response.status_code == 409 and Plan.objects.get(pk=seed_plan.pk).title != "Yeni başlık"


def test_a_refused_import_shows_why_and_offers_no_confirm(world, seed_plan, client):
    # given a file with a schema error
    data = plan_json(seed_plan)
    data["goals"][0]["targets"][0]["indicators"][0]["unit"] = "kilogram"
    client.force_login(world.planning_officer)
    response = _preview(client, world.province, _upload(data))
    page = response.content.decode()
    assert "goals[0].targets[0].indicators[0].unit" in page and "kilogram" in page
    assert reverse("plans:plan-import-confirm") not in page
    unreadable = _preview(client, world.province, SimpleUploadedFile("plan.zip", b"PK"))
    assert ".zip" in unreadable.content.decode() and not unreadable.context["preview"].applicable


@pytest.mark.parametrize("user", ["principal", "unit_manager", "province_manager", "stakeholder", "teacher"])
def test_other_roles_cannot_import_and_nothing_changes(world, seed_plan, client, user):
    # given a token staged by the planning officer (as if it leaked)
    token = plan_import_stage(
        by=world.planning_officer,
        name="plan.json",
        data=json.dumps(_retitled(seed_plan)).encode(),
        owner=world.province,
    )
    client.force_login(getattr(world, user))
    history = Plan.history.count()
    assert client.get(reverse("plans:plan-import")).status_code == 404
    assert _preview(client, world.province, _upload(_retitled(seed_plan))).status_code == 404
    assert (
        client.post(reverse("plans:plan-import-confirm"), {"token": token, "digest": ""}).status_code == 404
    )
    assert Plan.objects.get(pk=seed_plan.pk).title != "Yeni başlık" and Plan.history.count() == history


def test_a_district_planner_cannot_import_for_the_province_and_nothing_changes(world, seed_plan, client):
    token = plan_import_stage(
        by=world.planning_officer,
        name="plan.json",
        data=json.dumps(_retitled(seed_plan)).encode(),
        owner=world.province,
    )
    client.force_login(world.district_planner)
    # the province is not among the owners they may choose
    response = _preview(client, world.province, _upload(_retitled(seed_plan)))
    assert response.status_code == 200 and response.context["form"].errors["owner"]
    # nor does another person's token work for them
    assert (
        client.post(reverse("plans:plan-import-confirm"), {"token": token, "digest": ""}).status_code == 404
    )
    assert Plan.objects.get(pk=seed_plan.pk).title != "Yeni başlık"


def test_another_persons_token_is_refused_even_in_scope(world, seed_plan, client):
    from izlem.org.models import Role
    from tests.support.world import make_user

    colleague = make_user("colleague", Role.PLANNING_OFFICER, world.province)
    client.force_login(world.planning_officer)
    preview = _preview(client, world.province, _upload(_retitled(seed_plan))).context["preview"]
    client.force_login(colleague)
    response = client.post(
        reverse("plans:plan-import-confirm"), {"token": preview.token, "digest": preview.digest}
    )
    assert response.status_code == 302 and Plan.objects.get(pk=seed_plan.pk).title != "Yeni başlık"


def test_a_new_plan_for_a_district_is_imported_from_the_seed_text(world, seed_plan, client):
    from tests.support.plans import SEED

    client.force_login(world.planning_officer)
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes(), "text/plain")
    preview = _preview(client, world.district_a, upload).context["preview"]
    assert preview.created and preview.counts["indicators"] == 55 and preview.applicable
    assert not Plan.objects.filter(owner=world.district_a).exists()
    client.post(reverse("plans:plan-import-confirm"), {"token": preview.token, "digest": preview.digest})
    plan = Plan.objects.get(owner=world.district_a)
    assert Indicator.objects.filter(plan=plan).count() == 55


def test_readers_download_the_plan_in_three_formats(world, seed_plan, client):
    client.force_login(world.principal)
    workbook = client.get(reverse("plans:plan-export-xlsx", args=[seed_plan.pk]))
    assert workbook.status_code == 200
    assert 'filename="Erzincan-2015-2019-stratejik-plan.xlsx"' in workbook["Content-Disposition"]
    assert "Göstergeler" in load_workbook(io.BytesIO(workbook.content)).sheetnames
    exported = client.get(reverse("plans:plan-export-json", args=[seed_plan.pk]))
    assert exported.content.decode() == plan_json_text(seed_plan)
    assert "Erzincan-2015-2019-stratejik-plan.json" in exported["Content-Disposition"]
    pdf = client.get(reverse("reports:plan-pdf", args=[seed_plan.pk]))
    assert "Erzincan-2015-2019-stratejik-plan.pdf" in pdf["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 5 and "1.1.1" in text and "Amaç 1" in text and "Tedbir" in text


@pytest.mark.parametrize("name", ["plans:plan-export-xlsx", "plans:plan-export-json", "reports:plan-pdf"])
def test_outsiders_and_stakeholders_cannot_download_the_plan(world, seed_plan, client, name):
    for user in (world.stakeholder, world.other_manager):
        client.force_login(user)
        assert client.get(reverse(name, args=[seed_plan.pk])).status_code == 404


def test_removing_an_indicator_with_values_is_refused_in_the_preview(world, seed_plan, client):
    from izlem.plans.models import IndicatorRow
    from izlem.plans.tests.test_revisions import _value

    # given indicator 1.1.1 holds a value, and a file without it (its target keeps others)
    _value(world, IndicatorRow.objects.get(indicator__plan=seed_plan, indicator__code="1.1.1"))
    data = plan_json(seed_plan)
    data["goals"][0]["targets"][0]["indicators"].pop(0)
    client.force_login(world.planning_officer)
    # when previewed
    response = _preview(client, world.province, _upload(data))
    # then the refusal says what holds the data, no confirmation is offered and nothing changed
    page = response.content.decode()
    preview = response.context["preview"]
    assert not preview.applicable and preview.refusals[0].where == "1.1.1"
    assert "1 değer" in preview.refusals[0].message and "1 değer" in page
    assert reverse("plans:plan-import-confirm") not in page
    assert Indicator.objects.filter(plan=seed_plan, code="1.1.1").exists()


def test_a_post_without_a_file_shows_the_form_with_its_error(world, client):
    client.force_login(world.planning_officer)
    response = client.post(reverse("plans:plan-import"), {"owner": world.province.pk})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Plan.objects.exists()
