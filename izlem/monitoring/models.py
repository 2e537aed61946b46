"""Monitoring and evaluation (SPEC §3): periods, values, submissions, deviations, measure progress."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.org.models import OrgNode, Unit, User
from izlem.plans.models import IndicatorRow, Measure, Plan


class Period(TimeStampedModel):
    """A monitoring period of a plan year: H1 (January-June) or H2/year-end."""

    class Half(models.TextChoices):
        H1 = "H1", _("first half (6-month)")
        H2 = "H2", _("second half (year-end)")

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.CharField(_("half"), max_length=2, choices=Half.choices)
    open_date = models.DateField(_("opens on"))
    school_due = models.DateField(_("schools' due date"))
    district_due = models.DateField(_("districts' due date"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PLANNED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring period")
        verbose_name_plural = _("monitoring periods")
        ordering = ["plan", "year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "half"], name="period_unique"),
            models.CheckConstraint(
                condition=Q(school_due__lte=models.F("district_due")),
                name="period_due_order",
                violation_error_message=_("Schools' due date must not be after the districts' due date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_half_display()}"

    @property
    def label(self) -> str:
        """Short Turkish-neutral label: 2016-H1."""
        return f"{self.year}-{self.half}"

    @property
    def elapsed_years(self) -> float:
        """Years elapsed since the plan's start at the end of this period (2015 H1 → 0.5)."""
        return (self.year - self.plan.period_start) + (0.5 if self.half == self.Half.H1 else 1.0)

    @property
    def end_date(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == self.Half.H1 else dt.date(self.year, 12, 31)


class PeriodEvent(models.Model):
    """A recorded state change of a period (open, close, reopen with its reason)."""

    class Action(models.TextChoices):
        OPEN = "open", _("opened")
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(User, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("period event")
        verbose_name_plural = _("period events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.period} {self.action}"


class Submission(TimeStampedModel):
    """One entity's data for one period, moving draft → submitted → approved (or returned with a comment)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    REPORTED = (State.SUBMITTED, State.APPROVED)  # states whose values count in roll-ups
    EDITABLE = (State.DRAFT, State.RETURNED)

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="submissions"
    )
    entity = models.ForeignKey(
        OrgNode, verbose_name=_("organisation unit"), on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["period", "entity__path"]
        constraints = [models.UniqueConstraint(fields=["period", "entity"], name="submission_unique")]
        indexes = [models.Index(fields=["period", "state"], name="submission_period_state")]

    def __str__(self) -> str:
        return f"{self.entity} {self.period}: {self.get_state_display()}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE and self.period.state == Period.State.OPEN

    @property
    def is_late(self) -> bool:
        """Not yet submitted after its due date (schools: school due date; others: district due date)."""
        from django.utils import timezone

        due = self.period.school_due if self.entity.kind == OrgNode.Kind.SCHOOL else self.period.district_due
        return self.state in self.EDITABLE and timezone.localdate() > due


class SubmissionEvent(models.Model):
    """A recorded workflow transition of a submission: who did what, when, with which comment."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=Submission.State.choices)
    to_state = models.CharField(max_length=10, choices=Submission.State.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_state} → {self.to_state}"


class ValueQuerySet(models.QuerySet):
    """Queries over entered values."""

    def reported(self):
        """Values whose entity has submitted (or had approved) its data: the ones that count."""
        return self.filter(submission__state__in=Submission.REPORTED)


class Value(models.Model):
    """The realized value of one indicator row for one entity and period (numerator/denominator for ratios)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="values")
    entity = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="values")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    row = models.ForeignKey(IndicatorRow, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    outlier_confirmed = models.BooleanField(_("unusual value confirmed"), default=False)
    computed = models.BooleanField(_("computed from records"), default=False)
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [models.UniqueConstraint(fields=["period", "entity", "row"], name="value_unique")]
        indexes = [models.Index(fields=["period", "row"], name="value_period_row")]

    def __str__(self) -> str:
        return f"{self.entity} {self.row} {self.period}: {self.value}"


class Deviation(TimeStampedModel):
    """An indicator row off its expected path in a period: cause and corrective action from its unit."""

    class State(models.TextChoices):
        OPEN = "open", _("waiting for an explanation")
        EXPLAINED = "explained", _("explained")

    class ActionState(models.TextChoices):
        OPEN = "open", _("action open")
        DONE = "done", _("action done")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="deviations")
    row = models.ForeignKey(IndicatorRow, on_delete=models.CASCADE, related_name="deviations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    rate = models.DecimalField(
        _("realization rate at detection (%)"), max_digits=12, decimal_places=2, null=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    cause = models.TextField(_("cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    action_owner = models.CharField(_("action owner"), max_length=200, blank=True)
    action_due = models.DateField(_("action due date"), null=True, blank=True)
    action_state = models.CharField(
        _("action state"), max_length=6, choices=ActionState.choices, default=ActionState.OPEN
    )
    follow_up = models.TextField(_("follow-up note"), blank=True)
    explained_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    explained_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["period", "row__indicator__sort_key", "row__order"]
        constraints = [models.UniqueConstraint(fields=["period", "row"], name="deviation_unique")]

    def __str__(self) -> str:
        return f"{self.row} {self.period}"


class MeasureProgress(TimeStampedModel):
    """Progress of a measure in a period, reported by its responsible units."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="measure_progress")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure progress")
        verbose_name_plural = _("measure progress")
        ordering = ["period", "measure__number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "measure"], name="measureprogress_unique"),
            models.CheckConstraint(
                condition=Q(percent__lte=100),
                name="measureprogress_percent_max",
                violation_error_message=_("The progress of a measure cannot exceed 100 percent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period}: {self.get_status_display()}"


class BulkUpload(TimeStampedModel):
    """An uploaded bulk-entry workbook being checked and written in the background, with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("checking")
        DONE = "done", _("written")
        FAILED = "failed", _("refused")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="uploads")
    by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="uploads/%Y/")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("bulk upload")
        verbose_name_plural = _("bulk uploads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period} {self.by}: {self.state}"

    @property
    def percent(self) -> int:
        return (
            int(self.processed * 100 / self.total)
            if self.total
            else (100 if self.state == self.State.DONE else 0)
        )


class EvaluationMeeting(TimeStampedModel):
    """The evaluation meeting of a period, chaired by the top manager: attendees, minutes, decisions."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="meeting")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        User, verbose_name=_("chair"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendees = models.TextField(_("attendees"), help_text=_("One per line: name and title."))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), help_text=_("One decision per line."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation meeting")
        verbose_name_plural = _("evaluation meetings")

    def __str__(self) -> str:
        return f"{self.period} {self.date}"

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class Spending(TimeStampedModel):
    """Actual spending on a target in a year (TL), against the plan's cost estimate."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="spending")
    target = models.ForeignKey(
        "plans.Target", verbose_name=_("target"), on_delete=models.CASCADE, related_name="spending"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount spent (TL)"), max_digits=18, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["target__order", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="spending_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="spending_not_negative",
                violation_error_message=_("A spending cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.year}: {self.amount}"
