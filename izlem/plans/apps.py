"""Strategic plan app: plans, goals, targets, indicators, measures, costs and analyses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """App configuration for izlem.plans."""

    name = "izlem.plans"
    verbose_name = _("Strategic plan")
