"""Print-ready A4 PDFs from HTML templates with WeasyPrint (fonts: DejaVu, so Turkish letters render).

Templates extend `reports/pdf/base.html`, which sets A4 pages, running headers, page numbers
("sayfa 3 / 12") and tables whose header rows repeat and whose rows do not split across pages.
Charts are SVG images, so they stay vector graphics in the PDF.

Every PDF is tagged for accessibility as PDF/UA-1 (`pdf_variant="pdf/ua-1"`, WeasyPrint ≥ 63): a
structure tree of headings, paragraphs, tables (header cells marked) and figures with their `alt`
text, `/MarkInfo << /Marked true >>`, the document's language (the page's `lang`, "tr") and title
(its `<title>`) shown in the reader's title bar.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to tagged (PDF/UA-1) PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, {"directorate_name": settings.IZLEM_DIRECTORATE_NAME, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
