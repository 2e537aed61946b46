"""Plan files through the API: preview (dry run) and apply for planning officers, exports for readers."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from izlem.plans.models import Plan
from izlem.plans.plan_json import plan_json, plan_json_text

PREVIEW = "/api/v1/plan-imports/"
APPLY = "/api/v1/plan-imports/apply/"


def _file(plan, title="API başlığı", **changes) -> SimpleUploadedFile:
    data = plan_json(plan)
    data["plan"]["title"] = title
    return SimpleUploadedFile("plan.json", json.dumps(data, ensure_ascii=False).encode(), "application/json")


def test_planning_officer_previews_then_applies_exactly_that(world, seed_plan, api):
    client = api(world.planning_officer)
    history = Plan.history.count()
    # when the file is previewed
    response = client.post(
        PREVIEW, {"file": _file(seed_plan), "owner": world.province.pk}, format="multipart"
    )
    # then the change plan is answered and nothing is written
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applicable"] is True and body["created"] is False and body["plan"] == seed_plan.pk
    assert [(c["kind"], c["action"]) for c in body["changes"]] == [("plan", "changed")]
    assert body["action_counts"]["changed"] == 1 and body["counts"]["indicators"] == 55
    assert Plan.objects.get(pk=seed_plan.pk).title != "API başlığı" and Plan.history.count() == history
    # when applied
    applied = client.post(APPLY, {"token": body["token"], "digest": body["digest"]}, format="json")
    # then exactly that is written, by the officer
    assert applied.status_code == 200 and applied.json()["applied"] is True
    assert Plan.objects.get(pk=seed_plan.pk).title == "API başlığı"
    assert Plan.history.filter(id=seed_plan.pk).latest("history_date").history_user == world.planning_officer


def test_a_plan_changed_since_the_preview_answers_409_with_the_new_preview(world, seed_plan, api):
    client = api(world.planning_officer)
    body = client.post(
        PREVIEW, {"file": _file(seed_plan), "owner": world.province.pk}, format="multipart"
    ).json()
    Plan.objects.filter(pk=seed_plan.pk).update(vision="Başka bir vizyon")
    response = client.post(APPLY, {"token": body["token"], "digest": body["digest"]}, format="json")
    assert response.status_code == 409 and response.json()["applied"] is False
    assert response.json()["preview"]["digest"] != body["digest"]
    assert Plan.objects.get(pk=seed_plan.pk).title != "API başlığı"


def test_schema_refusals_are_located_in_the_preview(world, seed_plan, api):
    data = plan_json(seed_plan)
    data["goals"][0]["targets"][0]["code"] = ""
    upload = SimpleUploadedFile("plan.json", json.dumps(data).encode())
    body = (
        api(world.planning_officer, language="tr")
        .post(PREVIEW, {"file": upload, "owner": world.province.pk}, format="multipart")
        .json()
    )
    assert body["applicable"] is False
    assert body["errors"] == ["goals[0].targets[0].code: bu alan boş bırakılamaz."]


@pytest.mark.parametrize("user", ["principal", "unit_manager", "province_manager", "stakeholder"])
def test_other_roles_get_403_and_nothing_changes(world, seed_plan, api, user):
    officer = (
        api(world.planning_officer)
        .post(PREVIEW, {"file": _file(seed_plan), "owner": world.province.pk}, format="multipart")
        .json()
    )
    client = api(getattr(world, user))
    assert (
        client.post(
            PREVIEW, {"file": _file(seed_plan), "owner": world.province.pk}, format="multipart"
        ).status_code
        == 403
    )
    assert (
        client.post(
            APPLY, {"token": officer["token"], "digest": officer["digest"]}, format="json"
        ).status_code
        == 403
    )
    assert Plan.objects.get(pk=seed_plan.pk).title != "API başlığı"


def test_a_district_planner_cannot_import_for_the_province(world, seed_plan, api):
    officer = (
        api(world.planning_officer)
        .post(PREVIEW, {"file": _file(seed_plan), "owner": world.province.pk}, format="multipart")
        .json()
    )
    client = api(world.district_planner)
    response = client.post(
        PREVIEW, {"file": _file(seed_plan), "owner": world.province.pk}, format="multipart"
    )
    assert response.status_code == 400 and "owner" in str(response.json())
    refused = client.post(APPLY, {"token": officer["token"], "digest": officer["digest"]}, format="json")
    assert refused.status_code == 400
    assert Plan.objects.get(pk=seed_plan.pk).title != "API başlığı"


def test_readers_export_json_xlsx_and_pdf(world, seed_plan, api):
    client = api(world.principal)
    exported = client.get(f"/api/v1/plan-files/{seed_plan.pk}/json/")
    assert exported.status_code == 200 and exported.content.decode() == plan_json_text(seed_plan)
    workbook = client.get(f"/api/v1/plan-files/{seed_plan.pk}/xlsx/")
    assert "Hedefler" in load_workbook(io.BytesIO(workbook.content)).sheetnames
    pdf = client.get(f"/api/v1/plan-files/{seed_plan.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "Erzincan-2015-2019-stratejik-plan.pdf" in pdf["Content-Disposition"]
    for user in (world.stakeholder, world.other_manager):
        assert api(user).get(f"/api/v1/plan-files/{seed_plan.pk}/json/").status_code == 404
