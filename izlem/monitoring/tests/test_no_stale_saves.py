"""No stale-copy saves in the monitoring services.

Each test holds a copy of a row, lets someone else change another field of it in the database, then runs
the service with the old copy: both changes must be there afterwards.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from izlem.monitoring import computed
from izlem.monitoring.models import Deviation, MeasureProgress, Value
from izlem.monitoring.services import deviations as deviations_services
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import measures as measures_services
from izlem.org.models import Unit
from izlem.plans.models import IndicatorRow, Measure, MeasureUnit
from izlem.plans.record_sources import source_choices


def test_deviation_explain_keeps_a_follow_up_saved_from_another_copy(world, period):
    # given a deviation whose page the unit opened, then a follow-up note saved from another page
    row = IndicatorRow.objects.get(indicator__code="1.1.3")
    deviation = Deviation.objects.create(period=period, row=row, unit=Unit.objects.get(code="strateji"))
    copy = Deviation.objects.get(pk=deviation.pk)
    Deviation.objects.filter(pk=deviation.pk).update(
        follow_up="İl toplantısında görüşüldü", rate=Decimal("-5")
    )
    # when the explanation is saved from the first page
    deviations_services.deviation_explain(
        by=world.planning_officer,
        deviation=copy,
        cause="Ödenek gecikti",
        corrective_action="Ek ödenek talebi",
        action_owner="Strateji Geliştirme",
        action_due=dt.date(2099, 3, 1),
    )
    # then the explanation and the other page's note are both there
    stored = Deviation.objects.get(pk=deviation.pk)
    assert (stored.state, stored.cause) == ("explained", "Ödenek gecikti")
    assert (stored.follow_up, stored.rate) == ("İl toplantısında görüşüldü", Decimal("-5.00"))


def test_measure_progress_save_keeps_the_evidence_attached_meanwhile(world, period, small_plan):
    measure = Measure.objects.create(
        plan=small_plan, target=small_plan.targets.get(), number=1, text="Okul öncesi kampanyası"
    )
    MeasureUnit.objects.create(measure=measure, role="main", unit=Unit.objects.get(code="temel-egitim"))
    progress = MeasureProgress.objects.create(
        period=period, measure=measure, status="in_progress", percent=40
    )
    MeasureProgress.objects.filter(pk=progress.pk).update(evidence="evidence/2016/rapor.pdf")
    measures_services.measure_progress_save(
        by=world.planning_officer,
        period=period,
        measure=measure,
        status="in_progress",
        percent=60,
        note="Sürüyor",
    )
    stored = MeasureProgress.objects.get(pk=progress.pk)
    assert (stored.percent, stored.note, stored.evidence.name) == (60, "Sürüyor", "evidence/2016/rapor.pdf")


def test_value_save_keeps_what_it_does_not_own_and_steps_the_version(world, period):
    # given school A1's count value
    row = IndicatorRow.objects.get(indicator__code="1.1.2")
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    entry_services.value_save(by=world.principal, submission=submission, row=row, value=Decimal(110))
    value = Value.objects.get(entity=world.school_a1, row=row)
    Value.objects.filter(pk=value.pk).update(computed=True)
    # when the principal corrects it
    entry_services.value_save(
        by=world.principal, submission=submission, row=row, value=Decimal(112), expected_version=value.version
    )
    # then the value changed, its version stepped once, and the flag it does not write stayed
    stored = Value.objects.get(pk=value.pk)
    assert (stored.value, stored.version, stored.computed) == (Decimal(112), value.version + 1, True)


def test_computed_refresh_keeps_the_note_and_steps_the_version(world, period):
    # given a typed value with its note, on a row then bound to a record source
    row = IndicatorRow.objects.get(indicator__code="1.1.2")
    submission = entry_services.submission_get_or_create(period=period, entity=world.school_a1)
    before = Value.objects.create(
        period=period, entity=world.school_a1, submission=submission, row=row, value=Decimal(7), note="Elle"
    )
    row.indicator.computed_source = source_choices()[1][0]
    row.indicator.save(update_fields=["computed_source"])
    # when the bound rows are recomputed
    computed.computed_refresh(period=period, entities=[world.school_a1])
    # then the value is the computed one, the note stays and the version stepped once
    stored = Value.objects.get(pk=before.pk)
    assert stored.computed and stored.note == "Elle" and stored.version == before.version + 1
