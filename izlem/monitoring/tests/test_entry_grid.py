"""The entry grid: a line saved on change answers with its state; the grid's submit saves what is pending.

The submit's guarantee is the server's: the form carries every line, so values the page's script did
not save are saved in the submitting request, or the request is refused naming the line.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.services import entry as entry_services
from izlem.org.models import Role
from izlem.plans.models import Indicator, IndicatorRow
from tests.support.world import make_user


def _count_row():
    return IndicatorRow.objects.get(indicator__code="1.1.2")


def _rate_row():
    return IndicatorRow.objects.get(indicator__code="1.1.1", level="middle")


def _save_url(period, world, row):
    return reverse("monitoring:value-save", args=[period.pk, world.school_a1.pk, row.pk])


def _line(row, version=0, **fields):
    """The grid's form fields of one line."""
    data = {f"line-{row.pk}-version": str(version)}
    data.update({f"line-{row.pk}-{name}": value for name, value in fields.items()})
    return data


def _submission(world, period):
    return entry_services.submission_get_or_create(period=period, entity=world.school_a1)


def _earlier_value(world, period, row, value=None, **numbers):
    """A closed earlier period with the school's value of `row` (the history an outlier is judged by)."""
    earlier = Period.objects.create(
        plan=period.plan,
        year=2016,
        half="H1",
        open_date=dt.date(2016, 6, 1),
        school_due=dt.date(2016, 7, 10),
        district_due=dt.date(2016, 7, 20),
        state="open",
    )
    entry_services.value_save(
        by=world.principal,
        submission=entry_services.submission_get_or_create(period=earlier, entity=world.school_a1),
        row=row,
        value=Decimal(value) if value is not None else None,
        **{name: Decimal(number) for name, number in numbers.items()},
    )
    Period.objects.filter(pk=earlier.pk).update(state="closed")


