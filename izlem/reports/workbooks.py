"""Pieces the reports' workbooks share: the rows of the "Bilgi" sheet and the sheet of overdue measures."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from izlem.core.xlsx import CODE, INTEGER, Column, Sheet


def workbook_info(report: str, scope: str, period: str, *, extra: tuple = ()) -> list[tuple[str, object]]:
    """The "Bilgi" rows of a file made now: report, directorate, `extra` (label, value) rows, scope, period, day."""
    return [
        (pgettext("workbook", "Report"), report),
        (pgettext("workbook", "Directorate"), settings.IZLEM_DIRECTORATE_NAME),
        *extra,
        (pgettext("workbook", "Scope"), scope),
        (pgettext("workbook", "Period"), period),
        (pgettext("workbook", "Generated on"), timezone.localdate()),
    ]


def overdue_measures_sheet(measures) -> Sheet:
    """The sheet of overdue measures: number, text and the target's code."""
    sheet = Sheet(
        _("Overdue measures"), [Column(_("No"), INTEGER), Column(_("Measure")), Column(_("Target"), CODE)]
    )
    for measure in measures:
        sheet.add([measure.number, measure.text, measure.target.code])
    return sheet
