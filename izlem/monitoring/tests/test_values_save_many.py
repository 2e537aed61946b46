"""`services.values_save_many` creates the missing draft submissions in bulk, and copes with a concurrent one."""

from decimal import Decimal

from django.utils import translation

from izlem.monitoring.models import Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.plans.models import IndicatorRow


def _items(world):
    count = IndicatorRow.objects.get(indicator__code="1.1.2")
    return [
        entry_services.ValueInput(entity=school, row=count, value=Decimal(number))
        for number, school in enumerate((world.school_a1, world.school_a2, world.school_b1), start=10)
    ]


def test_missing_submissions_are_created_as_drafts_with_their_history(world, period):
    # when
    with translation.override("en"):
        results = entry_services.values_save_many(
            by=world.planning_officer, period=period, items=_items(world), via_bulk=True
        )
    # then
    assert [r.errors for r in results] == [[], [], []]
    submissions = Submission.objects.filter(period=period)
    assert sorted(s.state for s in submissions) == ["draft"] * 3
    assert Submission.history.filter(period=period, history_user=world.planning_officer).count() == 3
    assert sorted(Value.objects.filter(period=period).values_list("value", flat=True)) == [10, 11, 12]


def test_a_submission_created_meanwhile_falls_back_to_one_by_one(world, period, monkeypatch):
    # given: the bulk insert meets school A2's draft, made by another request after the read (here inside
    # the insert's savepoint, so it is rolled back with it: what matters is the unique-constraint error)
    original = entry_services.bulk_create_audited

    def racing(objs, model, **kwargs):
        if model is Submission:
            Submission.objects.create(period=period, entity=world.school_a2)
        return original(objs, model, **kwargs)

    monkeypatch.setattr(entry_services, "bulk_create_audited", racing)
    # when
    with translation.override("en"):
        results = entry_services.values_save_many(
            by=world.planning_officer, period=period, items=_items(world), via_bulk=True
        )
    # then: every value is written, with one submission per school
    assert [r.errors for r in results] == [[], [], []]
    assert Submission.objects.filter(period=period).count() == 3
    assert Value.objects.filter(period=period).count() == 3
    assert Submission.history.filter(period=period, history_user=None).count() == 3  # get_or_create's rows


def test_the_values_history_rows_are_those_simple_history_writes(world, period):
    """`bulk_create_audited` copies the history in SQL: the same rows as simple-history's own bulk path."""
    # when
    with translation.override("en"):
        entry_services.values_save_many(
            by=world.planning_officer, period=period, items=_items(world), via_bulk=True
        )
    # then: one "+" row a value, every tracked field equal to the value's, the user who uploaded
    values = Value.objects.filter(period=period)
    history = Value.history.filter(period=period)
    assert history.count() == values.count() == 3
    tracked = [field.attname for field in Value.history.model.tracked_fields]
    for value in values:
        row = history.get(id=value.pk)
        assert {name: getattr(row, name) for name in tracked} == {
            name: getattr(value, name) for name in tracked
        }
        assert (row.history_type, row.history_user_id, row.history_change_reason) == (
            "+",
            world.planning_officer.pk,
            "",
        )


def test_values_are_streamed_and_models_with_other_columns_are_not():
    """The upload's values can go in with COPY on PostgreSQL; a JSON column would need Django's preparation."""
    from izlem.core.audit import _streamable
    from izlem.org.models import Unit
    from izlem.plans.models import Plan

    assert _streamable(Value) and _streamable(Unit)
    assert not _streamable(Plan)  # it has a JSON column
