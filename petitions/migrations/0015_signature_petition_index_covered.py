"""The signature's petition loses its own index: one_signature_per_email starts with it.

Only the index is dropped. Django's AlterField would also drop and add back the foreign key,
which checks every signature while signing waits.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "petitions_signature_petition_id_5a17fa21"


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0014_retention_delivery_document_files"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="signature",
                    name="petition",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signatures",
                        to="petitions.petition",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" '
                    'ON "petitions_signature" ("petition_id")',
                ),
            ],
        ),
    ]
