"""Coordinator appointments, the coordinator-count table and departures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, selectors, services
from izlem.harezmi.forms import AppointmentForm, CoordinatorDepartureForm, document_input
from izlem.harezmi.models import CoordinatorAppointment, TrainingCompletion
from izlem.harezmi.views.common import year_from
from izlem.org import scope
from izlem.org.models import OrgNode


@login_required
def appointment_list(request):
    """The year's coordinators and, per district, how many district coordinators the rule suggests."""
    year = year_from(request)
    appointments = (
        access.harezmi_appointments_visible(request.user)
        .filter(program_year=year)
        .select_related("person", "node", "approval", "start_letter")
        .order_by("kind", "node__name", "start_date")
    )
    districts = OrgNode.objects.filter(pk__in=access.harezmi_view_nodes(request.user), parent=year.province)
    if access.harezmi_view_nodes(request.user).filter(pk=year.province_id).exists():
        districts = OrgNode.objects.filter(parent=year.province)
    return render(
        request,
        "harezmi/appointment_list.html",
        {
            "year": year,
            "appointments": appointments,
            "need": selectors.coordinator_need(year, districts),
            "can_appoint": _appointable_nodes(request.user, year).exists(),
        },
    )


def _appointable_nodes(user, year):
    """The province and districts of the year where the user may appoint someone."""
    candidates = OrgNode.objects.filter(Q(pk=year.province_id) | Q(parent=year.province)).order_by(
        "kind", "name"
    )
    allowed = [node.pk for node in candidates if access.harezmi_can_appoint(user, "", node)]
    return OrgNode.objects.filter(pk__in=allowed).order_by("-kind", "name")


@login_required
def appointment_create(request):
    """Appoint a province coordinator, an assistant or a district coordinator."""
    year = year_from(request)
    nodes = _appointable_nodes(request.user, year)
    if not nodes.exists():
        raise Http404
    trained = TrainingCompletion.objects.harezmi().values("person_id")
    people = (  # people holding a role in the province today (an ended role makes no candidate)
        scope.holders(under=year.province).filter(is_active=True).order_by("first_name", "last_name")
    )
    people = people.filter(pk__in=trained) if request.GET.get("all") != "1" else people
    people = people.exclude(pk=request.user.pk)  # nobody appoints themselves (separation of duties)
    schools = OrgNode.objects.schools().filter(
        parent__in=nodes, harezmi_applications__program_year=year, harezmi_applications__state="approved"
    )
    form = AppointmentForm(
        request.POST or None, request.FILES or None, nodes=nodes, people=people, schools=schools
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.coordinator_appoint(
                by=request.user,
                program_year=year,
                kind=data["kind"],
                person=data["person"],
                node=data["node"],
                semester=data["semester"],
                start_date=data["start_date"],
                employment=data["employment"],
                unit=data["unit"],
                schools=data["schools"],
                **form.documents(),
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The coordinator was appointed and given the role."))
            return redirect("harezmi:appointment-detail", pk=appointment.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Appoint a coordinator"),
            "intro": _(
                "Province coordinator and assistants: the office approval (makam onayı); an assistant of a large "
                "province also the Ministry's opinion. Every post: the unit the coordinator comes from or is "
                "assigned to. District coordinator: the volunteer's petition, the working time and the start "
                "letter to the province (EBYS). Only trained people are listed."
            ),
            "back_url": f"{reverse('harezmi:appointment-list')}?year={year.pk}",
            "multipart": True,
            "show_all_url": f"?all=1&year={year.pk}",
        },
    )


@login_required
def appointment_detail(request, pk: int):
    """One appointment: its approvals, its role, its departure."""
    appointment = access.harezmi_appointment_for(request.user, pk)
    may_appoint = access.harezmi_can_appoint(request.user, appointment.kind, appointment.node)
    can_request = appointment.state == CoordinatorAppointment.State.ACTIVE and (
        may_appoint or appointment.person_id == request.user.pk
    )
    return render(
        request,
        "harezmi/appointment_detail.html",
        {
            "appointment": appointment,
            "schools": appointment.schools.order_by(turkish("name")),
            "can_request_departure": can_request,
            "can_approve_departure": may_appoint
            and appointment.state == CoordinatorAppointment.State.DEPARTURE_REQUESTED,
            "departure_form": CoordinatorDepartureForm() if can_request else None,
        },
    )


@login_required
def appointment_departure(request, pk: int):
    """Record a coordinator's petition to leave."""
    appointment = access.harezmi_appointment_for(request.user, pk, action="request_departure")
    form = CoordinatorDepartureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.coordinator_departure_request(
                by=request.user,
                appointment=appointment,
                petition=document_input(data, "petition"),
                reason=data["reason"],
                departure_date=data["departure_date"],
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The departure petition was recorded."))
            return redirect("harezmi:appointment-detail", pk=appointment.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Departure petition of %(person)s") % {"person": appointment.person},
            "back_url": reverse("harezmi:appointment-detail", args=[appointment.pk]),
            "multipart": True,
        },
    )


@login_required
@require_POST
def appointment_departure_approve(request, pk: int):
    """Approve a departure: the post and its role end."""
    appointment = access.harezmi_appointment_for(request.user, pk, action="approve_departure")
    try:
        services.coordinator_departure_approve(by=request.user, appointment=appointment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The departure was approved; the role has ended."))
    return redirect("harezmi:appointment-detail", pk=appointment.pk)
