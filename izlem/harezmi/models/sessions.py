"""Weekly sessions of a team (plan, application, evaluation), attendance, and teachers' absences."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field


class Session(TimeStampedModel):
    """One team's Harezmi day in one week: the plan (preparation hour), what was done (two application
    hours), the evaluation (last hour), the plan updated afterwards and the attendance.

    A week without a session row, or with a row not held, is a gap the coordinator sees.
    """

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        NOT_HELD = "not_held", _("Not held")

    team = models.ForeignKey(
        "harezmi.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="sessions"
    )
    week_start = models.DateField(_("week"), help_text=_("The Monday of the week."))
    held_on = models.DateField(_("date held"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    plan = models.TextField(_("plan (preparation hour)"), blank=True)
    activities = models.TextField(_("what was done (application hours)"), blank=True)
    evaluation = models.TextField(_("evaluation (last hour)"), blank=True)
    plan_update = models.TextField(
        _("plan updated after the session"), blank=True, help_text=_("What changes for the coming weeks.")
    )
    plan_changed = models.BooleanField(_("the plan was changed"), default=False)
    plan_change_note = models.TextField(_("what changed in the plan and why"), blank=True)
    coordinator_notified_at = models.DateTimeField(_("coordinator told of the change"), null=True, blank=True)
    not_held_reason = models.TextField(_("why it was not held"), blank=True)
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-week_start", "team"]
        constraints = [
            models.UniqueConstraint(fields=["team", "week_start"], name="session_one_per_team_week"),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(held_on__gte=F("week_start")),
                name="session_held_in_week",
                violation_error_message=_("A session cannot be held before the start of its week."),
            ),
        ]
        indexes = [models.Index(fields=["week_start", "state"], name="session_week_state")]

    def __str__(self) -> str:
        return f"{self.team} · {format_date(self.week_start)}"


class SessionTeacherAttendance(models.Model):
    """Whether a teacher of the team was present at a session; an absence explains a missing teacher."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="teacher_attendance"
    )
    teacher = models.ForeignKey(
        "org.User", verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"), default=True)
    absence = models.ForeignKey(
        "harezmi.Absence",
        verbose_name=_("reported absence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_rows",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("teacher attendance")
        verbose_name_plural = _("teacher attendance")
        ordering = ["session", "teacher"]
        constraints = [
            models.UniqueConstraint(fields=["session", "teacher"], name="session_teacher_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.teacher}"


class SessionStudentAttendance(models.Model):
    """Whether a student of the team was present at a session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="student_attendance"
    )
    student = models.ForeignKey(
        "harezmi.Student", verbose_name=_("student"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("present"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student attendance")
        verbose_name_plural = _("student attendance")
        ordering = ["session", "student"]
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="session_student_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.student}"


class Absence(TimeStampedModel):
    """A teacher's leave or sick days in a program year, reported to the coordinator."""

    class Kind(models.TextChoices):
        LEAVE = "leave", _("Leave")
        SICK = "sick", _("Sick leave")
        DUTY = "duty", _("Official duty elsewhere")
        OTHER = "other", _("Other excuse")

    program_year = program_year_field("absences")
    teacher = models.ForeignKey(
        "org.User", verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="harezmi_absences"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.TextField(_("note"), blank=True)
    document = models.FileField(
        _("supporting document"), upload_to="harezmi/absences/%Y/%m/", blank=True, help_text=_("Optional.")
    )
    reported_by = actor_field(_("reported by"))
    coordinator_notified_at = models.DateTimeField(_("coordinator notified at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_on", "teacher"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="absence_dates",
                violation_error_message=_("An absence's last day must not be before its first day."),
            ),
        ]
        indexes = [models.Index(fields=["teacher", "starts_on"], name="absence_teacher_start")]

    def __str__(self) -> str:
        return f"{self.teacher} · {format_date(self.starts_on)}–{format_date(self.ends_on)}"

    def covers(self, day: dt.date) -> bool:
        """True if `day` is one of the absent days."""
        return self.starts_on <= day <= self.ends_on
