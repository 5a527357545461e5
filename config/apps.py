from django.contrib.admin.apps import AdminConfig


class CampaignAdminConfig(AdminConfig):
    """Django's admin app, with the campaign's admin site as the default `admin.site`."""

    default_site = "config.admin.CampaignAdminSite"
