"""API app: the REST API (DRF) over organisation, plans and monitoring, and the API tokens."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """App configuration for izlem.api."""

    name = "izlem.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from izlem.api import authentication  # noqa: F401  (registers the OpenAPI auth extension)
