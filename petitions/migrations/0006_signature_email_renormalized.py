"""Key the signatures stored so far by mailbox, as new ones are (petitions.addresses).

Without it, an address stored as "leyla+news@example.org" could sign again: its new key,
"leyla@example.org", matches no stored key. Where two stored signatures now share a mailbox
(two tags, signed before), the older one takes the mailbox's key and the other keeps its own:
both were accepted and may be counted, and invalidating one is for the organizers to decide.
"""

from django.db import migrations

from petitions.addresses import normalize_email


def rekey(apps, key):
    signature_model = apps.get_model("petitions", "Signature")
    stored = signature_model.objects.order_by("pk").values_list(
        "pk", "petition_id", "email", "email_normalized"
    )
    # Few keys change (tags, unusual domains): those are listed first, then written, oldest first.
    changes = [
        (pk, petition_id, new)
        for pk, petition_id, email, current in stored.iterator(chunk_size=2000)
        if (new := key(email)) != current
    ]
    for pk, petition_id, new in changes:
        if not signature_model.objects.filter(
            petition_id=petition_id, email_normalized=new
        ).exists():
            signature_model.objects.filter(pk=pk).update(email_normalized=new)


def key_by_mailbox(apps, schema_editor):
    rekey(apps, normalize_email)


def key_by_lowercase_address(apps, schema_editor):
    rekey(apps, lambda email: email.strip().lower())


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0005_signature_email_claim"),
    ]

    operations = [
        migrations.RunPython(key_by_mailbox, key_by_lowercase_address),
    ]
