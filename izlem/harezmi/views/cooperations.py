"""Cooperations of a province or district with universities and other institutions: list, record, change, detail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.harezmi import access, services
from izlem.harezmi.forms import document_input
from izlem.harezmi.forms.duties import CooperationForm
from izlem.harezmi.models import Cooperation
from izlem.harezmi.services.duties import COOPERATION_FIELDS
from izlem.harezmi.views.common import form_page, page_of, year_from, year_records_of_kind
from izlem.org.models import OrgNode


def _cooperation_choices(user, year):
    """The levels the user records cooperations for in the year's province, and their schools."""
    nodes = access.harezmi_cooperation_nodes(user).filter(path__startswith=year.province.path)
    schools = OrgNode.objects.none()
    for node in nodes:
        schools |= OrgNode.objects.schools().filter(path__startswith=node.path)
    return nodes.order_by("kind", turkish("name")), OrgNode.objects.filter(
        pk__in=schools.values("pk")
    ).order_by(turkish("name"))


def _detail_url(cooperation) -> str:
    return reverse("harezmi:cooperation-detail", args=[cooperation.pk])


def _fields(data) -> dict:
    """The service's arguments from the form's cleaned data (schools, protocol and the plain fields)."""
    return {
        "schools": list(data["schools"]),
        "protocol": document_input(data, "protocol"),
        **{field: data[field] for field in COOPERATION_FIELDS},
    }


@login_required
def cooperation_list(request):
    """The year's cooperations with universities and other institutions the user reads."""
    year, cooperations, kind = year_records_of_kind(
        request, access.harezmi_cooperations_visible(request.user), Cooperation.Kind
    )
    return render(
        request,
        "harezmi/cooperations_list.html",
        {
            "year": year,
            "page": page_of(
                request, cooperations.select_related("node").order_by("-starts_on", "institution")
            ),
            "kind": kind,
            "kinds": Cooperation.Kind.choices,
            "can_record": access.harezmi_cooperation_nodes(request.user)
            .filter(path__startswith=year.province.path)
            .exists(),
        },
    )


@login_required
def cooperation_create(request):
    """Record a cooperation of the user's province or district."""
    year = year_from(request)
    nodes, schools = _cooperation_choices(request.user, year)
    if not nodes.exists():
        raise Http404
    form = CooperationForm(
        request.POST or None,
        request.FILES or None,
        nodes=nodes,
        schools=schools,
        initial={"node": nodes.first()},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.cooperation_record(
            by=request.user, program_year=year, node=data["node"], **_fields(data)
        ),
        then=_detail_url,
        message=_("The record was saved."),
        year=year,
        title=_("New cooperation"),
        back_url=f"{reverse('harezmi:cooperation-list')}?year={year.pk}",
        multipart=True,
    )


@login_required
def cooperation_edit(request, pk: int):
    """Change a cooperation (its level's recorders); a new protocol replaces the shown one."""
    cooperation = access.harezmi_cooperation_for(request.user, pk, action="edit")
    year = cooperation.program_year
    nodes, schools = _cooperation_choices(request.user, year)
    initial = {field: getattr(cooperation, field) for field in COOPERATION_FIELDS} | {
        "node": cooperation.node,
        "schools": list(cooperation.schools.all()),
    }
    form = CooperationForm(
        request.POST or None,
        request.FILES or None,
        nodes=nodes.filter(pk=cooperation.node_id),
        schools=schools,
        initial=initial,
    )
    form.fields["node"].disabled = True  # a cooperation stays with its province or district
    return form_page(
        request,
        form,
        save=lambda data: services.cooperation_update(
            by=request.user, cooperation=cooperation, **_fields(data)
        ),
        then=lambda _saved: _detail_url(cooperation),
        message=_("The changes were saved."),
        year=year,
        title=_("Change the cooperation"),
        back_url=_detail_url(cooperation),
        multipart=True,
    )


@login_required
def cooperation_detail(request, pk: int):
    """A cooperation: the institution, subject, dates, schools involved and protocol."""
    cooperation = access.harezmi_cooperation_for(request.user, pk)
    return render(
        request,
        "harezmi/cooperations_detail.html",
        {
            "cooperation": cooperation,
            "year": cooperation.program_year,
            "schools": cooperation.schools.order_by(turkish("name")),
            "can_edit": access.harezmi_cooperation_nodes(request.user)
            .filter(pk=cooperation.node_id)
            .exists(),
        },
    )
