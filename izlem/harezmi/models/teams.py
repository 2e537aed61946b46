"""Teams, their teachers (with the approvals a mid-year change needs) and their weekly application time."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.harezmi.constants import LESSON_PARTS, LESSONS_PER_SESSION
from izlem.harezmi.models.fields import actor_field, document_field, program_year_field, school_field
from izlem.harezmi.models.program import Weekday


class TeamQuerySet(models.QuerySet):
    """Queries over teams."""

    def scheduled(self):
        """Teams whose weekly day and hours are set."""
        return self.filter(weekday__isnull=False, first_lesson__isnull=False)


class Team(TimeStampedModel):
    """A Harezmi application team of a school in a program year: teachers, students and weekly time.

    The weekly time is one weekday and four lesson hours from `first_lesson` on: one for preparation
    and planning, two for the application, one for evaluation.
    """

    program_year = program_year_field("teams")
    school = school_field("harezmi_teams")
    name = models.CharField(_("team name"), max_length=80)
    weekday = models.PositiveSmallIntegerField(
        _("application day"), choices=Weekday.choices, null=True, blank=True
    )
    first_lesson = models.PositiveSmallIntegerField(
        _("first lesson hour"), null=True, blank=True, help_text=_("The preparation hour; three more follow.")
    )
    created_by = actor_field(_("created by"))

    history = HistoricalRecords()
    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program_year", "school", "name"], name="team_unique_name"),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__gte=1, weekday__lte=5),
                name="team_weekday_range",
                violation_error_message=_("The weekday must be between Monday and Friday."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.name}"

    @property
    def has_schedule(self) -> bool:
        return self.weekday is not None and self.first_lesson is not None

    @property
    def lesson_hours(self) -> list[tuple[int, str]]:
        """The four lesson hours with their part: preparation, application, application, evaluation."""
        if not self.has_schedule:
            return []
        return [(self.first_lesson + offset, LESSON_PARTS[offset]) for offset in range(LESSONS_PER_SESSION)]

    @property
    def last_lesson(self) -> int | None:
        return self.first_lesson + LESSONS_PER_SESSION - 1 if self.first_lesson else None


def in_force_q(day: dt.date, prefix: str = "") -> Q:
    """Assignments in force on `day` (`prefix` e.g. "assignments__" from a team).

    A departure takes effect on its date, not on the day its letter is recorded: an ended assignment
    (letter sent) stays in force up to its end date, like one whose letter is still pending.
    """
    State = TeacherAssignment.State
    return (
        (
            Q(**{f"{prefix}state__in": (State.ACTIVE, State.DEPARTURE_PENDING)})
            | Q(**{f"{prefix}state": State.ENDED, f"{prefix}end_date__isnull": False})
        )
        & Q(**{f"{prefix}start_date__lte": day})
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day}))
    )


class TeacherAssignmentQuerySet(models.QuerySet):
    """Queries over teachers' places in teams."""

    def active(self, on: dt.date | None = None):
        """Assignments approved and in force on `on` (default today): the teachers who may teach."""
        return self.filter(in_force_q(on or timezone.localdate()))

    def current(self, on: dt.date | None = None):
        """Assignments not refused and not left before `on` (default today); pending additions included.

        A departure takes effect on its date: a teacher whose departure letter is already recorded is
        still in the team up to their last day.
        """
        State = TeacherAssignment.State
        day = on or timezone.localdate()
        left = Q(state=State.ENDED) & (Q(end_date__isnull=True) | Q(end_date__lt=day))
        return self.exclude(state=State.REFUSED).exclude(left)

    def changes(self):
        """Mid-year staff changes: additions after the start of the year and every departure."""
        return self.filter(Q(is_initial=False) | Q(departure_petition__isnull=False))


