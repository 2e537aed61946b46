"""Meetings of the program: experience sharing, process management, school pre/post meetings, with attendance."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field


class Meeting(TimeStampedModel):
    """A meeting held at the province, a district or a school: when, where, who was invited and came,
    the minutes and the decisions. Parent information meetings are `ParentMeeting` (parents are not users)."""

    class Kind(models.TextChoices):
        EXPERIENCE_SHARING = "experience_sharing", _("Experience-sharing meeting")
        PROCESS_MANAGEMENT = "process_management", _("Process-management meeting")
        SCHOOL_PRE = "school_pre", _("School meeting before the application")
        SCHOOL_POST = "school_post", _("School meeting after the application")
        OTHER = "other", _("Other meeting")

    program_year = program_year_field("meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    node = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province, district or school that holds it."),
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    calendar_event = models.ForeignKey(
        "harezmi.CalendarEvent",
        verbose_name=_("calendar entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["program_year", "kind", "held_on"], name="meeting_year_kind_day")]

    def __str__(self) -> str:
        return f"{self.title} ({format_date(self.held_on)})"


class MeetingAttendee(models.Model):
    """A person invited to (or present at) a meeting; people outside izlem are kept by name."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees"
    )
    person = models.ForeignKey(
        "org.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="harezmi_meeting_rows",
    )
    name = models.CharField(_("name (if not a user)"), max_length=160, blank=True)
    role_note = models.CharField(_("title or role"), max_length=160, blank=True)
    invited = models.BooleanField(_("invited"), default=True)
    present = models.BooleanField(_("present"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting attendee")
        verbose_name_plural = _("meeting attendees")
        ordering = ["meeting", "person", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="meeting_person_once"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="meeting_attendee_named",
                violation_error_message=_("An attendee needs a person or a name."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.name
