"""API twins of the Harezmi pages that had none: the Ministry report, the statistics, correcting a visit,
taking a visit out of a plan, planned vs done, an absence's document; and computed values refusing
writes. Each answers what its page shows, through the same access functions and services: in scope
allowed, out of scope a 404 like a missing record, and nothing changed on any refusal.

World: school A1 (district A, Erzincan), its principal and teacher; the outsider is district B's top
manager; Kars's manager (`other_manager`) sees nothing of Erzincan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import PersonalDataAccess
from izlem.harezmi import services
from izlem.harezmi.models import (
    Absence,
    PlannedVisit,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Student,
    TeacherAssignment,
    Team,
    Visit,
    VisitPlan,
)
from izlem.harezmi.selectors.statistics import COUNT_FIELDS, PROGRAMMES
from izlem.harezmi.services.program import YEAR_EDITABLE_FIELDS
from izlem.monitoring import computed
from izlem.monitoring.models import Period, Value
from izlem.org.models import OrgNode, Role
from izlem.plans.models import Indicator
from izlem.reports import access as reports_access
from izlem.reports.models import ReportJob
from tests.support.api import ids, results
from tests.support.harezmi import make_year
from tests.support.world import make_user

DAY = dt.timedelta(days=1)
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINISTRY = "/api/v1/harezmi/ministry-reports/"
STATISTICS = "/api/v1/harezmi/statistics/"
PLANNED_VS_DONE = "/api/v1/harezmi/visits/planned-vs-done/"
MISSING = 999_999


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, tmp_path):
    """Uploads and generated files go to a temporary folder; background tasks run at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def today() -> dt.date:
    return timezone.localdate()


def _not_found(response) -> bool:
    return response.status_code == 404 and response.json()["code"] == "not_found"


def _kars_year(year):
    """A program year of Kars with the same dates as `year`."""
    fields = {name: getattr(year, name) for name in YEAR_EDITABLE_FIELDS}
    return services.program_year_create(by=None, province=OrgNode.objects.get(code="36"), **fields)


# --- the report to the Ministry --------------------------------------------------------------------------


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
        assert _not_found(other.get(f"{MINISTRY}{job['id']}/"))
        assert _not_found(other.get(job["pdf_url"], HTTP_ACCEPT=PDF))
    assert _not_found(client.get(f"{MINISTRY}{MISSING}/"))
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
        assert _not_found(client.get(f"/api/v1/report-jobs/{ministry.pk}/"))
        assert ids(client.get(MINISTRY)) == {ministry.pk}
        assert _not_found(client.get(f"{MINISTRY}{report.pk}/"))


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
        readable = set()
        for job in jobs:
            try:
                reports_access.harezmi_ministry_job_for(user, job.pk)
            except Http404:
                continue
            readable.add(job.pk)
        visible = set(reports_access.harezmi_ministry_jobs_visible(user).values_list("pk", flat=True))
        assert visible == readable, user.username
    assert set(reports_access.harezmi_ministry_jobs_visible(world.district_coordinator)) == {jobs[1]}


# --- statistics ------------------------------------------------------------------------------------------


