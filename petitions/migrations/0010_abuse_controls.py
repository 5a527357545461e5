"""Staff's defences: a petition "under attack", blocked domains and IP hashes, allowed networks."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CAMPAIGN_STAFF = "Campaign staff"
MODELS = ["blockedemaildomain", "blockediphash", "allowednetwork"]


def campaign_staff_manage_the_lists(apps, schema_editor):
    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=CAMPAIGN_STAFF).first()
    if group is None:
        return
    codenames = [
        f"{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")
    ]
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="petitions", codename__in=codenames
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0009_verification_email_failures"),
        # The "Campaign staff" group, which campaign_staff_manage_the_lists gives the permissions.
        ("campaign", "0003_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AllowedNetwork",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "network",
                    models.CharField(
                        help_text='An address or a network in CIDR notation: "203.0.113.7", "2001:db8::/48".',
                        max_length=43,
                        unique=True,
                        verbose_name="network",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                (
                    "active_until",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: until removed.",
                        null=True,
                        verbose_name="active until",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="added at"
                    ),
                ),
            ],
            options={
                "verbose_name": "allowed network",
                "verbose_name_plural": "allowed networks",
                "ordering": ["network"],
            },
        ),
        migrations.AddField(
            model_name="petition",
            name="under_attack",
            field=models.BooleanField(
                default=False,
                help_text="Signers must first solve a proof-of-work challenge in their browser (ALTCHA), and API clients must send its solution: slows scripts down, a second or so for people. Signing then needs JavaScript.",
                verbose_name="under attack",
            ),
        ),
        migrations.CreateModel(
            name="BlockedEmailDomain",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "domain",
                    models.CharField(
                        help_text='As in the address after the @, e.g. "example.org"; its subdomains too.',
                        max_length=253,
                        unique=True,
                        verbose_name="domain",
                    ),
                ),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="blocked at"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="blocked by",
                    ),
                ),
            ],
            options={
                "verbose_name": "blocked email domain",
                "verbose_name_plural": "blocked email domains",
                "ordering": ["domain"],
            },
        ),
        migrations.CreateModel(
            name="BlockedIpHash",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "ip_hash",
                    models.CharField(max_length=64, unique=True, verbose_name="IP address hash"),
                ),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="blocked at"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="blocked by",
                    ),
                ),
            ],
            options={
                "verbose_name": "blocked IP address hash",
                "verbose_name_plural": "blocked IP address hashes",
                "ordering": ["-created_at"],
            },
        ),
        migrations.RunPython(campaign_staff_manage_the_lists, migrations.RunPython.noop),
    ]
