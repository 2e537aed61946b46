"""Background tasks of monitoring (django-tasks; the database backend runs them in `db_worker`)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task


@task()
def bulk_upload_process(upload_pk: int, language: str = "") -> str:
    """Check an uploaded bulk-entry workbook and write it if every cell is right; returns the final state."""
    from izlem.monitoring.bulk.upload import upload_process

    with translation.override(language or settings.LANGUAGE_CODE):
        return upload_process(upload_pk).state
