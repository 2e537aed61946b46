"""Program meetings: list, record and change, attendance, and attendance rates per person."""

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

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, services
from izlem.harezmi.forms.meetings import MeetingForm
from izlem.harezmi.models import Meeting
from izlem.harezmi.selectors import meetings as selectors_meetings
from izlem.harezmi.services.meetings import parse_outsiders
from izlem.harezmi.views.common import year_from
from izlem.org import scope
from izlem.org.models import OrgNode


def _level_nodes(user, year):
    """The levels where the user may hold meetings in the year's province."""
    return (
        access.harezmi_level_nodes(user)
        .filter(path__startswith=year.province.path)
        .order_by("kind", turkish("name"))
    )


def _invitable(nodes) -> object:
    """Everyone who may be invited to a meeting of any of `nodes` (the service checks the chosen level)."""
    node_list = list(nodes)
    provinces = [node for node in node_list if node.kind == OrgNode.Kind.PROVINCE]
    tops = provinces or node_list
    people = scope.holders(access.HAREZMI_MEETING_PEOPLE_ROLES, at=OrgNode.objects.subtree_of(*tops))
    return people.filter(is_active=True).order_by("first_name", "last_name")


def _form(request, year, nodes, **kwargs) -> MeetingForm:
    return MeetingForm(
        request.POST or None,
        nodes=nodes,
        events=year.events.order_by("starts_on"),
        people=_invitable(nodes),
        **kwargs,
    )


def _list_url(year) -> str:
    return f"{reverse('harezmi:program-meeting-list')}?year={year.pk}"


@login_required
def meeting_list(request):
    """Meetings of the year the user may read (their levels' and those they were invited to)."""
    if not access.harezmi_has_access(request.user):
        raise Http404
    year = year_from(request)
    meetings = access.harezmi_program_meetings_visible(request.user).filter(program_year=year)
    kind = request.GET.get("kind", "")
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    page = Paginator(
        selectors_meetings.meetings_for_list(meetings).order_by("-held_on", "title"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/meetings_list.html",
        {
            "year": year,
            "page": page,
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "can_record": _level_nodes(request.user, year).exists(),
        },
    )


@login_required
def meeting_create(request):
    """Record a meeting of a level the user holds meetings for, with its invitations."""
    year = year_from(request)
    nodes = _level_nodes(request.user, year)
    if not nodes.exists():
        raise Http404
    initial = {"node": nodes.first()} if nodes.count() == 1 else {}
    form = _form(request, year, nodes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["outsiders"] = parse_outsiders(data["outsiders"])
        try:
            meeting = services.meeting_create(by=request.user, program_year=year, **data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded; the invited people were told."))
            return redirect("harezmi:program-meeting-detail", pk=meeting.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, "year": year, "title": _("New meeting"), "back_url": _list_url(year)},
    )


@login_required
def meeting_detail(request, pk: int):
    """A meeting: details, who was invited and who came, minutes and decisions."""
    meeting = access.harezmi_program_meeting_for(request.user, pk)
    attendees = list(meeting.attendees.select_related("person").order_by("person__first_name", "name"))
    can_edit = access.harezmi_level_nodes(request.user).filter(pk=meeting.node_id).exists()
    invited = [row for row in attendees if row.invited]
    return render(
        request,
        "harezmi/meetings_detail.html",
        {
            "meeting": meeting,
            "year": meeting.program_year,
            "attendees": attendees,
            "can_edit": can_edit,
            "can_take_attendance": can_edit and meeting.held_on <= timezone.localdate(),
            "invited_count": len(invited),
            "present_count": sum(1 for row in invited if row.present),
            "rate": selectors_meetings.rate(sum(1 for row in invited if row.present), len(invited)),
        },
    )


@login_required
def meeting_edit(request, pk: int):
    """Change a meeting: details, invitations, minutes and decisions."""
    meeting = access.harezmi_program_meeting_for(request.user, pk, action="edit")
    year = meeting.program_year
    nodes = _level_nodes(request.user, year)
    rows = list(meeting.attendees.select_related("person"))
    initial = {
        "kind": meeting.kind,
        "node": meeting.node,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "calendar_event": meeting.calendar_event,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "invitees": [row.person for row in rows if row.person_id and row.invited],
        "outsiders": "\n".join(
            f"{row.name} — {row.role_note}" if row.role_note else row.name
            for row in rows
            if not row.person_id
        ),
    }
    form = _form(request, year, nodes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invitees, outsiders = data.pop("invitees"), parse_outsiders(data.pop("outsiders"))
        try:
            services.meeting_update(
                by=request.user, meeting=meeting, invitees=invitees, outsiders=outsiders, **data
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:program-meeting-detail", pk=meeting.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("Change the meeting"),
            "back_url": reverse("harezmi:program-meeting-detail", args=[meeting.pk]),
        },
    )


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    """Record who came (the ticked rows of the attendance list)."""
    meeting = access.harezmi_program_meeting_for(request.user, pk, action="edit")
    present = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
    try:
        services.meeting_attendance_record(by=request.user, meeting=meeting, present=present)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attendance was recorded."))
    return redirect("harezmi:program-meeting-detail", pk=meeting.pk)


@login_required
def attendance_rates(request):
    """Attendance rate per person (present ÷ invited) over the year's meetings the user reads."""
    if not access.harezmi_has_access(request.user):
        raise Http404
    year = year_from(request)
    meetings = access.harezmi_program_meetings_visible(request.user).filter(program_year=year)
    kind = request.GET.get("kind", "")
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    if not access.harezmi_reads_as_manager(request.user):
        # a teacher sees their own rate only, not their colleagues'
        rows = [
            row for row in selectors_meetings.attendance_rates(meetings) if row.person.pk == request.user.pk
        ]
    else:
        rows = selectors_meetings.attendance_rates(meetings)
    kinds = [(value, label) for value, label in Meeting.Kind.choices if not kind or value == kind]
    table = [
        {
            "person": row.person,
            "cells": [row.by_kind.get(value) for value, _label in kinds],
            "invited": row.invited,
            "present": row.present,
            "rate": row.rate,
        }
        for row in rows
    ]
    return render(
        request,
        "harezmi/meetings_attendance.html",
        {"year": year, "rows": table, "kinds": kinds, "kind": kind, "all_kinds": Meeting.Kind.choices},
    )