# --- a line saved on change (htmx) -------------------------------------------------------------------
def test_a_line_saved_by_htmx_answers_with_its_state_rate_and_new_version(world, period, client):
    client.force_login(world.principal)
    row = _rate_row()
    response = client.post(
        _save_url(period, world, row), _line(row, numerator="225", denominator="320"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="state-{row.pk}" hx-swap-oob="true"' in html and 'data-state="saved"' in html
    assert "%70,3" in html  # 225/320 = 70,3125 %
    assert f'name="line-{row.pk}-version" form="entry-form" value="1"' in html
    assert (
        'name="line-' + str(row.pk) + '-numerator"' not in html
    )  # the cells being typed in are not replaced
    value = Value.objects.get(row=row, entity=world.school_a1)
    assert (value.numerator, value.denominator, value.version) == (Decimal(225), Decimal(320), 1)


def test_a_refused_line_answers_with_the_error_state_and_saves_nothing(world, period, client):
    client.force_login(world.principal)
    row = _rate_row()
    response = client.post(
        _save_url(period, world, row), _line(row, numerator="60", denominator="50"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'data-state="error"' in html and 'role="alert"' in html and f'id="msg-{row.pk}"' in html
    assert not Value.objects.exists()


def test_a_line_based_on_an_old_version_is_refused_in_its_cell(world, period, client):
    # given the value saved once (version 1) and changed by someone else since (version 2)
    client.force_login(world.principal)
    row = _count_row()
    client.post(_save_url(period, world, row), _line(row, 0, value="10"), HTTP_HX_REQUEST="true")
    client.post(_save_url(period, world, row), _line(row, 1, value="11"), HTTP_HX_REQUEST="true")
    # when a page that read version 1 saves its line
    response = client.post(_save_url(period, world, row), _line(row, 1, value="12"), HTTP_HX_REQUEST="true")
    # then the cell shows the conflict and the value is the other person's
    html = response.content.decode()
    assert 'data-state="error"' in html and "sayfayı yenileyiniz" in html
    value = Value.objects.get(row=row)
    assert (value.value, value.version) == (Decimal(11), 2)


def test_resaving_an_unchanged_value_asks_no_confirmation_and_writes_nothing(world, period):
    # given 225/320 (70 %) saved with its confirmation after 128/320 (40 %) last time
    row = _rate_row()
    _earlier_value(world, period, row, numerator="128", denominator="320")
    submission = _submission(world, period)
    numbers = {"numerator": Decimal(225), "denominator": Decimal(320)}
    assert entry_services.value_save(
        by=world.principal, submission=submission, row=row, **numbers
    ).needs_confirmation
    first = entry_services.value_save(
        by=world.principal, submission=submission, row=row, note="Taşımalı", confirm_outlier=True, **numbers
    )
    assert first.value.version == 1
    # when the same numbers are saved again (225,0000 is 225), without ticking the confirmation
    again = entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=row,
        numerator=Decimal("225.0000"),
        denominator=Decimal(320),
        note="Taşımalı",
        expected_version=1,
    )
    # then nothing is asked and nothing is written
    assert again.errors == [] and again.needs_confirmation is None
    value = Value.objects.get(row=row, period=period)
    assert (value.version, value.outlier_confirmed) == (1, True)


def test_an_unchanged_unusual_value_is_not_asked_again_when_its_note_changes(world, period):
    # given 999 confirmed with a note against a last value of 100
    row = _count_row()
    _earlier_value(world, period, row, "100")
    submission = _submission(world, period)
    asked = entry_services.value_save(by=world.principal, submission=submission, row=row, value=Decimal(999))
    assert asked.needs_confirmation and asked.value is None
    entry_services.value_save(
        by=world.principal,
        submission=submission,
        row=row,
        value=Decimal(999),
        note="Yeni bina açıldı",
        confirm_outlier=True,
    )
    # when the value is saved again unchanged, with another note and without ticking the confirmation
    result = entry_services.value_save(
        by=world.principal, submission=submission, row=row, value=Decimal(999), note="Yeni bina (2 blok)"
    )
    # then it is saved without a question, still marked as confirmed
    assert result.errors == [] and result.needs_confirmation is None
    value = Value.objects.get(row=row, period=period)
    assert (value.note, value.outlier_confirmed, value.version) == ("Yeni bina (2 blok)", True, 2)


def test_confirming_without_a_note_says_the_note_is_missing(world, period, client):
    row = _count_row()
    _earlier_value(world, period, row, "100")
    client.force_login(world.principal)
    response = client.post(
        _save_url(period, world, row), _line(row, value="999", confirm="on"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'data-state="confirm"' in html
    assert "Not eksik" in html  # said explicitly, not the same question again
    assert f'id="confirm-{row.pk}" checked' in html
    assert not Value.objects.filter(period=period).exists()
    # and with the note the confirmation saves it
    response = client.post(
        _save_url(period, world, row),
        _line(row, value="999", confirm="on", note="Yeni bina"),
        HTTP_HX_REQUEST="true",
    )
    assert 'data-state="saved"' in response.content.decode()
    assert Value.objects.get(period=period, row=row).outlier_confirmed


# --- the grid's submit -------------------------------------------------------------------------------
def test_submit_saves_the_lines_typed_but_not_yet_saved_and_submits(world, period, client):
    # given a count saved by the page, and a rate typed but never saved (the script did not run)
    submission = _submission(world, period)
    entry_services.value_save(by=world.principal, submission=submission, row=_count_row(), value=Decimal(5))
    client.force_login(world.principal)
    # when the grid is submitted with every line
    response = client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {
            **_line(_count_row(), 1, value="5", note=""),
            **_line(_rate_row(), 0, numerator="225", denominator="320", note="e-Okul"),
            "action": "submit",
        },
    )
    # then the typed rate is saved and the data submitted in the same request
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    rate = Value.objects.get(row=_rate_row())
    assert (rate.numerator, rate.denominator, rate.note) == (Decimal(225), Decimal(320), "e-Okul")
    assert Value.objects.get(row=_count_row()).version == 1  # the unchanged line was not written again


def test_submit_with_an_invalid_line_refuses_naming_it_and_keeps_what_was_typed(world, period, client):
    submission = _submission(world, period)
    client.force_login(world.principal)
    response = client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {
            **_line(_count_row(), 0, value="7"),
            **_line(_rate_row(), 0, numerator="60", denominator="50"),
            "action": "submit",
        },
    )
    html = response.content.decode()
    # then the page comes back with the line named, the typed numbers kept, and nothing saved or submitted
    assert response.status_code == 200
    assert "1.1.1 Ortaokul: " in html
    assert (
        f'name="line-{_rate_row().pk}-numerator" form="entry-form" data-col="0" inputmode="decimal" autocomplete="off" value="60"'
        in html
    )
    assert f'id="state-{_count_row().pk}"' in html and 'data-state="pending"' in html
    assert not Value.objects.exists()
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_submit_with_a_stale_line_is_refused_naming_it(world, period, client):
    submission = _submission(world, period)
    entry_services.value_save(by=world.principal, submission=submission, row=_count_row(), value=Decimal(5))
    entry_services.value_save(
        by=world.principal, submission=submission, row=_count_row(), value=Decimal(6), expected_version=1
    )
    client.force_login(world.principal)
    response = client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {
            **_line(_count_row(), 1, value="9"),
            **_line(_rate_row(), 0, numerator="1", denominator="2"),
        },
    )
    assert response.status_code == 200 and "1.1.2: " in response.content.decode()
    assert Value.objects.get(row=_count_row()).value == Decimal(6)
    assert not Value.objects.filter(row=_rate_row()).exists()
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_submit_with_an_empty_line_keeps_the_saved_lines_and_names_the_empty_one(world, period, client):
    submission = _submission(world, period)
    client.force_login(world.principal)
    response = client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {**_line(_count_row(), 0, value="7"), **_line(_rate_row(), 0, numerator="", denominator="")},
        follow=True,
    )
    assert "1.1.1 Ortaokul" in response.content.decode()
    assert Value.objects.get(row=_count_row()).value == Decimal(7)
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_the_save_button_saves_without_submitting(world, period, client):
    submission = _submission(world, period)
    client.force_login(world.principal)
    client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {**_line(_count_row(), 0, value="7"), "action": "save"},
    )
    assert Value.objects.get(row=_count_row()).value == Decimal(7)
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


