"""The report jobs and bulk uploads in the stale-job sweep (izlem.core.jobs), with the message each gets
when its worker died. Registered when the ops app is ready, so `job_request` (reports) and `izlem
sweep_jobs` fail both kinds; reports and monitoring do not import this module."""

from __future__ import annotations

from django.utils.translation import gettext as _

from izlem.core.jobs import stale_jobs_register


def _report_failure() -> dict:
    """What a report job abandoned by its worker says."""
    return {
        "error": _(
            "The report generation stopped without finishing (the background worker was interrupted). "
            "Request the report again."
        )
    }


def _upload_failure() -> dict:
    """What a bulk upload abandoned by its worker says."""
    return {
        "errors": [
            _(
                "The file's processing stopped without finishing (the background worker was interrupted); "
                "nothing was written. Upload it again."
            )
        ]
    }


def stale_jobs_register_all() -> None:
    """Register the report jobs ("reports") and the bulk uploads ("uploads") with the stale-job sweep."""
    from izlem.monitoring.models import BulkUpload
    from izlem.reports.models import ReportJob

    stale_jobs_register("reports", ReportJob, _report_failure)
    stale_jobs_register("uploads", BulkUpload, _upload_failure)
