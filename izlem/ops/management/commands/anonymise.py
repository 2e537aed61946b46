"""`izlem anonymise --older-than DAYS|DATE`: anonymise people past the retention period (KVKK art. 7)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date, parse_date
from izlem.ops import kvkk


def parse_older_than(text: str) -> dt.date:
    """A number of days before today, or a date (YYYY-MM-DD or DD.MM.YYYY)."""
    text = text.strip()
    if text.isdigit():
        return timezone.localdate() - dt.timedelta(days=int(text))
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is not None:
        return day
    raise CommandError(
        _("--older-than takes a number of days or a date such as 2026-09-01 or 01.09.2026, not %(text)s.")
        % {"text": text}
    )


class Command(BaseCommand):
    help = (
        "Anonymise the students of program years that ended before the cut-off (names, ID number, consent "
        "form, also in the audit trail) and deactivated users unchanged since before it. --older-than takes "
        "days (e.g. 730) or a date. Use --dry-run to count first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", required=True, dest="older_than")
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args, older_than: str, dry_run: bool = False, **options):
        before = parse_older_than(older_than)
        students = kvkk.students_anonymise(before=before, dry_run=dry_run)
        users = kvkk.users_anonymise(before=before, dry_run=dry_run)
        message = _("Students anonymised: %(students)d; users anonymised: %(users)d (cut-off %(date)s).") % {
            "students": students,
            "users": users,
            "date": format_date(before),
        }
        if dry_run:
            message += " " + _("Dry run: nothing was changed.")
        self.stdout.write(message)
