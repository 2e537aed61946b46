"""App configuration of the Harezmi program."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarezmiConfig(AppConfig):
    """The Harezmi app."""

    name = "izlem.harezmi"
    label = "harezmi"
    verbose_name = _("Harezmi Education Model")
