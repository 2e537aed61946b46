"""Stale background work: a job whose worker died (killed, machine restarted) is marked failed, never left
"running" forever.

The mechanism only: the kinds of job rows to sweep are registered with `stale_jobs_register` by the app
above that knows them (izlem.ops.jobs: report jobs and bulk uploads); the task rows of django-tasks-db
are always swept. A row that has not moved for IZLEM_JOB_TIMEOUT_MINUTES is failed with its kind's
message. A report is then generated afresh the next time it is requested (a failed job is never reused);
a bulk upload wrote nothing (its write is one transaction) and can be uploaded again. Runs from
`job_request` and on demand with `izlem sweep_jobs` (cron).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

logger = logging.getLogger("izlem.security")


@dataclass(frozen=True)
class StaleJobs:
    """A model of background work with queued/running/failed states, and the fields written when it is failed."""

    key: str
    model: type[models.Model]
    failure: Callable[[], dict]  # the fields written on failure, in the language active at the sweep


_KINDS: dict[str, StaleJobs] = {}


def stale_jobs_register(key: str, model: type[models.Model], failure: Callable[[], dict]) -> None:
    """Sweep rows of `model` (fields `state`, `updated_at`, a `State` with QUEUED, RUNNING, FAILED) under `key`."""
    _KINDS[key] = StaleJobs(key=key, model=model, failure=failure)


def stale_before() -> dt.datetime:
    """Work not touched since this moment counts as abandoned."""
    return timezone.now() - dt.timedelta(minutes=settings.IZLEM_JOB_TIMEOUT_MINUTES)


def stale_jobs_sweep(*, before: dt.datetime | None = None) -> dict[str, int]:
    """Fail the registered job rows and the task rows abandoned since `before`; returns counts by key."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    before = before or stale_before()
    now = timezone.now()
    counts = {}
    for kind in _KINDS.values():
        State = kind.model.State
        counts[kind.key] = kind.model.objects.filter(
            state__in=[State.QUEUED, State.RUNNING], updated_at__lt=before
        ).update(state=State.FAILED, updated_at=now, **kind.failure())
    counts["tasks"] = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=before
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="izlem.core.jobs.WorkerInterrupted",
        traceback="The worker stopped while running this task (stale-job sweep).",
    )
    if any(counts.values()):
        logger.warning(
            "stale jobs failed: %s", ", ".join(f"{number} {key}" for key, number in counts.items())
        )
    return counts
