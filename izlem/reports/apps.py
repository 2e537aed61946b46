"""Reports app: monitoring reports, indicator cards, scorecards, dashboards — pages, PDF and XLSX."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """App configuration for izlem.reports."""

    name = "izlem.reports"
    verbose_name = _("Reports")
