"""Monitoring app: periods, values, submissions, roll-up, evaluation, deviations, measure progress."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """App configuration for izlem.monitoring."""

    name = "izlem.monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        """Computed indicators follow the records they are computed from (izlem.monitoring.computed)."""
        from . import computed

        computed.connect_record_signals()
