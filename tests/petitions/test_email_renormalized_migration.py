"""Signatures stored before addresses were keyed by mailbox get the new key."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from petitions.models import Signature
from petitions.services import signature_create
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("petitions", "0005_signature_email_claim")]


def migrate(targets=None):
    """Migrate to targets (all the latest by default) and return the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_signatures_stored_with_the_old_key_are_keyed_by_mailbox():
    petition = PetitionFactory()
    signature_model = migrate(BEFORE).get_model("petitions", "Signature")

    def stored(email):
        # The key as it was computed until now: the address stripped and lowercased.
        return signature_model.objects.create(
            petition_id=petition.pk,
            name="Signer",
            email=email,
            email_normalized=email.strip().lower(),
            country="AZ",
            verified_at=timezone.now(),
        ).pk

    tagged = stored("Leyla+News@example.org")
    full_width = stored("same@ｅxample.org")
    plain = stored("ali@example.org")
    # Two tags of one mailbox signed before: the first gets the mailbox's key, the second keeps
    # its own, so neither is lost, and the mailbox cannot sign a third time.
    first_of_two, second_of_two = stored("rza+a@example.org"), stored("rza+b@example.org")
    tag_of_taken, taken = stored("nizami+x@example.org"), stored("nizami@example.org")
    by_hand = stored("demo@site.invalid")

    migrate()

    keys = dict(Signature.objects.values_list("pk", "email_normalized"))
    assert keys == {
        tagged: "leyla@example.org",
        full_width: "same@example.org",
        plain: "ali@example.org",
        first_of_two: "rza@example.org",
        second_of_two: "rza+b@example.org",
        tag_of_taken: "nizami+x@example.org",
        taken: "nizami@example.org",
        by_hand: "demo@site.invalid",
    }
    for address in ["leyla+other@example.org", "same@exａmple.org", "rza+c@example.org"]:
        again = signature_create(petition=petition, name="Again", email=address, country="AZ")
        assert again.created is False
