"""Backup and restore drill: back up, change and delete things (a file too), restore, compare the manifest.

Runs on the database the suite runs on: SQLite (online backup API) or PostgreSQL (pg_dump/pg_restore).
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from izlem.harezmi.models import ParentalConsent, Student
from izlem.ops.backup import MANIFEST, manifest_read, state_measure
from izlem.org.models import OrgNode
from izlem.org.services import node_update

from .kit import program_year, student

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """The tests assert on the English source texts (the Turkish catalogue may reword them)."""
    with translation.override("en"):
        yield


def test_backup_change_delete_restore_gives_back_every_row_and_file(world, tmp_path, settings, capsys):
    # given: data with an uploaded consent form, backed up
    year = program_year(world)
    pupil = student(world, year)
    form_path = Path(pupil.consent.form_file.path)
    archive = tmp_path / "yedek.tar.gz"
    call_command("backup", str(archive))
    manifest = manifest_read(archive)
    assert manifest["engine"] == connection.vendor.replace("postgresql", "postgresql")
    assert manifest["tables"]["harezmi_student"] == 1 and manifest["media_files"] == 1
    assert manifest == {**manifest, **state_measure().as_dict(), "created_at": manifest["created_at"]}

    # when: things are changed, added and deleted, including the uploaded file
    node_update(node=world.school_a1, by=world.district_manager, name="Değişmiş Ad")
    OrgNode.objects.create(kind="school", code="799999", name="Yeni Okul", parent=world.district_a)
    ParentalConsent.objects.filter(student=pupil).delete()
    Student.objects.filter(pk=pupil.pk).delete()
    form_path.unlink()
    (Path(settings.MEDIA_ROOT) / "extra.pdf").write_bytes(b"%PDF-1.4 added after the backup")
    changed = state_measure()
    assert changed.checksum != manifest["checksum"]
    call_command("restore", str(archive), noinput=True)

    # then: row counts and the checksum equal the backup's; the file and the rows are back
    restored = state_measure()
    assert restored.tables == manifest["tables"]
    assert restored.checksum == manifest["checksum"]
    assert form_path.read_bytes() == b"%PDF-1.4\n%test\n"
    assert not (Path(settings.MEDIA_ROOT) / "extra.pdf").exists()
    assert OrgNode.objects.get(pk=world.school_a1.pk).name == "Atatürk Ortaokulu"
    assert not OrgNode.objects.filter(code="799999").exists()
    assert Student.objects.get(pk=pupil.pk).consent.parent_name == "Fatma Yılmaz"
    assert "checksum verified" in capsys.readouterr().out


def test_the_archive_holds_the_manifest_the_database_and_the_files(world, tmp_path):
    year = program_year(world)
    student(world, year)
    archive = tmp_path / "yedek.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"
    assert MANIFEST in names and database in names
    assert sum(name.startswith("media/harezmi/consents/") for name in names) == 1
    assert manifest["tables"]["org_orgnode"] == OrgNode.objects.count() == 10
    assert not archive.with_name("yedek.tar.gz.part").exists()


def test_restore_refuses_a_file_that_is_no_backup_and_changes_nothing(world, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    before = state_measure()
    with pytest.raises(CommandError, match="is not an izlem backup archive"):
        call_command("restore", str(bogus), noinput=True)
    assert state_measure() == before or state_measure().checksum == before.checksum


def test_restore_refuses_an_archive_with_an_unsafe_path(world, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    call_command("backup", str(archive))
    manifest = tmp_path / MANIFEST
    with tarfile.open(archive) as tar:
        manifest.write_bytes(tar.extractfile(MANIFEST).read())
    evil = tmp_path / "evil2.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(manifest, arcname=MANIFEST)
        tar.add(manifest, arcname="../escape.txt")
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(evil), noinput=True)
    assert not (tmp_path.parent / "escape.txt").exists()
