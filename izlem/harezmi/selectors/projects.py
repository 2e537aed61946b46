"""Reads over projects, events and awards: lists and the figures the plan indicators use (2.2.5 EU
projects, 2.3.1 / 2.3.2 international mobility of students and teachers).

Pure functions over querysets the caller has already limited to what the user may read.
"""

from __future__ import annotations

from django.db.models import Count, Sum

from izlem.harezmi.models import Project


def projects_for_list(projects):
    """Projects with their school or directorate (and its district)."""
    return projects.select_related("node__parent")


def eu_projects(projects):
    """The EU projects among `projects` (eTwinning, Erasmus+, other EU-funded)."""
    return projects.filter(programme__in=Project.EU_PROGRAMMES)


def mobility_totals(projects) -> dict[str, int]:
    """Sums over `projects`: students and teachers taking part and in international mobility."""
    sums = projects.aggregate(
        student_participants=Sum("student_participants"),
        teacher_participants=Sum("teacher_participants"),
        student_mobility=Sum("student_mobility"),
        teacher_mobility=Sum("teacher_mobility"),
    )
    return {key: value or 0 for key, value in sums.items()}


def projects_by_programme(projects) -> dict[str, int]:
    """How many projects of each programme (every programme present)."""
    counts = dict(projects.order_by().values_list("programme").annotate(n=Count("pk")))
    return {programme: counts.get(programme, 0) for programme in Project.Programme.values}


def count_by_kind(records, choices) -> dict[str, int]:
    """How many events or awards (`records`) of each kind of `choices`."""
    counts = dict(records.order_by().values_list("kind").annotate(n=Count("pk")))
    return {kind: counts.get(kind, 0) for kind in choices.values}
