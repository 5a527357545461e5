"""Consents, the privacy notice, retention and requests about personal data (issue 11).

Publishes the default privacy notice as version 1, and starts the retention clock of the
petitions closed by hand now (when they were closed is not known).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from petitions.privacy_notice import DEFAULT_TEXT


def publish_default_notice(apps, schema_editor):
    apps.get_model("petitions", "PrivacyNotice").objects.get_or_create(
        version=1, defaults={"text": DEFAULT_TEXT}
    )


def start_closed_clock(apps, schema_editor):
    apps.get_model("petitions", "Petition").objects.filter(state="closed").update(
        closed_at=django.utils.timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0007_report_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RetentionRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "trigger",
                    models.CharField(
                        choices=[("schedule", "Schedule"), ("command", "Command line")],
                        max_length=10,
                        verbose_name="started by",
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="started at"
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                (
                    "unverified_retention_days",
                    models.PositiveIntegerField(verbose_name="unverified kept (days)"),
                ),
                (
                    "closed_petition_retention_days",
                    models.PositiveIntegerField(verbose_name="kept after a petition closed (days)"),
                ),
                (
                    "unverified_deleted",
                    models.PositiveIntegerField(
                        default=0, verbose_name="unverified signatures deleted"
                    ),
                ),
                (
                    "signatures_anonymized",
                    models.PositiveIntegerField(default=0, verbose_name="signatures anonymized"),
                ),
                (
                    "signer_export_files_deleted",
                    models.PositiveIntegerField(
                        default=0, verbose_name="signer export files deleted"
                    ),
                ),
                ("batches", models.PositiveIntegerField(default=0, verbose_name="batches")),
                (
                    "petitions_anonymized",
                    models.JSONField(blank=True, default=dict, verbose_name="petitions anonymized"),
                ),
            ],
            options={
                "verbose_name": "retention run",
                "verbose_name_plural": "retention runs",
                "ordering": ["-started_at"],
            },
        ),
        migrations.AddField(
            model_name="petition",
            name="closed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="state closed at"
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="signatures_anonymized_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="signatures anonymized at"
            ),
        ),
        migrations.AddField(
            model_name="signature",
            name="anonymized_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymized at"),
        ),
        migrations.AddField(
            model_name="signature",
            name="consent_to_show_name",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="consents to show the name publicly"
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="consent_to_updates",
            field=models.BooleanField(
                default=False, verbose_name="consents to campaign news by email"
            ),
        ),
        migrations.CreateModel(
            name="PersonalDataRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("export", "Export (right of access)"), ("erasure", "Erasure")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "email_hash",
                    models.CharField(db_index=True, max_length=64, verbose_name="address hash"),
                ),
                ("email_masked", models.CharField(max_length=254, verbose_name="address")),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="handled at"
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Where the request came from, e.g. a ticket number. No personal data.",
                        max_length=250,
                        verbose_name="note",
                    ),
                ),
                ("signature_count", models.PositiveIntegerField(verbose_name="signatures")),
                (
                    "uncounted_count",
                    models.PositiveIntegerField(
                        default=0, verbose_name="of which taken off the counts"
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="handled by",
                    ),
                ),
            ],
            options={
                "verbose_name": "personal data request",
                "verbose_name_plural": "personal data requests",
                "ordering": ["-requested_at"],
                "permissions": [
                    ("export_personal_data", "Can export everything held about an email address"),
                    ("erase_personal_data", "Can erase everything held about an email address"),
                ],
            },
        ),
        migrations.CreateModel(
            name="PrivacyNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        editable=False, unique=True, verbose_name="version"
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="Plain text; a blank line starts a new paragraph. These words are replaced when shown: $controller, $contact, $unverified_retention_days, $closed_petition_retention_days (from the settings).",
                        verbose_name="text",
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="published at",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="published by",
                    ),
                ),
            ],
            options={
                "verbose_name": "privacy notice",
                "verbose_name_plural": "privacy notices",
                "ordering": ["-version"],
            },
        ),
        migrations.AddField(
            model_name="signature",
            name="privacy_notice",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="petitions.privacynotice",
                verbose_name="privacy notice shown",
            ),
        ),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(
                condition=models.Q(
                    ("consent_to_show_name", True),
                    ("invalidated_at__isnull", True),
                    ("verified_at__isnull", False),
                ),
                fields=["petition", "-verified_at"],
                name="signature_shown_recent",
            ),
        ),
        migrations.RunPython(publish_default_notice, migrations.RunPython.noop),
        migrations.RunPython(start_closed_clock, migrations.RunPython.noop),
    ]
