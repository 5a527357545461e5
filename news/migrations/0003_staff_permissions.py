"""Let campaign staff write news posts, send them and follow the sendings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CAMPAIGN_STAFF = "Campaign staff"
PERMISSIONS = [
    "view_post",
    "add_post",
    "change_post",
    "delete_post",
    "send_post",
    "view_newssend",
    "view_newsunsubscription",
]


def grant(apps, schema_editor):
    # Permissions are otherwise created after the last migration; the group needs them now.
    app_config = apps.get_app_config("news")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CAMPAIGN_STAFF)
    permissions = Permission.objects.filter(
        content_type__app_label="news", codename__in=PERMISSIONS
    )
    assert permissions.count() == len(PERMISSIONS), PERMISSIONS
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=CAMPAIGN_STAFF):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="news", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0002_signature_mailbox_index"), ("campaign", "0003_staff_groups")]

    operations = [migrations.RunPython(grant, revoke)]
