"""Who owes what (docs/monitoring.md): only the rows that concern an entity are ever demanded of it.

On the real seed plan: an ortaokul is not asked for 1.1.1 (ilkokul first graders) or 1.1.6
(ortaöğretim drop-outs) and submits without them; a kindergarten's template holds no secondary row;
a district from which nothing is collected has no submit button, is never late and is not reminded;
roll-up coverage counts only the schools that owe the row.
"""

import datetime as dt
import io
from decimal import Decimal
from functools import cache

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from izlem.core.models import Notification
from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.rollup.compute import rollup
from izlem.monitoring.selectors.owed import rows_owed
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import measures as measures_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.org.models import OrgNode, Role
from izlem.plans.importers.loader import plan_import_document
from izlem.plans.importers.ministry_text import parse_plan_file
from izlem.plans.models import IndicatorRow
from izlem.reports.dashboards import build_dashboard
from tests.support.plans import SEED
from tests.support.world import make_user


@cache
def _seed_document():
    return parse_plan_file(SEED)


@pytest.fixture
def seed_period(world):
    """The seed plan imported for Erzincan, with an open 2016 year-end period whose due dates have passed."""
    plan = plan_import_document(_seed_document(), source_name=SEED.name).plan
    return Period.objects.create(
        plan=plan,
        year=2016,
        half="H2",
        state="open",
        open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2017, 1, 10),
        district_due=dt.date(2017, 1, 20),
    )


@pytest.fixture
def kindergarten(world):
    return OrgNode.objects.create(
        kind="school",
        code="700009",
        name="Papatya Anaokulu",
        parent=world.district_a,
        school_type="anaokulu",
        level_preschool=True,
    )


def _row(period, code, breakdown=""):
    return IndicatorRow.objects.get(indicator__plan=period.plan, indicator__code=code, breakdown=breakdown)


def _codes(rows):
    return {(row.indicator.code, row.breakdown) for row in rows}


def test_ortaokul_is_not_asked_for_ilkokul_or_ortaogretim_rows_and_submits_without_them(
    world, seed_period, client
):
    # given the principal of an ortaokul on the entry page
    client.force_login(world.principal)
    response = client.get(reverse("monitoring:entry", args=[seed_period.pk, world.school_a1.pk]))
    rows = [line["row"] for line in response.context["lines"]]
    # then the page asks for the middle-school rows only
    codes = _codes(rows)
    assert ("1.1.1", "") not in codes and ("1.1.6", "") not in codes
    assert ("1.1.2", "İlkokul") not in codes and ("1.1.2", "Ortaöğretim") not in codes
    assert ("1.1.2", "Ortaokul") in codes and ("2.1.4", "Ortaokul") in codes
    assert ("1.1.8", "") not in codes  # lifelong learning: public education centres
    # when every row it lists is filled, the school can submit
    submission = response.context["submission"]
    for row in rows:
        numbers = (
            {"numerator": Decimal(1), "denominator": Decimal(2)}
            if row.indicator.aggregation == "ratio"
            else {"value": Decimal(3)}
        )
        saved = entry_services.value_save(
            by=world.principal, submission=submission, row=row, note="deneme", confirm_outlier=True, **numbers
        )  # the same numbers everywhere: some are unusual for their row, hence the confirmation
        assert not saved.errors and saved.value is not None
    workflow_services.submission_submit(by=world.principal, submission=submission)
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED


def test_ortaokul_cannot_be_made_to_write_a_row_it_does_not_owe(world, seed_period):
    submission = entry_services.submission_get_or_create(period=seed_period, entity=world.school_a1)
    with pytest.raises(ValidationError):
        entry_services.value_save(
            by=world.principal,
            submission=submission,
            row=_row(seed_period, "1.1.1"),
            numerator=Decimal(1),
            denominator=Decimal(2),
        )
    assert not Value.objects.filter(entity=world.school_a1).exists()


def test_kindergarten_template_has_no_secondary_rows(world, seed_period, kindergarten, client):
    # given the kindergarten's principal
    client.force_login(make_user("anaokulu.muduru", Role.PRINCIPAL, kindergarten))
    # when the bulk template is downloaded
    response = client.get(reverse("monitoring:bulk-template", args=[seed_period.pk]))
    book = load_workbook(io.BytesIO(response.content))
    headers = " | ".join(str(cell.value) for sheet in book.worksheets for cell in sheet[1] if cell.value)
    # then it holds pre-school rows and rows of every school, nothing of other levels
    assert "1.1.7 Okul öncesi" in headers and "2.1.7" in headers
    for absent in ("Ortaöğretim", "9-12", "1.1.1", "1.1.6", "İlkokul", "Ortaokul", "2.2.1"):
        assert absent not in headers, absent


