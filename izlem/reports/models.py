"""Report jobs (background generation with progress and reuse) and published snapshots.

The reports app builds from selectors and owns no business data; these two models only keep what
was generated and what was published (docs/decisions/0001-report-jobs.md).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from izlem.core.models import TimeStampedModel
from izlem.monitoring.models import Period
from izlem.org.models import OrgNode, User


class ReportJob(TimeStampedModel):
    """One generation of a report for a period and a node; reused while its data fingerprint holds."""

    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", _("six-month monitoring report")
        YEAR_END = "year_end", _("year-end evaluation report")
        MINISTRY = "ministry", _("Harezmi report to the Ministry")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("generating")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Monitoring reports belong to a period; the Harezmi report to the Ministry to a program year.
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.CASCADE, related_name="report_jobs"
    )
    program_year = models.ForeignKey(
        "harezmi.ProgramYear", null=True, blank=True, on_delete=models.CASCADE, related_name="report_jobs"
    )
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64, db_index=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    data = models.JSONField(_("report data"), null=True, blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    seconds = models.FloatField(_("generation time (s)"), null=True, blank=True)

    # What a finished run writes; the request's fields (who, what, fingerprint) are never rewritten.
    RESULT_FIELDS = ["data", "pdf", "xlsx", "state", "progress", "step", "seconds", "updated_at"]

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "period", "node", "fingerprint"], name="reportjob_reuse")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period or self.program_year} {self.node}"


def _token() -> str:
    return secrets.token_urlsafe(32)


class Publication(TimeStampedModel):
    """A frozen, read-only snapshot of an approved report, shared by an unguessable link; revocable."""

    job = models.ForeignKey(ReportJob, on_delete=models.PROTECT, related_name="publications")
    title = models.CharField(_("title"), max_length=300)
    data = models.JSONField(_("frozen report data"))
    pdf = models.FileField(upload_to="published/%Y/")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
