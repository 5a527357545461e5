from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CampaignAdminConfig(AdminConfig):
    """Django's admin app, with the campaign's admin site as the default `admin.site`."""

    default_site = "config.admin.CampaignAdminSite"

    def ready(self):
        super().ready()  # discovers every app's admin module, django-otp's among them
        from django.contrib import admin

        from config.staff_devices import register_own_device_admin

        register_own_device_admin(admin.site)


class ProjectConfig(AppConfig):
    """The project itself, for its system checks."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
