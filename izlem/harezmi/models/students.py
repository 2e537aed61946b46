"""Students, their parents' consent and the parent information meetings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, program_year_field, school_field, team_field
from izlem.harezmi.national_id import mask


def outside_year_message(program_year, day) -> str | None:
    """Why `day` cannot date a record of `program_year` (before its applications open or after it
    ends), or None. A parent meeting or a consent may precede the year's start, not its applications."""
    start, end = program_year.application_opens, program_year.end_date
    if start <= day <= end:
        return None
    return _("The date %(date)s is outside the program year %(year)s (%(start)s–%(end)s).") % {
        "date": format_date(day),
        "year": program_year.name,
        "start": format_date(start),
        "end": format_date(end),
    }


class StudentQuerySet(models.QuerySet):
    """Queries over students."""

    def with_consent(self):
        """Students whose parents' consent is recorded and not withdrawn."""
        return self.filter(consent__isnull=False, consent__withdrawn_on__isnull=True)

    def without_consent(self):
        return self.exclude(pk__in=self.with_consent().values("pk"))


class Student(TimeStampedModel):
    """A student registered for Harezmi at a school in a program year; placed in a team only with consent.

    The Turkish ID number, when the directorate collects it, is kept encrypted (`national_id_ciphertext`)
    with a keyed digest to find duplicates and the last two digits for the masked display; it is never
    stored in clear, never in the audit trail and never logged.
    """

    program_year = program_year_field("students")
    school = school_field("harezmi_students")
    team = team_field("students")
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    national_id_ciphertext = models.TextField(_("Turkish ID number (encrypted)"), blank=True, editable=False)
    national_id_digest = models.CharField(
        _("Turkish ID number digest"), max_length=64, blank=True, editable=False
    )
    national_id_last_digits = models.CharField(
        _("last digits of the Turkish ID number"), max_length=2, blank=True, editable=False
    )
    registered_by = actor_field(_("registered by"))

    history = HistoricalRecords(excluded_fields=["national_id_ciphertext", "national_id_digest"])
    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_year", "national_id_digest"],
                condition=~Q(national_id_digest=""),
                name="student_unique_national_id_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def national_id_masked(self) -> str:
        """The ID number as shown on pages: `*********46` (empty if none was recorded)."""
        return mask(self.national_id_last_digits) if self.national_id_last_digits else ""

    @property
    def has_consent(self) -> bool:
        consent = getattr(self, "consent", None)
        return consent is not None and consent.withdrawn_on is None


class ParentalConsent(TimeStampedModel):
    """A parent's signed consent for a student's participation: the date, the form and who recorded it."""

    student = models.OneToOneField(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="consent"
    )
    parent_name = models.CharField(_("parent or guardian"), max_length=160)
    given_on = models.DateField(_("signed on"))
    form_file = models.FileField(_("signed consent form"), upload_to="harezmi/consents/%Y/%m/")
    recorded_by = actor_field(_("recorded by"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parental consent")
        verbose_name_plural = _("parental consents")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.student} · {format_date(self.given_on)}"

    def clean(self) -> None:
        """Signed inside the student's program year (a consent of 2027 cannot serve 2025-2026)."""
        if self.given_on and self.student_id:
            problem = outside_year_message(self.student.program_year, self.given_on)
            if problem:
                raise ValidationError({"given_on": problem})


class ParentMeeting(TimeStampedModel):
    """A parent information meeting about Harezmi held by a school (or one of its teams)."""

    program_year = program_year_field("parent_meetings")
    school = school_field("+")
    team = team_field("parent_meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=160)
    parent_count = models.PositiveSmallIntegerField(_("parents attending"), default=0)
    summary = models.TextField(_("what was explained"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent information meeting")
        verbose_name_plural = _("parent information meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.school} · {format_date(self.held_on)}"

    def clean(self) -> None:
        """Held by today and inside its program year (a meeting of 2027 is not filed under 2025-2026)."""
        if self.held_on and self.program_year_id:
            today = timezone.localdate()
            if self.held_on > today:
                raise ValidationError(
                    {
                        "held_on": _("A meeting dated %(date)s has not been held yet: today is %(today)s.")
                        % {"date": format_date(self.held_on), "today": format_date(today)}
                    }
                )
            problem = outside_year_message(self.program_year, self.held_on)
            if problem:
                raise ValidationError({"held_on": problem})
