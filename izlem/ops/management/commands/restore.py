"""`izlem restore FILE`: replace the database and the uploaded files with a backup's, then verify them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izlem.ops.backup import BackupError, backup_restore, manifest_read, state_measure


class Command(BaseCommand):
    help = (
        "Restore a backup made by `izlem backup`: the database and MEDIA_ROOT are replaced by the archive's, "
        "then the row counts and the content checksum are compared with the archive's manifest. "
        "Everything written since the backup is lost: stop the site and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args, file: str, noinput: bool = False, **options):
        source = Path(file)
        if not source.exists():
            raise CommandError(_("The file %(file)s does not exist.") % {"file": file})
        try:
            manifest = manifest_read(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not noinput:
            answer = input(
                _("This replaces all data with the backup of %(when)s. Type 'yes' to go on: ")
                % {"when": manifest["created_at"]}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled; nothing was changed."))
        try:
            backup_restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        now = state_measure()
        if now.tables != manifest["tables"] or now.checksum != manifest["checksum"]:
            differing = sorted(t for t in manifest["tables"] if manifest["tables"][t] != now.tables.get(t))
            raise CommandError(
                _("The restored data does not match the backup's manifest (tables: %(tables)s).")
                % {"tables": ", ".join(differing) or "-"}
            )
        self.stdout.write(
            _("Restored %(file)s: %(rows)d rows in %(tables)d tables and %(files)d files; checksum verified.")
            % {
                "file": source,
                "rows": sum(now.tables.values()),
                "tables": len(now.tables),
                "files": now.media_files,
            }
        )
