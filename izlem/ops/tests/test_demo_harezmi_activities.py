"""The demo's meetings, trainings, needs, material support, projects, events and awards; idempotent."""

import datetime as dt
from collections import Counter

import pytest

from izlem.harezmi.models import (
    Activity,
    Award,
    MaterialDelivery,
    MaterialRequest,
    Meeting,
    MeetingAttendee,
    Project,
    Training,
    TrainingNeed,
    TrainingParticipant,
)
from izlem.harezmi.selectors import materials as selectors_materials
from izlem.harezmi.selectors import meetings as selectors_meetings
from izlem.harezmi.selectors import projects as selectors_projects
from izlem.harezmi.selectors import trainings as selectors_trainings
from izlem.ops.demo.harezmi.activities import load_demo_activities
from izlem.ops.demo.harezmi.year import load_demo_harezmi

# Like every Harezmi test (izlem/harezmi/tests/conftest.py): uploads in a temporary folder, English texts.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")

# The day the demo's scenes were written for: the middle of 2025-2026's second semester.
AS_OF = dt.date(2026, 2, 27)


def _counts():
    models = (
        Meeting,
        MeetingAttendee,
        Training,
        TrainingParticipant,
        TrainingNeed,
        MaterialRequest,
        MaterialDelivery,
        Project,
        Activity,
        Award,
    )
    return tuple(model.objects.count() for model in models)


def test_demo_activities_are_realistic_and_idempotent(db, settings, tmp_path):
    # given the organisation, the demo users and the demo year (which loads the activities)
    settings.MEDIA_ROOT = tmp_path
    import random

    from izlem.ops.demo.org import org_rows
    from izlem.ops.demo.people import ensure_demo_users
    from izlem.org.importers import org_import_rows

    org_import_rows(org_rows())
    ensure_demo_users()
    year = load_demo_harezmi(today=AS_OF)
    first = _counts()
    # when loaded again (both ways)
    load_demo_harezmi(today=AS_OF)
    load_demo_activities(year, random.Random(1), today=AS_OF)
    # then nothing is duplicated
    assert _counts() == first
    # meetings of every kind but "other", with attendance, some linked to the calendar
    kinds = selectors_meetings.meeting_counts(Meeting.objects.all())
    assert kinds["process_management"] == 6 and kinds["experience_sharing"] == 1
    assert kinds["school_pre"] == kinds["school_post"] >= 4
    assert Meeting.objects.filter(calendar_event__isnull=False).count() >= 6
    rates = selectors_meetings.attendance_rates(Meeting.objects.all())
    assert rates and any(row.rate < 100 for row in rates) and any(row.present for row in rates)
    # trainings with completions; the Harezmi ones recorded the qualifying completion
    states = Counter(TrainingParticipant.objects.values_list("state", flat=True))
    assert states["completed"] > 20 and states["dropped"] >= 1 and states["enrolled"] >= 1
    harezmi_done = TrainingParticipant.objects.filter(training__kind="harezmi", state="completed")
    assert harezmi_done.exists() and not harezmi_done.filter(completion__isnull=True).exists()
    assert selectors_trainings.trainings_held(Training.objects.all(), topic="occupational_safety") == 1
    # needs, some met
    assert TrainingNeed.objects.count() >= 10 and TrainingNeed.objects.filter(met_by__isnull=False).exists()
    # material support in every state; deliveries never above the approved quantity
    assert set(MaterialRequest.objects.values_list("state", flat=True)) == set(MaterialRequest.State.values)
    for request in selectors_materials.requests_for_list(MaterialRequest.objects.all()):
        assert request.delivered <= (request.approved_quantity or 0)
        assert (request.state == "delivered") == (request.delivered == request.approved_quantity)
    rows, total = selectors_materials.material_holdings(MaterialRequest.objects.all())
    assert rows and total.total == sum(MaterialDelivery.objects.values_list("quantity", flat=True))
    # projects with mobility, events and awards
    assert selectors_projects.projects_by_programme(Project.objects.all())["etwinning"] == 3
    mobility = selectors_projects.mobility_totals(Project.objects.all())
    assert mobility["student_mobility"] > 0 and mobility["teacher_mobility"] > 0
    assert Activity.objects.count() == 4 and Award.objects.count() >= 4
