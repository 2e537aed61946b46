"""Core app: base models, formatting, middleware and the shared UI shell (no business rules)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """App configuration for izlem.core."""

    name = "izlem.core"
    verbose_name = _("Core")

    def ready(self):
        """Turkish capitals in Django's labels (izlem.core.text) and the `tr` collation on SQLite."""
        from django.db.backends.signals import connection_created

        from izlem.core import text
        from izlem.core.collation import register_sqlite_collation

        text.install()
        connection_created.connect(register_sqlite_collation, dispatch_uid="izlem-turkish-collation")