class TeacherAssignment(TimeStampedModel):
    """A teacher's place in a team: at formation, or added mid-year with approvals; and its departure.

    Mid-year addition: the teacher's petition, then a Kaymakamlık Oluru that cites the Valilik Oluru;
    until the approval is recorded the assignment is inactive (no schedule, no session). Departure:
    the teacher's petition, then the EBYS letter to the province. Every change needs a justification.
    """

    class State(models.TextChoices):
        PENDING_APPROVAL = "pending_approval", _("Waiting for the Kaymakamlık Oluru")
        ACTIVE = "active", _("Active")
        DEPARTURE_PENDING = "departure_pending", _("Leaving: letter to the province pending")
        ENDED = "ended", _("Left the team")
        REFUSED = "refused", _("Not approved")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="assignments"
    )
    teacher = models.ForeignKey(
        "org.User", verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="harezmi_assignments"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    is_initial = models.BooleanField(_("in the team from its formation"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    justification = models.TextField(_("justification of the change"), blank=True)
    petition = document_field(_("teacher's petition"))
    approval = document_field(_("Kaymakamlık Oluru"))
    departure_petition = document_field(_("departure petition"))
    departure_justification = models.TextField(_("justification of the departure"), blank=True)
    departure_letter = document_field(_("letter to the province (EBYS)"))

    history = HistoricalRecords()
    objects = TeacherAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher assignment")
        verbose_name_plural = _("teacher assignments")
        ordering = ["team", "teacher"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "teacher"],
                condition=Q(state__in=["pending_approval", "active", "departure_pending"]),
                name="assignment_one_current_per_team_teacher",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
                violation_error_message=_("An assignment's end date must not be before its start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.team}"

    def is_active_on(self, day: dt.date | None = None) -> bool:
        """True if the teacher may teach in this team on `day` (approved and in force)."""
        day = day or timezone.localdate()
        return (
            (
                self.state in (self.State.ACTIVE, self.State.DEPARTURE_PENDING)
                or (self.state == self.State.ENDED and self.end_date is not None)
            )
            and self.start_date is not None
            and self.start_date <= day
            and (self.end_date is None or self.end_date >= day)
        )


class AssignmentStep(models.Model):
    """One step of a teacher's addition or departure: the state reached, who, when and a note (the ledger)."""

    class Action(models.TextChoices):
        FORMED = "formed", _("Placed at the team's formation")
        PETITION = "petition", _("Addition petition recorded")
        APPROVED = "approved", _("Kaymakamlık Oluru recorded")
        REFUSED = "refused", _("Addition not approved")
        DEPARTURE_PETITION = "departure_petition", _("Departure petition recorded")
        DEPARTURE_LETTER = "departure_letter", _("Letter to the province recorded")

    assignment = models.ForeignKey(
        TeacherAssignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("step"), max_length=24, choices=Action.choices)
    state = models.CharField(_("state reached"), max_length=20, choices=TeacherAssignment.State.choices)
    by = actor_field(_("by"))
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment step")
        verbose_name_plural = _("assignment steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_action_display()}"


class ScheduleChange(TimeStampedModel):
    """A change of a team's weekly application time, with the announcement made to students and parents."""

    class Source(models.TextChoices):
        SCHOOL = "school", _("Set by the school")
        DISTRICT = "district", _("Set by the district")
        PROVINCE = "province", _("Set by the province")
        BALANCING = "balancing", _("District balancing")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="schedule_changes"
    )
    old_weekday = models.PositiveSmallIntegerField(
        _("old day"), choices=Weekday.choices, null=True, blank=True
    )
    old_first_lesson = models.PositiveSmallIntegerField(_("old first lesson hour"), null=True, blank=True)
    new_weekday = models.PositiveSmallIntegerField(_("new day"), choices=Weekday.choices)
    new_first_lesson = models.PositiveSmallIntegerField(_("new first lesson hour"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.SCHOOL)
    reason = models.TextField(_("reason"), blank=True)
    effective_from = models.DateField(_("effective from"))
    announcement = models.TextField(_("announcement to students and parents"), blank=True)
    announced_to = models.PositiveIntegerField(_("students whose parents were told"), default=0)
    # The first time of a new team is often set before the school announces it: the date the
    # announcement was made is kept apart from the day the record was written.
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    changed_by = actor_field(_("changed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_new_weekday_display()}"
