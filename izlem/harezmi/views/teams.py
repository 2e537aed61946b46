"""Teams, their weekly time, their teachers' additions and departures, and the staff-change ledger."""

from __future__ import annotations

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

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.core.kvkk import students_shown_log
from izlem.harezmi import access, selectors, services
from izlem.harezmi.forms import (
    AssignmentAddForm,
    AssignmentApproveForm,
    DepartureLetterForm,
    NoteForm,
    ScheduleAnnounceForm,
    ScheduleForm,
    TeacherDepartureForm,
    TeamForm,
    document_input,
)
from izlem.harezmi.models import AssignmentStep, OfficialDocument, TeacherAssignment
from izlem.harezmi.views.applications import _school_teachers
from izlem.harezmi.views.common import form_page, year_from


def _team_url(team) -> str:
    return reverse("harezmi:team-detail", args=[team.pk])


def _assignment_step(request, assignment, form, *, save, message, title, **context):
    """A step on a teacher's place in a team (approve, refuse, depart, letter): its form, then the team."""
    back_url = reverse("harezmi:team-detail", args=[assignment.team_id])
    return form_page(
        request,
        form,
        save=save,
        then=lambda _saved: back_url,
        message=message,
        title=title,
        back_url=back_url,
        **context,
    )


@login_required
def team_list(request):
    """The year's teams the user may read (a teacher: their own), with teachers, students and consent."""
    year = year_from(request)
    teams = access.harezmi_teams_visible(request.user).filter(program_year=year)
    query = request.GET.get("q", "").strip()
    if query:
        teams = teams.filter(school__name__icontains=query)
    teams = selectors.teams_with_counts(teams).order_by("school__name", "name")
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/team_list.html",
        {
            "year": year,
            "page": page,
            "query": query,
            "can_create": access.harezmi_school_nodes(request.user)
            .filter(harezmi_applications__program_year=year, harezmi_applications__state="approved")
            .exists(),
        },
    )


@login_required
def team_create(request):
    """Form a team at a school with an approved application."""
    year = year_from(request)
    schools = (
        access.harezmi_school_nodes(request.user)
        .filter(harezmi_applications__program_year=year, harezmi_applications__state="approved")
        .order_by(turkish("name"))
    )
    if not schools.exists():
        raise Http404
    raw = request.GET.get("school", "")
    initial = (
        {"school": int(raw)}
        if raw.isdigit()
        else ({"school": schools.first()} if schools.count() == 1 else {})
    )
    return form_page(
        request,
        TeamForm(request.POST or None, schools=schools, initial=initial),
        save=lambda data: services.team_create(by=request.user, program_year=year, **data),
        then=_team_url,
        message=_("The team was formed. Add its teachers and its weekly time."),
        title=_("New team"),
        back_url=f"{reverse('harezmi:team-list')}?year={year.pk}",
        year=year,
    )


@login_required
def team_detail(request, pk: int):
    """A team: its weekly time, teachers (with their approval steps), students, consent and warnings."""
    team = access.harezmi_team_for(request.user, pk)
    user = request.user
    can_edit = access.harezmi_teams_editable(user).filter(pk=team.pk).exists()
    can_approve = access.harezmi_district_nodes(user).filter(pk=team.school.parent_id).exists()
    assignments = list(
        team.assignments.select_related(
            "teacher", "petition", "approval__cites", "departure_petition", "departure_letter"
        )
        .prefetch_related(Prefetch("steps", queryset=AssignmentStep.objects.select_related("by")))
        .order_by("state", "teacher__first_name")
    )
    today = timezone.localdate()
    active_count = sum(1 for a in assignments if a.is_active_on(today))
    students = list(
        team.students.select_related("consent").order_by(turkish("last_name"), turkish("first_name"))
    )
    consented = sum(1 for s in students if s.has_consent)
    students_shown_log(user=user, count=len(students), what=f"students of team #{team.pk}", path=request.path)
    teacher_ids = [a.teacher_id for a in assignments if a.state != TeacherAssignment.State.REFUSED]
    bookings = [
        b
        for b in selectors.double_bookings(team.program_year, teacher_ids=teacher_ids)
        if team.pk in (b.first.pk, b.second.pk)
    ]
    return render(
        request,
        "harezmi/team_detail.html",
        {
            "team": team,
            "year": team.program_year,
            "assignments": assignments,
            "students": students,
            "consented": consented,
            "consent_percent": selectors.percent(consented, len(students)),
            "size_warning": selectors.team_size_warning(team, active_count),
            "double_bookings": bookings,
            "changes": team.schedule_changes.select_related("changed_by")[:20],
            "announcement": selectors.schedule_announcement(team),
            "can_edit": can_edit,
            "can_approve": can_approve,
            "can_students": can_edit or access.harezmi_teams_own(user).filter(pk=team.pk).exists(),
            "today": today,
        },
    )


