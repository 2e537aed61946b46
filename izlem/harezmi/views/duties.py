"""Tasks given downward (list, give, detail, change, done, cancel) and coordinators' announcements to schools."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.core.files import protected_file_response
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, services
from izlem.harezmi.forms import document_input
from izlem.harezmi.forms.duties import (
    AnnouncementForm,
    CooperationForm,
    ReportForm,
    TaskCancelForm,
    TaskCompleteForm,
    TaskEditForm,
    TaskForm,
)
from izlem.harezmi.models import AssignedTask, Cooperation, ResearchReport
from izlem.harezmi.selectors import duties as selectors_duties
from izlem.harezmi.services.duties import COOPERATION_FIELDS, REPORT_FIELDS, TASK_EDITABLE_FIELDS
from izlem.harezmi.views.common import year_from
from izlem.org.models import OrgNode, User


def _list_url(year) -> str:
    return f"{reverse('harezmi:task-list')}?year={year.pk}"


@login_required
def task_list(request):
    """The year's tasks the user reads: given to them, given by them, or in their province or district."""
    if not access.harezmi_has_task_list(request.user):
        raise Http404
    year = year_from(request)
    tasks = access.harezmi_tasks_visible(request.user).filter(program_year=year)
    show = request.GET.get("show", "")
    if show == "mine":
        tasks = tasks.filter(assignee=request.user)
    elif show == "given":
        tasks = tasks.filter(given_by=request.user)
    state = request.GET.get("state", "")
    if state in AssignedTask.State.values:
        tasks = tasks.filter(state=state)
    page = Paginator(selectors_duties.tasks_for_list(tasks), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "harezmi/tasks_list.html",
        {
            "year": year,
            "page": page,
            "show": show,
            "state": state,
            "states": AssignedTask.State.choices,
            "counts": selectors_duties.task_counts(tasks),
            "can_give": access.harezmi_task_provinces(request.user).filter(pk=year.province_id).exists(),
        },
    )


@login_required
def task_create(request):
    """Give a task to a coordinator below the user in the year's province."""
    year = year_from(request)
    if not access.harezmi_task_provinces(request.user).filter(pk=year.province_id).exists():
        raise Http404
    receivers = access.harezmi_task_receivers(request.user, year.province)
    people = User.objects.filter(pk__in=receivers.values("user_id")).order_by("first_name", "last_name")
    form = TaskForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_give(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(
                request, _("The task was given; %(person)s was told.") % {"person": task.assignee}
            )
            return redirect("harezmi:task-detail", pk=task.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {"form": form, "year": year, "title": _("Give a task"), "back_url": _list_url(year)},
    )


@login_required
def task_detail(request, pk: int):
    """A task: what, to whom, by when, its state; the assignee's and the giver's actions."""
    task = access.harezmi_task_for(request.user, pk)
    is_open = task.state == AssignedTask.State.GIVEN
    return render(
        request,
        "harezmi/tasks_detail.html",
        {
            "task": task,
            "year": task.program_year,
            "can_complete": is_open and task.assignee_id == request.user.pk,
            "can_give": is_open and access.harezmi_tasks_givable(request.user).filter(pk=task.pk).exists(),
        },
    )


@login_required
def task_edit(request, pk: int):
    """Change an open task's title, description or due date (its giver)."""
    task = access.harezmi_task_for(request.user, pk, action="give")
    form = TaskEditForm(request.POST or None, initial={f: getattr(task, f) for f in TASK_EDITABLE_FIELDS})
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in TASK_EDITABLE_FIELDS}
        try:
            services.task_update(by=request.user, task=task, **changes)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:task-detail", pk=task.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": task.program_year,
            "title": _("Change the task"),
            "back_url": reverse("harezmi:task-detail", args=[task.pk]),
        },
    )


def _step(request, pk: int, *, action: str, form_class, service, title, done_message):
    """A step on a task with one text field (mark done, cancel): its form, the service, back to the task."""
    task = access.harezmi_task_for(request.user, pk, action=action)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(by=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect("harezmi:task-detail", pk=task.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": task.program_year,
            "title": title % {"title": task.title},
            "back_url": reverse("harezmi:task-detail", args=[task.pk]),
        },
    )


@login_required
def task_complete(request, pk: int):
    """The assignee marks the task done with what was done."""
    return _step(
        request,
        pk,
        action="complete",
        form_class=TaskCompleteForm,
        service=services.task_complete,
        title=_("Mark “%(title)s” done"),
        done_message=_("The task is marked done; the person who gave it was told."),
    )


@login_required
def task_cancel(request, pk: int):
    """The giver cancels the task with a reason."""
    return _step(
        request,
        pk,
        action="give",
        form_class=TaskCancelForm,
        service=services.task_cancel,
        title=_("Cancel the task “%(title)s”"),
        done_message=_("The task was cancelled; the assignee was told."),
    )


@login_required
def announcement_list(request):
    """The year's announcements the user reads (a principal or teacher: those sent to their school)."""
    if not access.harezmi_has_access(request.user):
        raise Http404
    year = year_from(request)
    announcements = access.harezmi_announcements_visible(request.user).filter(program_year=year)
    page = Paginator(selectors_duties.announcements_for_list(announcements), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "harezmi/announcements_list.html",
        {
            "year": year,
            "page": page,
            "can_write": access.harezmi_announcement_nodes(request.user)
            .filter(path__startswith=year.province.path)
            .exists(),
        },
    )


