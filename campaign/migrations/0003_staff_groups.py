"""Create the staff groups and give them their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CAMPAIGN_STAFF = "Campaign staff"
COUNTRY_COORDINATORS = "Country coordinators"

GROUP_PERMISSIONS = {
    # Everything about the campaign, every country; petitions without deleting any.
    CAMPAIGN_STAFF: {
        "campaign": [
            "view_campaign",
            "add_campaign",
            "change_campaign",
            "view_event",
            "add_event",
            "change_event",
            "delete_event",
            "manage_all_countries",
            "view_countrycoordinator",
            "add_countrycoordinator",
            "change_countrycoordinator",
            "delete_countrycoordinator",
            "view_mediaitem",
            "add_mediaitem",
            "change_mediaitem",
            "delete_mediaitem",
            "view_recognition",
            "add_recognition",
            "change_recognition",
            "delete_recognition",
        ],
        "petitions": [
            "view_petition",
            "add_petition",
            "change_petition",
            "view_addressee",
            "add_addressee",
            "change_addressee",
            "delete_addressee",
            "view_signature",
            "invalidate_signature",
            "view_signatureinvalidation",
        ],
    },
    # Their own countries' events (the admin scopes them), and media to link to those events.
    COUNTRY_COORDINATORS: {
        "campaign": [
            "view_campaign",
            "view_event",
            "add_event",
            "change_event",
            "view_mediaitem",
            "add_mediaitem",
            "change_mediaitem",
        ],
    },
}


def create_groups(apps, schema_editor):
    # Permissions are otherwise created after the last migration; these groups need them now.
    for app_label in ("auth", "campaign", "petitions"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            assert permissions.count() == len(codenames), (app_label, codenames)
            group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("campaign", "0002_events_coordinators_media_recognitions"),
        ("petitions", "0002_signature_invalidation"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
