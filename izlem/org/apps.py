"""Organisation app: the organisation tree, units, users and their role assignments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """App configuration for izlem.org."""

    name = "izlem.org"
    verbose_name = _("Organisation")
