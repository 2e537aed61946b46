"""Dashboards per role on the home page: figures, roles, charts, exports and query counts."""

import datetime as dt
import io
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from izlem.monitoring.models import Period
from izlem.reports.dashboards import current_period, dashboard_for
from tests.support.scoring import add_school, enter


def test_province_manager_sees_progress_status_deviations_and_measures(world, follow_up):
    # when (labels in English, whatever the test run's active language)
    from django.utils import translation

    with translation.override("en"):
        dashboard = dashboard_for(world.province_manager)["dashboard"]
    # then
    assert (dashboard.mode, dashboard.top, dashboard.period) == ("manager", world.province, follow_up.period)
    # İlkokul 90 % on track, Ortaokul 52,75 % off track, the count 120 on its path, the province's 16 > 14
    assert dashboard.counts == Counter({"on_track": 3, "off_track": 1})
    assert [item.row for item in dashboard.off_track] == [follow_up.middle]
    assert [(d.row, d.unit.code) for d in dashboard.deviations] == [
        (follow_up.middle, "temel-egitim"),
        (follow_up.province_count, "strateji"),
    ]
    assert [m.number for m in dashboard.overdue] == [1, 2]  # no progress after the districts' due date
    assert [(g.label, g.cells) for g in dashboard.by_goal] == [("Goal 1", [3, 0, 1, 0])]
    # Merkez: its two rate rows (its count is a part of the province's total, not judged); Tercan: none apply
    assert [(g.label, g.cells) for g in dashboard.by_district] == [
        ("Merkez", [1, 0, 1, 0]),
        ("Tercan", [0, 0, 0, 0]),
    ]
    # the plan collects nothing from districts: they owe nothing, so neither is a late draft
    assert [(p.entity, p.state, p.late, p.owes) for p in dashboard.progress] == [
        (world.district_a, "submitted", False, False),
        (world.district_b, "draft", False, False),
    ]
    assert not dashboard.late
    merkez = dashboard.school_counts[world.district_a.pk]
    tercan = dashboard.school_counts[world.district_b.pk]
    assert (merkez.total, merkez.approved, merkez.submitted, merkez.not_submitted, merkez.late) == (
        2,
        1,
        1,
        0,
        0,
    )
    assert (tercan.total, tercan.not_submitted, tercan.late) == (1, 1, 1)


def test_unit_manager_sees_their_units_indicators_deviations_and_measures(world, follow_up):
    dashboard = dashboard_for(world.unit_manager)["dashboard"]
    assert dashboard.mode == "unit" and dashboard.unit.code == "temel-egitim"
    assert dashboard.counts == Counter({"on_track": 2, "off_track": 1})  # 1.1.3 belongs to Strateji
    assert [item.row for item in dashboard.off_track] == [follow_up.middle]
    assert [d.row for d in dashboard.deviations] == [follow_up.middle]
    assert [m.number for m in dashboard.overdue] == [1]
    assert dashboard.progress == []


def test_district_manager_sees_their_schools_and_no_province_follow_up(world, follow_up):
    dashboard = dashboard_for(world.district_manager)["dashboard"]
    assert (dashboard.mode, dashboard.top) == ("manager", world.district_a)
    assert [(p.entity, p.state) for p in dashboard.progress] == [
        (world.school_a1, "approved"),
        (world.school_a2, "submitted"),
    ]
    assert dashboard.late == []
    assert dashboard.counts == Counter({"on_track": 1, "off_track": 1})  # the rate rows only
    assert dashboard.deviations is None and dashboard.overdue is None and dashboard.by_district == []


def test_principal_sees_their_schools_entry(world, scored):
    dashboard = dashboard_for(world.principal)["dashboard"]
    assert dashboard.mode == "school"
    (entry,) = dashboard.schools
    assert (entry.school, entry.state, entry.rows, entry.entered, entry.late) == (
        world.school_a1,
        "approved",
        2,
        2,
        False,
    )


