"""Tasks given downward (list, give, detail, change, done, cancel) and coordinators' announcements to schools.

Cooperations are in `views/cooperations.py`, research reports in `views/research.py`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.collation import turkish
from izlem.harezmi import access, services
from izlem.harezmi.forms.duties import (
    AnnouncementForm,
    TaskCancelForm,
    TaskCompleteForm,
    TaskEditForm,
    TaskForm,
)
from izlem.harezmi.models import AssignedTask
from izlem.harezmi.selectors import duties as selectors_duties
from izlem.harezmi.services.duties import TASK_EDITABLE_FIELDS
from izlem.harezmi.views.common import form_page, page_of, year_from
from izlem.org.models import OrgNode, User


def _list_url(year) -> str:
    return f"{reverse('harezmi:task-list')}?year={year.pk}"


def _task_url(task) -> str:
    return reverse("harezmi:task-detail", args=[task.pk])


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
    page = page_of(request, selectors_duties.tasks_for_list(tasks))
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
    return form_page(
        request,
        TaskForm(request.POST or None, people=people),
        save=lambda data: services.task_give(by=request.user, program_year=year, **data),
        then=_task_url,
        message=lambda task: _("The task was given; %(person)s was told.") % {"person": task.assignee},
        year=year,
        title=_("Give a task"),
        back_url=_list_url(year),
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
    return form_page(
        request,
        TaskEditForm(request.POST or None, initial={f: getattr(task, f) for f in TASK_EDITABLE_FIELDS}),
        save=lambda data: services.task_update(
            by=request.user, task=task, **{f: data[f] for f in TASK_EDITABLE_FIELDS}
        ),
        then=lambda _saved: _task_url(task),
        message=_("The changes were saved."),
        year=task.program_year,
        title=_("Change the task"),
        back_url=_task_url(task),
    )


def _step(request, pk: int, *, action: str, form_class, service, title, done_message):
    """A step on a task with one text field (mark done, cancel): its form, the service, back to the task."""
    task = access.harezmi_task_for(request.user, pk, action=action)
    return form_page(
        request,
        form_class(request.POST or None),
        save=lambda data: service(by=request.user, task=task, **data),
        then=lambda _saved: _task_url(task),
        message=done_message,
        year=task.program_year,
        title=title % {"title": task.title},
        back_url=_task_url(task),
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
    page = page_of(request, selectors_duties.announcements_for_list(announcements))
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
    return form_page(
        request,
        AnnouncementForm(
            request.POST or None,
            nodes=nodes.order_by("kind", turkish("name")),
            schools=schools,
            initial={"node": nodes.first()},
        ),
        save=lambda data: services.announcement_send(by=request.user, program_year=year, **data),
        then=lambda announcement: reverse("harezmi:announcement-detail", args=[announcement.pk]),
        message=lambda announcement: (
            _("The announcement was sent to %(n)d people.") % {"n": announcement.recipient_count}
        ),
        year=year,
        title=_("New announcement to schools"),
        intro=_("The principals and teachers of the schools see it on their Harezmi page and are notified."),
        back_url=f"{reverse('harezmi:announcement-list')}?year={year.pk}",
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
