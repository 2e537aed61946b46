"""`izlem import_org FILE`: the organisation tree and units from a spreadsheet or CSV, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izlem.core.tabular import TabularError
from izlem.org.importers import org_import_file


class Command(BaseCommand):
    help = (
        "Import provinces, districts, schools and units from a spreadsheet (.xlsx, .xlsm, .xls, .ods) or a CSV "
        "file (see docs/import-org.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to an .xlsx, .xlsm, .xls, .ods or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args, file: str, dry_run: bool = False, **options):
        from django.db import transaction

        try:
            with transaction.atomic():
                result = org_import_file(file)
                if dry_run:
                    transaction.set_rollback(True)
        except (TabularError, FileNotFoundError) as exc:
            raise CommandError(str(exc) or _("The file cannot be read.")) from exc
        if result.errors:
            for message in result.errors:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)d error(s) found; nothing was written.") % {"count": len(result.errors)}
            )
        labels = {
            "province": _("provinces"),
            "district": _("districts"),
            "school": _("schools"),
            "unit": _("units"),
        }
        for kind, label in labels.items():
            self.stdout.write(
                _("%(label)s: %(created)d created, %(updated)d updated")
                % {
                    "label": label,
                    "created": result.created.get(kind, 0),
                    "updated": result.updated.get(kind, 0),
                }
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
