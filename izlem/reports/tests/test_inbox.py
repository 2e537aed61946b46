"""The task inbox: every open period, returned work first, only what the user may do, in few queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from izlem.monitoring.models import Deviation, Period, Submission, SubmissionEvent
from izlem.org.models import Unit
from izlem.plans.models import IndicatorRow
from izlem.reports.inbox import APPROVE, ENTRY, EXPLAIN, PUBLISHED, RETURNED, inbox_for
from izlem.reports.models import Publication, ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Titles compared in the source language whichever catalogue is compiled (pages are checked in Turkish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def later(small_plan):
    """A second open period (2017 H1) beside the 2016 year-end one."""
    return Period.objects.create(
        plan=small_plan,
        year=2017,
        half="H1",
        open_date=dt.date(2017, 6, 1),
        school_due=dt.date(2017, 7, 10),
        district_due=dt.date(2017, 7, 20),
        state="open",
    )


def _returned(period, entity, by, comment):
    submission = Submission.objects.create(period=period, entity=entity, state=Submission.State.RETURNED)
    SubmissionEvent.objects.create(
        submission=submission, from_state="submitted", to_state="returned", comment=comment, by=by
    )
    return submission


def kinds(tasks):
    return [task.kind for task in tasks]


def test_a_return_in_an_older_open_period_stays_in_the_principals_inbox_first(world, period, later):
    # given: 2016-H2 returned with a comment while 2017-H1 is open too
    _returned(period, world.school_a1, world.district_manager, "2.1.9: öğrenci sayısı eksik")
    # when
    tasks = inbox_for(world.principal)
    # then: the returned work first, with its comment and its entry page, then the new period's entry
    assert kinds(tasks) == [RETURNED, ENTRY]
    assert "2.1.9: öğrenci sayısı eksik" in tasks[0].detail
    assert tasks[0].url == reverse("monitoring:entry", args=[period.pk, world.school_a1.pk])
    assert tasks[1].url == reverse("monitoring:entry", args=[later.pk, world.school_a1.pk])
    assert tasks[1].due == later.school_due and tasks[1].overdue


def test_submitted_and_approved_work_leaves_the_inbox(world, period):
    Submission.objects.create(period=period, entity=world.school_a1, state=Submission.State.SUBMITTED)
    assert inbox_for(world.principal) == []
    Submission.objects.filter(period=period).update(state=Submission.State.APPROVED)
    assert inbox_for(world.principal) == []


def test_a_closed_period_asks_for_no_entry(world, period):
    Period.objects.filter(pk=period.pk).update(state="closed")
    assert inbox_for(world.principal) == []


def test_the_district_director_sees_approvals_of_every_open_period_but_not_their_own_or_another_district(
    world, period, later
):
    for p in (period, later):
        Submission.objects.create(period=p, entity=world.school_a1, state=Submission.State.SUBMITTED)
        Submission.objects.create(period=p, entity=world.school_b1, state=Submission.State.SUBMITTED)
    Submission.objects.create(
        period=period,
        entity=world.school_a2,
        state=Submission.State.SUBMITTED,
        submitted_by=world.district_manager,
    )
    tasks = inbox_for(world.district_manager)
    approvals = [t for t in tasks if t.kind == APPROVE]
    # one school of their district per period (school_a2 was submitted by them: separation of duties),
    # the earliest due first
    assert [(t.url, t.title) for t in approvals] == [
        (reverse("monitoring:period-detail", args=[later.pk]), "1 submission waits for your decision"),
        (reverse("monitoring:period-detail", args=[period.pk]), "1 submission waits for your decision"),
    ]
    assert {t.detail for t in inbox_for(world.outsider) if t.kind == APPROVE} == {str(period), str(later)}
    assert [t.kind for t in inbox_for(world.teacher)] == []


def test_deviations_of_every_period_reach_the_units_manager_and_planning_officers_only(world, period, later):
    row = IndicatorRow.objects.filter(indicator__plan=period.plan).order_by("pk").first()
    temel = Unit.objects.get(code="temel-egitim")
    Deviation.objects.create(period=period, row=row, unit=temel)
    Deviation.objects.create(period=later, row=row, unit=temel)
    other = IndicatorRow.objects.filter(indicator__plan=period.plan).order_by("-pk").first()
    Deviation.objects.create(period=later, row=other, unit=Unit.objects.get(code="strateji"))
    Deviation.objects.create(period=period, row=other, unit=temel, state=Deviation.State.EXPLAINED)
    # the 2016 period closed: its open deviation still waits
    Period.objects.filter(pk=period.pk).update(state="closed")

    mine = [t for t in inbox_for(world.unit_manager) if t.kind == EXPLAIN]
    assert sorted(t.title for t in mine) == ["1 deviation waits for your explanation"] * 2
    officer = [t for t in inbox_for(world.planning_officer) if t.kind == EXPLAIN]
    assert sorted(t.title for t in officer) == [
        "1 deviation waits for your explanation",
        "2 deviations wait for your explanation",
    ]
    for user in (world.principal, world.district_manager, world.province_manager, world.stakeholder):
        assert EXPLAIN not in kinds(inbox_for(user))


def test_a_stakeholder_gets_the_reports_published_for_them(world, period):
    job = ReportJob.objects.create(kind="year_end", period=period, node=world.province, fingerprint="x")
    Publication.objects.create(job=job, title="2016 yıl sonu raporu", data={}, node=world.province)
    revoked = Publication.objects.create(job=job, title="Geri çekilen", data={}, node=world.province)
    Publication.objects.filter(pk=revoked.pk).update(revoked_at=dt.datetime(2017, 1, 1, tzinfo=dt.UTC))
    tasks = inbox_for(world.stakeholder)
    assert [(t.kind, t.title) for t in tasks] == [(PUBLISHED, "2016 yıl sonu raporu")]
    assert inbox_for(world.other_manager) == []


def test_every_inbox_link_opens_for_its_user(world, period, later, client):
    _returned(period, world.school_a1, world.district_manager, "eksik")
    Submission.objects.create(period=later, entity=world.school_a2, state=Submission.State.SUBMITTED)
    Deviation.objects.create(
        period=period,
        row=IndicatorRow.objects.filter(indicator__plan=period.plan).first(),
        unit=Unit.objects.get(code="temel-egitim"),
    )
    for user in (world.principal, world.district_manager, world.unit_manager, world.planning_officer):
        tasks = inbox_for(user)
        assert tasks, user
        client.force_login(user)
        for task in tasks:
            assert client.get(task.url).status_code == 200, (user, task)


def test_the_home_page_shows_the_inbox_in_turkish(world, period, client):
    _returned(period, world.school_a1, world.district_manager, "2.1.9 eksik")
    client.force_login(world.principal)
    page = client.get(reverse("home")).content.decode()
    assert "Sizi bekleyenler" in page and "Düzeltme için geri gönderildi" in page and "2.1.9 eksik" in page


def test_the_inbox_costs_the_same_queries_for_one_period_or_five(
    world, small_plan, django_assert_max_num_queries
):
    for year in range(2015, 2020):
        p = Period.objects.create(
            plan=small_plan,
            year=year,
            half="H1",
            open_date=dt.date(year, 6, 1),
            school_due=dt.date(year, 7, 1),
            district_due=dt.date(year, 7, 2),
            state="open",
        )
        Submission.objects.create(period=p, entity=world.school_b1, state=Submission.State.SUBMITTED)
    world.province_manager._izlem_assignments = None
    with django_assert_max_num_queries(16):
        tasks = inbox_for(world.province_manager)
    assert len([t for t in tasks if t.kind == APPROVE]) == 0  # schools are decided by their district
    with django_assert_max_num_queries(16):
        assert len([t for t in inbox_for(world.outsider) if t.kind == APPROVE]) == 5
