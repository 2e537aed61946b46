"""`izlem sweep_jobs`: fail background work abandoned by a dead worker (run it from cron, e.g. every 10 minutes)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from izlem.core.jobs import stale_jobs_sweep


class Command(BaseCommand):
    help = (
        "Mark report jobs, bulk uploads and task rows failed when they have not moved for "
        "IZLEM_JOB_TIMEOUT_MINUTES (their worker was killed); they are never left running forever."
    )

    def handle(self, *args, **options):
        counts = stale_jobs_sweep()
        self.stdout.write(
            _("Failed as abandoned: %(reports)d report jobs, %(uploads)d bulk uploads, %(tasks)d tasks.")
            % counts
        )
