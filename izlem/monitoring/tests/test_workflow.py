"""Entry, validation, submission workflow, locking, lost updates, periods and deviations."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from izlem.monitoring.models import Deviation, Period, PeriodEvent, Submission, SubmissionEvent, Value
from izlem.monitoring.selectors.owed import rows_owed
from izlem.monitoring.services import deviations as deviations_services
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import errors as errors_services
from izlem.monitoring.services import measures as measures_services
from izlem.monitoring.services import periods as periods_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.plans.models import IndicatorRow


def _rows():
    return (
        IndicatorRow.objects.get(indicator__code="1.1.1", level="middle"),
        IndicatorRow.objects.get(indicator__code="1.1.2"),
    )


def _fill_a1(world, period):
    ratio, count = _rows()
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(
        by=world.principal, submission=submission, row=ratio, numerator=Decimal(30), denominator=Decimal(40)
    )
    entry_services.value_save(by=world.principal, submission=submission, row=count, value=Decimal(110))
    return submission


def test_school_sees_only_its_rows(world, period):
    codes = [(r.indicator.code, r.breakdown) for r in rows_owed(period=period, entity=world.school_a1)]
    assert codes == [("1.1.1", "Ortaokul"), ("1.1.2", "")]
    codes = [(r.indicator.code, r.breakdown) for r in rows_owed(period=period, entity=world.school_a2)]
    assert codes == [("1.1.1", "İlkokul"), ("1.1.2", "")]
    assert [r.indicator.code for r in rows_owed(period=period, entity=world.province)] == ["1.1.3"]


def test_ratio_value_is_computed_from_numerator_and_denominator(world, period):
    submission = _fill_a1(world, period)
    value = Value.objects.get(submission=submission, row=_rows()[0])
    assert value.value == Decimal("75.0000") and value.entered_by == world.principal


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"numerator": Decimal(50), "denominator": Decimal(40)}, "numerator cannot be greater"),
        ({"numerator": Decimal(5), "denominator": Decimal(0)}, "denominator cannot be zero"),
        ({"numerator": Decimal(5)}, "both the numerator and the denominator"),
    ],
)
def test_ratio_validation_messages(world, period, fields, message):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    from django.utils import translation

    with translation.override("en"):
        result = entry_services.value_save(
            by=world.principal, submission=submission, row=_rows()[0], **fields
        )
    assert result.value is None and any(message in error.lower() for error in result.errors), result.errors
    assert not Value.objects.exists()


def test_count_must_be_whole_and_not_negative(world, period):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    assert entry_services.value_save(
        by=world.principal, submission=submission, row=_rows()[1], value=Decimal("1.5")
    ).errors
    assert entry_services.value_save(
        by=world.principal, submission=submission, row=_rows()[1], value=Decimal("-1")
    ).errors
    assert not Value.objects.exists()


def test_outlier_asks_for_a_confirming_note(world, period, small_plan):
    earlier = Period.objects.create(
        plan=small_plan,
        year=2016,
        half="H1",
        open_date=period.open_date,
        school_due=period.school_due,
        district_due=period.district_due,
        state="open",
    )
    old = entry_services.submission_get_or_create(period=earlier, entity=world.school_a1)
    entry_services.value_save(by=world.principal, submission=old, row=_rows()[1], value=Decimal(100))
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    # when a value jumps from 100 to 400
    first = entry_services.value_save(
        by=world.principal, submission=submission, row=_rows()[1], value=Decimal(400)
    )
    assert first.value is None and first.needs_confirmation
    assert not Value.objects.filter(period=period).exists()
    # then with a note and the confirmation it is kept and flagged
    second = entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=_rows()[1],
        value=Decimal(400),
        note="Yeni pansiyon açıldı",
        confirm_outlier=True,
    )
    assert second.value.outlier_confirmed is True and second.value.note == "Yeni pansiyon açıldı"


def test_full_workflow_submit_return_resubmit_approve(world, period):
    submission = _fill_a1(world, period)
    workflow_services.submission_submit(by=world.principal, submission=submission)
    with pytest.raises(ValidationError):  # submitted data is read-only
        entry_services.value_save(by=world.principal, submission=submission, row=_rows()[1], value=Decimal(1))
    workflow_services.submission_return(
        by=world.district_manager, submission=submission, comment="Sayıyı kontrol edin"
    )
    submission.refresh_from_db()
    assert submission.state == "returned" and submission.comment == "Sayıyı kontrol edin"
    assert world.principal.notifications.filter(message__contains="Sayıyı kontrol edin").exists()
    entry_services.value_save(by=world.principal, submission=submission, row=_rows()[1], value=Decimal(111))
    workflow_services.submission_submit(by=world.principal, submission=submission)
    workflow_services.submission_approve(by=world.district_manager, submission=submission)
    submission.refresh_from_db()
    assert submission.state == "approved" and submission.decided_by == world.district_manager
    assert list(SubmissionEvent.objects.filter(submission=submission).values_list("to_state", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    with pytest.raises(ValidationError):
        entry_services.value_save(by=world.principal, submission=submission, row=_rows()[1], value=Decimal(1))
    assert Value.objects.get(submission=submission, row=_rows()[1]).value == Decimal(111)


def test_submit_needs_every_applicable_value(world, period):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(by=world.principal, submission=submission, row=_rows()[1], value=Decimal(3))
    with pytest.raises(ValidationError) as error:
        workflow_services.submission_submit(by=world.principal, submission=submission)
    assert "1.1.1" in str(error.value)
    submission.refresh_from_db()
    assert submission.state == "draft"


def test_return_needs_a_comment(world, period):
    submission = _fill_a1(world, period)
    workflow_services.submission_submit(by=world.principal, submission=submission)
    with pytest.raises(ValidationError):
        workflow_services.submission_return(by=world.district_manager, submission=submission, comment="  ")
    submission.refresh_from_db()
    assert submission.state == "submitted"


@pytest.mark.parametrize("user", ["outsider", "principal", "teacher", "province_manager", "other_manager"])
def test_only_the_schools_district_decides_and_nothing_changes(world, period, user):
    submission = _fill_a1(world, period)
    workflow_services.submission_submit(by=world.principal, submission=submission)
    with pytest.raises(PermissionDenied):
        workflow_services.submission_approve(by=world.users[user], submission=submission)
    submission.refresh_from_db()
    assert (
        submission.state == "submitted" and not SubmissionEvent.objects.filter(to_state="approved").exists()
    )


@pytest.mark.parametrize("user", ["teacher", "district_manager", "outsider", "stakeholder"])
def test_only_the_principal_enters_school_values(world, period, user):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    with pytest.raises(PermissionDenied):
        entry_services.value_save(
            by=world.users[user], submission=submission, row=_rows()[1], value=Decimal(5)
        )
    assert not Value.objects.exists()


def test_unit_manager_enters_only_rows_of_their_unit(world, period):
    row = IndicatorRow.objects.get(indicator__code="1.1.3")  # owned by Strateji Geliştirme
    submission = entry_services.submission_get_or_create(period=period, entity=world.province)
    with pytest.raises(PermissionDenied):
        entry_services.value_save(by=world.unit_manager, submission=submission, row=row, value=Decimal(12))
    entry_services.value_save(by=world.planning_officer, submission=submission, row=row, value=Decimal(12))
    assert Value.objects.get(row=row).value == Decimal(12)


def test_second_of_two_concurrent_edits_is_refused(world, period):
    submission = _fill_a1(world, period)
    value = Value.objects.get(submission=submission, row=_rows()[1])
    read_version = value.version
    entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=_rows()[1],
        value=Decimal(120),
        expected_version=read_version,
    )
    with pytest.raises(errors_services.ConflictError):
        entry_services.value_save(
            by=world.principal,
            submission=submission,
            row=_rows()[1],
            value=Decimal(130),
            expected_version=read_version,
        )
    assert Value.objects.get(pk=value.pk).value == Decimal(120)


def test_two_deciders_give_one_decision(world, period):
    submission = _fill_a1(world, period)
    workflow_services.submission_submit(by=world.principal, submission=submission)
    workflow_services.submission_approve(by=world.district_manager, submission=submission)
    with pytest.raises(errors_services.ConflictError):
        workflow_services.submission_approve(by=world.district_planner, submission=submission)
    assert SubmissionEvent.objects.filter(to_state="approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_in_threads_give_one_state_change(world, period):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers by itself")
    submission = _fill_a1(world, period)
    workflow_services.submission_submit(by=world.principal, submission=submission)
    outcomes = []

    def approve(user):
        from django.db import connection as thread_connection

        try:
            workflow_services.submission_approve(by=user, submission=submission)
            outcomes.append("ok")
        except errors_services.ConflictError:
            outcomes.append("conflict")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=approve, args=(u,)) for u in (world.district_manager, world.district_planner)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert SubmissionEvent.objects.filter(to_state="approved").count() == 1


def test_closed_period_locks_everything_and_reopen_needs_a_reason(world, period):
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    periods_services.period_close(by=world.planning_officer, period=period)
    with pytest.raises(ValidationError):
        entry_services.value_save(by=world.principal, submission=submission, row=_rows()[1], value=Decimal(1))
    with pytest.raises(ValidationError):
        periods_services.period_reopen(by=world.planning_officer, period=period, reason="")
    periods_services.period_reopen(by=world.planning_officer, period=period, reason="Tercan verisi eksik")
    assert PeriodEvent.objects.filter(period=period, action="reopen", reason="Tercan verisi eksik").exists()
    assert entry_services.value_save(
        by=world.principal, submission=submission, row=_rows()[1], value=Decimal(1)
    ).value


@pytest.mark.parametrize("user", ["district_planner", "principal", "unit_manager", "other_manager"])
def test_only_planning_officers_manage_periods(world, period, user):
    with pytest.raises(PermissionDenied):
        periods_services.period_close(by=world.users[user], period=period)
    period.refresh_from_db()
    assert period.state == "open"


def test_deviation_blocks_closing_until_explained(world, period):
    # given the province-level indicator far below its path (baseline 10 → 20; expected 14 at 2016 end)
    row = IndicatorRow.objects.get(indicator__code="1.1.3")
    province = entry_services.submission_get_or_create(period=period, entity=world.province)
    entry_services.value_save(by=world.planning_officer, submission=province, row=row, value=Decimal(10))
    province.state = Submission.State.SUBMITTED
    province.save()
    # when the planner tries to close
    with pytest.raises(ValidationError) as error:
        periods_services.period_close(by=world.planning_officer, period=period)
    assert "1.1.3" in str(error.value)
    deviation = Deviation.objects.get(row=row)
    assert deviation.unit.code == "strateji" and deviation.rate == Decimal("0.00")
    # the unit manager of another unit cannot explain it
    with pytest.raises(PermissionDenied):
        deviations_services.deviation_explain(
            by=world.unit_manager,
            deviation=deviation,
            cause="x",
            corrective_action="y",
            action_owner="z",
            action_due=period.district_due,
        )
    deviations_services.deviation_explain(
        by=world.planning_officer,
        deviation=deviation,
        cause="Ödenek gecikti",
        corrective_action="Ek ödenek talebi",
        action_owner="Strateji Geliştirme",
        action_due=period.district_due,
    )
    periods_services.period_close(by=world.planning_officer, period=period)
    period.refresh_from_db()
    assert period.state == "closed"


def test_due_date_reminders_go_to_those_who_have_not_submitted(world, period):
    import datetime as dt

    from izlem.core.models import Notification

    # given the schools' due date is in two days and school A1 has submitted
    Period.objects.filter(pk=period.pk).update(
        school_due=dt.date(2030, 5, 12), district_due=dt.date(2030, 5, 20)
    )
    submission = _fill_a1(world, period)
    workflow_services.submission_submit(by=world.principal, submission=submission)
    from izlem.org.models import Role
    from tests.support.world import make_user

    other = make_user("principal_b1", Role.PRINCIPAL, world.school_b1)
    # when reminders run
    sent = measures_services.due_date_reminders_send(today=dt.date(2030, 5, 10), within=dt.timedelta(days=3))
    # then only the principal who has not submitted is reminded, once a day
    assert sent == 1 and list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]
    assert (
        measures_services.due_date_reminders_send(today=dt.date(2030, 5, 10), within=dt.timedelta(days=3))
        == 0
    )
