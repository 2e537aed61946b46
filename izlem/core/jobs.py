"""Stale background work: a job whose worker died (killed, machine restarted) is marked failed, never left
"running" forever.

A report job or a bulk upload that has not moved for IZLEM_JOB_TIMEOUT_MINUTES is failed with a clear
message; the task row of django-tasks-db is failed too. A report is then generated afresh the next time
it is requested (a failed job is never reused); a bulk upload wrote nothing (its write is one
transaction) and can be uploaded again. Runs from `job_request` and the bulk status page's selector's
callers, and on demand with `izlem sweep_jobs` (cron).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("izlem.security")


def stale_before() -> dt.datetime:
    """Work not touched since this moment counts as abandoned."""
    return timezone.now() - dt.timedelta(minutes=settings.IZLEM_JOB_TIMEOUT_MINUTES)


def stale_jobs_sweep(*, before: dt.datetime | None = None) -> dict[str, int]:
    """Fail the report jobs, bulk uploads and task rows abandoned since `before`; returns counts."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from izlem.monitoring.models import BulkUpload
    from izlem.reports.models import ReportJob

    before = before or stale_before()
    now = timezone.now()
    reports = ReportJob.objects.filter(
        state__in=[ReportJob.State.QUEUED, ReportJob.State.RUNNING], updated_at__lt=before
    ).update(
        state=ReportJob.State.FAILED,
        updated_at=now,
        error=_(
            "The report generation stopped without finishing (the background worker was interrupted). "
            "Request the report again."
        ),
    )
    uploads = BulkUpload.objects.filter(
        state__in=[BulkUpload.State.QUEUED, BulkUpload.State.RUNNING], updated_at__lt=before
    ).update(
        state=BulkUpload.State.FAILED,
        updated_at=now,
        errors=[
            _(
                "The file's processing stopped without finishing (the background worker was interrupted); "
                "nothing was written. Upload it again."
            )
        ],
    )
    tasks = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=before).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="izlem.core.jobs.WorkerInterrupted",
        traceback="The worker stopped while running this task (stale-job sweep).",
    )
    if reports or uploads or tasks:
        logger.warning("stale jobs failed: %d reports, %d bulk uploads, %d tasks", reports, uploads, tasks)
    return {"reports": reports, "uploads": uploads, "tasks": tasks}
