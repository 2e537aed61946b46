"""The real migrations, applied to a fresh database of the engine under test.

The rest of the suite builds its tables from the models (`--no-migrations`, much faster); this test
makes sure the migrations themselves apply from zero, leave nothing to generate, and create the
standard units (the data migration) — on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from izlem.org.standard_units import STANDARD_UNITS


def test_models_and_migrations_agree():
    # no model change is missing a migration (in a subprocess: this process runs without migrations)
    env = {**os.environ, "IZLEM_TESTING": "1"}
    command = [sys.executable, "-m", "izlem", "makemigrations", "--check", "--dry-run"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def fresh_database_url(tmp_path):
    """A URL of an empty database of the engine under test (dropped afterwards on PostgreSQL)."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg

    base = settings.DATABASES["default"]
    name = f"izlem_migrations_{uuid.uuid4().hex[:10]}"
    dsn = dict(host=base["HOST"] or None, port=base["PORT"] or None, user=base["USER"], dbname="postgres")
    with psycopg.connect(**dsn, password=base["PASSWORD"] or None, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = f"{base['USER']}:{base['PASSWORD']}@" if base["PASSWORD"] else f"{base['USER']}@"
        yield f"postgres://{auth}{base['HOST'] or 'localhost'}:{base['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(**dsn, password=base["PASSWORD"] or None, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_migrations_apply_to_an_empty_database(fresh_database_url):
    # given an empty database
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "IZLEM_TESTING": "1"}
    # when every migration is applied from zero
    subprocess.run([sys.executable, "-m", "izlem", "migrate", "-v0"], env=env, check=True, timeout=600)
    # then the data migration's standard units are there
    count = subprocess.run(
        [
            sys.executable,
            "-m",
            "izlem",
            "shell",
            "--no-imports",
            "-c",
            "from izlem.org.models import Unit; print(Unit.objects.count())",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert int(count.stdout.strip()) == len(STANDARD_UNITS)
