"""No lost updates: conflicting concurrent edits in threads on PostgreSQL (real row locks).

* many pairs of edits of the same value from the same version: one is saved, the other refused with a
  clear message (the optimistic version of `monitoring.services.value_save`);
* two approvers of one submission at once: exactly one state change;
* two province deciders of one Harezmi application at once: exactly one decision;
* two district reviewers forwarding one Harezmi application at once: exactly one forward;
* no stale-copy saves: writers of *different* fields of one row at once, each from a copy loaded before
  either acted (the school's Harezmi settings while the province announces; a deviation's explanation
  while its follow-up is noted; two planners changing different rules of a program year): every
  change survives.
SQLite serialises writers on the whole database, so the race cannot happen there: skipped.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from izlem.monitoring import services
from izlem.monitoring.models import Submission, SubmissionEvent, Value

PAIRS = 25
ROUNDS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite locks the whole database: no concurrent writers"
    ),
]
# The refusal of the loser of a Harezmi race: the row changed under it, or it read the new state already.
HAREZMI_REFUSALS = ("Someone else has just changed this record", "forwarded", "submitted")


def race(*calls):
    """Run the calls at the same moment in threads; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        from django.db import connection as thread_connection
        from django.utils import translation

        try:
            barrier.wait()
            with translation.override("en"):  # messages in the English source
                outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001  (the outcome is what the test looks at)
            outcomes[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_conflicting_value_edits_refuse_the_second(world, plan_data):
    # given school A1's count value
    value = Value.objects.get(entity=world.school_a1, row=plan_data.count_row)
    for pair in range(PAIRS):
        version = Value.objects.get(pk=value.pk).version

        def edit(number, version=version):
            return lambda: services.value_save(
                by=world.principal,
                submission=plan_data.school_submission,
                row=plan_data.count_row,
                value=Decimal(number),
                confirm_outlier=True,
                expected_version=version,
            )

        # when two edits from the same version arrive at once (numbers other than the stored one: saving
        # the stored numbers again writes nothing, so it cannot lose anything)
        first, second = race(edit(112 + pair), edit(132 + pair))
        # then exactly one is saved and the other is refused with a clear message
        saved = [o for o in (first, second) if isinstance(o, services.SaveResult) and not o.errors]
        refused = [o for o in (first, second) if isinstance(o, ValidationError)]
        assert len(saved) == 1 and len(refused) == 1, (first, second)
        assert "Someone else changed this value" in " ".join(refused[0].messages)
        stored = Value.objects.get(pk=value.pk)
        assert stored.version == version + 1 and stored.value == saved[0].value.value


def test_two_approvers_at_once_give_one_state_change(world, plan_data):
    submission = plan_data.school_submission
    services.submission_submit(by=world.principal, submission=submission)
    for _round in range(ROUNDS):
        Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
        events_before = SubmissionEvent.objects.filter(submission=submission).count()
        # when the district's top manager and planning officer approve at the same moment
        outcomes = race(
            lambda: services.submission_approve(by=world.district_manager, submission=submission),
            lambda: services.submission_approve(by=world.district_planner, submission=submission),
        )
        # then one approval happened, the other was refused
        assert sum(isinstance(o, Submission) for o in outcomes) == 1, outcomes
        assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
        assert SubmissionEvent.objects.filter(submission=submission).count() == events_before + 1
        assert Submission.objects.get(pk=submission.pk).state == Submission.State.APPROVED


def _submitted_application(world):
    """School A1's Harezmi application of a new program year, submitted to district A."""
    import datetime as dt

    from django.utils import timezone

    from izlem.harezmi import services as harezmi

    start = timezone.localdate() - dt.timedelta(days=60)
    year = harezmi.program_year_create(
        by=None,
        province=world.province,
        name="2025-2026",
        start_date=start,
        end_date=start + dt.timedelta(days=290),
        application_opens=start - dt.timedelta(days=100),
        application_closes=start - dt.timedelta(days=20),
        semester1_start=start,
        semester1_end=start + dt.timedelta(days=120),
        semester2_start=start + dt.timedelta(days=135),
        semester2_end=start + dt.timedelta(days=290),
    )
    application = harezmi.application_create(
        by=None, program_year=year, school=world.school_a1, requested_team_count=2, motivation="Gerekçe",
        today=start - dt.timedelta(days=95),
    )  # fmt: skip
    harezmi.application_submit(by=None, application=application, today=start - dt.timedelta(days=95))
    return application


def test_two_harezmi_deciders_at_once_give_one_decision(world):
    from izlem.harezmi import services as harezmi
    from izlem.harezmi.models import Application, ApplicationStep

    application = _submitted_application(world)
    harezmi.application_forward(by=None, application=application)
    for _round in range(ROUNDS):
        Application.objects.filter(pk=application.pk).update(state=Application.State.FORWARDED)
        steps_before = ApplicationStep.objects.filter(application=application).count()
        # when the province's top manager approves and its coordinator rejects at the same moment
        outcomes = race(
            lambda: harezmi.application_approve(
                by=world.province_manager,
                application=Application.objects.get(pk=application.pk),
                approved_team_count=2,
            ),
            lambda: harezmi.application_reject(
                by=world.province_coordinator,
                application=Application.objects.get(pk=application.pk),
                comment="Kontenjan dolu",
            ),
        )
        # then exactly one decision was taken
        assert sum(isinstance(o, Application) for o in outcomes) == 1, outcomes
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == 1 and any(r in refused[0].messages[0] for r in HAREZMI_REFUSALS), outcomes
        assert ApplicationStep.objects.filter(application=application).count() == steps_before + 1


def test_two_district_reviewers_forwarding_at_once_give_one_forward(world):
    from izlem.harezmi import services as harezmi
    from izlem.harezmi.models import Application, ApplicationStep

    application = _submitted_application(world)
    for _round in range(ROUNDS):
        Application.objects.filter(pk=application.pk).update(state=Application.State.SUBMITTED)
        forwards_before = ApplicationStep.objects.filter(
            application=application, state=Application.State.FORWARDED
        ).count()
        # when the district coordinator and the district's top manager forward at the same moment
        outcomes = race(
            *(
                lambda by=by: harezmi.application_forward(
                    by=by, application=Application.objects.get(pk=application.pk), comment=by.username
                )
                for by in (world.district_coordinator, world.district_manager)
            )
        )
        # then exactly one forward happened and the other reviewer was told why not
        assert sum(isinstance(o, Application) for o in outcomes) == 1, outcomes
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == 1 and any(r in refused[0].messages[0] for r in HAREZMI_REFUSALS), outcomes
        stored = Application.objects.get(pk=application.pk)
        winner = next(o for o in outcomes if isinstance(o, Application))
        assert stored.state == Application.State.FORWARDED and stored.reviewed_by == winner.reviewed_by
        assert stored.district_comment == winner.reviewed_by.username
        assert (
            ApplicationStep.objects.filter(application=application, state=Application.State.FORWARDED).count()
            == forwards_before + 1
        )


def _approved_application(world):
    """School A1's Harezmi application, approved and not yet announced."""
    from izlem.harezmi import services as harezmi

    application = _submitted_application(world)
    harezmi.application_forward(by=None, application=application)
    harezmi.application_approve(by=None, application=application, approved_team_count=2)
    return application


def test_school_settings_and_the_announcement_at_once_both_stay(world):
    from izlem.harezmi import services as harezmi
    from izlem.harezmi.models import Application

    application = _approved_application(world)
    for number in range(ROUNDS):
        Application.objects.filter(pk=application.pk).update(announced_at=None, unavailable_weekdays="")
        # given the school's settings page, loaded before the province announces
        copy = Application.objects.get(pk=application.pk)
        day = number % 5 + 1
        # when the school saves its settings while the province announces the results
        outcomes = race(
            lambda copy=copy, day=day: harezmi.application_settings_update(
                by=None, application=copy, unavailable_weekdays=[day]
            ),
            lambda: harezmi.application_results_announce(by=None, program_year=application.program_year),
        )
        # then both happened: the settings are saved and the result is announced (never offered again)
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        stored = Application.objects.get(pk=application.pk)
        assert stored.unavailable_weekdays == str(day) and stored.announced_at is not None, outcomes
        assert harezmi.application_results_announce(by=None, program_year=application.program_year) == 0


def test_explanation_and_follow_up_of_one_deviation_at_once_both_stay(world, plan_data):
    import datetime as dt

    from izlem.monitoring.models import Deviation

    deviation = plan_data.deviation
    for number in range(ROUNDS):
        Deviation.objects.filter(pk=deviation.pk).update(state="open", cause="", follow_up="")
        # given two pages of the same deviation, loaded before either saves
        first, second = (Deviation.objects.get(pk=deviation.pk) for _ in range(2))
        # when one explains it while the other notes the follow-up
        outcomes = race(
            lambda first=first, number=number: services.deviation_explain(
                by=world.planning_officer,
                deviation=first,
                cause=f"Neden {number}",
                corrective_action="Ek ödenek",
                action_owner="Strateji",
                action_due=dt.date(2099, 3, 1),
            ),
            lambda second=second, number=number: services.deviation_follow_up(
                by=world.planning_officer, deviation=second, done=False, note=f"Not {number}"
            ),
        )
        # then the explanation and the note are both stored
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        stored = Deviation.objects.get(pk=deviation.pk)
        assert (stored.cause, stored.follow_up) == (f"Neden {number}", f"Not {number}"), outcomes


def test_two_planners_changing_different_rules_of_a_year_at_once_both_stay(world):
    from izlem.harezmi import services as harezmi
    from izlem.harezmi.models import ProgramYear

    year = _submitted_application(world).program_year
    for number in range(ROUNDS):
        # given two copies of the year, loaded before either planner saves
        first, second = (ProgramYear.objects.get(pk=year.pk) for _ in range(2))
        # when one changes the last lesson while the other changes the district coordinator's load
        outcomes = race(
            lambda first=first, number=number: harezmi.program_year_update(
                by=None, program_year=first, last_lesson=5 + number % 3
            ),
            lambda second=second, number=number: harezmi.program_year_update(
                by=None, program_year=second, schools_per_district_coordinator=10 + number
            ),
        )
        # then both rules changed
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        stored = ProgramYear.objects.get(pk=year.pk)
        assert (stored.last_lesson, stored.schools_per_district_coordinator) == (5 + number % 3, 10 + number)