def test_district_that_collects_nothing_has_no_submit_button_and_is_never_late(world, seed_period, client):
    # given the seed plan collects nothing from districts, and the districts' due date has passed
    # when the district manager opens the district's own entry page
    client.force_login(world.district_manager)
    response = client.get(reverse("monitoring:entry", args=[seed_period.pk, world.district_a.pk]))
    # then there is nothing to submit, and no draft is created
    page = response.content.decode()
    assert response.status_code == 200 and not response.context["lines"]
    assert "Onaya gönder" not in page and "Submit for approval" not in page
    assert not Submission.objects.filter(entity=world.district_a).exists()
    # and the service refuses a submission made some other way
    submission = entry_services.submission_get_or_create(period=seed_period, entity=world.district_a)
    with pytest.raises(ValidationError):
        workflow_services.submission_submit(by=world.district_manager, submission=submission)
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT
    assert not rows_owed(period=seed_period, entity=world.district_a)
    # and the province dashboard lists no district as a late draft
    dashboard = build_dashboard(world.province_manager, seed_period, world.province)
    assert {p.entity for p in dashboard.progress} == {world.district_a, world.district_b}
    assert not any(p.late for p in dashboard.progress) and not dashboard.late
    assert Submission.State.DRAFT not in dashboard.progress_counts
    # while its schools that owe data and have not submitted are late
    assert dashboard.school_counts[world.district_a.pk].late == 2


def test_reminders_go_only_to_those_who_owe_data(world, seed_period, kindergarten):
    # given both due dates are tomorrow
    Period.objects.filter(pk=seed_period.pk).update(
        school_due=dt.date(2030, 1, 2), district_due=dt.date(2030, 1, 2)
    )
    centre = OrgNode.objects.create(
        kind="school",
        code="700010",
        name="Merkez Rehberlik ve Araştırma Merkezi",
        parent=world.district_a,
        school_type="ram",
    )
    ram_head = make_user("ram.muduru", Role.PRINCIPAL, centre)
    # when reminders are sent
    measures_services.due_date_reminders_send(today=dt.date(2030, 1, 1), within=dt.timedelta(days=3))
    # then the principal is reminded, the district manager (nothing collected) and the RAM are not
    reminded = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "principal" in reminded
    assert "district_manager" not in reminded and ram_head.username not in reminded


def test_coverage_counts_only_the_schools_that_owe_the_row(world, seed_period, kindergarten):
    # given the ortaokul has an (invented) approved value of 1.1.1 from before, and the ilkokul a real one
    first_graders = _row(seed_period, "1.1.1")
    for school, numerator in ((world.school_a1, 9), (world.school_a2, 30)):
        submission = Submission.objects.create(period=seed_period, entity=school, state="approved")
        Value.objects.create(
            period=seed_period,
            entity=school,
            submission=submission,
            row=first_graders,
            numerator=Decimal(numerator),
            denominator=Decimal(40),
            value=Decimal(numerator) * 100 / 40,
        )
    # when the province figure is computed
    figure = rollup(seed_period, [world.province], [first_graders])[(first_graders.pk, world.province.pk)]
    # then only the ilkokul is expected and counted, and the figure is its own
    assert (figure.reported, figure.expected) == (1, 1)
    assert figure.value == Decimal("75.0000")


def test_a_unit_manager_collects_only_the_units_rows_at_the_province(world, period, client):
    # given the small plan: 1.1.3 is entered at the province by Strateji, and a Temel Eğitim manager
    client.force_login(world.unit_manager)
    # when the manager opens the province's entry page
    response = client.get(reverse("monitoring:entry", args=[period.pk, world.province.pk]))
    # then Strateji's row is not among the manager's rows, while a planning officer still sees it
    assert response.status_code == 200 and not response.context["lines"]
    client.force_login(world.planning_officer)
    response = client.get(reverse("monitoring:entry", args=[period.pk, world.province.pk]))
    assert [line["row"].indicator.code for line in response.context["lines"]] == ["1.1.3"]
