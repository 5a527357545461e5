from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions and signatures")

    def ready(self):
        # Saving a block list or an allowed network clears this process's copy of the lists.
        from .antiabuse import lists  # noqa: F401
