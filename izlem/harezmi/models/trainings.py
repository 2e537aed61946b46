"""Trainings held (Harezmi teacher training and other in-service courses), participants and training needs."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field, school_field


class TrainingTopic(models.TextChoices):
    """What a training or a training need is about (plan indicator 3.2.15 counts occupational safety)."""

    HAREZMI = "harezmi", _("Harezmi Education Model")
    CODING = "coding", _("Coding and computational thinking")
    ROBOTICS = "robotics", _("Robotics and maker skills")
    PEDAGOGY = "pedagogy", _("Interdisciplinary teaching")
    OCCUPATIONAL_SAFETY = "occupational_safety", _("Occupational health and safety")
    OTHER = "other", _("Other")


class Training(TimeStampedModel):
    """A training course held: kind, topic, online or in person, venue, dates, trainers and organiser."""

    class Kind(models.TextChoices):
        HAREZMI = "harezmi", _("Harezmi Education Model in-service training")
        OTHER = "other", _("Other in-service course")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    program_year = models.ForeignKey(
        "harezmi.ProgramYear",
        verbose_name=_("program year"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=24, choices=TrainingTopic.choices)
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)
    trainers = models.ManyToManyField(
        "org.User", verbose_name=_("trainers"), blank=True, related_name="harezmi_trainings_given"
    )
    external_trainers = models.CharField(_("trainers from outside"), max_length=300, blank=True)
    calendar_event = models.ForeignKey(
        "harezmi.CalendarEvent",
        verbose_name=_("calendar entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_dates",
                violation_error_message=_("A training's last day must not be before its first day."),
            )
        ]
        indexes = [models.Index(fields=["starts_on", "topic"], name="training_start_topic")]

    def __str__(self) -> str:
        return f"{self.title} ({format_date(self.starts_on)})"


class TrainingParticipant(models.Model):
    """A person enrolled in a training, and whether they completed it (completion of a Harezmi training
    also records the `TrainingCompletion` that qualifies them as a coordinator)."""

    class State(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Did not complete")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "org.User",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="harezmi_training_rows",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ENROLLED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    completion = models.OneToOneField(
        "harezmi.TrainingCompletion",
        verbose_name=_("completion record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["training", "person"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="training_participant_once"),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_on__isnull=False),
                name="training_completed_dated",
                violation_error_message=_("A completed training needs its completion date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training}"


class TrainingNeed(TimeStampedModel):
    """A training need of a teacher, collected by a coordinator, summarised for planning."""

    program_year = program_year_field("training_needs")
    person = models.ForeignKey(
        "org.User", verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="harezmi_training_needs"
    )
    school = school_field("+")
    topic = models.CharField(_("topic"), max_length=24, choices=TrainingTopic.choices)
    description = models.TextField(_("need"), blank=True)
    met_by = models.ForeignKey(
        Training,
        verbose_name=_("met by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs_met",
    )
    recorded_by = actor_field(_("collected by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")
        ordering = ["topic", "school__name"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_topic_display()}"
