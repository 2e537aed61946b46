"""The long export of values (one line per entity × row × period) as CSV or XLSX, for pivot tables.

The page (`export_views.value_export`) and the API (`GET /api/v1/values/export/`) both call
`export_scope` (what to export, fetched through `izlem.monitoring.access`: 404 outside the user's scope) and
`export_response` (the file). The lines come from `selectors.value_long_rows`, a generator over the
values the user reads (`access.values_visible`, the values API's rule). Both formats run in constant
memory and start at once: the CSV and the XLSX (`izlem.core.xlsxstream`, which writes the sheet XML
itself — openpyxl would take hours at national size) are streamed to the client as the values are read
from the database. Columns: docs/monitoring.md, "Exporting values".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from izlem.core.csvout import csv_stream
from izlem.core.xlsxstream import MAX_ROWS, xlsx_stream
from izlem.monitoring import access
from izlem.monitoring.selectors.export import LongValue, export_periods, value_long_rows
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator

from .models import Period

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# (header, XLSX column width), in the order of `LongValue`'s fields
COLUMNS = (
    (gettext_lazy("Province code"), 9),
    (gettext_lazy("Province"), 14),
    (gettext_lazy("District code"), 10),
    (gettext_lazy("District"), 16),
    (gettext_lazy("Entity code"), 11),
    (gettext_lazy("Entity"), 36),
    (gettext_lazy("Entity kind"), 14),
    (gettext_lazy("Indicator code"), 10),
    (gettext_lazy("Indicator"), 60),
    (gettext_lazy("Row"), 6),
    (gettext_lazy("Breakdown"), 18),
    (gettext_lazy("Unit of measure"), 12),
    (gettext_lazy("Period"), 9),
    (gettext_lazy("Year"), 7),
    (gettext_lazy("Half"), 8),
    (gettext_lazy("Value"), 12),
    (gettext_lazy("Numerator"), 12),
    (gettext_lazy("Denominator"), 12),
    (gettext_lazy("State"), 14),
    (gettext_lazy("Entered at"), 17),
    (gettext_lazy("Note"), 40),
)
assert len(COLUMNS) == len(LongValue._fields)
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
# Excel's limit is 1,048,576 rows a sheet: a larger export goes on in a second sheet, with its header.
SHEET_ROWS = MAX_ROWS - 1


@dataclass(frozen=True)
class ExportScope:
    """What one export covers: a range of periods of one plan, a node's subtree (None: the whole scope
    of the user) and, if given, one indicator code."""

    periods: list[Period]
    node: OrgNode | None
    indicator: str = ""

    def filename(self, fmt: str) -> str:
        """izlem-degerler-Erzincan-2016-1-2017-2.csv: the node, the first and the last period."""
        first, last = self.periods[0], self.periods[-1]
        parts = ["izlem-degerler"]
        if self.node is not None:
            parts.append(_ascii_name(self.node.name))
        if self.indicator:
            parts.append(_ascii_name(self.indicator))
        parts.append(_period_part(first))
        if last.pk != first.pk:
            parts.append(_period_part(last))
        return "-".join(part for part in parts if part) + "." + fmt


def _period_part(period: Period) -> str:
    return f"{period.year}-{1 if period.half == Period.Half.H1 else 2}"


_ASCII = str.maketrans("ıİşŞğĞüÜöÖçÇâÂîÎûÛ", "iIsSgGuUoOcCaAiIuU")


def _ascii_name(name: str) -> str:
    """A name in a file name: Turkish letters without their marks, words joined with hyphens."""
    text = unicodedata.normalize("NFKD", name.translate(_ASCII)).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() or ch == "." else " " for ch in text).split())


def export_scope(
    user, *, period_from: int, period_to: int | None = None, node: int | None = None, indicator: str = ""
) -> ExportScope:
    """Fetch the export's periods and node through the access module (Http404 for what the user does not
    read) and check the range (ValidationError with the field's message)."""
    first = access.period_for(user, period_from)
    last = access.period_for(user, period_to) if period_to else first
    place = access.monitoring_node_for(user, node) if node else None
    try:
        periods = export_periods(period_from=first, period_to=last)
    except ValidationError as error:
        raise ValidationError({"period_to": error.messages}) from error
    return ExportScope(periods=periods, node=place, indicator=(indicator or "").strip())


def unknown_indicator(scope: ExportScope) -> str | None:
    """The page's message when the asked indicator code is not in the plan (the API, like the values list,
    answers an unknown code with no lines)."""
    if (
        scope.indicator
        and not Indicator.objects.filter(plan_id=scope.periods[0].plan_id, code=scope.indicator).exists()
    ):
        return _("The plan has no indicator with the code %(code)s.") % {"code": scope.indicator}
    return None


def export_lines(user, scope: ExportScope):
    """The export's lines for `user` (a generator)."""
    return value_long_rows(user=user, periods=scope.periods, node=scope.node, indicator=scope.indicator)


def header() -> list[str]:
    """The column titles in the active language."""
    return [str(title) for title, _width in COLUMNS]


def xlsx_pieces(lines: Iterable[LongValue]):
    """The lines as an XLSX file, in pieces (`izlem.core.xlsxstream`): numbers stay numbers, the moment of
    entry is a real date shown the Turkish way, text that would run as a formula is neutralised; each sheet
    has its bold header frozen, an autofilter and set column widths."""
    return xlsx_stream(
        sheet_title=_("Values"),
        header=header(),
        widths=[width for _title, width in COLUMNS],
        rows=lines,
        datetime_format=DATETIME_FORMAT,
        sheet_rows=SHEET_ROWS,
    )


def xlsx_write(lines: Iterable[LongValue], target) -> int:
    """Write the lines as an XLSX file into the binary file `target`; return their number."""
    counted = _Counted(lines)
    for piece in xlsx_pieces(counted):
        target.write(piece)
    return counted.count


class _Counted:
    """An iterable that counts what went through it."""

    def __init__(self, items: Iterable):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def export_response(user, scope: ExportScope, fmt: str):
    """The export as a download, streamed as it is read from the database (CSV or XLSX)."""
    lines = export_lines(user, scope)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(header(), lines), content_type=CSV)
    else:
        response = StreamingHttpResponse(xlsx_pieces(lines), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, scope.filename(fmt))
    return response
