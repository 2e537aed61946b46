"""`izlem backup [FILE]`: the database and the uploaded files in one archive with a manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izlem.ops.backup import BackupError, backup_create, default_backup_name


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump custom format) and every uploaded file into "
        "one .tar.gz archive with a manifest (row counts per table, content checksum). Default file: "
        "$IZLEM_DATA_DIR/backups/izlem-YYYYMMDD-HHMMSS.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write the archive.")

    def handle(self, *args, file: str | None = None, **options):
        target = Path(file) if file else Path(settings.DATA_DIR) / "backups" / default_backup_name()
        try:
            manifest = backup_create(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Backup written: %(file)s (%(tables)d tables, %(rows)d rows, %(files)d files, checksum %(sum)s)"
            )
            % {
                "file": target,
                "tables": len(manifest.tables),
                "rows": sum(manifest.tables.values()),
                "files": manifest.media_files,
                "sum": manifest.checksum[:16],
            }
        )
