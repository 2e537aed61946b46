"""Background tasks of the reports (run by `izlem db_worker`)."""

from django_tasks import task


@task()
def generate_report(job_id: int) -> None:
    """Generate one report job's files."""
    from .services import job_run

    job_run(job_id)
