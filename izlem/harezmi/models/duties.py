"""Duties beyond the program's own records (seed §3 and §4 last bullets): tasks given downward."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field, document_field, program_year_field


class AssignedTask(TimeStampedModel):
    """A task the İl MEM or the province coordinator gives to a coordinator below them, with its due date.

    Seed §3 and §4: "Bakanlık Harezmi Ekibi ve İl MEM tarafından verilen diğer görevler", "İl Koordinatörü
    tarafından verilen diğer görevler (Erasmus projeleri, e-portfolyo, içerik oluşturma, raporlama,
    şenlik düzenleme vb.)". The assignee marks it done with a note; only the giver cancels it.
    """

    class State(models.TextChoices):
        GIVEN = "given", _("Given")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    program_year = program_year_field("tasks")
    given_by = models.ForeignKey(
        "org.User", verbose_name=_("given by"), on_delete=models.PROTECT, related_name="harezmi_tasks_given"
    )
    assignee = models.ForeignKey(
        "org.User", verbose_name=_("assigned to"), on_delete=models.PROTECT, related_name="harezmi_tasks"
    )
    # Where the assignee held their coordinator role when the task was given: the province (coordinator,
    # assistant) or a district (district coordinator). Readers of that district see the task.
    assignee_node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("assignee's directorate"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.GIVEN)
    completion_note = models.TextField(_("completion note"), blank=True)
    completed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "state"], name="task_assignee_state")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | Q(completed_at__isnull=False),
                name="task_done_has_time",
                violation_error_message=_("A done task needs the time it was done."),
            ),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | Q(cancelled_at__isnull=False),
                name="task_cancelled_has_time",
                violation_error_message=_("A cancelled task needs the time it was cancelled."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """True while the task is open and its due date has passed (Europe/Istanbul)."""
        return self.state == self.State.GIVEN and self.due_on < timezone.localdate()


class Announcement(TimeStampedModel):
    """A coordinator's announcement to the application schools of their province or district (seed §3
    "iletişim kurar", §4 "sürekli iletişimde kalır"); the principals and teachers of those schools read it."""

    program_year = program_year_field("announcements")
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("from (directorate)"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        "org.User", verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    all_schools = models.BooleanField(_("to all application schools"), default=True)
    # The schools it went to, fixed when it was sent (also for "all": a school joining later did not get it).
    schools = models.ManyToManyField(
        "org.OrgNode", verbose_name=_("schools"), related_name="harezmi_announcements"
    )
    recipient_count = models.PositiveIntegerField(_("people notified"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Cooperation(TimeStampedModel):
    """A cooperation of the province or a district with a university or another institution (seed §2
    "üniversiteler, diğer kurum ve kuruluşlarla iş birliği yapar", §3 and §4 "kurumlar arası işbirliği")."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        PUBLIC = "public", _("Public institution")
        NGO = "ngo", _("Non-governmental organisation (STK)")
        PRIVATE = "private", _("Private sector")
        OTHER = "other", _("Other")

    program_year = program_year_field("cooperations")
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("province or district"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.CharField(_("institution"), max_length=200)
    kind = models.CharField(_("kind of institution"), max_length=12, choices=Kind.choices)
    subject = models.TextField(_("subject"))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    schools = models.ManyToManyField(
        "org.OrgNode", verbose_name=_("schools involved"), blank=True, related_name="harezmi_cooperations"
    )
    protocol = document_field(_("protocol"))
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-starts_on", "institution"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="cooperation_dates",
                violation_error_message=_("A cooperation's end must not be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.institution


class ResearchReport(TimeStampedModel):
    """A coordinator's research, report or suggestion, shared upward (seed §3 "araştırmalar yapar, rapor
    hazırlar ve önerilerde bulunur", §4 "İlçe MEM'e ve İl Koordinatörlüğüne düzenli raporlama yapar").

    A district coordinator's is read by their district and the province; the province's by the province.
    """

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research")
        REPORT = "report", _("Report")
        SUGGESTION = "suggestion", _("Suggestion")

    program_year = program_year_field("research_reports")
    node = models.ForeignKey(
        "org.OrgNode", verbose_name=_("province or district"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        "org.User", verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"))
    file = models.FileField(_("file"), upload_to="harezmi/reports/%Y/%m/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research, report or suggestion")
        verbose_name_plural = _("research, reports and suggestions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