@login_required
def announcement_create(request):
    """Write an announcement to all or chosen application schools of the user's province or district."""
    year = year_from(request)
    nodes = access.harezmi_announcement_nodes(request.user).filter(path__startswith=year.province.path)
    if not nodes.exists():
        raise Http404
    schools = OrgNode.objects.none()
    for node in nodes:
        schools |= access.harezmi_announcement_schools(node, year)
    schools = OrgNode.objects.filter(pk__in=schools.values("pk")).order_by(turkish("name"))
    form = AnnouncementForm(
        request.POST or None,
        nodes=nodes.order_by("kind", turkish("name")),
        schools=schools,
        initial={"node": nodes.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_send(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The announcement was sent to %(n)d people.") % {"n": announcement.recipient_count},
            )
            return redirect("harezmi:announcement-detail", pk=announcement.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("New announcement to schools"),
            "intro": _(
                "The principals and teachers of the schools see it on their Harezmi page and are notified."
            ),
            "back_url": f"{reverse('harezmi:announcement-list')}?year={year.pk}",
        },
    )


@login_required
def announcement_detail(request, pk: int):
    """An announcement: from whom, to which schools, the text."""
    announcement = access.harezmi_announcement_for(request.user, pk)
    return render(
        request,
        "harezmi/announcements_detail.html",
        {
            "announcement": announcement,
            "year": announcement.program_year,
            "schools": announcement.schools.order_by(turkish("name")),
        },
    )


def _cooperation_choices(user, year):
    """The levels the user records cooperations for in the year's province, and their schools."""
    nodes = access.harezmi_cooperation_nodes(user).filter(path__startswith=year.province.path)
    schools = OrgNode.objects.none()
    for node in nodes:
        schools |= OrgNode.objects.schools().filter(path__startswith=node.path)
    return nodes.order_by("kind", turkish("name")), OrgNode.objects.filter(
        pk__in=schools.values("pk")
    ).order_by(turkish("name"))


@login_required
def cooperation_list(request):
    """The year's cooperations with universities and other institutions the user reads."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    cooperations = access.harezmi_cooperations_visible(request.user).filter(program_year=year)
    kind = request.GET.get("kind", "")
    if kind in Cooperation.Kind.values:
        cooperations = cooperations.filter(kind=kind)
    page = Paginator(cooperations.select_related("node").order_by("-starts_on", "institution"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "harezmi/cooperations_list.html",
        {
            "year": year,
            "page": page,
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cooperation = services.cooperation_record(
                by=request.user,
                program_year=year,
                node=data["node"],
                schools=list(data["schools"]),
                protocol=document_input(data, "protocol"),
                **{field: data[field] for field in COOPERATION_FIELDS},
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The record was saved."))
            return redirect("harezmi:cooperation-detail", pk=cooperation.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("New cooperation"),
            "back_url": f"{reverse('harezmi:cooperation-list')}?year={year.pk}",
            "multipart": True,
        },
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cooperation_update(
                by=request.user,
                cooperation=cooperation,
                schools=list(data["schools"]),
                protocol=document_input(data, "protocol"),
                **{field: data[field] for field in COOPERATION_FIELDS},
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:cooperation-detail", pk=cooperation.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("Change the cooperation"),
            "back_url": reverse("harezmi:cooperation-detail", args=[cooperation.pk]),
            "multipart": True,
        },
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


@login_required
def report_list(request):
    """The year's research, reports and suggestions the user reads (their level and the levels below)."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    reports = access.harezmi_reports_visible(request.user).filter(program_year=year)
    kind = request.GET.get("kind", "")
    if kind in ResearchReport.Kind.values:
        reports = reports.filter(kind=kind)
    page = Paginator(reports.select_related("node", "author").order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "harezmi/reports_list.html",
        {
            "year": year,
            "page": page,
            "kind": kind,
            "kinds": ResearchReport.Kind.choices,
            "can_write": access.harezmi_report_nodes(request.user)
            .filter(path__startswith=year.province.path)
            .exists(),
        },
    )


@login_required
def report_create(request):
    """Share a research, report or suggestion from the user's province or district."""
    year = year_from(request)
    nodes = access.harezmi_report_nodes(request.user).filter(path__startswith=year.province.path)
    if not nodes.exists():
        raise Http404
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        nodes=nodes.order_by("kind", turkish("name")),
        initial={"node": nodes.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_share(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The document was shared."))
            return redirect("harezmi:report-detail", pk=report.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("Share a research, report or suggestion"),
            "intro": _(
                "A district coordinator's document is read by the district and the province; the province's by the province."
            ),
            "back_url": f"{reverse('harezmi:report-list')}?year={year.pk}",
            "multipart": True,
        },
    )


@login_required
def report_edit(request, pk: int):
    """The author changes the document; a new file replaces the shown one."""
    report = access.harezmi_report_for(request.user, pk, action="edit")
    initial = {field: getattr(report, field) for field in REPORT_FIELDS} | {"node": report.node}
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        nodes=OrgNode.objects.filter(pk=report.node_id),
        initial=initial,
    )
    form.fields["node"].disabled = True  # a document stays with its level
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update(
                by=request.user,
                report=report,
                file=data["file"],
                **{field: data[field] for field in REPORT_FIELDS},
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:report-detail", pk=report.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": report.program_year,
            "title": _("Change the document"),
            "back_url": reverse("harezmi:report-detail", args=[report.pk]),
            "multipart": True,
        },
    )


@login_required
def report_detail(request, pk: int):
    """A research, report or suggestion: who wrote it, at which level, its summary and file."""
    report = access.harezmi_report_for(request.user, pk)
    return render(
        request,
        "harezmi/reports_detail.html",
        {
            "report": report,
            "year": report.program_year,
            "can_edit": report.author_id == request.user.pk
            and access.harezmi_report_nodes(request.user).filter(pk=report.node_id).exists(),
        },
    )


@login_required
def report_file(request, pk: int):
    """Download the document's file (after the access check)."""
    report = access.harezmi_report_for(request.user, pk)
    if not report.file:
        raise Http404
    return protected_file_response(report.file)
