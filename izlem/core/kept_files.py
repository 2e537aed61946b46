"""Uploads kept aside while a form is shown again with errors, so nobody attaches the same file twice.

The file is written under MEDIA_ROOT/kept/<random>/ and the page carries a signed token naming it;
a token is honoured for a day (`KEPT_FOR`), cannot name any other path (it is signed), and the kept
file is checked again by the form like a fresh upload. Files older than a day are removed whenever a
new one is kept, so the folder never grows.
"""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

KEPT_FOR = 24 * 60 * 60  # seconds
SALT = "izlem.kept-upload"


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "kept"


def keep_upload(upload: UploadedFile) -> str:
    """Put an upload aside and return the signed token that gives it back."""
    _forget_old()
    key = secrets.token_hex(16)
    name = Path(upload.name or "file").name
    target = _folder() / key / name
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    return signing.dumps({"key": key, "name": name, "type": upload.content_type or ""}, salt=SALT)


def kept_upload(token: str) -> UploadedFile | None:
    """The upload a token names, or None (no token, forged, older than a day, or already removed)."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=KEPT_FOR)
    except signing.BadSignature:
        return None
    path = _folder() / str(data.get("key", "")) / str(data.get("name", ""))
    if not path.is_file() or _folder() not in path.resolve().parents:
        return None
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=data.get("type") or None)


def _forget_old() -> None:
    """Remove kept files older than a day."""
    folder = _folder()
    if not folder.is_dir():
        return
    limit = time.time() - KEPT_FOR
    for entry in folder.iterdir():
        if entry.is_dir() and entry.stat().st_mtime < limit:
            shutil.rmtree(entry, ignore_errors=True)
