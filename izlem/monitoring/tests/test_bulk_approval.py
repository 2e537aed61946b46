"""District work in bulk: the progress table's counts and filter, approving chosen submissions all or none."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from izlem.monitoring.models import Period, Submission, SubmissionEvent
from izlem.monitoring.selectors.evaluation import submission_progress
from izlem.monitoring.selectors.owed import plan_rows, rows_owed
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.monitoring.tests.test_workflow import _fill_a1

pytestmark = pytest.mark.django_db


def _submitted(period, *schools, by=None):
    return [
        Submission.objects.create(
            period=period, entity=school, state=Submission.State.SUBMITTED, submitted_by=by
        )
        for school in schools
    ]


def _states(*submissions):
    return [Submission.objects.get(pk=s.pk).state for s in submissions]


def test_the_progress_table_counts_values_entered_against_rows_owed(world, period):
    _fill_a1(world, period)
    lines = {p.entity.pk: p for p in submission_progress(period, world.district_a)}
    a1 = lines[world.school_a1.pk]
    owed = len(rows_owed(period=period, entity=world.school_a1, rows=plan_rows(period.plan)))
    assert (a1.entered, a1.owed) == (2, owed) == (2, 2)
    a2 = lines[world.school_a2.pk]
    assert a2.entered == 0 and a2.owed == 2


def test_approving_chosen_submissions_approves_each_and_records_who(world, period):
    a1, a2 = _submitted(period, world.school_a1, world.school_a2)
    approved = workflow_services.submissions_approve_many(
        by=world.district_manager, period=period, ids=[a1.pk, a2.pk]
    )
    assert len(approved) == 2 and _states(a1, a2) == ["approved", "approved"]
    assert SubmissionEvent.objects.filter(to_state="approved", by=world.district_manager).count() == 2


def test_one_refused_choice_approves_nothing_and_names_the_school(world, period):
    a1, a2 = _submitted(period, world.school_a1, world.school_a2)
    Submission.objects.filter(pk=a2.pk).update(
        submitted_by=world.district_manager
    )  # their own: maker ≠ checker
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        workflow_services.submissions_approve_many(
            by=world.district_manager, period=period, ids=[a1.pk, a2.pk]
        )
    assert _states(a1, a2) == ["submitted", "submitted"]
    assert any(world.school_a2.name in message for message in caught.value.messages)
    assert not SubmissionEvent.objects.exists()


def test_a_submission_already_returned_refuses_the_whole_choice(world, period):
    a1, a2 = _submitted(period, world.school_a1, world.school_a2)
    workflow_services.submission_return(by=world.district_manager, submission=a2, comment="eksik")
    with pytest.raises(ValidationError):
        workflow_services.submissions_approve_many(
            by=world.district_manager, period=period, ids=[a1.pk, a2.pk]
        )
    assert _states(a1, a2) == ["submitted", "returned"]


def test_another_districts_submission_is_neither_approved_nor_named(world, period):
    (a1,) = _submitted(period, world.school_a1)
    (b1,) = _submitted(period, world.school_b1)
    with pytest.raises(ValidationError) as caught:
        workflow_services.submissions_approve_many(
            by=world.district_manager, period=period, ids=[a1.pk, b1.pk]
        )
    assert _states(a1, b1) == ["submitted", "submitted"]
    assert not any(world.school_b1.name in message for message in caught.value.messages)


def test_a_closed_period_approves_nothing(world, period):
    a1, a2 = _submitted(period, world.school_a1, world.school_a2)
    Period.objects.filter(pk=period.pk).update(state="closed")
    with pytest.raises(ValidationError):
        workflow_services.submissions_approve_many(
            by=world.district_manager, period=period, ids=[a1.pk, a2.pk]
        )
    assert _states(a1, a2) == ["submitted", "submitted"]


def test_the_page_offers_boxes_for_what_the_user_may_approve_and_approves_them(world, period, client):
    a1, a2 = _submitted(period, world.school_a1, world.school_a2)
    Submission.objects.filter(pk=a2.pk).update(submitted_by=world.district_manager)
    client.force_login(world.district_manager)
    url = reverse("monitoring:period-detail", args=[period.pk])
    page = client.get(url).content.decode()
    assert f'name="submission" value="{a1.pk}" form="approve-form"' in page
    assert f'value="{a2.pk}" form="approve-form"' not in page  # their own: no box
    assert "Seçilenleri onayla" in page and "Girilen değerler" in page
    response = client.post(
        reverse("monitoring:submissions-approve", args=[period.pk]), {"submission": [a1.pk]}
    )
    assert response.status_code == 302 and _states(a1, a2) == ["approved", "submitted"]


def test_the_filter_shows_only_lines_in_the_chosen_state(world, period, client):
    _submitted(period, world.school_a1)
    client.force_login(world.district_manager)
    url = reverse("monitoring:period-detail", args=[period.pk])
    waiting = client.get(url, {"state": "submitted"}).content.decode()
    drafts = client.get(url, {"state": "draft"}).content.decode()
    assert world.school_a1.name in waiting and world.school_a2.name not in waiting
    assert world.school_a2.name in drafts and world.school_a1.name not in drafts


@pytest.mark.parametrize("who", ["principal", "outsider", "teacher", "other_manager"])
def test_others_cannot_approve_and_nothing_changes(world, period, client, who):
    a1, a2 = _submitted(period, world.school_a1, world.school_a2)
    client.force_login(getattr(world, who))
    response = client.post(
        reverse("monitoring:submissions-approve", args=[period.pk]), {"submission": [a1.pk, a2.pk]}
    )
    assert response.status_code in (302, 404)
    assert _states(a1, a2) == ["submitted", "submitted"]
    assert not SubmissionEvent.objects.exists()


def test_values_entered_count_only_filled_values(world, period):
    submission = _fill_a1(world, period)
    ratio = submission.values.exclude(numerator=None).first().row
    entry_services.value_save(
        by=world.principal, submission=submission, row=ratio, numerator=None, denominator=None, note="yok"
    )
    lines = {p.entity.pk: p for p in submission_progress(period, world.district_a)}
    assert lines[world.school_a1.pk].entered == 1
