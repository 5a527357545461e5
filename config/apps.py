from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CampaignAdminConfig(AdminConfig):
    """Django's admin app, with the campaign's admin site as the default `admin.site`."""

    default_site = "config.admin.CampaignAdminSite"


class ProjectConfig(AppConfig):
    """The project itself, for its system checks."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
