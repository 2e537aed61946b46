"""Computed indicators: values from the records, refreshed while open, never typed, locked when closed."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from izlem.harezmi.models import Project, Training, TrainingParticipant, TrainingTopic
from izlem.monitoring import computed
from izlem.monitoring.models import BulkUpload, Period, Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.org.models import Role
from izlem.plans.models import Indicator, IndicatorRow
from tests.support.world import make_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def open_period(small_plan):
    """An open year-end period of the current year (the world's roles started today)."""
    return Period.objects.create(
        plan=small_plan,
        year=YEAR,
        half="H2",
        open_date=dt.date(YEAR, 1, 1),
        school_due=dt.date(2099, 1, 10),
        district_due=dt.date(2099, 1, 20),
        state="open",
    )


def training(node, day, *, topic=TrainingTopic.CODING, title="Kodlama kursu"):
    return Training.objects.create(
        node=node,
        kind=Training.Kind.OTHER,
        topic=topic,
        title=title,
        mode=Training.Mode.IN_PERSON,
        starts_on=day,
        ends_on=day,
        hours=10,
    )


def completed(training_, person, day):
    return TrainingParticipant.objects.create(
        training=training_, person=person, state=TrainingParticipant.State.COMPLETED, completed_on=day
    )


def project(node, day, programme=Project.Programme.ERASMUS, *, teachers=0, students=0):
    return Project.objects.create(
        node=node,
        programme=programme,
        title=f"Proje {programme} {day}",
        role=Project.Role.PARTNER,
        starts_on=day,
        ends_on=day + dt.timedelta(days=300),
        teacher_participants=teachers,
        teacher_mobility=teachers,
        student_participants=students,
        student_mobility=students,
    )


@pytest.fixture
def records(world):
    """Trainings in and out of the year, completions in school A1 (teacher twice), B1 and a drop-out."""
    day = dt.date(YEAR, 3, 10)
    first = training(world.district_a, day)
    second = training(world.district_a, dt.date(YEAR, 4, 2), title="Robotik")
    training(world.district_b, dt.date(YEAR, 5, 5), title="Tercan kursu")
    old = training(world.district_a, dt.date(YEAR - 1, 12, 20), title="Geçen yıl")
    completed(first, world.teacher, day)
    completed(second, world.teacher, dt.date(YEAR, 4, 2))
    completed(first, world.principal, day)
    completed(old, make_user("eski", Role.TEACHER, world.school_a1), dt.date(YEAR - 1, 12, 20))
    TrainingParticipant.objects.create(
        training=second, person=make_user("birakan", Role.TEACHER, world.school_a1), state="dropped"
    )
    completed(first, make_user("tercanli", Role.TEACHER, world.school_b1), day)
    return first


def bind(indicator_code, source, by):
    indicator = Indicator.objects.get(code=indicator_code)
    return computed.indicator_bind(by=by, indicator=indicator, source=source)


def value_of(period, entity, code):
    return Value.objects.get(period=period, entity=entity, row__indicator__code=code)


# --- the value equals a hand count and follows the records -------------------------------------------
def test_bound_count_equals_the_hand_count(world, open_period, records):
    # when: 1.1.2 (school level) counts trained staff, 1.1.3 (province level) counts trainings held
    bind("1.1.2", "trainings_attended_staff", world.planning_officer)
    bind("1.1.3", "trainings_held", world.planning_officer)
    # then: teacher (two trainings, counted once) and principal; the drop-out and last year's don't count
    a1 = value_of(open_period, world.school_a1, "1.1.2")
    assert (a1.value, a1.computed, a1.entered_by) == (Decimal(2), True, None)
    assert value_of(open_period, world.school_b1, "1.1.2").value == Decimal(1)
    assert value_of(open_period, world.school_a2, "1.1.2").value == Decimal(0)
    assert value_of(open_period, world.province, "1.1.3").value == Decimal(3)  # 2 in Merkez, 1 in Tercan


def test_value_changes_when_the_records_change_and_the_entry_page_opens(world, open_period, records, client):
    # given
    bind("1.1.2", "trainings_attended_staff", world.planning_officer)
    completed(records, make_user("yeni", Role.TEACHER, world.school_a1), dt.date(YEAR, 3, 10))
    assert value_of(open_period, world.school_a1, "1.1.2").value == Decimal(2)  # not yet refreshed
    # when
    client.force_login(world.principal)
    response = client.get(reverse("monitoring:entry", args=[open_period.pk, world.school_a1.pk]))
    # then
    assert response.status_code == 200
    stored = value_of(open_period, world.school_a1, "1.1.2")
    assert (stored.value, stored.version) == (Decimal(3), 2)
    assert stored.history.count() == 2  # audited like any change
    body = response.content.decode()
    assert "computed from records" in body and reverse("harezmi:training-list") in body


def test_refreshed_right_before_submit(world, open_period, records):
    # given: every other row of school A1 is filled
    bind("1.1.2", "trainings_attended_staff", world.planning_officer)
    submission = Submission.objects.get(period=open_period, entity=world.school_a1)
    row = IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")
    entry_services.value_save(
        by=world.principal, submission=submission, row=row, numerator=Decimal(40), denominator=Decimal(50)
    )
    TrainingParticipant.objects.filter(person=world.principal).delete()
    # when
    workflow_services.submission_submit(by=world.principal, submission=submission)
    # then
    assert value_of(open_period, world.school_a1, "1.1.2").value == Decimal(1)


def test_a_record_change_queues_one_background_refresh(
    world, open_period, records, django_capture_on_commit_callbacks
):
    # given
    bind("1.1.3", "trainings_held", world.planning_officer)
    computed.cache.delete(computed.REFRESH_QUEUED_KEY)
    # when: two records change in one go; the immediate task backend runs the refresh
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        training(world.school_a1, dt.date(YEAR, 6, 1), title="Okul semineri")
        training(world.school_b1, dt.date(YEAR, 6, 2), title="Lise semineri")
    # then
    assert len(callbacks) == 2
    assert value_of(open_period, world.province, "1.1.3").value == Decimal(5)


def test_project_sources_count_by_programme_and_mobility(world, open_period):
    # given
    world.school_b1.school_type = "mesleki_teknik"
    world.school_b1.save()
    day = dt.date(YEAR, 2, 1)
    project(world.school_a1, day, teachers=3, students=10)
    project(world.school_a1, day, Project.Programme.ETWINNING, teachers=2, students=20)
    project(world.school_b1, day, Project.Programme.OTHER_EU, teachers=1, students=4)
    project(world.school_b1, day, Project.Programme.NATIONAL, teachers=5, students=5)
    project(world.school_a1, dt.date(YEAR - 1, 2, 1), teachers=7, students=7)  # started last year
    project(world.other_school, day, teachers=9, students=9)  # another province
    # then
    value = lambda key, node: computed.source_value(key, node, open_period)  # noqa: E731
    assert value("mobility_teachers", world.province) == Decimal(11)
    assert value("mobility_students", world.province) == Decimal(39)
    assert value("mobility_students", world.district_a) == Decimal(30)
    assert value("eu_projects", world.province) == Decimal(3)
    assert value("vocational_eu_projects", world.province) == Decimal(1)
    assert value("vocational_eu_projects", world.district_a) == Decimal(0)


def test_half_year_counts_only_january_to_june(world, small_plan, records):
    h1 = Period(plan=small_plan, year=YEAR, half="H1")
    assert computed.period_dates(h1) == (dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30))
    training(world.district_a, dt.date(YEAR, 9, 1), title="Güz kursu")
    assert computed.source_value("trainings_held", world.province, h1) == Decimal(3)


