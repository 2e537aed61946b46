"""Print-ready A4 PDFs from HTML templates with WeasyPrint (fonts: DejaVu, so Turkish letters render).

Templates extend `reports/pdf/base.html`, which sets A4 pages, running headers, page numbers
("sayfa 3 / 12") and tables whose header rows repeat and whose rows do not split across pages.
Charts are inline SVG, so they stay vector graphics in the PDF.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, {"directorate_name": settings.IZLEM_DIRECTORATE_NAME, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