@login_required
def team_schedule(request, pk: int):
    """Set or change the team's weekday and four lesson hours (a change is announced to parents)."""
    team = access.harezmi_team_for(request.user, pk, action="edit")
    initial = {
        "weekday": team.weekday,
        "first_lesson": team.first_lesson,
        "effective_from": timezone.localdate(),
    }
    form = ScheduleForm(request.POST or None, initial=initial, program_year=team.program_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_schedule_set(by=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The weekly application time was saved."))
            bookings = [
                b
                for b in selectors.double_bookings(team.program_year)
                if team.pk in (b.first.pk, b.second.pk)
            ]
            for booking in bookings:
                messages.warning(
                    request,
                    _("%(person)s also teaches in %(other)s at the same time.")
                    % {
                        "person": booking.teacher,
                        "other": booking.second if booking.first.pk == team.pk else booking.first,
                    },
                )
            return redirect("harezmi:team-detail", pk=team.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Weekly application time of %(team)s") % {"team": team},
            "intro": _(
                "One day a week, four lesson hours: 1 preparation and planning, 2 application, 1 evaluation."
            ),
            "back_url": reverse("harezmi:team-detail", args=[team.pk]),
        },
    )


@login_required
def team_schedule_announce(request, pk: int):
    """Record the announcement of the team's first weekly time to its students and parents."""
    team = access.harezmi_team_for(request.user, pk, action="edit")
    return form_page(
        request,
        ScheduleAnnounceForm(request.POST or None, initial={"announced_on": timezone.localdate()}),
        save=lambda data: services.team_schedule_announce(by=request.user, team=team, **data),
        then=lambda _saved: _team_url(team),
        message=_("The announcement of the weekly application time was recorded."),
        title=_("Announce the weekly application time of %(team)s") % {"team": team},
        intro=_(
            "The school prepares and announces the application program to students and parents. "
            "Record here when and how it was announced."
        ),
        back_url=_team_url(team),
    )


@login_required
def assignment_add(request, pk: int):
    """Put a teacher in the team (during the year: petition and justification; approval follows)."""
    team = access.harezmi_team_for(request.user, pk, action="edit")
    form = AssignmentAddForm(
        request.POST or None, request.FILES or None, teachers=_school_teachers(team.school)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.teacher_assignment_add(
                by=request.user,
                team=team,
                teacher=data["teacher"],
                petition=document_input(data, "petition"),
                justification=data["justification"],
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            if assignment.state == TeacherAssignment.State.PENDING_APPROVAL:
                messages.info(
                    request,
                    _(
                        "The petition was recorded. The teacher is inactive until the Kaymakamlık Oluru is recorded."
                    ),
                )
            else:
                messages.success(request, _("The teacher was added to the team."))
            return redirect("harezmi:team-detail", pk=team.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Add a teacher to %(team)s") % {"team": team},
            "intro": _(
                "During the year a teacher joins with their petition and a Kaymakamlık Oluru citing the Valilik Oluru; "
                "until the approval is recorded the teacher is inactive."
            ),
            "back_url": reverse("harezmi:team-detail", args=[team.pk]),
            "multipart": True,
        },
    )


@login_required
def assignment_approve(request, pk: int):
    """Record the Kaymakamlık Oluru (citing the Valilik Oluru) that activates a mid-year addition."""
    assignment = access.harezmi_assignment_for(request.user, pk, action="approve")
    year = assignment.team.program_year
    governor_approvals = OfficialDocument.objects.filter(  # only this year's: last year's cannot be cited
        kind=OfficialDocument.Kind.GOVERNOR_APPROVAL,
        node=year.province,
        date__range=year.governor_approval_window,
    ).order_by("-date")
    form = AssignmentApproveForm(
        request.POST or None, request.FILES or None, governor_approvals=governor_approvals
    )
    return _assignment_step(
        request,
        assignment,
        form,
        save=lambda data: services.teacher_assignment_approve(
            by=request.user,
            assignment=assignment,
            district_approval=document_input(data, "approval"),
            governor_approval=data["governor_approval"],
            new_governor_approval=document_input(data, "governor"),
            start_date=data["start_date"],
        ),
        message=_("The approval was recorded; the teacher is active in the team."),
        title=_("Kaymakamlık Oluru for %(person)s") % {"person": assignment.teacher},
        multipart=True,
    )


@login_required
def assignment_refuse(request, pk: int):
    """Record that a mid-year addition is not approved."""
    assignment = access.harezmi_assignment_for(request.user, pk, action="approve")
    return _assignment_step(
        request,
        assignment,
        NoteForm(request.POST or None),
        save=lambda data: services.teacher_assignment_refuse(
            by=request.user, assignment=assignment, note=data["note"]
        ),
        message=_("The addition was recorded as not approved."),
        title=_("Do not approve adding %(person)s") % {"person": assignment.teacher},
    )


@login_required
def assignment_departure(request, pk: int):
    """Record a teacher's petition to leave the team, with the justification."""
    assignment = access.harezmi_assignment_for(request.user, pk, action="depart")
    return _assignment_step(
        request,
        assignment,
        TeacherDepartureForm(request.POST or None, request.FILES or None),
        save=lambda data: services.teacher_departure_request(
            by=request.user,
            assignment=assignment,
            petition=document_input(data, "petition"),
            justification=data["justification"],
            end_date=data["end_date"],
        ),
        message=_("The departure petition was recorded; the district informs the province."),
        title=_("%(person)s leaves %(team)s") % {"person": assignment.teacher, "team": assignment.team},
        multipart=True,
    )


@login_required
def assignment_letter(request, pk: int):
    """Record the EBYS letter that informs the province of a departure."""
    assignment = access.harezmi_assignment_for(request.user, pk, action="approve")
    return _assignment_step(
        request,
        assignment,
        DepartureLetterForm(request.POST or None, request.FILES or None),
        save=lambda data: services.teacher_departure_report(
            by=request.user, assignment=assignment, letter=document_input(data, "letter")
        ),
        message=_("The letter was recorded; the teacher has left the team."),
        title=_("Letter to the province: %(person)s leaves") % {"person": assignment.teacher},
        multipart=True,
    )


@login_required
def staff_ledger(request):
    """Every staff change of the year in the user's scope: additions and departures, step by step."""
    year = year_from(request)
    changes = (
        access.harezmi_staff_changes_visible(request.user)
        .filter(team__program_year=year)
        .select_related(
            "team__school__parent",
            "teacher",
            "approval__cites",
            "departure_letter__evaluation__evaluated_by",
            "petition",
        )
        .prefetch_related(Prefetch("steps", queryset=AssignmentStep.objects.select_related("by")))
        .order_by("-updated_at")
    )
    state = request.GET.get("state", "")
    if state in TeacherAssignment.State.values:
        changes = changes.filter(state=state)
    page = Paginator(changes, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/staff_ledger.html",
        {"year": year, "page": page, "state": state, "states": TeacherAssignment.State.choices},
    )
