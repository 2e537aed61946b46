"""Backup and restore of the whole system: the database and the uploaded files in one archive.

An archive is a gzipped tar holding
- `manifest.json`: format version, engine, creation time, row counts per table and a content checksum;
- `database.sqlite3` (SQLite, written with SQLite's online backup API, so the site can stay up) or
  `database.dump` (PostgreSQL, `pg_dump --format=custom`, restored with `pg_restore`);
- `media/…`: every uploaded file under MEDIA_ROOT (petitions, approvals, consent forms, evidence, reports).

The checksum covers every row of every table Django manages (ordered by primary key) and every
uploaded file's path and bytes, so "the restore gives back what was backed up" is one comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.dump"
MEDIA_MEMBER = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (translated)."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds: row counts per table and a content checksum."""

    engine: str
    created_at: str
    tables: dict[str, int]
    checksum: str
    media_files: int

    def as_dict(self) -> dict:
        return {
            "format": FORMAT_VERSION,
            "engine": self.engine,
            "created_at": self.created_at,
            "tables": self.tables,
            "checksum": self.checksum,
            "media_files": self.media_files,
        }


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def _models():
    """Every concrete, managed model with its own table (including many-to-many tables), by table name."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        tables.setdefault(meta.db_table, model)
    return dict(sorted(tables.items()))


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def state_measure(media_root: Path | None = None) -> Manifest:
    """Row counts per table and one checksum over all rows and uploaded files (the restore test compares it)."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    for table, model in _models().items():
        fields = [f.attname for f in model._meta.concrete_fields]
        count = 0
        digest.update(f"\x00table:{table}\n".encode())
        for row in model._base_manager.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
            digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
            digest.update(b"\n")
            count += 1
        counts[table] = count
    files = _media_files(media_root)
    for path in files:
        digest.update(f"\x00file:{path.relative_to(media_root).as_posix()}\n".encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return Manifest(
        engine=_engine(),
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        tables=counts,
        checksum=digest.hexdigest(),
        media_files=len(files),
    )


# --- PostgreSQL ---------------------------------------------------------------------------------------
def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore from the active database settings (password via env)."""
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            _("%(tool)s is not installed; install the PostgreSQL client tools.") % {"tool": tool}
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": tool, "error": done.stderr.strip()[-2000:]}
        )


# --- backup -------------------------------------------------------------------------------------------
def backup_create(target: Path) -> Manifest:
    """Write one archive with the database, the uploaded files and the manifest; returns the manifest."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="izlem-backup-") as work:
        work_dir = Path(work)
        # Measure inside the same snapshot the dump sees: on SQLite the backup API copies a consistent
        # state; the manifest is taken right before, and a drill runs on a quiet system.
        manifest = state_measure(media_root)
        if connection.vendor == "sqlite":
            member = SQLITE_MEMBER
            connection.ensure_connection()
            destination = sqlite3.connect(work_dir / member)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        elif connection.vendor == "postgresql":
            member = PG_MEMBER
            args, env = _pg_args_env()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    *args,
                    "--file",
                    str(work_dir / member),
                    connection.settings_dict["NAME"],
                ],
                env,
            )
        else:
            raise BackupError(_("Backups support SQLite and PostgreSQL only."))
        (work_dir / MANIFEST).write_text(json.dumps(manifest.as_dict(), indent=2, ensure_ascii=False))
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work_dir / MANIFEST, arcname=MANIFEST)
            archive.add(work_dir / member, arcname=member)
            for path in _media_files(media_root):
                archive.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}")
        partial.replace(target)  # a crash mid-write never leaves a half archive under the real name
    return manifest


def default_backup_name() -> str:
    """`izlem-YYYYMMDD-HHMMSS.tar.gz` in local time."""
    return f"izlem-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


# --- restore ------------------------------------------------------------------------------------------
def manifest_read(source: Path) -> dict:
    """The manifest of an archive; BackupError if the file is no izlem backup."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            data = json.loads(handle.read().decode())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(_("%(file)s is not an izlem backup archive.") % {"file": source}) from exc
    if data.get("format") != FORMAT_VERSION:
        raise BackupError(_("The backup's format version is not supported."))
    return data


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Members that stay inside the extraction folder (no absolute paths, no `..`, no links)."""
    safe = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk():
            raise BackupError(_("The archive holds an unsafe path: %(name)s.") % {"name": member.name})
        safe.append(member)
    return safe


def backup_restore(source: Path) -> dict:
    """Replace the database and the uploaded files with the archive's; returns the archive's manifest.

    The current uploaded files are moved aside and removed only after the database was restored, so
    a failed database restore leaves the files as they were.
    """
    source = Path(source)
    manifest = manifest_read(source)
    if manifest["engine"] != _engine():
        raise BackupError(
            _("The backup was made from %(made)s; this system runs %(runs)s.")
            % {"made": manifest["engine"], "runs": _engine()}
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="izlem-restore-") as work:
        work_dir = Path(work)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work_dir, members=_safe_members(archive))  # noqa: S202 - members checked
        if connection.vendor == "sqlite":
            _sqlite_restore(work_dir / SQLITE_MEMBER)
        else:
            _pg_restore(work_dir / PG_MEMBER)
        aside = media_root.with_name(media_root.name + f".before-restore-{timezone.now().timestamp():.0f}")
        if media_root.exists():
            media_root.rename(aside)
        extracted = work_dir / MEDIA_MEMBER
        if extracted.exists():
            shutil.copytree(extracted, media_root)
        else:
            media_root.mkdir(parents=True)
        shutil.rmtree(aside, ignore_errors=True)
    return manifest


def _sqlite_restore(path: Path) -> None:
    """Copy the archived database into the live one page by page (online backup API, one transaction)."""
    if not path.exists():
        raise BackupError(_("The archive holds no SQLite database."))
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_restore(path: Path) -> None:
    """pg_restore --clean into the configured database, in one transaction (all or nothing)."""
    if not path.exists():
        raise BackupError(_("The archive holds no PostgreSQL dump."))
    connection.close()  # our own connection must hold no locks on the tables pg_restore drops
    args, env = _pg_args_env()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            connection.settings_dict["NAME"],
            str(path),
        ],
        env,
    )
