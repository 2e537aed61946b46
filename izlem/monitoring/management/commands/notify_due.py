"""`izlem notify_due [--days N]`: remind those who enter data that a due date is near (run daily, e.g. by cron)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from izlem.monitoring.services.measures import due_date_reminders_send


class Command(BaseCommand):
    help = (
        "Send in-app (and e-mail) reminders for open periods whose schools' or districts' due date is near."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Remind when the due date is this many days away or less."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count the reminders; send nothing.")

    def handle(self, *args, days: int = 3, dry_run: bool = False, **options):
        today = timezone.localdate()
        count = due_date_reminders_send(today=today, within=dt.timedelta(days=days), dry_run=dry_run)
        self.stdout.write(f"{count}")
