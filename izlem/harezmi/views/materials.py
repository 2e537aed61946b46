"""Material support: requests, decisions, deliveries and what each school holds."""

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

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, services
from izlem.harezmi.forms.materials import MaterialDecisionForm, MaterialDeliveryForm, MaterialRequestForm
from izlem.harezmi.models import MaterialItem, MaterialRequest
from izlem.harezmi.selectors import materials as selectors_materials
from izlem.harezmi.services.materials import delivered_quantity
from izlem.harezmi.views.common import year_from


def _schools(user, year):
    return (
        access.harezmi_principal_schools(user)
        .filter(path__startswith=year.province.path)
        .order_by(turkish("name"))
    )


def _list_url(year_id: int) -> str:
    return f"{reverse('harezmi:material-list')}?year={year_id}"


@login_required
def material_list(request):
    """Material requests of the year in the user's scope, with what was delivered."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    requests = access.harezmi_material_requests_visible(request.user).filter(program_year=year)
    state = request.GET.get("state", "")
    if state in MaterialRequest.State.values:
        requests = requests.filter(state=state)
    page = Paginator(
        selectors_materials.requests_for_list(requests).order_by("-created_at", "-id"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/materials_list.html",
        {
            "year": year,
            "page": page,
            "state": state,
            "states": MaterialRequest.State.choices,
            "can_request": _schools(request.user, year).exists(),
        },
    )


@login_required
def material_create(request):
    """A principal asks for material for their school."""
    year = year_from(request)
    schools = _schools(request.user, year)
    if not schools.exists():
        raise Http404
    form = MaterialRequestForm(request.POST or None, schools=schools, initial={"school": schools.first()})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.material_request_create(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The request was sent to the district."))
            return redirect("harezmi:material-detail", pk=item.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, "year": year, "title": _("Request material"), "back_url": _list_url(year.pk)},
    )


@login_required
def material_detail(request, pk: int):
    """A request: what, how many and why; the decision; the deliveries."""
    item = access.harezmi_material_request_for(request.user, pk)
    user = request.user
    may_decide = access.harezmi_district_nodes(user).filter(pk=item.school.parent_id).exists()
    deliveries = list(item.deliveries.select_related("supplier", "recorded_by"))
    delivered = sum(d.quantity for d in deliveries)
    return render(
        request,
        "harezmi/materials_detail.html",
        {
            "item": item,
            "year": item.program_year,
            "deliveries": deliveries,
            "delivered": delivered,
            "remaining": (item.approved_quantity or 0) - delivered,
            "can_decide": may_decide and item.state == MaterialRequest.State.REQUESTED,
            "can_deliver": may_decide and item.state == MaterialRequest.State.APPROVED,
            "can_edit": item.state == MaterialRequest.State.REQUESTED
            and access.harezmi_principal_schools(user).filter(pk=item.school_id).exists(),
        },
    )


@login_required
def material_edit(request, pk: int):
    """The principal changes a request that still waits for a decision."""
    item = access.harezmi_material_request_for(request.user, pk, action="edit")
    schools = _schools(request.user, item.program_year).filter(pk=item.school_id)
    form = MaterialRequestForm(
        request.POST or None,
        schools=schools,
        initial={
            "school": item.school,
            "item": item.item,
            "description": item.description,
            "quantity": item.quantity,
            "reason": item.reason,
        },
    )
    form.fields["school"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("school")
        try:
            services.material_request_update(by=request.user, request=item, **data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:material-detail", pk=item.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": item.program_year,
            "title": _("Change the request"),
            "back_url": reverse("harezmi:material-detail", args=[item.pk]),
        },
    )


@login_required
def material_decide(request, pk: int):
    """The district or the province approves (with a quantity) or refuses (with a note) a request."""
    item = access.harezmi_material_request_for(request.user, pk, action="decide")
    form = MaterialDecisionForm(request.POST or None, initial={"approved_quantity": item.quantity})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.material_request_decide(
                by=request.user,
                request=item,
                approve=data["decision"] == "approve",
                approved_quantity=data.get("approved_quantity"),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded; the school was told."))
            return redirect("harezmi:material-detail", pk=item.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": item.program_year,
            "title": _("Decide: %(school)s, %(quantity)d × %(item)s")
            % {"school": item.school.name, "quantity": item.quantity, "item": item.get_item_display()},
            "back_url": reverse("harezmi:material-detail", args=[item.pk]),
        },
    )


@login_required
def material_deliver(request, pk: int):
    """Record material handed to the school (by its district or the province)."""
    item = access.harezmi_material_request_for(request.user, pk, action="deliver")
    suppliers = access.harezmi_material_suppliers(request.user, item.school).order_by("-kind")
    remaining = (item.approved_quantity or 0) - delivered_quantity(item)
    form = MaterialDeliveryForm(
        request.POST or None,
        suppliers=suppliers,
        initial={
            "quantity": max(remaining, 1),
            "delivered_on": timezone.localdate(),
            "supplier": suppliers.first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.material_delivery_record(by=request.user, request=item, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The delivery was recorded."))
            return redirect("harezmi:material-detail", pk=item.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": item.program_year,
            "title": _("Delivery to %(school)s: %(item)s")
            % {"school": item.school.name, "item": item.get_item_display()},
            "intro": _("%(remaining)d of %(approved)d approved still to deliver.")
            % {"remaining": remaining, "approved": item.approved_quantity or 0},
            "back_url": reverse("harezmi:material-detail", args=[item.pk]),
        },
    )


@login_required
def material_holdings(request):
    """What each school holds: the sum of deliveries per material, over every program year of the
    province (kits stay at the school from one year to the next)."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    requests = access.harezmi_material_requests_visible(request.user).filter(
        program_year__province=year.province, program_year__start_date__lte=year.end_date
    )
    rows, total = selectors_materials.material_holdings(requests)
    return render(
        request,
        "harezmi/materials_holdings.html",
        {"year": year, "rows": rows, "total": total, "items": MaterialItem.choices},
    )
