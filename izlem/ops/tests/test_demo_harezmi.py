"""The Harezmi demo: every application state, teams, changes, students, an unbalanced week; idempotent."""

import datetime as dt
from collections import Counter

import pytest

from izlem.harezmi import balancing, selectors
from izlem.harezmi.models import (
    Announcement,
    Application,
    AssignedTask,
    Cooperation,
    CoordinatorAppointment,
    OfficialDocument,
    ParentalConsent,
    ParentMeeting,
    ResearchReport,
    Student,
    TeacherAssignment,
    Team,
)
from izlem.ops.demo.harezmi.year import load_demo_harezmi
from izlem.org.models import OrgNode, User

# Like every Harezmi test (izlem/harezmi/tests/conftest.py): uploads in a temporary folder, English texts.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")

# The day the demo's scenes were written for: the middle of 2025-2026's second semester.
AS_OF = dt.date(2026, 2, 27)


def _counts():
    return tuple(
        m.objects.count()
        for m in (Application, Team, TeacherAssignment, Student, CoordinatorAppointment, User)
    )


def test_demo_harezmi_is_complete_and_idempotent(db, settings, tmp_path):
    # given the organisation and the demo users
    settings.MEDIA_ROOT = tmp_path
    from izlem.ops.demo.org import org_rows
    from izlem.ops.demo.people import ensure_demo_users
    from izlem.org.importers import org_import_rows

    org_import_rows(org_rows())
    ensure_demo_users()
    # when loaded twice
    year = load_demo_harezmi(today=AS_OF)
    first = _counts()
    assert load_demo_harezmi(today=AS_OF) == year and _counts() == first
    # then: about 30 schools with applications in every state
    assert Application.objects.count() == 30
    assert set(Application.objects.values_list("state", flat=True)) == set(Application.State.values)
    # every decided result stays announced (the schools' settings saved later once wiped announced_at)
    decided = Application.objects.filter(state__in=Application.DECIDED_STATES)
    assert decided.exists() and not decided.filter(announced_at__isnull=True).exists()
    # teachers joining (approved, waiting, refused) and leaving (reported, waiting)
    states = Counter(TeacherAssignment.objects.filter(is_initial=False).values_list("state", flat=True))
    assert states["active"] >= 2 and states["pending_approval"] == 1 and states["refused"] == 1
    assert TeacherAssignment.objects.filter(state="ended").count() == 2
    assert TeacherAssignment.objects.filter(state="departure_pending").count() == 1
    # duties: tasks (one overdue, one done), two announcements, two cooperations, a district report
    tasks = AssignedTask.objects.filter(program_year=year)
    assert sum(task.is_overdue for task in tasks) >= 1 and tasks.filter(state="done").count() == 1
    assert Announcement.objects.filter(program_year=year).count() == 2
    assert Cooperation.objects.filter(program_year=year).count() == 2
    report = ResearchReport.objects.get(program_year=year)
    assert report.node.kind == "district" and report.file
    # the demo teacher has a team at their school
    assert TeacherAssignment.objects.filter(teacher__username="ogretmen", state="active").exists()
    # students with and without consent
    assert Student.objects.with_consent().exists() and Student.objects.without_consent().exists()
    # and a deliberately unbalanced Merkez week that the proposal balances
    merkez = OrgNode.objects.get(kind="district", code="2401")
    week = selectors.district_week(year, merkez)
    proposal = selectors.district_proposal(week)
    assert proposal.feasible and proposal.max_before >= 2 * proposal.max_after - 1
    assert proposal.max_after == proposal.lower_bound
    assert week.problems() and not balancing.violations(week.sessions, proposal.assignment)
    # every date of the approval chain is by today, in order and inside the program year
    today = AS_OF
    assert not OfficialDocument.objects.filter(date__gt=today).exists()
    for assignment in TeacherAssignment.objects.exclude(approval=None).select_related("petition", "approval"):
        assert assignment.petition.date <= assignment.approval.date <= assignment.start_date <= year.end_date
        assert year.application_opens <= assignment.approval.cites.date <= assignment.approval.date
    for assignment in TeacherAssignment.objects.exclude(departure_letter=None):
        assert assignment.departure_petition.date <= assignment.departure_letter.date <= today
    for appointment in CoordinatorAppointment.objects.exclude(start_letter=None):
        assert appointment.petition.date <= appointment.start_letter.date <= appointment.start_date
    window = (year.application_opens, min(year.end_date, today))
    assert not ParentalConsent.objects.exclude(given_on__range=window).exists()
    assert not ParentMeeting.objects.exclude(held_on__range=window).exists()
    # the strategy office has evaluated some letters and others wait; the supervisors were told (issue 19)
    from izlem.core.models import Notification
    from izlem.harezmi.models import LetterEvaluation

    letters = OfficialDocument.objects.letters_to_province(year)
    assert LetterEvaluation.objects.filter(evaluated_by__username="strateji").exists()
    assert letters.filter(evaluation__isnull=True).exists()
    for username in ("harezmi.sorumlusu", "ilce.harezmi.sorumlusu", "strateji"):
        assert Notification.objects.filter(recipient__username=username).exists(), username
