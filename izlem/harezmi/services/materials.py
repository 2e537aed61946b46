"""Material support: a school's request, the district's or province's decision, and deliveries."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import MaterialDelivery, MaterialItem, MaterialRequest, ProgramYear
from izlem.harezmi.services.common import people_with, require
from izlem.org.models import OrgNode, Role, User

State = MaterialRequest.State


def _check_request(item: str, description: str, quantity: int, reason: str) -> None:
    """A request says what (other material needs a description), how many and why."""
    errors = {}
    if item == MaterialItem.OTHER and not description.strip():
        errors["description"] = _("Describe the material you ask for.")
    if quantity is None or quantity < 1:
        errors["quantity"] = _("Ask for at least one.")
    if not reason.strip():
        errors["reason"] = _("Write why the school needs this material.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def material_request_create(
    *,
    by: User | None,
    program_year: ProgramYear,
    school: OrgNode,
    item: str,
    quantity: int,
    reason: str,
    description: str = "",
) -> MaterialRequest:
    """A school's principal asks for material; the district's top manager and coordinators are told."""
    if by is not None:
        require(access.harezmi_principal_schools(by).filter(pk=school.pk).exists())
    if school.kind != OrgNode.Kind.SCHOOL or not school.is_within(program_year.province):
        raise ValidationError({"school": _("Choose a school of the program year's province.")})
    _check_request(item, description, quantity, reason)
    request = MaterialRequest(
        program_year=program_year,
        school=school,
        item=item,
        description=description.strip(),
        quantity=quantity,
        reason=reason.strip(),
        requested_by=by,
    )
    request.full_clean()
    request.save()
    notify(
        recipients=people_with({Role.TOP_MANAGER, Role.DISTRICT_COORDINATOR}, school.parent),
        message=_("%(school)s asks for %(quantity)d × %(item)s.")
        % {"school": school, "quantity": quantity, "item": request.get_item_display()},
        url=reverse("harezmi:material-detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def material_request_update(
    *, by: User | None, request: MaterialRequest, item: str, quantity: int, reason: str, description: str = ""
) -> MaterialRequest:
    """The principal changes a request that still waits for a decision."""
    if by is not None:
        require(access.harezmi_principal_schools(by).filter(pk=request.school_id).exists())
    request = MaterialRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != State.REQUESTED:
        raise ValidationError(_("Only a request that waits for a decision can be changed."))
    _check_request(item, description, quantity, reason)
    request.item, request.quantity = item, quantity
    request.reason, request.description = reason.strip(), description.strip()
    request.full_clean()
    request.save(update_fields=["item", "quantity", "reason", "description", "updated_at"])
    return request


@transaction.atomic
def material_request_decide(
    *,
    by: User | None,
    request: MaterialRequest,
    approve: bool,
    approved_quantity: int | None = None,
    note: str = "",
    decided_at: dt.datetime | None = None,
) -> MaterialRequest:
    """The district or the province approves a request (with the quantity it will supply) or refuses it
    (with a note saying why); the school is told. `decided_at` backdates the decision (the demo)."""
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=request.school.parent_id).exists())
    request = (
        MaterialRequest.objects.select_for_update(of=("self",)).select_related("school").get(pk=request.pk)
    )
    if request.state != State.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    if approve:
        if approved_quantity is None or not (1 <= approved_quantity <= request.quantity):
            raise ValidationError(
                {
                    "approved_quantity": _("Approve between 1 and the %(quantity)d requested.")
                    % {"quantity": request.quantity}
                }
            )
        request.state, request.approved_quantity = State.APPROVED, approved_quantity
    else:
        if not note.strip():
            raise ValidationError({"note": _("Write why the request is refused.")})
        request.state, request.approved_quantity = State.REFUSED, None
    request.decision_note = note.strip()
    request.decided_by, request.decided_at = by, decided_at or timezone.now()
    request.full_clean()
    request.save(
        update_fields=[
            "state",
            "approved_quantity",
            "decision_note",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    recipients = people_with({Role.PRINCIPAL}, request.school)
    if request.requested_by_id:
        recipients.append(request.requested_by)
    if approve:
        message = _("Your request for %(item)s was approved: %(quantity)d will be delivered.") % {
            "item": request.get_item_display(),
            "quantity": approved_quantity,
        }
    else:
        message = _("Your request for %(item)s was refused: %(note)s") % {
            "item": request.get_item_display(),
            "note": request.decision_note,
        }
    notify(recipients=recipients, message=message, url=reverse("harezmi:material-detail", args=[request.pk]))
    return request


def delivered_quantity(request: MaterialRequest) -> int:
    """How many of the request's items were delivered so far."""
    return request.deliveries.aggregate(total=Sum("quantity"))["total"] or 0


@transaction.atomic
def material_delivery_record(
    *,
    by: User | None,
    request: MaterialRequest,
    quantity: int,
    delivered_on: dt.date,
    supplier: OrgNode,
    note: str = "",
    today: dt.date | None = None,
) -> MaterialDelivery:
    """Record material handed to the school by its district or the province; the request becomes
    delivered when the deliveries reach the approved quantity (never more)."""
    request = (
        MaterialRequest.objects.select_for_update(of=("self",))
        .select_related("school__parent")
        .get(pk=request.pk)
    )
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=request.school.parent_id).exists())
        require(access.harezmi_material_suppliers(by, request.school).filter(pk=supplier.pk).exists())
    elif not request.school.is_within(supplier) or supplier.kind not in (
        OrgNode.Kind.DISTRICT,
        OrgNode.Kind.PROVINCE,
    ):
        raise ValidationError({"supplier": _("The school's district or province supplies it.")})
    if request.state != State.APPROVED:
        raise ValidationError(
            _("Material is delivered against an approved request that is not yet complete.")
        )
    already = delivered_quantity(request)
    remaining = request.approved_quantity - already
    if quantity is None or not (1 <= quantity <= remaining):
        raise ValidationError(
            {
                "quantity": _(
                    "Deliver between 1 and the %(remaining)d still due (%(approved)d approved, %(done)d "
                    "delivered)."
                )
                % {"remaining": remaining, "approved": request.approved_quantity, "done": already}
            }
        )
    today = today or timezone.localdate()
    decided = timezone.localtime(request.decided_at).date() if request.decided_at else None
    if delivered_on > today or (decided and delivered_on < decided):
        raise ValidationError({"delivered_on": _("The delivery day must be between the approval and today.")})
    delivery = MaterialDelivery(
        request=request,
        quantity=quantity,
        delivered_on=delivered_on,
        supplier=supplier,
        note=note.strip(),
        recorded_by=by,
    )
    delivery.full_clean()
    delivery.save()
    if already + quantity == request.approved_quantity:
        request.state = State.DELIVERED
        request.save(update_fields=["state", "updated_at"])
    return delivery
