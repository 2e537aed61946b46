"""Uploaded files (petitions, approvals, consent forms, evidence): type and size limits, protected download.

Files are stored under MEDIA_ROOT but never served from a public URL: a view first fetches the
owning object through the access module, then returns the file with `protected_file_response`.
"""

from __future__ import annotations

import zipfile
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


ZIP_TYPES = {".xlsx", ".docx", ".odt"}
# An office file unpacks to at most this much (a zip bomb unpacks to gigabytes from a few KB) …
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# … and no member may be compressed more than this (real XML compresses ~10-30x; bombs ~1000x).
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000
MACRO_MARKERS = ("vbaproject.bin", "vbadata.xml", "/macros/", "basic/", "activex")


def check_office_archive(handle, *, allow_macros: bool = False) -> None:
    """Refuse an office file (XLSX, DOCX, ODT, ODS: zip archives) that is broken, a zip bomb or holds macros.

    Reads only the archive's directory, never unpacks a member. `allow_macros`: the file is only read
    for its cell values (an `.xlsm` workbook), so a macro project in it is ignored rather than refused.
    """
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(_("The file is damaged or is not the office file it claims to be.")) from exc
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The file unpacks to too much data (a compressed 'zip bomb'); it is refused.")
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ValidationError(
                _("The file unpacks to too much data (a compressed 'zip bomb'); it is refused.")
            )
        name = member.filename.lower()
        if not allow_macros and any(marker in name for marker in MACRO_MARKERS):
            raise ValidationError(
                _("The file contains macros; save it without macros (as .xlsx/.docx) and upload it again.")
            )


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
    if suffix in ZIP_TYPES:
        try:
            check_office_archive(upload)
        finally:
            upload.seek(0)


def validate_spreadsheet_upload(upload) -> None:
    """Refuse an uploaded spreadsheet that is not .xlsx, .xlsm, .xls or .ods, is too large, or whose content
    does not match its type; zip-based ones also pass `check_office_archive` (macros allowed in .xlsm).

    Spreadsheets are read for their cell values only (`izlem.core.workbook`) and never served back, so this
    is a separate gate from `validate_upload`, which guards files that other people download.
    """
    from izlem.core.workbook import MACRO_SUFFIXES, OLE_MAGIC, SPREADSHEET_SUFFIXES, ZIP_MAGIC

    suffix = Path(upload.name).suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ValidationError(
            _("Upload the file as a spreadsheet: one of %(formats)s.")
            % {"formats": ", ".join(SPREADSHEET_SUFFIXES)}
        )
    if upload.size > settings.IZLEM_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)d KB); the limit is %(limit)d KB.")
            % {"size": upload.size // 1024, "limit": settings.IZLEM_UPLOAD_MAX_BYTES // 1024}
        )
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(OLE_MAGIC if suffix == ".xls" else ZIP_MAGIC):
        raise ValidationError(
            _("The file's content does not match its type %(suffix)s.") % {"suffix": suffix}
        )
    if suffix != ".xls":
        try:
            check_office_archive(upload, allow_macros=suffix in MACRO_SUFFIXES)
        finally:
            upload.seek(0)


def protected_file_response(field_file, *, download_name=None) -> FileResponse:
    """Send a stored file as an attachment (call only after an access check on its owner).

    `download_name`: the name the browser saves it under — a `izlem.core.downloads.DownloadName`
    (ASCII `filename` and Turkish `filename*`) or a plain name; the stored name by default."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    from izlem.core.downloads import DownloadName

    if isinstance(download_name, DownloadName):
        response = FileResponse(handle, as_attachment=True, filename=download_name.ascii)
        response["Content-Disposition"] = download_name.header()
        return response
    return FileResponse(handle, as_attachment=True, filename=download_name or Path(field_file.name).name)
