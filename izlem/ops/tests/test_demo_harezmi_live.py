"""The demo built on any day shows the school year containing that day, live: held up to it, nothing after."""

import datetime as dt

import pytest

from izlem.harezmi import meb_calendar
from izlem.harezmi.models import Absence, Meeting, OfficialDocument, Session, Visit
from izlem.harezmi.selectors import sessions as selectors_sessions
from izlem.ops.demo.harezmi.year import load_demo_harezmi

# Like every Harezmi test (izlem/harezmi/tests/conftest.py): uploads in a temporary folder, English texts.
pytestmark = pytest.mark.usefixtures("temporary_media", "english_texts")

D = dt.date


def test_demo_built_in_december_shows_a_live_year(db, settings, tmp_path):
    # given the organisation and the demo users
    settings.MEDIA_ROOT = tmp_path
    from izlem.ops.demo.org import org_rows
    from izlem.ops.demo.people import ensure_demo_users
    from izlem.org.importers import org_import_rows

    org_import_rows(org_rows())
    ensure_demo_users()
    # when the demo is built on a Monday of December 2026
    today = D(2026, 12, 7)
    year = load_demo_harezmi(today=today)
    # then its year is 2026-2027 with that year's MEB calendar, and it is not over
    meb = meb_calendar.school_year(2026)
    assert year.name == "2026-2027" and year.start_date == meb.semester1_start == D(2026, 9, 14)
    assert year.start_date <= today < year.end_date
    assert year.holidays.filter(name="Birinci dönem ara tatili", first_day=D(2026, 11, 9)).exists()
    # sessions are held up to this week and none after today
    held = Session.objects.filter(team__program_year=year).exclude(held_on=None)
    days = list(held.values_list("held_on", flat=True))
    assert days and min(days) >= year.start_date and max(days) <= today
    assert max(days) >= today - dt.timedelta(days=7)
    assert not Session.objects.filter(week_start__gt=today).exists()
    weeks = {monday for monday in Session.objects.values_list("week_start", flat=True)}
    assert len(weeks) >= 10
    # and none in a break or on a holiday (the first-term break holds no session)
    closed = selectors_sessions.closed_days(year)
    assert not any(day in closed for day in days)
    assert not Session.objects.filter(week_start=D(2026, 11, 9)).exists()
    # nothing else is dated after today either
    assert Visit.objects.exists() and not Visit.objects.filter(visited_on__gt=today).exists()
    assert Meeting.objects.exists() and not Meeting.objects.filter(held_on__gt=today).exists()
    assert not Absence.objects.filter(ends_on__gt=today).exists()
    assert not OfficialDocument.objects.filter(date__gt=today).exists()


def test_demo_built_in_august_shows_the_coming_year_before_it_starts(db, settings, tmp_path):
    # given the organisation and the demo users
    settings.MEDIA_ROOT = tmp_path
    from izlem.harezmi.models import Application, Team
    from izlem.ops.demo.org import org_rows
    from izlem.ops.demo.people import ensure_demo_users
    from izlem.org.importers import org_import_rows

    org_import_rows(org_rows())
    ensure_demo_users()
    # when the demo is built in August, between two school years
    today = D(2026, 8, 10)
    year = load_demo_harezmi(today=today)
    # then it shows the coming year: applications decided and teams formed, nothing held yet
    assert year.name == "2026-2027" and today < year.start_date
    assert Application.objects.filter(state=Application.State.APPROVED).exists()
    assert Team.objects.filter(program_year=year).exists()
    assert not Session.objects.exists() and not Visit.objects.exists() and not Meeting.objects.exists()
    assert not OfficialDocument.objects.filter(date__gt=today).exists()