def test_occupational_safety_counts_teachers_of_that_topic_only(world, open_period, records):
    safety = training(world.district_a, dt.date(YEAR, 5, 1), topic=TrainingTopic.OCCUPATIONAL_SAFETY)
    completed(safety, world.teacher, dt.date(YEAR, 5, 1))
    completed(safety, world.district_manager, dt.date(YEAR, 5, 1))  # not a teacher
    assert computed.source_value("occupational_safety_trained", world.province, open_period) == Decimal(1)
    assert computed.source_value("trainings_attended_staff", world.province, open_period) == Decimal(4)


# --- never typed: every path refuses ---------------------------------------------------------------------
@pytest.fixture
def bound(world, open_period, records):
    bind("1.1.2", "trainings_attended_staff", world.planning_officer)
    return value_of(open_period, world.school_a1, "1.1.2")


def test_service_refuses_a_typed_value(world, open_period, bound):
    submission = Submission.objects.get(period=open_period, entity=world.school_a1)
    with pytest.raises(ValidationError, match="computed from the system's records"):
        entry_services.value_save(by=world.principal, submission=submission, row=bound.row, value=Decimal(99))
    bound.refresh_from_db()
    assert (bound.value, bound.version) == (Decimal(2), 1)


def test_entry_line_save_is_refused_and_the_field_is_disabled(world, open_period, bound, client):
    client.force_login(world.principal)
    url = reverse("monitoring:value-save", args=[open_period.pk, world.school_a1.pk, bound.row_id])
    response = client.post(url, {"value": "99", "version": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "cannot be entered by hand" in response.content.decode()
    assert 'data-state="error"' in response.content.decode()  # the line's state says so
    page = client.get(reverse("monitoring:entry", args=[open_period.pk, world.school_a1.pk]))
    assert re.search(rf'id="val-{bound.row_id}"[^>]*disabled', page.content.decode())
    bound.refresh_from_db()
    assert (bound.value, bound.version) == (Decimal(2), 1)


def test_bulk_upload_is_refused(world, open_period, bound, client):
    client.force_login(world.principal)
    template = client.get(reverse("monitoring:bulk-template", args=[open_period.pk]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook["Schools"]
    assert sheet["E3"].value == 2  # pre-filled with the computed value
    sheet["E3"] = 99
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("veri.xlsx", buffer.getvalue(), content_type=XLSX)
    client.post(reverse("monitoring:bulk", args=[open_period.pk]), {"file": upload})
    result = BulkUpload.objects.get()
    assert result.state == "failed"
    assert any("cannot be entered by hand" in error for error in result.errors)
    bound.refresh_from_db()
    assert (bound.value, bound.version) == (Decimal(2), 1)


def test_api_is_refused(world, open_period, bound, api):
    client = api(world.principal)
    put = client.put(f"/api/v1/values/{bound.pk}/", {"value": "99", "version": 1}, format="json")
    post = client.post(
        "/api/v1/values/",
        {"period": open_period.pk, "entity": world.school_a1.pk, "row": bound.row_id, "value": "99"},
        format="json",
    )
    assert put.status_code == 400 and "cannot be entered by hand" in put.content.decode()
    assert post.status_code == 400
    bound.refresh_from_db()
    assert (bound.value, bound.version) == (Decimal(2), 1)


# --- locked -----------------------------------------------------------------------------------------------
def test_locked_once_the_period_closes(world, open_period, bound, records, client):
    # given
    Period.objects.filter(pk=open_period.pk).update(state=Period.State.CLOSED)
    open_period.refresh_from_db()
    completed(records, make_user("gec", Role.TEACHER, world.school_a1), dt.date(YEAR, 3, 10))
    # when: every refresh path runs
    assert computed.computed_refresh(period=open_period) == 0
    computed.computed_refresh_open_periods()
    client.force_login(world.principal)
    client.get(reverse("monitoring:entry", args=[open_period.pk, world.school_a1.pk]))
    # then
    bound.refresh_from_db()
    assert (bound.value, bound.version) == (Decimal(2), 1)


def test_locked_once_submitted_and_approved(world, open_period, bound, records):
    submission = Submission.objects.get(period=open_period, entity=world.school_a1)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.APPROVED)
    completed(records, make_user("gec", Role.TEACHER, world.school_a1), dt.date(YEAR, 3, 10))
    assert computed.computed_refresh(period=open_period, entities=[world.school_a1]) == 0
    bound.refresh_from_db()
    assert bound.value == Decimal(2)
    assert value_of(open_period, world.school_b1, "1.1.2").value == Decimal(1)


def test_records_link_only_for_readers_of_the_records(world, open_period, records, client):
    # given 1.1.3 (province level) counts trainings held; the unit manager does not use Harezmi
    bind("1.1.3", "trainings_held", world.planning_officer)
    indicator = Indicator.objects.get(code="1.1.3")
    records_page = reverse("harezmi:training-list")
    client.force_login(world.unit_manager)
    assert client.get(records_page).status_code == 404
    # when
    detail = client.get(reverse("plans:indicator-detail", args=[indicator.pk]))
    # then the value says where it comes from, without a link the reader cannot open
    assert detail.status_code == 200
    assert "computed from records" in detail.content.decode()
    assert records_page not in detail.content.decode()
    # and a reader of the records gets the link, on the indicator and on the entry page
    client.force_login(world.planning_officer)
    assert records_page in client.get(reverse("plans:indicator-detail", args=[indicator.pk])).content.decode()
    entry = client.get(reverse("monitoring:entry", args=[open_period.pk, world.province.pk]))
    assert records_page in entry.content.decode()


# --- binding ------------------------------------------------------------------------------------------------
def test_planning_officer_binds_on_the_indicator_page(world, open_period, records, client):
    indicator = Indicator.objects.get(code="1.1.2")
    client.force_login(world.planning_officer)
    page = client.get(reverse("plans:indicator-detail", args=[indicator.pk]))
    assert 'name="source"' in page.content.decode()
    response = client.post(
        reverse("monitoring:indicator-source", args=[indicator.pk]), {"source": "trainings_held"}
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.computed_source == "trainings_held"
    assert indicator.history.first().history_change_reason == "Bound to trainings_held"
    assert value_of(open_period, world.school_a1, "1.1.2").value == Decimal(0)  # none organised by the school
    # unbinding: the values stay, typed again
    client.post(reverse("monitoring:indicator-source", args=[indicator.pk]), {"source": ""})
    indicator.refresh_from_db()
    assert indicator.computed_source == ""
    assert not value_of(open_period, world.school_a1, "1.1.2").computed


@pytest.mark.parametrize(
    "user", ["principal", "district_planner", "province_manager", "unit_manager", "other_manager"]
)
def test_others_cannot_bind_and_nothing_changes(world, open_period, client, user):
    indicator = Indicator.objects.get(code="1.1.2")
    client.force_login(getattr(world, user))
    page = client.get(reverse("plans:indicator-detail", args=[indicator.pk]))
    response = client.post(
        reverse("monitoring:indicator-source", args=[indicator.pk]), {"source": "trainings_held"}
    )
    assert response.status_code == 404
    assert 'name="source"' not in page.content.decode()
    indicator.refresh_from_db()
    assert indicator.computed_source == ""
    assert not Value.objects.exists()


def test_ratio_and_multi_row_indicators_cannot_be_bound(world, open_period):
    indicator = Indicator.objects.get(code="1.1.1")
    with pytest.raises(ValidationError):
        computed.indicator_bind(by=world.planning_officer, indicator=indicator, source="trainings_held")
    with pytest.raises(ValidationError):
        bind("1.1.2", "no_such_source", world.planning_officer)
    assert not Indicator.objects.exclude(computed_source="").exists()


def test_demo_binds_the_seed_codes_once(world, small_plan):
    Indicator.objects.filter(code="1.1.2").update(code="3.1.8")
    assert computed.demo_bind_seed_indicators(small_plan) == 1
    assert computed.demo_bind_seed_indicators(small_plan) == 0
    assert Indicator.objects.get(code="3.1.8").computed_source == "trainings_held"
