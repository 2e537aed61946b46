"""Tasks given downward (give, change, mark done, cancel), coordinators' announcements to schools and
cooperations with universities and other institutions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.files import validate_upload
from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import (
    Announcement,
    AssignedTask,
    Cooperation,
    OfficialDocument,
    ProgramYear,
    ResearchReport,
)
from izlem.harezmi.services.common import (
    DocumentInput,
    document_record,
    lock_for_step,
    lock_row,
    people_with,
    require,
)
from izlem.org.models import OrgNode, Role, RoleAssignment, User

TASK_EDITABLE_FIELDS = ("title", "description", "due_on")


def _task_url(task: AssignedTask) -> str:
    """The task's page (the link of its notifications)."""
    return reverse("harezmi:task-detail", args=[task.pk])


def _check_text_and_date(title: str, due_on: dt.date | None, *, today: dt.date, changed_due: bool) -> dict:
    """Errors of a task's title and due date (form field → sentence)."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Write what the task is (its title).")
    if due_on is None:
        errors["due_on"] = _("Choose the due date of the task.")
    elif changed_due and due_on < today:
        errors["due_on"] = _("The due date %(date)s is before today (%(today)s).") % {
            "date": format_date(due_on),
            "today": format_date(today),
        }
    return errors


def _receiver(by: User, province: OrgNode, assignee: User) -> RoleAssignment | None:
    """The coordinator role through which `assignee` may receive a task from `by` in `province`."""
    receivers = access.harezmi_task_receivers(by, province)
    return receivers.filter(user=assignee).select_related("node").order_by("node__kind", "pk").first()


@transaction.atomic
def task_give(
    *,
    by: User,
    program_year: ProgramYear,
    assignee: User | None,
    title: str,
    due_on: dt.date | None,
    description: str = "",
) -> AssignedTask:
    """Give a task to a coordinator below the giver in the program year's province; the assignee is told.

    The giver is always a person (who gave it is part of the task), so there is no system call.
    """
    province = program_year.province
    require(access.harezmi_task_provinces(by).filter(pk=province.pk).exists())
    today = timezone.localdate()
    errors = _check_text_and_date(title, due_on, today=today, changed_due=True)
    receiver = _receiver(by, province, assignee) if assignee is not None else None
    if receiver is None:
        errors["assignee"] = _(
            "%(person)s is not a coordinator below you in %(province)s: a task goes to the province "
            "coordinator, an assistant or a district coordinator."
        ) % {"person": assignee or "—", "province": province.name}
    if errors:
        raise ValidationError(errors)
    task = AssignedTask(
        program_year=program_year,
        given_by=by,
        assignee=assignee,
        assignee_node=receiver.node,
        title=title.strip(),
        description=(description or "").strip(),
        due_on=due_on,
    )
    task.full_clean()
    task.save(force_insert=True)
    notify(
        recipients=[assignee],
        message=_("New Harezmi task from %(giver)s: %(title)s (due %(date)s).")
        % {"giver": task.given_by, "title": task.title, "date": format_date(task.due_on)},
        url=_task_url(task),
    )
    return task


@transaction.atomic
def task_update(*, by: User | None, task: AssignedTask, **changes) -> AssignedTask:
    """Change an open task's title, description or due date (its giver)."""
    if by is not None:
        require(access.harezmi_tasks_givable(by).filter(pk=task.pk).exists())
    unknown = set(changes) - set(TASK_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    lock_for_step(task, {AssignedTask.State.GIVEN}, _("Only an open task can be changed."))
    title = changes.get("title", task.title)
    due_on = changes.get("due_on", task.due_on)
    errors = _check_text_and_date(
        title, due_on, today=timezone.localdate(), changed_due=due_on != task.due_on
    )
    if errors:
        raise ValidationError(errors)
    for field, value in changes.items():
        setattr(task, field, value.strip() if isinstance(value, str) else value)
    task.full_clean()
    task.save(update_fields=[*changes, "updated_at"])
    return task


def _close(task, *, state, refused: str, key: str, note: str, missing: str, note_field: str, at_field: str):
    """Close an open task (done or cancelled) with its note (the form's `key`) and the time it happened."""
    lock_for_step(task, {AssignedTask.State.GIVEN}, refused)
    if not (note or "").strip():
        raise ValidationError({key: missing})
    task.state = state
    setattr(task, note_field, note.strip())
    setattr(task, at_field, timezone.now())
    task.full_clean()
    task.save(update_fields=["state", note_field, at_field, "updated_at"])
    return task


@transaction.atomic
def task_complete(*, by: User | None, task: AssignedTask, completion_note: str) -> AssignedTask:
    """The assignee marks the task done with a note on what was done; the giver is told."""
    if by is not None:
        require(task.assignee_id == by.pk)
    _close(
        task,
        state=AssignedTask.State.DONE,
        refused=_("Only an open task can be marked done."),
        key="completion_note",
        note=completion_note,
        missing=_("Write what was done (the completion note)."),
        note_field="completion_note",
        at_field="completed_at",
    )
    notify(
        recipients=[task.given_by],
        message=_("%(person)s has done the Harezmi task “%(title)s”.")
        % {"person": task.assignee, "title": task.title},
        url=_task_url(task),
    )
    return task


@transaction.atomic
def task_cancel(*, by: User | None, task: AssignedTask, reason: str) -> AssignedTask:
    """The giver cancels an open task with a reason; the assignee is told."""
    if by is not None:
        require(access.harezmi_tasks_givable(by).filter(pk=task.pk).exists())
    _close(
        task,
        state=AssignedTask.State.CANCELLED,
        refused=_("Only an open task can be cancelled."),
        key="reason",
        note=reason,
        missing=_("Write why the task is cancelled."),
        note_field="cancel_reason",
        at_field="cancelled_at",
    )
    notify(
        recipients=[task.assignee],
        message=_("The Harezmi task “%(title)s” was cancelled: %(reason)s")
        % {"title": task.title, "reason": task.cancel_reason},
        url=_task_url(task),
    )
    return task


@transaction.atomic
def announcement_send(
    *,
    by: User,
    program_year: ProgramYear,
    node: OrgNode,
    title: str,
    body: str,
    schools=None,
) -> Announcement:
    """Send a coordinator's announcement to all (`schools` empty) or the chosen application schools of
    their level; the principals and teachers of those schools are notified."""
    require(access.harezmi_announcement_nodes(by).filter(pk=node.pk).exists())
    errors = {}
    if not node.is_within(program_year.province):
        errors["node"] = _("Choose a directorate of the program year's province.")
    if not (title or "").strip():
        errors["title"] = _("Write the title of the announcement.")
    if not (body or "").strip():
        errors["body"] = _("Write the text of the announcement.")
    eligible = access.harezmi_announcement_schools(node, program_year)
    chosen = list(schools or [])
    if chosen:
        outside = [school for school in chosen if not eligible.filter(pk=school.pk).exists()]
        if outside:
            errors["schools"] = _("%(schools)s: not an application school of %(node)s in %(year)s.") % {
                "schools": ", ".join(s.name for s in outside),
                "node": node.name,
                "year": program_year.name,
            }
        targets = chosen
    else:
        targets = list(eligible.distinct())
        if not targets:
            errors["schools"] = _("%(node)s has no application school in %(year)s to announce to.") % {
                "node": node.name,
                "year": program_year.name,
            }
    if errors:
        raise ValidationError(errors)
    recipients = [
        a.user
        for a in RoleAssignment.objects.active()
        .filter(role__in=[Role.PRINCIPAL, Role.TEACHER], node__in=targets)
        .select_related("user")
    ]
    announcement = Announcement(
        program_year=program_year,
        node=node,
        author=by,
        title=title.strip(),
        body=body.strip(),
        all_schools=not chosen,
        recipient_count=len({person.pk for person in recipients}),
    )
    announcement.full_clean()
    announcement.save(force_insert=True)
    announcement.schools.set(targets)
    notify(
        recipients=recipients,
        message=_("Harezmi announcement from %(node)s: %(title)s")
        % {"node": node.name, "title": announcement.title},
        url=reverse("harezmi:announcement-detail", args=[announcement.pk]),
    )
    return announcement


COOPERATION_FIELDS = ("institution", "kind", "subject", "starts_on", "ends_on")


def _check_cooperation(cooperation: Cooperation, schools) -> None:
    """The level in the year's province, dates in order, the schools involved under the level."""
    errors = {}
    year = cooperation.program_year
    if not cooperation.node.is_within(year.province):
        errors["node"] = _("Choose the province or a district of the program year's province.")
    for field, what in (("institution", _("the institution")), ("subject", _("the subject"))):
        if not (getattr(cooperation, field) or "").strip():
            errors[field] = _("Write %(what)s of the cooperation.") % {"what": what}
    if cooperation.starts_on and cooperation.ends_on and cooperation.ends_on < cooperation.starts_on:
        errors["ends_on"] = _("The end date %(end)s is before the start date %(start)s.") % {
            "end": format_date(cooperation.ends_on),
            "start": format_date(cooperation.starts_on),
        }
    outside = [school for school in schools or [] if not school.is_within(cooperation.node)]
    if outside:
        errors["schools"] = _("%(schools)s: not a school of %(node)s.") % {
            "schools": ", ".join(school.name for school in outside),
            "node": cooperation.node.name,
        }
    if errors:
        raise ValidationError(errors)


def _strip_all(fields: dict) -> dict:
    """The fields with their texts stripped of surrounding spaces."""
    return {key: value.strip() if isinstance(value, str) else value for key, value in fields.items()}


@transaction.atomic
def cooperation_record(
    *,
    by: User | None,
    program_year: ProgramYear,
    node: OrgNode,
    schools=None,
    protocol: DocumentInput | None = None,
    **fields,
) -> Cooperation:
    """Record a cooperation of the province or a district with an institution, its schools and protocol."""
    if by is not None:
        require(access.harezmi_cooperation_nodes(by).filter(pk=node.pk).exists())
    unknown = set(fields) - set(COOPERATION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    cooperation = Cooperation(program_year=program_year, node=node, recorded_by=by, **_strip_all(fields))
    _check_cooperation(cooperation, schools)
    if protocol is not None:
        cooperation.protocol = document_record(
            kind=OfficialDocument.Kind.PROTOCOL, data=protocol, node=node, by=by
        )
    cooperation.full_clean()
    cooperation.save(force_insert=True)
    cooperation.schools.set(schools or [])
    return cooperation


@transaction.atomic
def cooperation_update(
    *,
    by: User | None,
    cooperation: Cooperation,
    schools=None,
    protocol: DocumentInput | None = None,
    **changes,
) -> Cooperation:
    """Change a cooperation's details and schools; a new protocol replaces the shown one (the old is kept)."""
    if by is not None:
        require(access.harezmi_cooperation_nodes(by).filter(pk=cooperation.node_id).exists())
    unknown = set(changes) - set(COOPERATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    lock_row(cooperation)  # the caller's copy may be old: re-read it locked, so the audit row is true
    for field, value in _strip_all(changes).items():
        setattr(cooperation, field, value)
    _check_cooperation(cooperation, schools)
    saved = [*changes, "updated_at"]
    if protocol is not None:
        cooperation.protocol = document_record(
            kind=OfficialDocument.Kind.PROTOCOL, data=protocol, node=cooperation.node, by=by
        )
        saved.append("protocol")
    cooperation.full_clean()
    cooperation.save(update_fields=saved)
    if schools is not None:
        cooperation.schools.set(schools)
    return cooperation


REPORT_FIELDS = ("kind", "title", "summary")


def _check_report(report: ResearchReport) -> None:
    """The level in the year's province; a title and a summary."""
    errors = {}
    if not report.node.is_within(report.program_year.province):
        errors["node"] = _("Choose the province or a district of the program year's province.")
    if not (report.title or "").strip():
        errors["title"] = _("Write the title of the document.")
    if not (report.summary or "").strip():
        errors["summary"] = _("Write a short summary of the document.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_share(
    *, by: User, program_year: ProgramYear, node: OrgNode, file=None, **fields
) -> ResearchReport:
    """Share a coordinator's research, report or suggestion upward; the level's managers above are told."""
    require(access.harezmi_report_nodes(by).filter(pk=node.pk).exists())
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    report = ResearchReport(program_year=program_year, node=node, author=by, **_strip_all(fields))
    _check_report(report)
    if file:
        validate_upload(file)
        report.file = file
    report.full_clean()
    report.save(force_insert=True)
    # A district's document goes up to its İlçe MEM and the province coordinators (seed §4 "İlçe MEM'e ve
    # İl Koordinatörlüğüne düzenli raporlama yapar"); the province's to the İl MEM.
    recipients = [*people_with({Role.TOP_MANAGER}, node)]
    if node.kind == OrgNode.Kind.DISTRICT and node.parent is not None:
        recipients += people_with(
            {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}, node.parent
        )
    notify(
        recipients=[person for person in recipients if person.pk != by.pk],
        message=_("%(kind)s from %(person)s (%(node)s): %(title)s")
        % {"kind": report.get_kind_display(), "person": by, "node": node.name, "title": report.title},
        url=reverse("harezmi:report-detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def report_update(*, by: User, report: ResearchReport, file=None, **changes) -> ResearchReport:
    """The author changes the document's kind, title, summary or file."""
    require(report.author_id == by.pk and access.harezmi_report_nodes(by).filter(pk=report.node_id).exists())
    unknown = set(changes) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    lock_row(report)
    for field, value in _strip_all(changes).items():
        setattr(report, field, value)
    _check_report(report)
    saved = [*changes, "updated_at"]
    if file:
        validate_upload(file)
        report.file = file
        saved.append("file")
    report.full_clean()
    report.save(update_fields=saved)
    return report