def test_harezmi_only_roles_and_stakeholders_get_no_dashboard(world, scored):
    for user in (
        world.teacher,
        world.district_coordinator,
        world.province_coordinator,
        world.stakeholder,
        world.nobody,
    ):
        assert dashboard_for(user) == {}


def test_current_period_is_the_latest_open_one_else_the_latest(world, scored):
    assert current_period(world.province_manager) == scored.period
    later = Period.objects.create(
        plan=scored.period.plan,
        year=2017,
        half="H1",
        open_date=dt.date(2017, 6, 1),
        school_due=dt.date(2017, 7, 10),
        district_due=dt.date(2017, 7, 20),
        state="planned",
    )
    assert current_period(world.province_manager) == scored.period  # open beats a later planned one
    Period.objects.filter(pk=scored.period.pk).update(state="closed")
    assert current_period(world.province_manager) == later


def test_home_page_shows_the_dashboard_with_an_accessible_chart_and_keeps_the_role_cards(
    client, world, follow_up
):
    client.force_login(world.province_manager)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and "<desc" in html and "<style" not in html  # CSP: no inline styles
    assert "Show the numbers as a table" in html or "tablo" in html.lower()
    assert reverse("reports:chart-css") in html
    assert reverse("reports:indicator-card", args=[follow_up.middle.indicator_id]) in html
    assert reverse("org:node-detail", args=[world.province.pk]) in html  # the role card is still there


def test_chart_css_is_scoped_to_the_status_charts(client):
    response = client.get(reverse("reports:chart-css"))
    css = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert ".izlem-status-chart .color-0" in css and "#198754" in css and "#chart-" not in css


def test_principal_home_links_to_the_entry_form(client, world, scored):
    client.force_login(world.principal)
    html = client.get(reverse("home")).content.decode()
    assert reverse("monitoring:entry", args=[scored.period.pk, world.school_a1.pk]) in html


def test_teacher_home_has_no_dashboard(client, world, scored):
    client.force_login(world.teacher)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and "dashboard" not in response.context


def test_dashboard_pdf_and_xlsx(client, world, follow_up):
    client.force_login(world.province_manager)
    pdf = client.get(reverse("reports:dashboard-pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Erzincan İl Millî Eğitim Müdürlüğü" in text and "Merkez" in text and "Gösterge 1.1.1" in text
    xlsx = client.get(reverse("reports:dashboard-xlsx"))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    summary = workbook.worksheets[0]
    counts = {row[0].value: row[1].value for row in summary.iter_rows(min_row=2, max_row=5)}
    assert list(counts.values()) == [3, 0, 1, 0] and summary["B2"].number_format == "#,##0"
    off_track = next(
        s for s in workbook.worksheets if s.title in ("Indicators off track", "Hedeften sapmış göstergeler")
    )
    assert off_track["F2"].value == 52.75 and off_track["F2"].number_format == "#,##0.00"
    assert off_track["G2"].number_format == "0.00"  # the rate, a percentage


def test_dashboard_exports_need_a_monitoring_role(client, world, scored):
    client.force_login(world.teacher)
    assert client.get(reverse("reports:dashboard-pdf")).status_code == 404
    assert client.get(reverse("reports:dashboard-xlsx")).status_code == 404


def test_home_page_queries_do_not_grow_with_schools(client, world, follow_up, django_assert_max_num_queries):
    client.force_login(world.province_manager)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    for number in range(8):
        school = add_school(world.district_b if number % 2 else world.district_a, f"73000{number}")
        enter(follow_up.period, school, world.sysadmin, {follow_up.middle: (60, 100)}, state="approved")
    with django_assert_max_num_queries(len(before)):
        response = client.get(reverse("home"))
    assert response.context["dashboard"].school_counts[world.district_b.pk].total == 5


def test_every_dashboard_kind_exports(client, world, follow_up):
    for user in (world.principal, world.unit_manager, world.district_manager):
        client.force_login(user)
        pdf = client.get(reverse("reports:dashboard-pdf"))
        xlsx = client.get(reverse("reports:dashboard-xlsx"))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content)).worksheets
