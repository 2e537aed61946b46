"""Harezmi home, program years and their calendar, completed-training records, documents and audit history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.core.files import protected_file_response
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, selectors, services
from izlem.harezmi.forms import CalendarEventForm, ProgramYearForm, SchoolHolidayForm, TrainingForm
from izlem.harezmi.selectors import duties as selectors_duties
from izlem.harezmi.services.program import YEAR_EDITABLE_FIELDS


@login_required
def home(request):
    """The Harezmi start page: the year, what the user's roles can do, and the year's counts."""
    if not access.harezmi_has_access(request.user):
        raise Http404
    raw = request.GET.get("year", "")
    year = selectors.program_year_current(request.user, int(raw) if raw.isdigit() else None)
    teacher_only = access.harezmi_is_teacher_only(request.user)
    context = {
        "year": year,
        "years": access.harezmi_years_visible(request.user).select_related("province"),
        "can_create_year": access.harezmi_province_nodes(request.user).exists(),
        "teacher_only": teacher_only,
    }
    if year is not None:
        context |= {
            "overview": selectors.overview(year, request.user),
            "can_manage_year": access.harezmi_can_manage_year(request.user, year),
            "districts": access.harezmi_district_nodes(request.user)
            .filter(parent=year.province)
            .order_by(turkish("name")),
            "my_schools": access.harezmi_principal_schools(request.user).filter(
                path__startswith=year.province.path
            ),
            "my_teams": selectors.teams_with_counts(
                access.harezmi_teams_visible(request.user).filter(
                    program_year=year, assignments__teacher=request.user
                )
            ).distinct(),
            "double_bookings": selectors.double_bookings(year, teacher_ids=[request.user.pk]),
            "events": year.events.select_related("node").order_by("starts_on")[:6],
            "announcements": selectors_duties.announcements_to_schools(
                access.harezmi_announcement_own_schools(request.user), year
            ),
            "my_tasks": list(selectors_duties.open_tasks_of(request.user, year))
            if access.harezmi_receives_tasks(request.user)
            else [],
        }
    return render(request, "harezmi/home.html", context)


@login_required
def year_create(request):
    """Open a program year for a province the user runs."""
    provinces = access.harezmi_province_nodes(request.user)
    if not provinces.exists():
        raise Http404
    form = ProgramYearForm(request.POST or None, provinces=provinces.order_by(turkish("name")))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        province = data.pop("province", None) or provinces.first()
        try:
            year = services.program_year_create(by=request.user, province=province, **data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The program year was opened."))
            return redirect(year.get_absolute_url())
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, "title": _("New program year"), "back_url": reverse("harezmi:home")},
    )


@login_required
def year_edit(request, pk: int):
    """Change a program year's dates and rules."""
    year = access.harezmi_year_for(request.user, pk, action="manage")
    form = ProgramYearForm(request.POST or None, instance=type(year).objects.get(pk=year.pk))
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in YEAR_EDITABLE_FIELDS}
        try:
            services.program_year_update(by=request.user, program_year=year, **changes)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(year.get_absolute_url())
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Program year %(name)s") % {"name": year.name},
            "back_url": year.get_absolute_url(),
        },
    )


@login_required
def year_calendar(request, pk: int):
    """The year's key dates and its calendar of trainings and meetings."""
    year = access.harezmi_year_for(request.user, pk)
    events = year.events.select_related("node").order_by("starts_on", "title")
    return render(
        request,
        "harezmi/year_calendar.html",
        {
            "year": year,
            "events": events,
            "holidays": year.holidays.order_by("first_day", "name"),
            "can_manage_year": access.harezmi_can_manage_year(request.user, year),
            "can_add_event": access.harezmi_event_nodes(request.user, year).exists(),
        },
    )


@login_required
def event_create(request, pk: int):
    """Put a training, meeting or key date on the calendar (province, or the user's district)."""
    year = access.harezmi_year_for(request.user, pk)
    nodes = access.harezmi_event_nodes(request.user, year)
    if not nodes.exists():
        raise Http404
    form = CalendarEventForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_event_create(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The event was added to the calendar."))
            return redirect(year.get_absolute_url())
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, "title": _("New calendar event"), "back_url": year.get_absolute_url()},
    )


@login_required
def holiday_create(request, pk: int):
    """Put a break or public holiday on the year's calendar (those who run the year's province)."""
    year = access.harezmi_year_for(request.user, pk, action="manage")
    form = SchoolHolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_holiday_create(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The holiday was added to the calendar."))
            return redirect(year.get_absolute_url())
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, "title": _("New break or holiday"), "back_url": year.get_absolute_url()},
    )


@login_required
@require_POST
def holiday_delete(request, pk: int):
    """Take a break or public holiday off the year's calendar."""
    holiday = access.harezmi_holiday_for(request.user, pk, action="manage")
    year = holiday.program_year
    services.school_holiday_delete(by=request.user, holiday=holiday)
    messages.success(request, _("The holiday was removed from the calendar."))
    return redirect(year.get_absolute_url())


@login_required
def training_create(request):
    """Record a completed in-service training of someone in the user's district or province."""
    people = access.harezmi_training_people(request.user).order_by("first_name", "last_name")
    if not people.exists():
        raise Http404
    form = TrainingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("harezmi:training-list")
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Record a completed training"),
            "back_url": reverse("harezmi:training-list"),
        },
    )


@login_required
def document_file(request, pk: int):
    """Download a petition, approval or letter (after the access check)."""
    document = access.harezmi_document_for(request.user, pk)
    return protected_file_response(document.file)


@login_required
def history(request, model_name: str, pk: int):
    """The audit trail of one Harezmi object the user may read."""
    obj = access.harezmi_history_object_for(request.user, model_name, pk)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:200])
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            changes = [(c.field, c.old, c.new) for c in record.diff_against(previous).changes]
        rows.append({"record": record, "changes": changes})
    return render(request, "core/history.html", {"object": obj, "rows": rows})
