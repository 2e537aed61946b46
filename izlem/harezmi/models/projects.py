"""National and EU projects (eTwinning, Erasmus+ …), events and content work, awards and commendations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, document_field, program_year_field


class Project(TimeStampedModel):
    """A project a school (or a directorate) takes part in, with its participants and mobility counts."""

    class Programme(models.TextChoices):
        ETWINNING = "etwinning", _("eTwinning")
        ERASMUS = "erasmus", _("Erasmus+")
        OTHER_EU = "other_eu", _("Other EU-funded project")
        NATIONAL = "national", _("National project")
        OTHER = "other", _("Other project")

    EU_PROGRAMMES = (Programme.ETWINNING, Programme.ERASMUS, Programme.OTHER_EU)

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTNER = "partner", _("Partner")

    program_year = models.ForeignKey(
        "harezmi.ProgramYear",
        verbose_name=_("program year"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    node = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("school or directorate"),
        on_delete=models.PROTECT,
        related_name="harezmi_projects",
    )
    programme = models.CharField(_("programme"), max_length=12, choices=Programme.choices)
    title = models.CharField(_("title"), max_length=250)
    reference = models.CharField(_("project number"), max_length=80, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    partners = models.TextField(_("partners"), blank=True)
    student_participants = models.PositiveIntegerField(_("students taking part"), default=0)
    teacher_participants = models.PositiveIntegerField(_("teachers taking part"), default=0)
    student_mobility = models.PositiveIntegerField(_("students in international mobility"), default=0)
    teacher_mobility = models.PositiveIntegerField(_("teachers in international mobility"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="project_dates",
                violation_error_message=_("A project's end must not be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(student_mobility__lte=F("student_participants"))
                & Q(teacher_mobility__lte=F("teacher_participants")),
                name="project_mobility_within_participants",
                violation_error_message=_("Mobility cannot exceed the number of participants."),
            ),
        ]
        indexes = [models.Index(fields=["programme", "starts_on"], name="project_programme_start")]

    def __str__(self) -> str:
        return self.title


class Activity(TimeStampedModel):
    """A festival, exhibition, e-portfolio or content work of the program."""

    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("Festival or exhibition")
        COMPETITION = "competition", _("Competition")
        E_PORTFOLIO = "e_portfolio", _("E-portfolio")
        CONTENT = "content", _("Content development")
        OTHER = "other", _("Other event")

    program_year = program_year_field("activities")
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("school or directorate"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    held_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    link = models.URLField(_("link"), blank=True)
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return self.title


class Award(TimeStampedModel):
    """An award, commendation or letter of thanks given to a teacher or an administrator."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        COMMENDATION = "commendation", _("Commendation (takdir belgesi)")
        THANKS = "thanks", _("Letter of thanks (teşekkür belgesi)")

    program_year = program_year_field("awards")
    person = models.ForeignKey(
        "org.User", verbose_name=_("person"), on_delete=models.PROTECT, related_name="harezmi_awards"
    )
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("school or directorate"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    given_on = models.DateField(_("date"))
    given_by = models.CharField(_("given by"), max_length=200, help_text=_("For example Erzincan Valiliği."))
    reason = models.TextField(_("reason"), blank=True)
    document = document_field(_("document"))
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-given_on", "person"]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"
