"""Program years (2025-2026 …) with their calendar and the rules a province configures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.constants import LESSONS_PER_SESSION
from izlem.harezmi.models.fields import actor_field


class Weekday(models.IntegerChoices):
    """School days of the week (ISO numbering)."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")


class ProgramYearQuerySet(models.QuerySet):
    """Queries over program years."""

    def containing(self, day: dt.date):
        """Years running on `day`."""
        return self.filter(start_date__lte=day, end_date__gte=day)


class ProgramYear(TimeStampedModel):
    """A Harezmi program year of one province (e.g. 2025-2026) with its calendar and its rules."""

    province = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="harezmi_years",
        limit_choices_to={"kind": "province"},
    )
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2025-2026."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    application_opens = models.DateField(_("applications open"))
    application_closes = models.DateField(_("applications close"))
    semester1_start = models.DateField(_("first semester starts"))
    semester1_end = models.DateField(_("first semester ends"))
    semester2_start = models.DateField(_("second semester starts"))
    semester2_end = models.DateField(_("second semester ends"))
    team_teacher_min = models.PositiveSmallIntegerField(
        _("fewest teachers in a team"), default=3, validators=[MinValueValidator(1)]
    )
    team_teacher_max = models.PositiveSmallIntegerField(
        _("most teachers in a team"), default=6, validators=[MinValueValidator(1)]
    )
    schools_per_district_coordinator = models.PositiveSmallIntegerField(
        _("schools one district coordinator can follow"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("Used to suggest how many district coordinators a district needs."),
    )
    teams_per_district_coordinator = models.PositiveSmallIntegerField(
        _("teams one district coordinator can follow"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("Used to suggest how many district coordinators a district needs."),
    )
    is_metropolitan = models.BooleanField(
        _("metropolitan province"),
        default=False,
        help_text=_(
            "Assistant province coordinators of a metropolitan province need the Ministry's opinion."
        ),
    )
    large_province_team_threshold = models.PositiveSmallIntegerField(
        _("team count that makes a province large"),
        default=100,
        help_text=_("From this many approved teams on, assistants need the Ministry's opinion too."),
    )
    collect_national_id = models.BooleanField(
        _("collect Turkish ID numbers of students"),
        default=False,
        help_text=_("Only if the directorate needs them; they are stored encrypted and shown masked."),
    )
    last_lesson = models.PositiveSmallIntegerField(
        _("last lesson hour of a school day"),
        default=8,
        validators=[MinValueValidator(4), MaxValueValidator(12)],
    )

    history = HistoricalRecords()
    objects = ProgramYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("program year")
        verbose_name_plural = _("program years")
        ordering = ["-start_date", "province__name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="programyear_unique_name"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="programyear_end_after_start",
                violation_error_message=_("The program year must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(application_closes__gte=F("application_opens")),
                name="programyear_window_order",
                violation_error_message=_("The application window must not close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(team_teacher_max__gte=F("team_teacher_min")),
                name="programyear_team_range",
                violation_error_message=_(
                    "The maximum number of teachers in a team must not be below the minimum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.province}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("harezmi:year-calendar", args=[self.pk])

    def clean(self) -> None:
        """Dates in order: the window, then semester 1, then semester 2, all inside the year."""
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The year must end after it starts.")
        if (
            self.application_opens
            and self.application_closes
            and self.application_closes < self.application_opens
        ):
            errors["application_closes"] = _("Applications cannot close before they open.")
        dates = [self.semester1_start, self.semester1_end, self.semester2_start, self.semester2_end]
        if all(dates) and not (dates[0] <= dates[1] < dates[2] <= dates[3]):
            errors["semester2_start"] = _("The semesters must follow each other.")
        if all(dates) and self.start_date and self.end_date:
            if dates[0] < self.start_date or dates[3] > self.end_date:
                errors["semester1_start"] = _("The semesters must lie inside the program year.")
        if self.team_teacher_min and self.team_teacher_max and self.team_teacher_max < self.team_teacher_min:
            errors["team_teacher_max"] = _("The largest team size cannot be below the smallest.")
        if errors:
            raise ValidationError(errors)

    @property
    def governor_approval_window(self) -> tuple[dt.date, dt.date]:
        """The dates a Valilik Oluru of this year can bear: from its applications opening to its end."""
        return self.application_opens, self.end_date

    def is_over(self, day: dt.date) -> bool:
        """True if the year has ended by `day`: nothing in it changes any more."""
        return day > self.end_date

    def applications_open_on(self, day: dt.date) -> bool:
        """True if schools may apply on `day`."""
        return self.application_opens <= day <= self.application_closes

    def semester_dates(self, semester: str) -> tuple[dt.date, dt.date]:
        """Start and end of semester "1", "2" or "both"."""
        if semester == "1":
            return self.semester1_start, self.semester1_end
        if semester == "2":
            return self.semester2_start, self.semester2_end
        return self.semester1_start, self.semester2_end

    @property
    def first_lesson_choices(self) -> list[int]:
        """The lesson hours a 4-hour application block may start at."""
        return list(range(1, self.last_lesson - LESSONS_PER_SESSION + 2))


class CalendarEvent(TimeStampedModel):
    """A dated item of a program year's calendar: a training, a meeting or another key date."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Harezmi teacher training")
        EXPERIENCE_SHARING = "experience_sharing", _("Experience-sharing meeting")
        PROCESS_MANAGEMENT = "process_management", _("Process-management meeting")
        SCHOOL_MEETING = "school_meeting", _("School meeting")
        OTHER = "other", _("Other key date")

    program_year = models.ForeignKey(
        ProgramYear, verbose_name=_("program year"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    node = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province, or the district that holds it."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="calendarevent_dates",
                violation_error_message=_("A calendar entry's last day must not be before its first day."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class SchoolHolidayQuerySet(models.QuerySet):
    """Queries over school holidays."""

    def covering(self, day: dt.date):
        """Holidays that include `day`."""
        return self.filter(first_day__lte=day, last_day__gte=day)


class SchoolHoliday(TimeStampedModel):
    """A break or public holiday of a program year (MEB çalışma takvimi): no school, so no session."""

    class Kind(models.TextChoices):
        MID_TERM_BREAK = "mid_term_break", _("Mid-term break")
        SEMESTER_BREAK = "semester_break", _("Semester break")
        PUBLIC_HOLIDAY = "public_holiday", _("Public holiday")

    program_year = models.ForeignKey(
        ProgramYear, verbose_name=_("program year"), on_delete=models.CASCADE, related_name="holidays"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, help_text=_("For example Cumhuriyet Bayramı."))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    history = HistoricalRecords()
    objects = SchoolHolidayQuerySet.as_manager()

    class Meta:
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        ordering = ["first_day", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="schoolholiday_dates",
                violation_error_message=_("A holiday's last day must not be before its first day."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The last day is not before the first, and both lie inside the program year."""
        errors = {}
        if self.first_day and self.last_day and self.last_day < self.first_day:
            errors["last_day"] = _("The last day must not be before the first day.")
        year = self.program_year if self.program_year_id else None
        if year is not None and self.first_day and self.last_day and not errors:
            if self.first_day < year.start_date or self.last_day > year.end_date:
                errors["first_day"] = _(
                    "The holiday must lie inside the program year (%(start)s – %(end)s)."
                ) % {
                    "start": format_date(year.start_date),
                    "end": format_date(year.end_date),
                }
        if errors:
            raise ValidationError(errors)

    def days(self) -> list[dt.date]:
        """Every day of the holiday, first to last."""
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=n) for n in range(count)]
