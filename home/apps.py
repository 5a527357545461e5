from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The campaign's home page and what every page's header and footer show."""

    name = "home"
    verbose_name = _("Home page")
