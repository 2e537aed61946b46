"""Applications: the school applies, the district reviews, the province decides and announces."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, services
from izlem.harezmi.forms import (
    ApplicationDecisionForm,
    ApplicationForm,
    ApplicationReviewForm,
    ApplicationSettingsForm,
)
from izlem.harezmi.models import Application
from izlem.harezmi.views.common import year_from
from izlem.org import scope
from izlem.org.models import Role


def _school_teachers(school):
    """People who teach at the school today (the teachers a school may propose or assign)."""
    return scope.holders([Role.TEACHER, Role.PRINCIPAL], at=school).order_by("first_name", "last_name")


@login_required
def application_list(request):
    """The year's applications the user may read, by state; the district and province act from here."""
    year = year_from(request)
    applications = access.harezmi_applications_visible(request.user).filter(program_year=year)
    state = request.GET.get("state", "")
    if state in Application.State.values:
        applications = applications.filter(state=state)
    applications = applications.select_related("school", "school__parent").order_by(
        "school__parent__name", "school__name"
    )
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    own_schools = access.harezmi_principal_schools(request.user).filter(path__startswith=year.province.path)
    applied = set(
        Application.objects.filter(program_year=year, school__in=own_schools).values_list(
            "school_id", flat=True
        )
    )
    return render(
        request,
        "harezmi/application_list.html",
        {
            "year": year,
            "page": page,
            "state": state,
            "states": Application.State.choices,
            "schools_to_apply": [s for s in own_schools if s.pk not in applied],
            "window_open": year.applications_open_on(timezone.localdate()),
            "can_announce": access.harezmi_can_manage_year(request.user, year),
            "to_announce": Application.objects.filter(
                program_year=year, state__in=Application.DECIDED_STATES, announced_at__isnull=True
            ).count(),
        },
    )


@login_required
def application_create(request):
    """A principal starts the school's application (in the window)."""
    year = year_from(request)
    schools = access.harezmi_principal_schools(request.user).filter(path__startswith=year.province.path)
    raw = request.GET.get("school", "")
    school = (
        schools.filter(pk=int(raw)).first()
        if raw.isdigit()
        else (schools.first() if schools.count() == 1 else None)
    )
    if school is None:
        raise Http404
    form = ApplicationForm(request.POST or None, teachers=_school_teachers(school))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                by=request.user, program_year=year, school=school, **form.cleaned_data
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The application was saved as a draft. Submit it when it is ready."))
            return redirect("harezmi:application-detail", pk=application.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Harezmi %(year)s application of %(school)s") % {"year": year.name, "school": school},
            "back_url": f"{reverse('harezmi:application-list')}?year={year.pk}",
        },
    )


@login_required
def application_detail(request, pk: int):
    """One application: its content, its steps (who, when), and the actions the user may take."""
    application = access.harezmi_application_for(request.user, pk)
    user = request.user
    may_edit = access.harezmi_principal_schools(user).filter(pk=application.school_id).exists()
    may_review = access.harezmi_district_nodes(user).filter(pk=application.school.parent_id).exists()
    may_decide = access.harezmi_can_manage_year(user, application.program_year)
    State = Application.State
    return render(
        request,
        "harezmi/application_detail.html",
        {
            "application": application,
            "year": application.program_year,
            "steps": application.steps.select_related("by"),
            "teachers": application.proposed_teachers.order_by("first_name"),
            "can_edit": may_edit and application.is_editable,
            "can_review": may_review and application.state == State.SUBMITTED,
            "can_decide": may_decide and application.state == State.FORWARDED,
            "can_settings": access.harezmi_school_nodes(user).filter(pk=application.school_id).exists()
            and application.state == State.APPROVED,
            "review_form": ApplicationReviewForm(),
            "decision_form": ApplicationDecisionForm(
                initial={"approved_team_count": application.requested_team_count}
            ),
        },
    )


@login_required
def application_edit(request, pk: int):
    """Correct a draft or returned application."""
    application = access.harezmi_application_for(request.user, pk, action="edit")
    initial = {
        "requested_team_count": application.requested_team_count,
        "proposed_teachers": application.proposed_teachers.all(),
        "proposed_teacher_names": application.proposed_teacher_names,
        "motivation": application.motivation,
    }
    form = ApplicationForm(
        request.POST or None, initial=initial, teachers=_school_teachers(application.school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(by=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:application-detail", pk=application.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Harezmi %(year)s application of %(school)s")
            % {"year": application.program_year.name, "school": application.school},
            "back_url": reverse("harezmi:application-detail", args=[application.pk]),
        },
    )


@login_required
@require_POST
def application_submit(request, pk: int):
    """Send the application to the district."""
    application = access.harezmi_application_for(request.user, pk, action="edit")
    try:
        services.application_submit(by=request.user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application was sent to the district."))
    return redirect("harezmi:application-detail", pk=application.pk)


@login_required
@require_POST
def application_review(request, pk: int):
    """The district forwards the application to the province or returns it to the school."""
    application = access.harezmi_application_for(request.user, pk, action="review")
    form = ApplicationReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "forward":
                services.application_forward(
                    by=request.user, application=application, comment=data["comment"]
                )
                messages.success(request, _("The application was forwarded to the province."))
            else:
                services.application_return(by=request.user, application=application, comment=data["comment"])
                messages.success(request, _("The application was returned to the school."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose whether to forward or return the application."))
    return redirect("harezmi:application-detail", pk=application.pk)


@login_required
@require_POST
def application_decide(request, pk: int):
    """The province approves the application with a number of teams, or does not."""
    application = access.harezmi_application_for(request.user, pk, action="decide")
    form = ApplicationDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.application_approve(
                    by=request.user,
                    application=application,
                    approved_team_count=data["approved_team_count"],
                    comment=data["comment"],
                )
                messages.success(request, _("The application was approved. Announce the results when ready."))
            else:
                services.application_reject(by=request.user, application=application, comment=data["comment"])
                messages.success(
                    request, _("The application was not approved. Announce the results when ready.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("harezmi:application-detail", pk=application.pk)


@login_required
@require_POST
def results_announce(request, pk: int):
    """Announce the decided applications of the year to their schools (in-app notification)."""
    year = access.harezmi_year_for(request.user, pk, action="manage")
    count = services.application_results_announce(by=request.user, program_year=year)
    messages.success(request, _("%(count)d result(s) were announced to the schools.") % {"count": count})
    return redirect(f"{reverse('harezmi:application-list')}?year={year.pk}")


@login_required
def application_settings(request, pk: int):
    """The school's unavailable weekdays and team size range for the year."""
    application = access.harezmi_application_for(request.user, pk)
    if not access.harezmi_school_nodes(request.user).filter(pk=application.school_id).exists():
        raise Http404
    initial = {
        "unavailable_weekdays": sorted(application.unavailable_day_set),
        "teacher_min": application.teacher_min,
        "teacher_max": application.teacher_max,
    }
    form = ApplicationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_settings_update(
                by=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The school's settings were saved."))
            return redirect("harezmi:application-detail", pk=application.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Harezmi settings of %(school)s") % {"school": application.school},
            "back_url": reverse("harezmi:application-detail", args=[application.pk]),
        },
    )
