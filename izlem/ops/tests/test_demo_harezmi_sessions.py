"""The demo's half year of sessions, absences and field visits: realistic shares, and idempotent."""

import datetime as dt

import pytest

from izlem.harezmi.models import (
    Absence,
    FollowUp,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Team,
    Visit,
    VisitPlan,
)
from izlem.harezmi.selectors import sessions as selectors_sessions
from izlem.harezmi.selectors import visits as selectors_visits
from izlem.ops.demo.harezmi.sessions import load_demo_sessions
from izlem.ops.demo.harezmi.year import load_demo_harezmi

# Like every Harezmi test (izlem/harezmi/tests/conftest.py): uploads in a temporary folder, English texts.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")

D = dt.date
# The day the demo's scenes were written for: the middle of 2025-2026's second semester.
AS_OF = D(2026, 2, 27)


def _counts():
    return tuple(
        m.objects.count()
        for m in (
            Session,
            SessionTeacherAttendance,
            SessionStudentAttendance,
            Absence,
            VisitPlan,
            Visit,
            FollowUp,
        )
    )


def test_demo_sessions_are_realistic_and_idempotent(db, settings, tmp_path):
    # given the organisation, the demo users and the demo year (which loads the sessions once)
    settings.MEDIA_ROOT = tmp_path
    from izlem.ops.demo.org import org_rows
    from izlem.ops.demo.people import ensure_demo_users
    from izlem.org.importers import org_import_rows

    org_import_rows(org_rows())
    ensure_demo_users()
    year = load_demo_harezmi(today=AS_OF)
    first = _counts()
    # when loaded again (the whole demo, and the sessions part alone)
    load_demo_harezmi(today=AS_OF)
    import random

    load_demo_sessions(year, random.Random(1), today=AS_OF)
    # then nothing is duplicated
    assert _counts() == first
    # most planned weeks of the first semester are held; some are gaps; a few plans changed
    end = year.semester1_end
    figures = selectors_sessions.session_figures(
        Team.objects.filter(program_year=year), year.start_date, end, today=end
    )
    assert figures.planned > 300
    assert 0.8 < figures.held_in_planned / figures.planned < 0.95
    assert figures.gaps > 10 and figures.not_held > 5 and 3 <= figures.plan_changes <= 8
    assert 85 < figures.student_attendance < 96 and 85 < figures.teacher_attendance < 100
    assert (
        Session.objects.filter(
            plan_changed=True, coordinator_notified_at__isnull=False, week_start__lte=end
        ).count()
        == figures.plan_changes
    )
    # the year holds MEB's breaks and holidays of 2025-2026, and no session or visit falls in one
    breaks = {(h.name, h.first_day, h.last_day) for h in year.holidays.all()}
    assert ("Birinci dönem ara tatili", D(2025, 11, 10), D(2025, 11, 14)) in breaks
    assert ("Yarıyıl tatili", D(2026, 1, 19), D(2026, 1, 30)) in breaks
    assert ("İkinci dönem ara tatili", D(2026, 3, 16), D(2026, 3, 20)) in breaks
    assert ("Cumhuriyet Bayramı", D(2025, 10, 29), D(2025, 10, 29)) in breaks
    closed = selectors_sessions.closed_days(year)
    assert not Session.objects.filter(week_start=D(2025, 11, 10)).exists()
    assert not any(
        day in closed for day in Session.objects.exclude(held_on=None).values_list("held_on", flat=True)
    )
    assert not any(day in closed for day in Visit.objects.values_list("visited_on", flat=True))
    # absences are shown on the sessions they cover
    assert Absence.objects.filter(program_year=year).count() >= 10
    assert SessionTeacherAttendance.objects.filter(absence__isnull=False, present=False).exists()
    # monthly and weekly plans, visits mostly as planned, some unplanned, follow-ups open and done
    assert set(VisitPlan.objects.values_list("span", flat=True)) == {"month", "week"}
    rows = selectors_visits.planned_vs_done(VisitPlan.objects.all(), Visit.objects.all())
    planned = sum(r.planned for r in rows)
    done = sum(r.done_planned for r in rows)
    assert planned > 50 and 0.7 < done / planned < 0.95
    assert sum(r.unplanned for r in rows) > 0
    assert (
        FollowUp.objects.filter(done_on__isnull=False).exists()
        and FollowUp.objects.filter(done_on=None).exists()
    )
