"""The task inbox on every home page: what waits for the signed-in user, across every open period.

The dashboard beside it shows one period; the inbox does not choose: a submission returned in an
older period that is still open, deviations waiting in any period, approvals in every open period and
the reports published for a stakeholder are all listed, most urgent first (returned work, then by due
date). Each task links to the page where it is done, and each is read through the access layer, so a
task is listed only where its page would open for the user.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from izlem.core.formats import format_date
from izlem.harezmi import access as harezmi_access
from izlem.monitoring import access as monitoring_access
from izlem.monitoring import selectors
from izlem.monitoring.models import Deviation, Period, Submission, SubmissionEvent
from izlem.org.models import OrgNode
from izlem.reports import access

RETURNED = "returned"
ENTRY = "entry"
APPROVE = "approve"
EXPLAIN = "explain"
PUBLISHED = "published"
LETTERS = "letters"
HAREZMI_TASK = "harezmi_task"
PUBLISHED_SHOWN = 10  # a stakeholder's newest reports; the list page has them all


@dataclass(frozen=True)
class Task:
    """One thing waiting for the user: what, where it is done, and by when."""

    kind: str
    title: str
    detail: str
    url: str
    due: dt.date | None = None

    @property
    def overdue(self) -> bool:
        """True once the due date has passed (Europe/Istanbul)."""
        return self.due is not None and self.due < timezone.localdate()


def inbox_for(user) -> list[Task]:
    """Every task waiting for `user`, returned work first, then by due date."""
    open_periods = list(
        monitoring_access.periods_visible(user)
        .filter(state=Period.State.OPEN)
        .select_related("plan", "plan__owner")
        .order_by("year", "half", "pk")
    )
    tasks = [
        *_entry_tasks(user, open_periods),
        *_approval_tasks(user, open_periods),
        *_deviation_tasks(user),
        *_publication_tasks(user),
        *_letter_tasks(user),
        *_harezmi_tasks(user),
    ]
    return sorted(tasks, key=lambda task: (task.kind != RETURNED, task.due or dt.date.max))


def entity_due(period: Period, entity: OrgNode) -> dt.date:
    """The day `entity`'s data is due in `period`: schools by the schools' date, others by the districts'."""
    return period.school_due if entity.kind == OrgNode.Kind.SCHOOL else period.district_due


def _entry_tasks(user, periods: list[Period]) -> list[Task]:
    """Entry pages the user still has to fill and submit (or correct, when returned) in open periods."""
    entities = list(monitoring_access.entry_entities(user))
    if not periods or not entities:
        return []
    submissions = {
        (s.period_id, s.entity_id): s
        for s in Submission.objects.filter(period__in=periods, entity__in=entities)
    }
    comments = _return_comments([s for s in submissions.values() if s.state == Submission.State.RETURNED])
    tasks = []
    for period in periods:
        rows = selectors.plan_rows(period.plan)
        for entity in entities:
            if not entity.is_within(period.plan.owner):
                continue
            if not selectors.rows_owed(period=period, entity=entity, rows=rows):
                continue
            submission = submissions.get((period.pk, entity.pk))
            if submission is not None and submission.state not in Submission.EDITABLE:
                continue
            url = reverse("monitoring:entry", args=[period.pk, entity.pk])
            due = entity_due(period, entity)
            if submission is not None and submission.state == Submission.State.RETURNED:
                comment = comments.get(submission.pk, "")
                title = _("Returned for correction: %(entity)s, %(period)s") % {
                    "entity": entity.name,
                    "period": period,
                }
                tasks.append(Task(RETURNED, title, comment, url, due))
            else:
                title = _("Enter and submit the data of %(entity)s for %(period)s") % {
                    "entity": entity.name,
                    "period": period,
                }
                tasks.append(Task(ENTRY, title, period.plan.title, url, due))
    return tasks


def _return_comments(submissions: list[Submission]) -> dict[int, str]:
    """submission id → the comment of its latest return (one query)."""
    comments: dict[int, str] = {}
    events = SubmissionEvent.objects.filter(
        submission__in=submissions, to_state=Submission.State.RETURNED
    ).order_by("at", "id")
    for event in events:
        comments[event.submission_id] = event.comment
    return comments