@pytest.mark.parametrize("user", ["principal_a2", "teacher", "district_manager", "outsider"])
def test_others_cannot_save_or_submit_the_grid_and_nothing_changes(world, period, client, user):
    # given school A1's draft with a saved count
    submission = _submission(world, period)
    entry_services.value_save(by=world.principal, submission=submission, row=_count_row(), value=Decimal(5))
    people = {"principal_a2": make_user("principal_a2", Role.PRINCIPAL, world.school_a2)}
    client.force_login(people.get(user) or world.users[user])
    # when another school's principal (or anyone not entering for A1) posts a line and the grid
    saved = client.post(_save_url(period, world, _count_row()), _line(_count_row(), 1, value="9"))
    submitted = client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {**_line(_count_row(), 1, value="9"), **_line(_rate_row(), 0, numerator="1", denominator="2")},
    )
    # then both are refused as if the school did not exist, and nothing changed
    assert (saved.status_code, submitted.status_code) == (404, 404)
    assert list(Value.objects.values_list("row_id", "value", "version")) == [(_count_row().pk, Decimal(5), 1)]
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


# --- the enrolment suggested as a denominator --------------------------------------------------------
def test_the_schools_students_are_suggested_as_the_denominator_and_not_saved_by_themselves(
    world, period, client
):
    # given a rate whose denominator is the school's students (school A1: a middle school of 400)
    Indicator.objects.filter(code="1.1.1").update(denominator_source="students")
    client.force_login(world.principal)
    # when the principal opens the grid
    html = client.get(reverse("monitoring:entry", args=[period.pk, world.school_a1.pk])).content.decode()
    # then 400 is in the denominator, marked as a suggestion, and nothing is saved
    assert f'id="den-{_rate_row().pk}"' in html and 'value="400"' in html
    assert "önerilen: okulun öğrenci sayısı" in html
    assert not Value.objects.exists()
    # and a grid saved with the numerator still empty does not save the suggestion alone
    submission = Submission.objects.get(period=period, entity=world.school_a1)
    client.post(
        reverse("monitoring:submission-submit", args=[submission.pk]),
        {**_line(_count_row(), 0, value="7"), **_line(_rate_row(), 0, numerator="", denominator="400")},
    )
    assert list(Value.objects.values_list("row_id", flat=True)) == [_count_row().pk]


def test_no_suggestion_for_one_level_of_a_school_teaching_two(world, period):
    from izlem.monitoring.selectors.owed import suggested_denominator

    Indicator.objects.filter(code="1.1.1").update(denominator_source="students")
    row = _rate_row()
    assert suggested_denominator(row, world.school_a1) == 400
    world.school_a1.level_primary = True
    assert suggested_denominator(row, world.school_a1) is None
    Indicator.objects.filter(code="1.1.1").update(denominator_source="")
    assert suggested_denominator(IndicatorRow.objects.get(pk=row.pk), world.school_b1) is None


def test_a_planning_officer_says_a_rates_denominator_is_the_schools_students(world, period, client):
    # given the indicator's edit page of a planning officer
    indicator = Indicator.objects.get(code="1.1.1")
    client.force_login(world.planning_officer)
    page = client.get(reverse("plans:indicator-edit", args=[indicator.pk])).content.decode()
    assert 'name="denominator_source"' in page
    # when it is set through the service every edit path uses
    from izlem.plans import services as plan_services

    plan_services.indicator_update(
        by=world.planning_officer, indicator=indicator, denominator_source="students"
    )
    # then the principal's grid suggests the school's 400 students
    indicator.refresh_from_db()
    assert indicator.denominator_source == "students"
    client.force_login(world.principal)
    html = client.get(reverse("monitoring:entry", args=[period.pk, world.school_a1.pk])).content.decode()
    assert f'id="sug-{_rate_row().pk}"' in html
