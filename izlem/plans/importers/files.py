"""A plan file of any accepted format, read into a `PlanDocument`: one reader per format, one loader.

Every way a plan comes in (`izlem import_plan`, the web import, the API) calls `read_plan_file` with
the file's name and bytes; the reader is chosen by the file's suffix and every refusal names the
formats izlem accepts, so a user who brought the wrong kind of file knows what to bring instead.

The Ministry template comes in as a Word document (`ministry_word` writes it out in the text layout)
or as that text, in UTF-8, UTF-16 or Windows-1254 (what Turkish Windows writes); both go through
the one text reader, `ministry_text.parse_plan_text`. Formats that cannot be read faithfully (old
Word .doc, LibreOffice .odt, RTF, PDF, CSV) are refused with what to do instead.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from izlem.plans.importers.document import PlanDocument


class PlanFileError(ValueError):
    """A plan file that cannot be read; `messages` say why (and where, for a workbook's cells)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _read_word(name: str, data: bytes) -> PlanDocument:
    """The Ministry template as a Word document: its paragraphs and tables read as the text layout."""
    from izlem.plans.importers.ministry_text import parse_plan_text

    return parse_plan_text(_word_text(name, data))


def _word_text(name: str, data: bytes) -> str:
    """A Word document in the Ministry text layout; a file that is not one is refused saying what it is."""
    from django.core.exceptions import ValidationError

    from izlem.core.files import check_office_archive
    from izlem.plans.importers.ministry_word import WordDocumentError, word_plan_text

    if data.startswith(b"PK\x03\x04"):  # a zip bomb or a macro project is refused before unpacking
        try:
            check_office_archive(io.BytesIO(data))
        except ValidationError as exc:
            raise PlanFileError(
                [f"{name}: {message} {accepted_formats_sentence()}" for message in exc.messages]
            ) from exc
    try:
        return word_plan_text(data)
    except WordDocumentError as exc:
        kind = _sniff(data)
        if kind and kind[1] != ".docx":
            reason = _("%(name)s is not a Word document (.docx) but %(kind)s.") % {
                "name": name,
                "kind": kind[0],
            }
            advice = _advice_for(kind[1])
        else:
            reason = _("%(name)s cannot be opened as a Word document (.docx); it may be damaged.") % {
                "name": name
            }
            advice = ""
        raise PlanFileError(
            [" ".join(part for part in (reason, advice, accepted_formats_sentence()) if part)]
        ) from exc


def _read_text(name: str, data: bytes) -> PlanDocument:
    """The Ministry template as text, one TAB per table cell (a Word plan saved as text)."""
    from izlem.plans.importers.ministry_text import parse_plan_text

    return parse_plan_text(decode_text(name, data))


# Letters Turkish has and Western European text has not: decoded Windows-1254 bytes that give one
# of them are taken as Turkish text.
_TURKISH_LETTERS = frozenset("ğĞşŞıİ")
# Turkish letters written in UTF-8 (ç ö ü Ç Ö Ü ğ Ğ ı İ ş Ş): never met in Windows-1254 text.
_UTF8_TURKISH = re.compile(rb"\xc3[\x87\x96\x9c\xa7\xb6\xbc]|\xc4[\x9e\x9f\xb0\xb1]|\xc5[\x9e\x9f]")


def decode_text(name: str, data: bytes) -> str:
    """Text bytes as a string: UTF-8 (with or without a byte order mark), UTF-16 (by its byte order
    mark, or without one by where its zero bytes fall), or Windows-1254 Turkish text; else refused.

    UTF-8 is tried strictly first: Windows-1254 bytes for Turkish letters are never valid UTF-8, and
    valid UTF-8 almost never comes from anything else. Windows-1254 (also what ISO-8859-9 gives for
    letters) is taken only when it decodes and holds a letter only Turkish has (ğ ş ı İ).
    """
    kind = _sniff(data)
    if kind:
        reason = _("%(name)s is not text but %(kind)s.") % {"name": name, "kind": kind[0]}
        raise PlanFileError(
            [" ".join(part for part in (reason, _advice_for(kind[1]), accepted_formats_sentence()) if part)]
        )
    text = None
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            break
    else:
        if b"\x00" in data[:4096]:
            codec = _utf16_without_bom(data[:4096])
            text = _strict(data, codec) if codec else None
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if _UTF8_TURKISH.search(data):  # UTF-8 with a damaged byte, not Windows-1254
                    line = data[: exc.start].count(b"\n") + 1
                    raise PlanFileError(
                        [
                            _(
                                "%(name)s is UTF-8 text with bytes that are not UTF-8 on line %(line)d; "
                                "the file may be damaged or joined from two files."
                            )
                            % {"name": name, "line": line}
                            + " "
                            + accepted_formats_sentence()
                        ]
                    ) from exc
                text = _strict(data, "cp1254")
                if text is not None and not _TURKISH_LETTERS.intersection(text):
                    text = None
    if text is None or "\x00" in text:
        raise PlanFileError(
            [
                _(
                    "%(name)s is not text izlem can read: it is neither UTF-8 nor UTF-16 nor Turkish "
                    "Windows-1254 text. In Notepad or LibreOffice choose Save As with the encoding UTF-8."
                )
                % {"name": name}
                + " "
                + accepted_formats_sentence()
            ]
        )
    return text


def _strict(data: bytes, codec: str) -> str | None:
    """The bytes decoded, or None if they are not valid in that encoding."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a byte order mark, told by its zero bytes: ASCII letters have a zero high
    byte, which falls on odd offsets in little-endian and even ones in big-endian; else None."""
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _sniff(data: bytes) -> tuple[str, str] | None:
    """What a file's first bytes say it is, as (description, its suffix), for files under a wrong name."""
    if data.startswith(b"%PDF-"):
        return _("a PDF document"), ".pdf"
    if data.startswith(b"{\\rtf"):
        return _("an RTF document"), ".rtf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _("an old Office document (Word .doc or Excel .xls)"), ".doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                small = "mimetype" in names and archive.getinfo("mimetype").file_size < 256
                mimetype = archive.read("mimetype").decode("ascii", "replace") if small else ""
        except (zipfile.BadZipFile, OSError, ValueError):
            return _("a ZIP archive"), ".zip"
        if "word/document.xml" in names:
            return _("a Word document"), ".docx"
        if "xl/workbook.xml" in names:
            return _("an Excel workbook"), ".xlsx"
        if mimetype.endswith("opendocument.text"):
            return _("a LibreOffice Writer document"), ".odt"
        if mimetype.endswith("opendocument.spreadsheet"):
            return _("a LibreOffice Calc workbook"), ".ods"
        return _("a ZIP archive"), ".zip"
    return None


def _read_workbook(name: str, data: bytes) -> PlanDocument:
    """An izlem plan workbook (as exported, edited in Excel or LibreOffice)."""
    from izlem.plans.exchange.reader import PlanWorkbookError, read_plan_workbook

    try:
        return read_plan_workbook(io.BytesIO(data), name=name)
    except PlanWorkbookError as exc:
        raise PlanFileError(exc.messages) from exc


def _read_json(name: str, data: bytes) -> PlanDocument:
    """A plan in izlem's JSON format `izlem-plan/1` (izlem.plans.plan_json), checked against its schema."""
    from izlem.plans.plan_json.reader import read_plan_json
    from izlem.plans.plan_json.schema import PlanJsonError

    try:
        return read_plan_json(name, data)
    except PlanJsonError as exc:
        raise PlanFileError(exc.messages) from exc


# The suffix decides the reader; the descriptions are what refusals and upload forms list.
READERS: dict[str, Callable[[str, bytes], PlanDocument]] = {
    ".docx": _read_word,
    ".txt": _read_text,
    ".xlsx": _read_workbook,
    ".xlsm": _read_workbook,
    ".xls": _read_workbook,
    ".ods": _read_workbook,
    ".json": _read_json,
}


def _format_names() -> dict[Callable[[str, bytes], PlanDocument], str]:
    """What each reader reads, in words, for the sentence every refusal ends with."""
    return {
        _read_word: _("the Ministry template as a Word document"),
        _read_text: _("the Ministry template as text"),
        _read_workbook: _("an izlem plan workbook"),
        _read_json: _("an izlem plan in JSON, format izlem-plan/1"),
    }


# Formats izlem does not read: suffix -> (what the file is, what to do instead), translated when used.
_SAVE_AS_DOCX = gettext_noop(
    "Open it in Word or LibreOffice Writer, save it as a Word document (.docx) and import that file."
)
_WORD_TEMPLATE = gettext_noop("a Word template")
_ODT = gettext_noop("a LibreOffice Writer document (.odt)")
_SAVE_ODT_AS_DOCX = gettext_noop(
    "In LibreOffice Writer choose File > Save As, pick the file type Word 2007-365 (.docx) and import "
    "that file."
)
_CSV = gettext_noop("a single table (CSV)")
_CSV_ADVICE = gettext_noop(
    "A plan is many tables and texts. Export the plan as an izlem plan workbook (.xlsx), edit it in "
    "Excel or LibreOffice and import it back, or import the Ministry template as a Word document (.docx)."
)
_REFUSALS: dict[str, tuple[str, str]] = {
    ".doc": (gettext_noop("an old Word document (Word 97-2003, .doc)"), _SAVE_AS_DOCX),
    ".docm": (gettext_noop("a Word document with macros (.docm)"), _SAVE_AS_DOCX),
    ".dot": (_WORD_TEMPLATE, _SAVE_AS_DOCX),
    ".dotx": (_WORD_TEMPLATE, _SAVE_AS_DOCX),
    ".dotm": (_WORD_TEMPLATE, _SAVE_AS_DOCX),
    ".rtf": (gettext_noop("an RTF document"), _SAVE_AS_DOCX),
    ".htm": (gettext_noop("a web page"), _SAVE_AS_DOCX),
    ".html": (gettext_noop("a web page"), _SAVE_AS_DOCX),
    ".odt": (_ODT, _SAVE_ODT_AS_DOCX),
    ".fodt": (_ODT, _SAVE_ODT_AS_DOCX),
    ".pdf": (
        gettext_noop("a PDF"),
        gettext_noop(
            "A PDF keeps how the plan looks, not its tables: cells merged over rows and columns, tables "
            "broken over pages and wrapped lines cannot be read back into the same indicators, values "
            "and measures, so izlem does not take a plan from a PDF. Import the Word original the PDF "
            "was made from (.docx), or the plan as text (.txt)."
        ),
    ),
    ".csv": (_CSV, _CSV_ADVICE),
    ".tsv": (_CSV, _CSV_ADVICE),
}


def _advice_for(suffix: str) -> str:
    """What to do with a file that is really of this suffix's kind."""
    if suffix in _REFUSALS:
        return _(_REFUSALS[suffix][1])
    if suffix in READERS:
        return _("Give the file its own suffix (%(suffix)s) and import it again.") % {"suffix": suffix}
    return ""


def accepted_suffixes() -> tuple[str, ...]:
    """The file suffixes a plan may have, for upload forms' `accept` attribute."""
    return tuple(READERS)


def accepted_formats_sentence() -> str:
    """The sentence every refusal ends with: which files izlem reads as a plan (every accepted suffix)."""
    groups: dict[Callable[[str, bytes], PlanDocument], list[str]] = {}
    for suffix, reader in READERS.items():
        groups.setdefault(reader, []).append(suffix)
    names = _format_names()
    formats = "; ".join(
        f"{names[reader]} ({', '.join(suffixes)})" if reader in names else ", ".join(suffixes)
        for reader, suffixes in groups.items()
    )
    return _("izlem reads a plan from: %(formats)s.") % {"formats": formats}


def plan_file_text(name: str, data: bytes) -> str | None:
    """The Ministry text layout a .docx or .txt plan is read from (its "satır N" are this text's lines);
    None for other formats. Refuses as `read_plan_file` does."""
    reader = READERS.get(Path(name).suffix.lower())
    if reader is _read_word:
        return _word_text(name, data)
    if reader is _read_text:
        return decode_text(name, data)
    return None


def read_plan_file(name: str, data: bytes) -> PlanDocument:
    """Read a plan file by its suffix; raise PlanFileError naming the accepted formats when it cannot."""
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None and suffix in _REFUSALS:
        kind, advice = _REFUSALS[suffix]
        raise PlanFileError(
            [
                _("%(name)s is %(kind)s, which izlem does not read as a plan.")
                % {"name": name, "kind": _(kind)}
                + " "
                + _(advice)
                + " "
                + accepted_formats_sentence()
            ]
        )
    if reader is None:
        raise PlanFileError(
            [
                _("%(name)s: izlem cannot read %(suffix)s files as a plan.")
                % {"name": name, "suffix": suffix or _("(no suffix)")}
                + " "
                + accepted_formats_sentence()
            ]
        )
    return reader(name, data)