def test_statistics_answer_the_pages_figures(world, api, stats_world, client):
    # when the province coordinator asks without a node: the highest they read
    response = api(world.province_coordinator).get(f"{STATISTICS}?year={stats_world.year.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    # then the page's figures: the province, a row per district, the total
    client.force_login(world.province_coordinator)
    page = client.get(reverse("harezmi:statistics") + f"?year={stats_world.year.pk}").context["stats"]
    assert body["node"] == {"id": world.province.pk, "code": "24", "name": "Erzincan", "kind": "province"}
    assert (body["program_year"], body["day"], body["weeks"]) == (
        stats_world.year.pk,
        str(page.day),
        page.weeks,
    )
    assert [row["node"]["name"] for row in body["rows"]] == [row.node.name for row in page.rows]
    for name in COUNT_FIELDS:
        assert body["total"][name] == getattr(page.total, name), name
        assert [row["figures"][name] for row in body["rows"]] == [
            getattr(row.figures, name) for row in page.rows
        ], name
    assert (body["total"]["schools"], body["total"]["teams"], body["total"]["students"]) == (2, 3, 4)
    assert body["total"]["consent_rate"] == str(page.total.consent_rate)
    assert [(p["programme"], p["count"]) for p in body["total"]["by_programme"]] == [
        (programme, {"etwinning": 1, "erasmus": 1, "national": 1}.get(programme, 0))
        for programme in PROGRAMMES
    ]


def test_statistics_outside_the_scope_are_not_found(world, api, stats_world):
    year = stats_world.year.pk
    district = api(world.district_manager)
    own = district.get(f"{STATISTICS}?year={year}")
    assert own.status_code == 200 and own.json()["node"]["id"] == world.district_a.pk
    # A1, A2 (a planned visit) and the district's own records (its training)
    rows = own.json()["rows"]
    assert [row["node"]["id"] for row in rows] == [
        world.school_a1.pk,
        world.school_a2.pk,
        world.district_a.pk,
    ]
    assert [row["own"] for row in rows] == [False, False, True]
    school = district.get(f"{STATISTICS}?year={year}&node={world.school_a1.pk}")
    assert school.status_code == 200 and school.json()["rows"] == []
    missing = district.get(f"{STATISTICS}?year={year}&node={MISSING}")
    assert _not_found(missing)
    for node in (world.district_b, world.province, world.other_province):
        assert district.get(f"{STATISTICS}?year={year}&node={node.pk}").json() == missing.json()
    assert _not_found(api(world.teacher).get(f"{STATISTICS}?year={year}"))  # a teacher sees no statistics
    assert _not_found(api(world.other_manager).get(f"{STATISTICS}?year={year}"))
    assert _not_found(api(world.other_manager).get(STATISTICS))  # Kars has no year
    bad = district.get(f"{STATISTICS}?node=abc")
    assert bad.status_code == 400 and "node" in bad.json()["fields"]


# --- visits: correcting one, taking one out of a plan, planned vs done -----------------------------------


@pytest.fixture
def visits(world, year, team):
    """The district coordinator's week plan with two visits planned (A1, A2); the A1 one is made."""
    day = today() - 2 * DAY
    plan = services.visit_plan_create(
        by=None, program_year=year, coordinator=world.district_coordinator, node=world.district_a, day=day
    )
    made = services.planned_visit_add(
        by=None, plan=plan, school=world.school_a1, planned_on=plan.starts_on, purpose="guidance"
    )
    open_item = services.planned_visit_add(
        by=None, plan=plan, school=world.school_a2, planned_on=plan.starts_on, purpose="other"
    )
    visit = services.visit_record(
        by=None,
        program_year=year,
        coordinator=world.district_coordinator,
        school=world.school_a1,
        visited_on=day,
        purpose="guidance",
        observations="Ekip planına uygun çalışıyor.",
        planned=made,
    )
    return plan, made, open_item, visit


def _visit_row(visit) -> tuple:
    visit.refresh_from_db()
    return (visit.visited_on, visit.purpose, visit.observations, visit.planned_id)


def test_the_coordinator_corrects_their_visit(world, api, visits):
    _plan, made, _open_item, visit = visits
    url = f"/api/v1/harezmi/visits/{visit.pk}/"
    changed = api(world.district_coordinator).patch(
        url, {"observations": "Ekip planı güncellendi.", "planned": None}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["observations"], changed.json()["planned"]) == ("Ekip planı güncellendi.", None)
    assert changed.json() == api(world.district_coordinator).get(url).json()
    back = api(world.district_coordinator).patch(url, {"planned": made.pk}, format="json")
    assert back.status_code == 200 and back.json()["planned"] == made.pk
    assert Visit.objects.get().history.count() == 3


def test_visit_correction_refusals_change_nothing(world, api, visits):
    _plan, made, open_item, visit = visits
    before = _visit_row(visit)
    url = f"/api/v1/harezmi/visits/{visit.pk}/"
    # readers of the visit who did not make it: 403; others: 404 like a missing visit
    for reader in (world.principal, world.district_manager, world.province_coordinator):
        assert api(reader).patch(url, {"observations": "X"}, format="json").status_code == 403
    for outsider in (world.outsider, world.other_manager, world.teacher):
        assert _not_found(api(outsider).patch(url, {"observations": "X"}, format="json"))
    assert _not_found(
        api(world.district_coordinator).patch(
            f"/api/v1/harezmi/visits/{MISSING}/", {"observations": "X"}, format="json"
        )
    )
    # the service's rules: no future day, a planned visit of the same school
    coordinator = api(world.district_coordinator)
    future = coordinator.patch(url, {"visited_on": str(today() + DAY)}, format="json")
    assert future.status_code == 400 and "visited_on" in future.json()["fields"]
    other_school = coordinator.patch(url, {"planned": open_item.pk}, format="json")
    assert other_school.status_code == 400 and "planned" in other_school.json()["fields"]
    blank = coordinator.patch(url, {"observations": ""}, format="json")
    assert blank.status_code == 400 and "observations" in blank.json()["fields"]
    assert _visit_row(visit) == before and Visit.objects.get().history.count() == 1


def test_the_coordinator_takes_an_unmade_visit_out_of_their_plan(world, api, visits):
    plan, made, open_item, _visit = visits
    url = f"/api/v1/harezmi/visit-plans/{plan.pk}/remove-item/"
    coordinator = api(world.district_coordinator)
    # a visit already made stays: 409, nothing changed
    kept = coordinator.post(url, {"item": made.pk}, format="json")
    assert kept.status_code == 409 and kept.json()["code"] == "conflict"
    # readers of the plan: 403; others: 404; an item of another plan: the 400 of an unknown one
    assert api(world.district_manager).post(url, {"item": open_item.pk}, format="json").status_code == 403
    for outsider in (world.outsider, world.principal, world.other_manager):
        assert _not_found(api(outsider).post(url, {"item": open_item.pk}, format="json"))
    other_plan = services.visit_plan_create(
        by=None,
        program_year=plan.program_year,
        coordinator=world.district_coordinator,
        node=world.district_a,
        day=plan.starts_on - 7 * DAY,
    )
    foreign = services.planned_visit_add(
        by=None, plan=other_plan, school=world.school_a1, planned_on=other_plan.starts_on, purpose="other"
    )
    wrong = coordinator.post(url, {"item": foreign.pk}, format="json")
    assert wrong.status_code == 400 and list(wrong.json()["fields"]) == ["item"]
    assert set(PlannedVisit.objects.values_list("pk", flat=True)) == {made.pk, open_item.pk, foreign.pk}
    # when the coordinator takes out the unmade one
    removed = coordinator.post(url, {"item": open_item.pk}, format="json")
    # then the plan answers without it
    assert removed.status_code == 200, removed.content
    assert [item["id"] for item in removed.json()["items"]] == [made.pk]
    assert removed.json()["item_count"] == 1 and removed.json()["done_count"] == 1
    assert not PlannedVisit.objects.filter(pk=open_item.pk).exists()


def test_planned_vs_done_answers_the_pages_figures(world, api, visits, year, client):
    services.visit_record(
        by=None,
        program_year=year,
        coordinator=world.district_coordinator,
        school=world.school_a2,
        visited_on=today() - DAY,
        purpose="other",
        observations="Plansız ziyaret",
    )
    response = api(world.district_manager).get(f"{PLANNED_VS_DONE}?year={year.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    client.force_login(world.district_manager)
    page = client.get(reverse("harezmi:visits-planned-vs-done") + f"?year={year.pk}").context
    assert [
        (
            row["coordinator"],
            row["month"],
            row["planned"],
            row["done_planned"],
            row["unplanned"],
            row["visits"],
        )
        for row in body["rows"]
    ] == [
        (row.coordinator.pk, str(row.month), row.planned, row.done_planned, row.unplanned, row.visits)
        for row in page["rows"]
    ]
    totals = page["totals"]
    assert body["totals"] == {
        "planned": totals.planned,
        "done_planned": totals.done_planned,
        "unplanned": totals.unplanned,
        "visits": totals.visits,
        "rate": str(totals.rate),
    }
    assert (body["totals"]["planned"], body["totals"]["done_planned"], body["totals"]["visits"]) == (2, 1, 2)
    assert {row["coordinator_name"] for row in body["rows"]} == {world.district_coordinator.get_full_name()}


def test_planned_vs_done_outside_the_scope(world, api, visits, year):
    # another district's manager reads none of district A's plans and visits
    other = api(world.outsider).get(f"{PLANNED_VS_DONE}?year={year.pk}")
    assert other.status_code == 200 and other.json()["rows"] == []
    assert other.json()["totals"]["planned"] == 0 and other.json()["totals"]["rate"] is None
    # like the page: no figures for a principal or a teacher; Kars's manager has no such year
    for user in (world.principal, world.teacher, world.other_manager):
        assert _not_found(api(user).get(f"{PLANNED_VS_DONE}?year={year.pk}"))
    assert _not_found(api(world.district_manager).get(f"{PLANNED_VS_DONE}?year={MISSING}"))
    assert api(world.district_manager).get(f"{PLANNED_VS_DONE}?year=x").status_code == 400


# --- an absence's document -------------------------------------------------------------------------------


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
        assert _not_found(api(outsider).get(url, HTTP_ACCEPT=PDF))
    assert _not_found(api(world.teacher).get(f"/api/v1/harezmi/absences/{MISSING}/document/"))
    assert logged.count() == 3  # refusals log nothing
    # an absence without a document has nothing to download
    bare = Absence.objects.create(
        program_year=year, teacher=world.teacher, kind="leave", starts_on=today(), ends_on=today()
    )
    assert _not_found(api(world.teacher).get(f"/api/v1/harezmi/absences/{bare.pk}/document/"))
    assert api(world.teacher).get(f"/api/v1/harezmi/absences/{bare.pk}/").json()["document_url"] is None


# --- computed values -------------------------------------------------------------------------------------


def test_a_computed_value_refuses_every_write(world, api, small_plan):
    period = Period.objects.create(
        plan=small_plan,
        year=today().year,
        half="H2",
        open_date=dt.date(today().year, 1, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )
    indicator = Indicator.objects.get(plan=small_plan, code="1.1.2")
    computed.indicator_bind(by=world.planning_officer, indicator=indicator, source="trainings_attended_staff")
    value = Value.objects.get(period=period, entity=world.school_a1, row__indicator=indicator)
    before = (value.value, value.version, value.computed, value.entered_by_id)
    client = api(world.principal)  # the school's enterer: any other value of A1 is theirs to write
    url = f"/api/v1/values/{value.pk}/"
    assert client.get(url).json()["computed"] is True
    put = client.put(url, {"value": "99", "version": value.version}, format="json")
    post = client.post(
        "/api/v1/values/",
        {"period": period.pk, "entity": world.school_a1.pk, "row": value.row_id, "value": "99"},
        format="json",
    )
    patch = client.patch(url, {"value": "99"}, format="json")
    for response, code in ((put, "invalid"), (post, "invalid"), (patch, "method_not_allowed")):
        assert response.status_code in (400, 405) and response.json()["code"] == code, response.content
    assert "cannot be entered by hand" in put.json()["message"] + str(put.json()["fields"])
    value.refresh_from_db()
    assert (value.value, value.version, value.computed, value.entered_by_id) == before
    assert before[:3] == (Decimal(0), 1, True)


# --- query counts ----------------------------------------------------------------------------------------

MANY = 12


def _school_with_records(world, year, i: int) -> None:
    """A school of district A with a team, its teacher and a student, a held session with attendance,
    its own coordinator's plan with a made visit, and a Ministry report job."""
    start = year.start_date
    school = OrgNode.objects.create(
        kind="school", code=f"74{i:04d}", name=f"Okul {i}", parent=world.district_a, level_primary=True
    )
    teacher = make_user(f"ikiz{i}", Role.TEACHER, school)
    coordinator = make_user(f"koord{i}", Role.DISTRICT_COORDINATOR, world.district_a)
    team = Team.objects.create(program_year=year, school=school, name="Ekip", weekday=1, first_lesson=1)
    TeacherAssignment.objects.create(team=team, teacher=teacher, state="active", start_date=start)
    student = Student.objects.create(
        program_year=year, school=school, team=team, first_name="Ali", last_name=f"K{i}", grade=5
    )
    monday = start - dt.timedelta(days=start.weekday()) + 7 * DAY
    session = Session.objects.create(team=team, week_start=monday, held_on=monday, state="held")
    SessionTeacherAttendance.objects.create(session=session, teacher=teacher, present=True)
    SessionStudentAttendance.objects.create(session=session, student=student, present=True)
    week = monday + i * 7 * DAY
    plan = VisitPlan.objects.create(
        program_year=year,
        coordinator=coordinator,
        node=world.district_a,
        span="week",
        starts_on=week,
        ends_on=week + 6 * DAY,
    )
    item = PlannedVisit.objects.create(plan=plan, school=school, planned_on=week, purpose="other")
    Visit.objects.create(
        program_year=year,
        coordinator=coordinator,
        school=school,
        visited_on=week,
        purpose="other",
        planned=item,
        observations="Gözlem",
    )
    ReportJob.objects.create(
        kind="ministry",
        program_year=year,
        node=world.district_a,
        fingerprint=str(i),
        state="done",
        requested_by=coordinator,
    )


def _queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context), response.json()


def _size(path: str, body: dict) -> int:
    """How many rows the answer holds (a list's items; the figures' rows but the node's own records)."""
    if path == MINISTRY:
        return len(body["results"])
    return len([row for row in body["rows"] if not row.get("own")])


@pytest.mark.parametrize("user", ["sysadmin", "district_manager"])
@pytest.mark.parametrize("path", [MINISTRY, STATISTICS, PLANNED_VS_DONE])
def test_new_lists_keep_their_query_count_from_one_row_to_many(world, api, user, path):
    year = make_year(world)
    url = f"{path}?year={year.pk}" + (f"&node={world.district_a.pk}" if path == STATISTICS else "")
    client = api(getattr(world, user))
    _school_with_records(world, year, 0)
    client.get(url)  # the token's first use records `last_used_at` once
    one_queries, one = _queries(client, url)
    for i in range(1, MANY):
        _school_with_records(world, year, i)
    many_queries, many = _queries(client, url)
    assert (_size(path, one), _size(path, many)) == (1, MANY)
    assert one_queries == many_queries
    assert many_queries <= 30  # the statistics: one grouped query per figure (izlem.harezmi.figures)
