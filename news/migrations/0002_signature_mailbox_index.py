"""Index the signatures by mailbox: unsubscribing withdraws the consents of all of a mailbox's.

petitions_signature is indexed by petition and mailbox only, so "every signature of this
mailbox" would read the whole table for each unsubscription. The index is built CONCURRENTLY on
PostgreSQL (signing goes on meanwhile), hence a migration outside a transaction.
"""

from django.db import migrations

INDEX = "news_signature_mailbox"


def create_index(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON petitions_signature (email_normalized)"
    )


def drop_index(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("news", "0001_initial"), ("petitions", "0007_report_jobs")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
