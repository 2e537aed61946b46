"""Uploaded files (petitions, approvals, consent forms, evidence): type and size limits, protected download.

Files are stored under MEDIA_ROOT but never served from a public URL: a view first fetches the
owning object through the access module, then returns the file with `protected_file_response`.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx", ".odt"}
# The first bytes of each allowed type, so that a renamed executable is refused.
MAGIC = {
    ".pdf": [b"%PDF"],
    ".png": [b"\x89PNG"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".xlsx": [b"PK\x03\x04"],
    ".docx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
}


def validate_upload(upload) -> None:
    """Refuse files of other types or over the size limit, with a clear Turkish message."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("The file type %(suffix)s is not accepted; use one of: %(allowed)s.")
            % {"suffix": suffix or "?", "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))}
        )
    if upload.size > settings.IZLEM_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)d KB); the limit is %(limit)d KB.")
            % {"size": upload.size // 1024, "limit": settings.IZLEM_UPLOAD_MAX_BYTES // 1024}
        )
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC[suffix]):
        raise ValidationError(
            _("The file's content does not match its type %(suffix)s.") % {"suffix": suffix}
        )


def protected_file_response(field_file, *, download_name: str | None = None) -> FileResponse:
    """Send a stored file as an attachment (call only after an access check on its owner)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=download_name or Path(field_file.name).name)
