"""Core app: base models, formatting, middleware and the shared UI shell (no business rules)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """App configuration for izlem.core."""

    name = "izlem.core"
    verbose_name = _("Core")

    def ready(self):
        """Turkish-aware capitalisation for Django's labels (izlem.core.text)."""
        from izlem.core import text

        text.install()
