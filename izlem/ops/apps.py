"""Ops app: operations above every other app (demo, data generator, backup, personal-data exports and
anonymisation, the stale-job sweep, the navigation). No models of its own."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """App configuration for izlem.ops."""

    name = "izlem.ops"

    def ready(self) -> None:
        """The report jobs and bulk uploads join the stale-job sweep of izlem.core.jobs (izlem.ops.jobs)."""
        from . import jobs

        jobs.stale_jobs_register_all()
