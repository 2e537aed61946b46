"""Field visits: coordinators' monthly/weekly plans, visit records with follow-ups, planned vs done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, services
from izlem.harezmi.forms.visits import (
    FollowUpDoneForm,
    FollowUpForm,
    PlannedVisitForm,
    VisitForm,
    VisitPlanForm,
)
from izlem.harezmi.models import PlannedVisit, Team, VisitPurpose
from izlem.harezmi.selectors import visits as sel
from izlem.harezmi.services.visits import application_day_suggestions
from izlem.harezmi.views.common import form_page, year_from
from izlem.org import scope
from izlem.org.models import OrgNode, User


def _visit_nodes(user, year) -> list[OrgNode]:
    """The user's coordinator posts inside the year's province."""
    return [node for node in access.harezmi_visit_nodes(user) if node.is_within(year.province)]


def _require_reader(user) -> None:
    """Only coordinators and the managers who read visits have these pages."""
    if not (access.harezmi_visit_nodes(user) or access.harezmi_reads_visits(user)):
        raise Http404


def _visits_only(user) -> bool:
    """A principal sees the visits to their school, not the coordinators' plans and figures."""
    return not (access.harezmi_visit_nodes(user) or access.harezmi_reads_visits(user))


@login_required
def visit_plan_list(request):
    """The year's visit plans the user reads (own, and their node's coordinators' for managers)."""
    year = year_from(request)
    _require_reader(request.user)
    plans = sel.plans_for_list(access.harezmi_visit_plans_visible(request.user).filter(program_year=year))
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/visits_plan_list.html",
        {"year": year, "page": page, "can_plan": bool(_visit_nodes(request.user, year))},
    )


@login_required
def visit_plan_create(request):
    """Start one's monthly (province) or weekly (district) plan."""
    year = year_from(request)
    nodes = _visit_nodes(request.user, year)
    if not nodes:
        raise Http404
    queryset = OrgNode.objects.filter(pk__in=[n.pk for n in nodes])
    initial = {"day": timezone.localdate(), "node": nodes[0].pk}
    return form_page(
        request,
        VisitPlanForm(request.POST or None, nodes=queryset, initial=initial),
        save=lambda data: services.visit_plan_create(
            by=request.user, program_year=year, coordinator=request.user, **data
        ),
        then=lambda plan: reverse("harezmi:visit-plan-detail", args=[plan.pk]),
        message=_("The plan was started. Add the schools you will visit."),
        title=_("New visit plan"),
        back_url=f"{reverse('harezmi:visit-plan-list')}?year={year.pk}",
        year=year,
    )


def _visit_url(visit) -> str:
    return reverse("harezmi:visit-detail", args=[visit.pk])


def _item_form(plan, data=None, initial=None) -> PlannedVisitForm:
    schools = OrgNode.objects.schools().filter(path__startswith=plan.node.path).order_by(turkish("name"))
    teams = Team.objects.filter(program_year=plan.program_year, school__in=schools).select_related("school")
    return PlannedVisitForm(
        data, schools=schools, teams=teams.order_by("school__name", "name"), initial=initial
    )


@login_required
def visit_plan_detail(request, pk: int):
    """A plan with its visits (made or not), a form to add one and, for a week, the teams' application days."""
    plan = access.harezmi_visit_plan_for(request.user, pk)
    can_edit = plan.coordinator_id == request.user.pk and any(
        n.pk == plan.node_id for n in access.harezmi_visit_nodes(request.user)
    )
    form = _item_form(plan, initial={"planned_on": plan.starts_on}) if can_edit else None
    return render(
        request,
        "harezmi/visits_plan_detail.html",
        {
            "plan": plan,
            "year": plan.program_year,
            "items": sel.plan_items(plan),
            "can_edit": can_edit,
            "form": form,
            "suggestions": application_day_suggestions(plan) if can_edit else [],
        },
    )


