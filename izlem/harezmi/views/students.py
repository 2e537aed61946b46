"""Students, parental consent, placement in teams and parent information meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.core.files import protected_file_response
from izlem.core.forms import attach_service_errors
from izlem.core.kvkk import personal_data_access_log, students_shown_log
from izlem.harezmi import access, selectors, services
from izlem.harezmi.forms import ConsentForm, ParentMeetingForm, PlaceForm, StudentForm
from izlem.harezmi.models import Team
from izlem.harezmi.views.common import year_from


def _usable_teams(user, year, school=None):
    """Teams a user may put students in: teams of the schools they edit and their own teams."""
    teams = Team.objects.filter(
        Q(pk__in=access.harezmi_teams_editable(user).values("pk"))
        | Q(pk__in=access.harezmi_teams_own(user).values("pk")),
        program_year=year,
    )
    if school is not None:
        teams = teams.filter(school=school)
    return teams.select_related("school").order_by("school__name", "name")


@login_required
def student_list(request):
    """The year's students the user may read, with consent coverage per school and per team."""
    year = year_from(request)
    students = access.harezmi_students_visible(request.user).filter(program_year=year)
    team_id = request.GET.get("team", "")
    if team_id.isdigit():
        students = students.filter(team_id=int(team_id))
    consent = request.GET.get("consent", "")
    if consent == "no":
        students = students.without_consent()
    elif consent == "yes":
        students = students.with_consent()
    query = request.GET.get("q", "").strip()
    if query:
        students = students.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = Paginator(selectors.students_for_list(students), 50).get_page(request.GET.get("page"))
    students_shown_log(
        user=request.user,
        count=len(page.object_list),
        what=f"student list of program year #{year.pk}, page {page.number}",
        path=request.path,
    )
    all_students = access.harezmi_students_visible(request.user).filter(program_year=year)
    teams = selectors.teams_with_counts(access.harezmi_teams_visible(request.user).filter(program_year=year))
    return render(
        request,
        "harezmi/student_list.html",
        {
            "year": year,
            "page": page,
            "query": query,
            "consent": consent,
            "team_id": team_id,
            "by_school": selectors.consent_by_school(all_students),
            "teams": teams.order_by("school__name", "name"),
            "can_register": access.harezmi_student_schools(request.user)
            .filter(path__startswith=year.province.path)
            .exists(),
        },
    )


@login_required
@sensitive_post_parameters("national_id")
def student_create(request):
    """Register a student (Turkish ID number only if collected) with, if signed, the parents' consent."""
    year = year_from(request)
    schools = (
        access.harezmi_student_schools(request.user)
        .filter(path__startswith=year.province.path)
        .order_by(turkish("name"))
    )
    if not schools.exists():
        raise Http404
    initial = {"school": schools.first()} if schools.count() == 1 else {}
    raw_team = request.GET.get("team", "")
    if raw_team.isdigit():
        initial["team"] = int(raw_team)
    form = StudentForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        schools=schools,
        teams=_usable_teams(request.user, year),
        collect_national_id=year.collect_national_id,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            student = services.student_register(
                by=request.user,
                program_year=year,
                school=data["school"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                grade=data["grade"],
                team=data["team"],
                national_id_number=data.get("national_id", ""),
                consent=form.consent(),
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The student was registered."))
            return redirect("harezmi:student-detail", pk=student.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Register a student"),
            "intro": _("A student takes part in a team only with the parents' signed consent."),
            "back_url": f"{reverse('harezmi:student-list')}?year={year.pk}",
            "multipart": True,
        },
    )


@login_required
def student_detail(request, pk: int):
    """A student: school, team, masked ID number, consent; forms to record consent and to place."""
    student = access.harezmi_student_for(request.user, pk)
    personal_data_access_log(
        user=request.user,
        action="view",
        subject_type="student",
        subject_id=student.pk,
        what="student record",
        path=request.path,
    )
    can_edit = access.harezmi_students_editable(request.user).filter(pk=student.pk).exists()
    return render(
        request,
        "harezmi/student_detail.html",
        {
            "student": student,
            "year": student.program_year,
            "consent": getattr(student, "consent", None),
            "can_edit": can_edit,
            "consent_form": ConsentForm() if can_edit and not student.has_consent else None,
            "place_form": PlaceForm(
                initial={"team": student.team_id},
                teams=_usable_teams(request.user, student.program_year, student.school),
            )
            if can_edit
            else None,
        },
    )


@login_required
@require_POST
def student_consent(request, pk: int):
    """Record the parents' signed consent."""
    student = access.harezmi_student_for(request.user, pk, action="edit")
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.student_consent_record(by=request.user, student=student, consent=form.consent())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The consent was recorded; the student can join a team."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("harezmi:student-detail", pk=student.pk)


@login_required
@require_POST
def student_place(request, pk: int):
    """Put the student in a team (only with consent) or take them out."""
    student = access.harezmi_student_for(request.user, pk, action="edit")
    form = PlaceForm(request.POST, teams=_usable_teams(request.user, student.program_year, student.school))
    if form.is_valid():
        try:
            services.student_place(by=request.user, student=student, team=form.cleaned_data["team"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The student's team was saved."))
    else:
        messages.error(request, _("Choose one of the listed teams."))
    return redirect("harezmi:student-detail", pk=student.pk)


@login_required
def consent_file(request, pk: int):
    """Download a student's signed consent form (after the access check)."""
    student = access.harezmi_student_for(request.user, pk)
    consent = getattr(student, "consent", None)
    if consent is None:
        raise Http404
    personal_data_access_log(
        user=request.user,
        action="download",
        subject_type="student",
        subject_id=student.pk,
        what="signed parental consent form",
        path=request.path,
    )
    return protected_file_response(consent.form_file)


@login_required
def meeting_list(request):
    """Parent information meetings of the year in the user's scope."""
    year = year_from(request)
    meetings = (
        access.harezmi_meetings_visible(request.user)
        .filter(program_year=year)
        .select_related("school", "team", "recorded_by")
        .order_by("-held_on")
    )
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/meeting_list.html",
        {
            "year": year,
            "page": page,
            "can_record": access.harezmi_student_schools(request.user)
            .filter(path__startswith=year.province.path)
            .exists(),
        },
    )


@login_required
def meeting_create(request):
    """Record a parent information meeting."""
    year = year_from(request)
    schools = (
        access.harezmi_student_schools(request.user)
        .filter(path__startswith=year.province.path)
        .order_by(turkish("name"))
    )
    if not schools.exists():
        raise Http404
    initial = {"school": schools.first()} if schools.count() == 1 else {}
    form = ParentMeetingForm(
        request.POST or None, initial=initial, schools=schools, teams=_usable_teams(request.user, year)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_meeting_record(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect(f"{reverse('harezmi:meeting-list')}?year={year.pk}")
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Parent information meeting"),
            "back_url": f"{reverse('harezmi:meeting-list')}?year={year.pk}",
        },
    )
