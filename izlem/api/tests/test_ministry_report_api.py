"""The report to the Ministry through the API (the twin of its page): made, reused, polled and downloaded
in scope, a 404 like a missing record out of scope, nothing made on a refusal; its jobs never mix with
the monitoring report jobs.

World: school A1 (district A, Erzincan), its principal and teacher; the outsider is district B's top
manager; Kars's manager (`other_manager`) sees nothing of Erzincan.
"""

from __future__ import annotations

import pytest
from django.http import Http404

from izlem.harezmi import services
from izlem.harezmi.services.program import YEAR_EDITABLE_FIELDS
from izlem.org.models import OrgNode
from izlem.reports import access as reports_access
from izlem.reports.models import ReportJob
from tests.support.api import ids, not_found, results

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINISTRY = "/api/v1/harezmi/ministry-reports/"
MISSING = 999_999
pytestmark = pytest.mark.usefixtures("files_and_tasks")


def _kars_year(year):
    """A program year of Kars with the same dates as `year`."""
    fields = {name: getattr(year, name) for name in YEAR_EDITABLE_FIELDS}
    return services.program_year_create(by=None, province=OrgNode.objects.get(code="36"), **fields)


def test_ministry_report_is_made_reused_polled_and_downloaded(
    world, api, stats_world, django_capture_on_commit_callbacks
):
    client = api(world.district_coordinator)
    body = {"program_year": stats_world.year.pk, "node": world.district_a.pk}
    # when the report is asked for (the worker runs it at once here)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(MINISTRY, body, format="json")
    assert created.status_code == 201, created.content
    job = client.get(f"{MINISTRY}{created.json()['id']}/").json()
    # then it is done, with the page's data and its files; the same data reuses the job
    assert (job["state"], job["progress"], job["node"], job["program_year"]) == (
        "done",
        100,
        world.district_a.pk,
        stats_world.year.pk,
    )
    assert ReportJob.objects.get(pk=job["id"]).data["row_kind"] == "school"
    again = client.post(MINISTRY, body, format="json")
    assert again.status_code == 200 and again.json()["id"] == job["id"]
    assert ReportJob.objects.filter(kind="ministry").count() == 1
    pdf = client.get(job["pdf_url"], HTTP_ACCEPT=PDF)
    assert pdf.status_code == 200 and pdf["Content-Type"] == PDF
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(job["xlsx_url"])
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == XLSX
    # the province reads it; the list filters by year and node
    province = api(world.province_coordinator)
    assert ids(province.get(f"{MINISTRY}?year={stats_world.year.pk}&node={world.district_a.pk}")) == {
        job["id"]
    }
    assert ids(province.get(f"{MINISTRY}?node={world.district_b.pk}")) == set()
    # the other district, the school and Kars: not found, JSON even when a PDF is asked for
    for outsider in (world.outsider, world.principal, world.teacher, world.other_manager):
        other = api(outsider)
        assert results(other.get(MINISTRY)) == []
        assert not_found(other.get(f"{MINISTRY}{job['id']}/"))
        assert not_found(other.get(job["pdf_url"], HTTP_ACCEPT=PDF))
    assert not_found(client.get(f"{MINISTRY}{MISSING}/"))
    assert ids(api(world.sysadmin).get(MINISTRY)) == {job["id"]}


def test_report_jobs_never_list_ministry_jobs(world, api, plan_data, year):
    # given a monitoring report job and a Ministry report job (no period) at the province
    report = ReportJob.objects.create(
        kind="six_month", period=plan_data.period, node=world.province, fingerprint="r", state="done"
    )
    ministry = ReportJob.objects.create(
        kind="ministry", program_year=year, node=world.province, fingerprint="m", state="done"
    )
    for user in (world.sysadmin, world.planning_officer, world.province_manager):
        client = api(user)
        # then each list shows its own kind only, and the other's detail is not found
        assert ids(client.get("/api/v1/report-jobs/")) == {report.pk}
        assert ids(client.get("/api/v1/report-jobs/?kind=ministry")) == set()
        assert not_found(client.get(f"/api/v1/report-jobs/{ministry.pk}/"))
        assert ids(client.get(MINISTRY)) == {ministry.pk}
        assert not_found(client.get(f"{MINISTRY}{report.pk}/"))


def test_ministry_report_refusals_change_nothing(world, api, year):
    def ask(user, node, program_year=year):
        body = {"program_year": program_year.pk, "node": node.pk}
        return api(user).post(MINISTRY, body, format="json")

    # another district's, a school's, the province's for a district role: the same 400 as an unknown node
    for user, node in (
        (world.outsider, world.district_a),
        (world.district_coordinator, world.province),
        (world.principal, world.school_a1),
        (world.principal, world.district_a),
        (world.teacher, world.district_a),
    ):
        refused = ask(user, node)
        assert refused.status_code == 400 and list(refused.json()["fields"]) == ["node"], (user, node)
    unknown = api(world.district_coordinator).post(
        MINISTRY, {"program_year": year.pk, "node": MISSING}, format="json"
    )
    assert unknown.json()["fields"]["node"][0].replace(str(MISSING), "X") == ask(
        world.outsider, world.district_a
    ).json()["fields"]["node"][0].replace(str(world.district_a.pk), "X")
    # another province's year is not one of yours
    refused = ask(world.other_manager, world.other_district, year)
    assert refused.status_code == 400 and "program_year" in refused.json()["fields"]
    assert ask(world.district_coordinator, world.district_a).status_code == 201  # in scope: made
    assert ReportJob.objects.filter(kind="ministry").count() == 1
    assert ReportJob.objects.get(kind="ministry").node == world.district_a


def _readable(user, job) -> bool:
    """Whether `harezmi_ministry_job_for` gives the job to the user (else it raises Http404)."""
    try:
        reports_access.harezmi_ministry_job_for(user, job.pk)
    except Http404:
        return False
    return True


def test_ministry_jobs_visible_agrees_with_job_for(world, year):
    kars = _kars_year(year)
    jobs = [
        ReportJob.objects.create(kind="ministry", program_year=program_year, node=node, fingerprint=str(i))
        for i, (program_year, node) in enumerate(
            (
                (year, world.province),
                (year, world.district_a),
                (year, world.district_b),
                (kars, world.other_province),
                (kars, world.other_district),
            )
        )
    ]
    for user in world.users.values():
        readable = {job.pk for job in jobs if _readable(user, job)}
        visible = set(reports_access.harezmi_ministry_jobs_visible(user).values_list("pk", flat=True))
        assert visible == readable, user.username
    assert set(reports_access.harezmi_ministry_jobs_visible(world.district_coordinator)) == {jobs[1]}
