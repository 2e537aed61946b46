"""Sessions (the weekly grid of a team, logging a session), the coordinators' gaps page and absences."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.files import protected_file_response
from izlem.core.forms import attach_service_errors
from izlem.core.kvkk import personal_data_access_log, students_shown_log
from izlem.harezmi import access, services
from izlem.harezmi.forms.sessions import AbsenceForm, SessionForm
from izlem.harezmi.models import Session, SessionStudentAttendance, SessionTeacherAttendance
from izlem.harezmi.selectors import sessions as sel
from izlem.harezmi.services.sessions import session_students, session_teachers
from izlem.harezmi.views.common import year_from


@login_required
def session_index(request):
    """The year's teams the user reads with held vs planned weeks, gaps, attendance and plan changes."""
    year = year_from(request)
    teams = access.harezmi_teams_visible(request.user).filter(program_year=year)
    query = request.GET.get("q", "").strip()
    if query:
        teams = teams.filter(school__name__icontains=query)
    rows = sel.teams_with_gaps(teams, year)
    total = sel.SessionFigures()
    for row in rows:
        total.add(row["figures"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    changes = sel.sessions_for_list(
        access.harezmi_sessions_visible(request.user).filter(team__program_year=year, plan_changed=True)
    )[:20]
    return render(
        request,
        "harezmi/sessions_index.html",
        {"year": year, "page": page, "total": total, "changes": changes, "query": query},
    )


@login_required
def team_sessions(request, pk: int):
    """A team's grid: every week of the year with its session state; gaps are marked."""
    team = access.harezmi_team_for(request.user, pk)
    year = team.program_year
    today = timezone.localdate()
    cells = sel.team_week_grid(team, today=today)
    own_days = {
        cell.monday
        for cell in cells
        if cell.day <= today + dt.timedelta(days=14)
        and access.harezmi_can_log_session(request.user, team, cell.day)
    }
    figures = sel.session_figures_by_team(
        type(team).objects.filter(pk=team.pk), year.start_date, year.end_date, today=today
    )[team.pk]
    return render(
        request,
        "harezmi/sessions_team.html",
        {
            "team": team,
            "year": year,
            "cells": cells,
            "own_days": own_days,
            "figures": figures,
            "this_monday": today - dt.timedelta(days=today.weekday()),  # the page opens at this week
        },
    )


def _week_from(raw: str) -> dt.date:
    """The Monday given in the URL (YYYY-MM-DD), else 404."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as error:
        raise Http404 from error
    if day.weekday() != 0:
        raise Http404
    return day


@login_required
def session_edit(request, pk: int, week: str):
    """Log (or correct) a team's session of one week: plan, what was done, evaluation, attendance."""
    team = access.harezmi_team_for(request.user, pk)
    monday = _week_from(week)
    if not sel.is_year_week(team.program_year, monday):
        raise Http404
    day = sel.session_day_in(monday, team.weekday)
    session = Session.objects.filter(team=team, week_start=monday).first()
    if session is not None and session.held_on:
        day = session.held_on
    if not access.harezmi_can_log_session(request.user, team, day):
        raise Http404
    teachers = session_teachers(team, day)
    students = session_students(team)
    absences = sel.absences_covering([t.pk for t in teachers], day)
    if session is not None:
        initial = {
            field: getattr(session, field)
            for field in (
                "state",
                "held_on",
                "plan",
                "activities",
                "evaluation",
                "plan_update",
                "plan_changed",
                "plan_change_note",
                "not_held_reason",
            )
        }
        present_teachers = {r.teacher_id for r in session.teacher_attendance.all() if r.present}
        present_students = {r.student_id for r in session.student_attendance.all() if r.present}
        if session.state != Session.State.HELD:
            present_teachers = {t.pk for t in teachers if t.pk not in absences}
            present_students = {s.pk for s in students}
        initial["teachers_present"] = [str(pk) for pk in present_teachers]
        initial["students_present"] = [str(pk) for pk in present_students]
    else:
        initial = {
            "state": Session.State.HELD if day <= timezone.localdate() else Session.State.PLANNED,
            "held_on": day if day <= timezone.localdate() else None,
            # Absent teachers are pre-marked from the absences they reported.
            "teachers_present": [str(t.pk) for t in teachers if t.pk not in absences],
            "students_present": [str(s.pk) for s in students],
        }
    form = SessionForm(
        request.POST or None, initial=initial, teachers=teachers, students=students, absences=absences
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_record(
                by=request.user, team=team, week_start=monday, data=form.session_input()
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            if saved.coordinator_notified_at and saved.plan_changed:
                messages.info(request, _("The district coordinator was told of the plan change."))
            return redirect("harezmi:team-sessions", pk=team.pk)
    students_shown_log(
        user=request.user,
        count=len(students),
        what=f"attendance form of team #{team.pk}, week {monday.isoformat()}",
        path=request.path,
    )
    return render(
        request,
        "harezmi/sessions_form.html",
        {
            "form": form,
            "team": team,
            "year": team.program_year,
            "monday": monday,
            "day": day,
            "session": session,
            "absences": absences,
            "has_students": bool(students),
        },
    )


@login_required
def session_detail(request, pk: int):
    """A session as recorded, with who was present and, for absent teachers, their reported absence."""
    session = access.harezmi_session_for(request.user, pk)
    teachers = SessionTeacherAttendance.objects.filter(session=session).select_related("teacher", "absence")
    students = list(
        SessionStudentAttendance.objects.filter(session=session)
        .select_related("student")
        .order_by("student__last_name", "student__first_name")
    )
    students_shown_log(
        user=request.user, count=len(students), what=f"attendance of session #{session.pk}", path=request.path
    )
    day = access.session_day(session)
    return render(
        request,
        "harezmi/sessions_detail.html",
        {
            "session": session,
            "team": session.team,
            "year": session.team.program_year,
            "teachers": teachers.order_by("teacher__first_name"),
            "students": students,
            "can_edit": access.harezmi_can_log_session(request.user, session.team, day),
        },
    )


# --- absences -----------------------------------------------------------------------------------


@login_required
def absence_list(request):
    """Absences the user reads in the year (own; a school's; a district's or province's)."""
    year = year_from(request)
    absences = (
        access.harezmi_absences_visible(request.user)
        .filter(program_year=year)
        .select_related("teacher", "reported_by")
        .prefetch_related(
            Prefetch(
                "session_rows",
                queryset=SessionTeacherAttendance.objects.select_related("session__team__school"),
            )
        )
        .order_by("-starts_on", "teacher__first_name")
    )
    page = Paginator(absences, 50).get_page(request.GET.get("page"))
    editable = set(access.harezmi_absences_editable(request.user).values_list("pk", flat=True))
    shown = [absence.pk for absence in page if absence.document]
    downloadable = set(
        access.harezmi_absence_documents_visible(request.user)
        .filter(pk__in=shown)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "harezmi/sessions_absences.html",
        {
            "year": year,
            "page": page,
            "editable": editable,
            "downloadable": downloadable,
            "can_report": access.harezmi_absence_teachers(request.user, year)
            .filter(harezmi_assignments__team__program_year=year)
            .exists(),
        },
    )


@login_required
def absence_create(request):
    """Report leave or sick days: a teacher their own, a principal for a teacher of the school."""
    year = year_from(request)
    teachers = (
        access.harezmi_absence_teachers(request.user, year)
        .filter(harezmi_assignments__team__program_year=year)
        .distinct()
        .order_by("first_name", "last_name")
    )
    if not teachers.exists():
        raise Http404
    initial = {"teacher": request.user.pk} if teachers.filter(pk=request.user.pk).exists() else {}
    form = AbsenceForm(request.POST or None, request.FILES or None, teachers=teachers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_report(
                by=request.user,
                program_year=year,
                teacher=form.cleaned_data["teacher"],
                data=form.absence_input(),
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The absence was reported; the coordinators were told."))
            return redirect(f"{reverse('harezmi:absence-list')}?year={year.pk}")
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Report an absence"),
            "intro": _(
                "Leave or sick days of a Harezmi teacher; the district and province coordinators are told."
            ),
            "back_url": f"{reverse('harezmi:absence-list')}?year={year.pk}",
            "year": year,
            "multipart": True,
        },
    )


@login_required
def absence_edit(request, pk: int):
    """Correct an absence (the teacher or the school's principal)."""
    absence = access.harezmi_absence_for(request.user, pk, action="edit")
    year = absence.program_year
    teachers = type(absence.teacher).objects.filter(pk=absence.teacher_id)
    initial = {
        "teacher": absence.teacher_id,
        "kind": absence.kind,
        "starts_on": absence.starts_on,
        "ends_on": absence.ends_on,
        "note": absence.note,
    }
    form = AbsenceForm(request.POST or None, request.FILES or None, teachers=teachers, initial=initial)
    form.fields["teacher"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_update(by=request.user, absence=absence, data=form.absence_input())
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The absence was saved."))
            return redirect(f"{reverse('harezmi:absence-list')}?year={year.pk}")
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Absence of %(person)s") % {"person": absence.teacher},
            "back_url": f"{reverse('harezmi:absence-list')}?year={year.pk}",
            "year": year,
            "multipart": True,
        },
    )


@login_required
def absence_document(request, pk: int):
    """The absence's supporting document: for the teacher, their principal and their district's director
    only (a sick note is health data); for anyone else it is not found, as pages answer."""
    absence = access.harezmi_absence_for(request.user, pk, action="document")
    if not absence.document:
        raise Http404
    # a sick note is health data (KVKK special category): every download is logged
    personal_data_access_log(
        user=request.user,
        action="download",
        subject_type="user",
        subject_id=absence.teacher_id,
        what="absence supporting document",
        path=request.path,
    )
    return protected_file_response(absence.document)
