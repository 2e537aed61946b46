"""Reads over assigned tasks (lists, a person's open tasks, counts by state) and announcements.

Pure functions over querysets the caller has already limited to what the user may read.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from izlem.harezmi.models import Announcement, AssignedTask


def tasks_for_list(tasks):
    """Tasks with the giver, the assignee and the assignee's directorate, open ones first by due date."""
    return tasks.select_related("given_by", "assignee", "assignee_node").order_by("state", "due_on", "pk")


def open_tasks_of(user, program_year=None):
    """The open tasks given to `user` (optionally of one program year), soonest due first."""
    tasks = AssignedTask.objects.filter(assignee=user, state=AssignedTask.State.GIVEN)
    if program_year is not None:
        tasks = tasks.filter(program_year=program_year)
    return tasks.select_related("given_by").order_by("due_on", "pk")


def task_counts(tasks) -> dict[str, int]:
    """How many of `tasks` are open, overdue (open and past due), done and cancelled."""
    today = timezone.localdate()
    State = AssignedTask.State
    return tasks.aggregate(
        open=Count("pk", filter=Q(state=State.GIVEN)),
        overdue=Count("pk", filter=Q(state=State.GIVEN, due_on__lt=today)),
        done=Count("pk", filter=Q(state=State.DONE)),
        cancelled=Count("pk", filter=Q(state=State.CANCELLED)),
    )


def announcements_for_list(announcements):
    """Announcements with their level and author, and how many schools each went to, newest first."""
    return (
        announcements.select_related("node", "author")
        .annotate(school_count=Count("schools", distinct=True))
        .order_by("-created_at", "-pk")
    )


def announcements_to_schools(schools, program_year, limit: int = 5):
    """The newest announcements of the year sent to any of `schools` (the reader's own schools)."""
    if not schools:
        return []
    ids = Announcement.objects.filter(program_year=program_year, schools__in=schools).values("pk")
    return list(
        Announcement.objects.filter(pk__in=ids).select_related("node").order_by("-created_at", "-pk")[:limit]
    )
