"""Reads over trainings held, their participants and the training needs.

Pure functions over querysets the caller has already limited to what the user may read, reusable by
the statistics pages and plan indicators (3.1.7 staff trained, 3.1.8 trainings held, 3.2.15
occupational safety training).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from izlem.harezmi.models import TrainingNeed, TrainingParticipant, TrainingTopic
from izlem.org.models import OrgNode


def trainings_attended(trainings, person):
    """Those of `trainings` that `person` attended to the end (completed in the participant list): the
    ones that can meet the person's training need."""
    return trainings.filter(
        participants__person=person, participants__state=TrainingParticipant.State.COMPLETED
    ).distinct()


def needs_with_attendance(needs):
    """Needs with `met_completed_on`: the day the teacher completed the training that met the need (None
    when the need is open, or was marked met before attendance was checked and the teacher is not marked
    as having completed it)."""
    completed = TrainingParticipant.objects.filter(
        training=OuterRef("met_by"), person=OuterRef("person"), state=TrainingParticipant.State.COMPLETED
    ).values("completed_on")[:1]
    return needs.annotate(met_completed_on=Subquery(completed))


def trainings_for_list(trainings):
    """Trainings with organiser and `participant_count` / `completed_count` annotations (one query)."""
    return trainings.select_related("node").annotate(
        participant_count=Count("participants", distinct=True),
        completed_count=Count(
            "participants", filter=Q(participants__state=TrainingParticipant.State.COMPLETED), distinct=True
        ),
    )


def trainings_held(trainings, *, topic: str | None = None) -> int:
    """How many of `trainings` were held (optionally of one topic, e.g. occupational safety)."""
    if topic:
        trainings = trainings.filter(topic=topic)
    return trainings.count()


def people_trained(trainings, *, topic: str | None = None) -> int:
    """How many different people completed one of `trainings` (optionally of one topic)."""
    rows = TrainingParticipant.objects.filter(
        training__in=trainings, state=TrainingParticipant.State.COMPLETED
    )
    if topic:
        rows = rows.filter(training__topic=topic)
    return rows.values("person_id").distinct().count()


@dataclass
class NeedRow:
    """Training needs of one district or school: open and met needs per topic."""

    node: OrgNode
    open: dict[str, int] = field(default_factory=dict)
    met: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.open.values()) + sum(self.met.values())

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    def cells(self) -> list[tuple[int, int]]:
        """(open, met) per topic, in the order of `TrainingTopic`."""
        return [(self.open.get(topic, 0), self.met.get(topic, 0)) for topic in TrainingTopic.values]


def training_need_summary(needs, *, by: str = "district") -> tuple[list[NeedRow], NeedRow | None]:
    """Count training needs per topic per district (or per school, `by="school"`), open and met
    separately, for planning; returns the rows (by name) and a total row (None when there are no needs).
    Two queries."""
    key = "school__parent_id" if by == "district" else "school_id"
    counts = (
        TrainingNeed.objects.filter(pk__in=needs.values("pk"))
        .values(key, "topic")
        .annotate(
            open=Count("pk", filter=Q(met_by__isnull=True)), met=Count("pk", filter=Q(met_by__isnull=False))
        )
        .order_by()
    )
    nodes = {}
    rows: dict[int, NeedRow] = {}
    counted = list(counts)
    nodes = OrgNode.objects.in_bulk([row[key] for row in counted])
    total = NeedRow(node=None)
    for row in counted:
        item = rows.setdefault(row[key], NeedRow(node=nodes[row[key]]))
        for target in (item, total):
            target.open[row["topic"]] = target.open.get(row["topic"], 0) + row["open"]
            target.met[row["topic"]] = target.met.get(row["topic"], 0) + row["met"]
    ordered = sorted(rows.values(), key=lambda item: item.node.name)
    return ordered, (total if ordered else None)
