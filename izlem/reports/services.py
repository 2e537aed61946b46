"""Report writes: request and run generation jobs, publish and revoke snapshots.

The evaluation meeting and actual spending are monitoring records, written by
`izlem.monitoring.services.meetings` and `izlem.monitoring.services.spending`.
"""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.filenames import job_name
from izlem.monitoring import access as monitoring_access
from izlem.monitoring.models import Period
from izlem.org.models import OrgNode, User
from izlem.reports import access

from .models import Publication, ReportJob
from .monitoring_report import build_report, fingerprint, report_kind_for
from .render import report_pdf, report_xlsx


def job_request(*, by: User, period: Period, node: OrgNode) -> ReportJob:
    """Return a finished or running job for the same report and data, or queue a new one."""
    if not monitoring_access.monitoring_nodes(by).filter(pk=node.pk).exists():
        raise PermissionDenied
    from izlem.core.jobs import stale_jobs_sweep

    stale_jobs_sweep()  # a job whose worker died must not be reused as "running" forever
    kind = report_kind_for(period)
    print_ = fingerprint(kind, period, node)
    reusable = (
        ReportJob.objects.filter(kind=kind, period=period, node=node, fingerprint=print_)
        .exclude(state=ReportJob.State.FAILED)
        .order_by("-created_at")
        .first()
    )
    if reusable is not None:
        return reusable
    job = ReportJob.objects.create(kind=kind, period=period, node=node, fingerprint=print_, requested_by=by)
    from .tasks import generate_report

    transaction.on_commit(lambda: generate_report.enqueue(job.pk))
    return job


def job_run(job_id: int) -> ReportJob:
    """Build the data, then the PDF and the XLSX, saving progress as it goes (runs in the worker)."""
    job = ReportJob.objects.select_related("period__plan", "node").get(pk=job_id)
    return job_files_run(
        job,
        lambda progress: build_report(job.kind, job.period, job.node, progress=progress),
        write_pdf=report_pdf,
        write_xlsx=report_xlsx,
        pdf_at=75,
    )


def job_files_run(job: ReportJob, build, *, write_pdf, write_xlsx, pdf_at: int) -> ReportJob:
    """Run a job: `build(progress)` its data, write its PDF and XLSX, save them (a failure is kept on the job)."""
    started = time.monotonic()

    def progress(percent: int, text: str) -> None:
        ReportJob.objects.filter(pk=job.pk).update(
            progress=percent, step=text, state=ReportJob.State.RUNNING, updated_at=timezone.now()
        )

    try:
        progress(1, _("Starting"))
        data = build(progress)
        progress(pdf_at, _("Drawing the PDF"))
        pdf = write_pdf(data)
        progress(92, _("Writing the workbook"))
        xlsx = write_xlsx(data)
        job.data = data
        job.pdf.save(job_name(job, "pdf").ascii, ContentFile(pdf), save=False)
        job.xlsx.save(job_name(job, "xlsx").ascii, ContentFile(xlsx), save=False)
        job.state, job.progress, job.step = ReportJob.State.DONE, 100, _("Ready")
        job.seconds = round(time.monotonic() - started, 2)
        job.save(update_fields=ReportJob.RESULT_FIELDS)
    except Exception as exc:  # the page shows the failure instead of a job stuck at "generating"
        ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.FAILED, error=str(exc)[:2000])
        raise
    return job


@transaction.atomic
def publish(*, by: User, job: ReportJob) -> Publication:
    """Publish a finished report of a closed (approved and locked) period as a frozen snapshot."""
    if not access.can_publish(by, job.node):
        raise PermissionDenied
    if job.state != ReportJob.State.DONE:
        raise ValidationError(_("Only a finished report can be published."))
    if job.period.state != Period.State.CLOSED:
        raise ValidationError(
            _("Only the report of a closed period (all data approved and locked) can be published.")
        )
    title = f"{job.data['title']} — {job.node.name} — {job.period}"
    publication = Publication(job=job, title=title, data=job.data, node=job.node, published_by=by)
    job.pdf.open("rb")
    try:
        publication.pdf.save(f"published-{job.pk}.pdf", ContentFile(job.pdf.read()), save=False)
    finally:
        job.pdf.close()
    publication.save()
    return publication


@transaction.atomic
def revoke(*, by: User, publication: Publication) -> Publication:
    """Withdraw a publication: its link stops working."""
    if not access.can_publish(by, publication.node):
        raise PermissionDenied
    publication.revoked_at, publication.revoked_by = timezone.now(), by
    publication.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return publication
