"""Monitoring app: periods, values, submissions, roll-up, evaluation, deviations, measure progress."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """App configuration for izlem.monitoring."""

    name = "izlem.monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        """Computed indicators follow the records they are computed from (izlem.monitoring.computed), and
        the plans' registry of record sources finds each source's records page here."""
        from izlem.monitoring import computed
        from izlem.plans import record_sources

        computed.connect_record_signals()
        record_sources.records_url_register(computed.records_url_for)
