"""History pages of the duties records: a task, a cooperation and a report, for their readers only."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from izlem.harezmi import services
from tests.support.harezmi import pdf

DAY = dt.timedelta(days=1)


def _records(world, year):
    task = services.task_give(
        by=world.province_coordinator,
        program_year=year,
        assignee=world.district_coordinator,
        title="Rapor",
        due_on=timezone.localdate() + 3 * DAY,
    )
    services.task_update(by=world.province_coordinator, task=task, title="Dönem raporu")
    cooperation = services.cooperation_record(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        institution="Üniversite",
        kind="university",
        subject="Atölye",
        starts_on=year.start_date,
    )
    report = services.report_share(
        by=world.district_coordinator,
        program_year=year,
        node=world.district_a,
        kind="report",
        title="Aylık rapor",
        summary="Özet",
        file=pdf(),
    )
    return {"assignedtask": task, "cooperation": cooperation, "researchreport": report}


def test_readers_see_the_history_and_outsiders_get_404(world, year, client):
    records = _records(world, year)
    for model_name, record in records.items():
        url = reverse("harezmi:history", args=[model_name, record.pk])
        client.force_login(world.district_coordinator)
        page = client.get(url)
        assert page.status_code == 200 and page.context["object"] == record, model_name
        client.force_login(world.outsider)
        assert client.get(url).status_code == 404, model_name
    client.force_login(world.district_coordinator)
    page = client.get(reverse("harezmi:history", args=["assignedtask", records["assignedtask"].pk]))
    assert any(change[0] == "title" for row in page.context["rows"] for change in row["changes"])
    detail = client.get(reverse("harezmi:task-detail", args=[records["assignedtask"].pk]))
    assert reverse("harezmi:history", args=["assignedtask", records["assignedtask"].pk]) in detail.text
