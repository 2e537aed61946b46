"""A plan file of any accepted format, read into a `PlanDocument`: one reader per format, one loader.

Every way a plan comes in (`izlem import_plan`, the web import, the API) calls `read_plan_file` with
the file's name and bytes; the reader is chosen by the file's suffix and every refusal names the
formats izlem accepts, so a user who brought the wrong kind of file knows what to bring instead.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from izlem.plans.importers.document import PlanDocument


class PlanFileError(ValueError):
    """A plan file that cannot be read; `messages` say why (and where, for a workbook's cells)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _read_text(name: str, data: bytes) -> PlanDocument:
    """The Ministry template as text, one TAB per table cell (a Word plan saved as text)."""
    from izlem.plans.importers.ministry_text import parse_plan_text

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            [_("%(name)s is not UTF-8 encoded text.") % {"name": name} + " " + accepted_formats_sentence()]
        ) from exc
    return parse_plan_text(text)


def _read_workbook(name: str, data: bytes) -> PlanDocument:
    """An izlem plan workbook (as exported, edited in Excel or LibreOffice)."""
    from izlem.plans.exchange import PlanWorkbookError, read_plan_workbook

    try:
        return read_plan_workbook(io.BytesIO(data), name=name)
    except PlanWorkbookError as exc:
        raise PlanFileError(exc.messages) from exc


def _read_json(name: str, data: bytes) -> PlanDocument:
    """A plan in izlem's JSON format `izlem-plan/1` (izlem.plans.plan_json), checked against its schema."""
    from izlem.plans.plan_json import PlanJsonError, read_plan_json

    try:
        return read_plan_json(name, data)
    except PlanJsonError as exc:
        raise PlanFileError(exc.messages) from exc


# The suffix decides the reader; the descriptions are what refusals and upload forms list.
READERS: dict[str, Callable[[str, bytes], PlanDocument]] = {
    ".txt": _read_text,
    ".xlsx": _read_workbook,
    ".xlsm": _read_workbook,
    ".xls": _read_workbook,
    ".ods": _read_workbook,
    ".json": _read_json,
}


def accepted_suffixes() -> tuple[str, ...]:
    """The file suffixes a plan may have, for upload forms' `accept` attribute."""
    return tuple(READERS)


def accepted_formats_sentence() -> str:
    """The sentence every refusal ends with: which files izlem reads as a plan."""
    return _(
        "izlem reads a plan from: the Ministry template as text (.txt), an izlem plan workbook "
        "(.xlsx, .xlsm, .xls, .ods) or an izlem plan in JSON (.json, format izlem-plan/1)."
    )


def read_plan_file(name: str, data: bytes) -> PlanDocument:
    """Read a plan file by its suffix; raise PlanFileError naming the accepted formats when it cannot."""
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
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
