"""Projects (eTwinning, Erasmus+ …), events and awards: lists, record and change."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from izlem.core.collation import turkish
from izlem.harezmi import access, services
from izlem.harezmi.forms.projects import ActivityForm, AwardForm, ProjectForm
from izlem.harezmi.models import Activity, Award, Project
from izlem.harezmi.selectors import projects as selectors_projects
from izlem.harezmi.services.projects import ACTIVITY_FIELDS, AWARD_FIELDS, PROJECT_FIELDS
from izlem.harezmi.views.common import form_page, page_of, year_from
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User


def _own_nodes(user, year):
    """The school or directorate levels whose records the user keeps, in the year's province."""
    return (
        access.harezmi_own_level_nodes(user)
        .filter(path__startswith=year.province.path)
        .order_by("kind", turkish("name"))
    )


def _award_people(nodes):
    """People who may receive an award at any of `nodes` (the service checks the chosen one)."""
    node_list = list(nodes)
    if not node_list:
        return User.objects.none()
    working = set(Role) - {Role.STAKEHOLDER}  # stakeholders are outside the directorate: no awards
    return scope.holders(working, at=OrgNode.objects.subtree_of(*node_list)).order_by(
        "first_name", "last_name"
    )


# What each kind of record needs: its list page, form, fields, services and figures.
SPECS = {
    "project": {
        "model": Project,
        "form": ProjectForm,
        "fields": PROJECT_FIELDS,
        "create": "project_record",
        "update": "project_update",
        "list": "harezmi:project-list",
        "title_new": gettext_lazy("New project"),
        "title_edit": gettext_lazy("Change the project"),
    },
    "activity": {
        "model": Activity,
        "form": ActivityForm,
        "fields": ACTIVITY_FIELDS,
        "create": "activity_record",
        "update": "activity_update",
        "list": "harezmi:activity-list",
        "title_new": gettext_lazy("New event"),
        "title_edit": gettext_lazy("Change the event"),
    },
    "award": {
        "model": Award,
        "form": AwardForm,
        "fields": AWARD_FIELDS,
        "create": "award_record",
        "update": "award_update",
        "list": "harezmi:award-list",
        "title_new": gettext_lazy("New award"),
        "title_edit": gettext_lazy("Change the award"),
    },
}


def _form(request, kind: str, nodes, **kwargs):
    spec = SPECS[kind]
    extra = {"people": _award_people(nodes)} if kind == "award" else {}
    return spec["form"](request.POST or None, nodes=nodes, **extra, **kwargs)


def _record_create(request, kind: str):
    spec = SPECS[kind]
    year = year_from(request)
    nodes = _own_nodes(request.user, year)
    if not nodes.exists():
        raise Http404
    list_url = f"{reverse(spec['list'])}?year={year.pk}"
    return form_page(
        request,
        _form(request, kind, nodes, initial={"node": nodes.first()}),
        save=lambda data: getattr(services, spec["create"])(by=request.user, program_year=year, **data),
        then=lambda _saved: list_url,
        message=_("The record was saved."),
        year=year,
        title=spec["title_new"],
        back_url=list_url,
    )


def _record_edit(request, kind: str, pk: int):
    spec = SPECS[kind]
    record = access.harezmi_project_record_for(request.user, kind, pk, action="edit")
    year = record.program_year or year_from(request)
    nodes = _own_nodes(request.user, year)
    initial = {field: getattr(record, field) for field in spec["fields"]} | {"node": record.node}
    form = _form(request, kind, nodes.filter(pk=record.node_id), initial=initial)
    form.fields["node"].disabled = True  # a record stays with its school or directorate
    list_url = f"{reverse(spec['list'])}?year={year.pk}"
    return form_page(
        request,
        form,
        save=lambda data: getattr(services, spec["update"])(
            by=request.user, **{kind: record}, **{field: data[field] for field in spec["fields"]}
        ),
        then=lambda _saved: list_url,
        message=_("The changes were saved."),
        year=year,
        title=spec["title_edit"],
        back_url=list_url,
    )


def _editable_ids(user, year) -> set[int]:
    return set(_own_nodes(user, year).values_list("pk", flat=True))


def _kind_list(request, records, kinds, template: str, *, year, **context):
    """A list page of the year's events or awards: a page of `records`, their counts by kind, what the user edits."""
    return render(
        request,
        template,
        {
            "year": year,
            "page": page_of(request, records),
            "counts": selectors_projects.count_by_kind(records, kinds),
            "kinds": kinds.choices,
            "editable_ids": _editable_ids(request.user, year),
            **context,
        },
    )


@login_required
def project_list(request):
    """Projects of the schools and directorates the user reads, running in the program year."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    projects = access.harezmi_projects_visible(request.user).filter(
        Q(program_year=year)
        | Q(program_year__isnull=True, starts_on__lte=year.end_date, ends_on__gte=year.start_date)
    )
    programme = request.GET.get("programme", "")
    if programme in Project.Programme.values:
        projects = projects.filter(programme=programme)
    page = page_of(request, selectors_projects.projects_for_list(projects).order_by("-starts_on", "title"))
    return render(
        request,
        "harezmi/projects_list.html",
        {
            "year": year,
            "page": page,
            "programme": programme,
            "programmes": Project.Programme.choices,
            "totals": selectors_projects.mobility_totals(projects),
            "eu_count": selectors_projects.eu_projects(projects).count(),
            "editable_ids": _editable_ids(request.user, year),
        },
    )


@login_required
def project_create(request):
    """Record a project of the user's school or directorate."""
    return _record_create(request, "project")


@login_required
def project_edit(request, pk: int):
    """Change a project."""
    return _record_edit(request, "project", pk)


@login_required
def activity_list(request):
    """Festivals, competitions, e-portfolio and content work of the year."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    activities = access.harezmi_activities_visible(request.user).filter(program_year=year)
    return _kind_list(
        request,
        activities.select_related("node").order_by("-held_on", "title"),
        Activity.Kind,
        "harezmi/projects_activities.html",
        year=year,
    )


@login_required
def activity_create(request):
    """Record an event of the user's school or directorate."""
    return _record_create(request, "activity")


@login_required
def activity_edit(request, pk: int):
    """Change an event."""
    return _record_edit(request, "activity", pk)


@login_required
def award_list(request):
    """Awards, commendations and letters of thanks of the year (a teacher sees their own)."""
    if not access.harezmi_has_access(request.user):
        raise Http404
    year = year_from(request)
    awards = access.harezmi_awards_visible(request.user).filter(program_year=year)
    return _kind_list(
        request,
        awards.select_related("node", "person").order_by("-given_on", "title"),
        Award.Kind,
        "harezmi/projects_awards.html",
        year=year,
        # Projects and events are managers' pages: a teacher sees no tabs leading to them.
        show_tabs=access.harezmi_reads_as_manager(request.user),
    )


@login_required
def award_create(request):
    """Record an award given to a teacher or an administrator of the user's level."""
    return _record_create(request, "award")


@login_required
def award_edit(request, pk: int):
    """Change an award."""
    return _record_edit(request, "award", pk)
