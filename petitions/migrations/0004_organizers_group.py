from django.db import migrations

# Read-only access to petitions and their counts, the counts export, and their milestones to
# set; no signer's data.
ORGANIZERS_PERMISSIONS = {
    ("petitions", "petition"): {
        "view_petition": "Can view petition",
        "export_signature_counts": "Can export signature counts",
    },
    ("petitions", "addressee"): {"view_addressee": "Can view addressee"},
    ("petitions", "countrycount"): {"view_countrycount": "Can view country count"},
    ("petitions", "milestone"): {
        "view_milestone": "Can view milestone",
        "add_milestone": "Can add milestone",
        "change_milestone": "Can change milestone",
        "delete_milestone": "Can delete milestone",
    },
    ("campaign", "campaign"): {"view_campaign": "Can view campaign"},
}


def create_organizers_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="Organizers")
    for (app_label, model), permissions in ORGANIZERS_PERMISSIONS.items():
        # Permissions are otherwise created after all migrations; create the ones needed now.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename, name in permissions.items():
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def delete_organizers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Organizers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("campaign", "0001_initial"),
        ("petitions", "0003_exports_milestones"),
    ]

    operations = [migrations.RunPython(create_organizers_group, delete_organizers_group)]
