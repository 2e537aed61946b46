"""The file name of every report download (PDF and XLSX): scope, period, what the report is.

`Erzincan-2016-yil-sonu-izleme-raporu.pdf`, `Erzincan-2016-6-aylik-izleme-raporu.xlsx`,
`Erzincan-2025-2026-Harezmi-Bakanlik-raporu.pdf`, `Erzincan-2016-yil-sonu-karne.xlsx`,
`Erzincan-2016-yil-sonu-gosterge-karti-1.1.4.pdf` … built by `izlem.core.downloads.download_name`
(ASCII-folded in `filename`, Turkish letters in `filename*`). The words are translated with the
"file name" context, so the Turkish names do not depend on how the page titles are worded.
"""

from __future__ import annotations

from django.utils.translation import pgettext

from izlem.core.downloads import DownloadName, download_name

SIX_MONTH, YEAR_END, MINISTRY = "six_month", "year_end", "ministry"


def period_words(year: int, half: str) -> str:
    """`2016 yıl sonu` (H2) or `2016 6 aylık` (H1)."""
    if half == "H2":
        return pgettext("file name", "%(year)s year-end") % {"year": year}
    return pgettext("file name", "%(year)s six-month") % {"year": year}


def monitoring_report_name(node_name: str, year: int, kind: str, ext: str) -> DownloadName:
    """`Erzincan-2016-yil-sonu-izleme-raporu.pdf` / `Erzincan-2016-6-aylik-izleme-raporu.pdf`."""
    words = (
        pgettext("file name", "year-end monitoring report")
        if kind == YEAR_END
        else pgettext("file name", "six-month monitoring report")
    )
    return download_name(node_name, year, words, ext=ext)


def ministry_report_name(node_name: str, year_name: str, ext: str) -> DownloadName:
    """`Erzincan-2025-2026-Harezmi-Bakanlik-raporu.pdf`."""
    return download_name(node_name, year_name, pgettext("file name", "Harezmi Ministry report"), ext=ext)


def job_name(job, ext: str) -> DownloadName:
    """The download name of a report job's PDF or XLSX (monitoring or Ministry report)."""
    if job.kind == MINISTRY:
        return ministry_report_name(job.node.name, job.program_year.name, ext)
    return monitoring_report_name(job.node.name, job.period.year, job.kind, ext)


def statistics_name(node_name: str, year_name: str, ext: str) -> DownloadName:
    """`Erzincan-2025-2026-Harezmi-istatistikleri.xlsx`."""
    return download_name(node_name, year_name, pgettext("file name", "Harezmi statistics"), ext=ext)


def card_name(node_name: str, period, code: str, ext: str) -> DownloadName:
    """`Erzincan-2016-yil-sonu-gosterge-karti-1.1.4.pdf` (no period words for a card without a period)."""
    when = period_words(period.year, period.half) if period else ""
    return download_name(node_name, when, pgettext("file name", "indicator card"), code, ext=ext)


def scorecard_name(node_name: str, period, ext: str) -> DownloadName:
    """`Erzincan-2016-yil-sonu-karne.xlsx`."""
    return download_name(
        node_name, period_words(period.year, period.half), pgettext("file name", "scorecard"), ext=ext
    )


def dashboard_name(node_name: str, period, ext: str) -> DownloadName:
    """`Erzincan-2016-yil-sonu-gosterge-paneli.pdf`."""
    return download_name(
        node_name, period_words(period.year, period.half), pgettext("file name", "dashboard"), ext=ext
    )