def _approval_tasks(user, periods: list[Period]) -> list[Task]:
    """Submissions waiting for the user's decision, one task per open period."""
    if not periods:
        return []
    waiting = [
        submission
        for submission in Submission.objects.filter(
            period__in=periods,
            state=Submission.State.SUBMITTED,
            entity__in=monitoring_access.monitoring_nodes(user),
        ).select_related("entity")
        if monitoring_access.can_decide(user, submission.entity)
    ]
    made = monitoring_access.submissions_made_by(user, waiting)  # separation of duties: not the user's own
    by_period: dict[int, int] = defaultdict(int)
    for submission in waiting:
        if submission.pk not in made:
            by_period[submission.period_id] += 1
    tasks = []
    for period in periods:
        count = by_period.get(period.pk)
        if count:
            title = ngettext(
                "%(count)d submission waits for your decision",
                "%(count)d submissions wait for your decision",
                count,
            ) % {"count": count}
            url = reverse("monitoring:period-detail", args=[period.pk])
            tasks.append(Task(APPROVE, title, str(period), url, period.district_due))
    return tasks


def _deviation_tasks(user) -> list[Task]:
    """Open deviations the user explains, one task per period (closed periods included: they still wait)."""
    deviations = monitoring_access.deviations_to_explain(user).filter(state=Deviation.State.OPEN)
    counts: dict[int, int] = defaultdict(int)
    periods: dict[int, Period] = {}
    for deviation in deviations.select_related("period"):
        counts[deviation.period_id] += 1
        periods[deviation.period_id] = deviation.period
    tasks = []
    for period_id, count in counts.items():
        period = periods[period_id]
        title = ngettext(
            "%(count)d deviation waits for your explanation",
            "%(count)d deviations wait for your explanation",
            count,
        ) % {"count": count}
        url = reverse("monitoring:deviation-list", args=[period_id])
        tasks.append(Task(EXPLAIN, title, str(period), url))
    return sorted(tasks, key=lambda task: task.detail)


def _publication_tasks(user) -> list[Task]:
    """For readers without monitoring pages (stakeholders): the newest reports published for them."""
    if monitoring_access.can_use_monitoring(user):
        return []  # monitoring users reach reports from their menus and dashboards
    publications = access.publications_visible(user).order_by("-created_at")[:PUBLISHED_SHOWN]
    return [
        Task(
            PUBLISHED,
            publication.title,
            _("Published on %(date)s") % {"date": format_date(timezone.localdate(publication.created_at))},
            reverse("reports:publication-page", args=[publication.token]),
        )
        for publication in publications
    ]


def _letter_tasks(user) -> list[Task]:
    """For a province's strategy office: the districts' letters waiting for its evaluation (Harezmi)."""
    if not harezmi_access.harezmi_keeps_letter_inbox(user):
        return []
    from izlem.harezmi.selectors.letters import letters_waiting_count

    count = letters_waiting_count(harezmi_access.harezmi_letters_visible(user, action="evaluate"))
    if not count:
        return []
    title = ngettext(
        "%(count)d Harezmi letter to the province waits for evaluation",
        "%(count)d Harezmi letters to the province wait for evaluation",
        count,
    ) % {"count": count}
    detail = _("District coordinators' start letters and teacher-departure letters")
    url = reverse("harezmi:letter-inbox") + "?state=waiting"
    return [Task(LETTERS, title, detail, url)]


def _harezmi_tasks(user) -> list[Task]:
    """Open Harezmi tasks given to a coordinator by the İl MEM or the province coordinator."""
    from izlem.harezmi.selectors.duties import open_tasks_of

    if not harezmi_access.harezmi_receives_tasks(user):
        return []  # only coordinators receive tasks: no query for anyone else
    return [
        Task(
            HAREZMI_TASK,
            task.title,
            _("Harezmi task from %(giver)s") % {"giver": task.given_by},
            reverse("harezmi:task-detail", args=[task.pk]),
            task.due_on,
        )
        for task in open_tasks_of(user)
    ]