@login_required
@require_POST
def planned_visit_add(request, pk: int):
    """Add a visit to one's own plan (from the form or a suggested application day)."""
    plan = access.harezmi_visit_plan_for(request.user, pk, action="edit")
    form = _item_form(plan, request.POST)
    if form.is_valid():
        try:
            services.planned_visit_add(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The visit was added to the plan."))
            return redirect("harezmi:visit-plan-detail", pk=plan.pk)
    return render(
        request,
        "harezmi/visits_plan_detail.html",
        {
            "plan": plan,
            "year": plan.program_year,
            "items": sel.plan_items(plan),
            "can_edit": True,
            "form": form,
            "suggestions": application_day_suggestions(plan),
        },
        status=400,
    )


@login_required
@require_POST
def planned_visit_remove(request, pk: int):
    """Take a visit not yet made out of one's own plan."""
    item = get_object_or_404(PlannedVisit.objects.select_related("plan"), pk=pk)
    plan = access.harezmi_visit_plan_for(request.user, item.plan_id, action="edit")
    try:
        services.planned_visit_remove(by=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The visit was taken out of the plan."))
    return redirect("harezmi:visit-plan-detail", pk=plan.pk)


@login_required
def visit_list(request):
    """The year's visits the user reads, newest first, with open follow-ups (principals: their school's)."""
    year = year_from(request)
    if not access.harezmi_has_visit_list(request.user):
        raise Http404
    visits = access.harezmi_visits_visible(request.user).filter(program_year=year)
    page = Paginator(sel.visits_for_list(visits), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/visits_list.html",
        {
            "year": year,
            "page": page,
            "can_record": bool(_visit_nodes(request.user, year)),
            "visits_only": _visits_only(request.user),
        },
    )


def _visit_form(request, year, data=None, initial=None):
    schools = access.harezmi_visit_schools(request.user).filter(path__startswith=year.province.path)
    planned = sel.open_plan_items(request.user, year)
    return VisitForm(data, schools=schools.order_by(turkish("name")), planned=planned, initial=initial)


@login_required
def visit_create(request):
    """Record a visit one made (`?planned=<id>` fills it from a planned visit)."""
    year = year_from(request)
    if not _visit_nodes(request.user, year):
        raise Http404
    initial = {"visited_on": timezone.localdate()}
    raw = request.GET.get("planned", "")
    if raw.isdigit():
        item = sel.open_plan_items(request.user, year).filter(pk=int(raw)).first()
        if item is not None:
            initial.update(
                planned=item.pk, school=item.school_id, purpose=item.purpose, visited_on=item.planned_on
            )
    return form_page(
        request,
        _visit_form(request, year, request.POST or None, initial),
        save=lambda data: services.visit_record(
            by=request.user, program_year=year, coordinator=request.user, **data
        ),
        then=_visit_url,
        message=_("The visit was recorded. Add the follow-up actions agreed."),
        title=_("Record a visit"),
        back_url=f"{reverse('harezmi:visit-list')}?year={year.pk}",
        year=year,
    )


@login_required
def visit_edit(request, pk: int):
    """Correct one's own visit record."""
    visit = access.harezmi_visit_for(request.user, pk, action="edit")
    year = visit.program_year
    initial = {
        "school": visit.school_id,
        "visited_on": visit.visited_on,
        "purpose": visit.purpose,
        "planned": visit.planned_id,
        "observations": visit.observations,
    }
    form = _visit_form(request, year, request.POST or None, initial)
    form.fields["school"].disabled = True
    planned = sel.open_plan_items(request.user, year, visit.school)
    if visit.planned_id:
        planned = planned | PlannedVisit.objects.filter(pk=visit.planned_id)
    form.fields["planned"].queryset = planned
    return form_page(
        request,
        form,
        save=lambda data: services.visit_update(
            by=request.user, visit=visit, **{k: v for k, v in data.items() if k != "school"}
        ),
        then=lambda _saved: _visit_url(visit),
        message=_("The visit was saved."),
        title=_("Visit to %(school)s") % {"school": visit.school},
        back_url=_visit_url(visit),
        year=year,
    )


def _owner_people(visit):
    """People a follow-up may be given to: those with a role at the visited school, and the coordinator."""
    return scope.holders(at=visit.school).order_by("first_name", "last_name") | User.objects.filter(
        pk=visit.coordinator_id
    )


@login_required
def visit_detail(request, pk: int):
    """A visit with its observations and follow-ups; its coordinator adds follow-ups here."""
    visit = access.harezmi_visit_for(request.user, pk)
    visit = sel.visit_with_follow_ups(access.harezmi_visits_visible(request.user), visit.pk)
    can_edit = visit.coordinator_id == request.user.pk
    form = None
    if can_edit:
        form = FollowUpForm(request.POST or None, people=_owner_people(visit))
        if request.method == "POST" and form.is_valid():
            try:
                services.follow_up_add(by=request.user, visit=visit, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The follow-up action was added."))
                return redirect("harezmi:visit-detail", pk=visit.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "harezmi/visits_detail.html",
        {
            "visit": visit,
            "year": visit.program_year,
            "can_edit": can_edit,
            "plan_visible": visit.planned is not None
            and access.harezmi_visit_plans_visible(request.user).filter(pk=visit.planned.plan_id).exists(),
            "form": form,
            "today": timezone.localdate(),
            "user_id": request.user.pk,
            "visits_only": _visits_only(request.user),
        },
    )


@login_required
def follow_up_done(request, pk: int):
    """Mark a follow-up done (the visit's coordinator or the action's owner)."""
    follow_up = access.harezmi_follow_up_for(request.user, pk, action="done")
    form = FollowUpDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_done(by=request.user, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up was marked done."))
            return redirect("harezmi:visit-detail", pk=follow_up.visit_id)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "title": _("Done: %(action)s") % {"action": follow_up.action[:80]},
            "back_url": reverse("harezmi:visit-detail", args=[follow_up.visit_id]),
            "year": follow_up.visit.program_year,
        },
    )


@login_required
def visits_planned_vs_done(request):
    """Planned vs done visits per coordinator and month, within what the user reads."""
    year = year_from(request)
    _require_reader(request.user)
    plans = access.harezmi_visit_plans_visible(request.user).filter(program_year=year)
    visits = access.harezmi_visits_visible(request.user).filter(program_year=year)
    rows = sel.planned_vs_done(plans, visits)
    totals = sel.MonthRow(coordinator=request.user, month=year.start_date)
    for row in rows:
        totals.planned += row.planned
        totals.done_planned += row.done_planned
        totals.unplanned += row.unplanned
        totals.visits += row.visits
    return render(
        request,
        "harezmi/visits_planned_vs_done.html",
        {"year": year, "rows": rows, "totals": totals, "purposes": VisitPurpose},
    )
