"""Any sequence of signing, signing again, confirming, withdrawing, invalidating and recounting
keeps the counts equal to the confirmed signatures that still count, per country, at every step.

Hypothesis draws the sequences (a bounded number, so it stays a few seconds) and shrinks a
failing one to the shortest that fails; the counts are compared with the database and with a
plain model of what each signature should be.
"""

from collections import Counter

import pytest
from django.db.models import Count, Sum
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from petitions import services
from petitions.models import CountryCount, Signature
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Few mailboxes, written several ways, so that signing again and after a withdrawal is common.
MAILBOXES = ["leyla", "ali", "anna"]
SPELLINGS = ["{}@example.org", "{}+news@example.org", " {}@EXAMPLE.org "]
COUNTRIES = ["AZ", "FR", "TR"]


class CountsMachine(RuleBasedStateMachine):
    signatures = Bundle("signatures")

    def __init__(self):
        super().__init__()
        self.petition = PetitionFactory()
        self.staff = UserFactory()
        # The model: signature id -> (mailbox, country, state), state one of "pending",
        # "confirmed", "invalidated"; withdrawn signatures are removed.
        self.held = {}

    def held_by(self, mailbox):
        return next((pk for pk, (m, _, _) in self.held.items() if m == mailbox), None)

    @rule(
        target=signatures,
        mailbox=st.sampled_from(MAILBOXES),
        spelling=st.sampled_from(SPELLINGS),
        country=st.sampled_from(COUNTRIES),
    )
    def sign(self, mailbox, spelling, country):
        result = services.signature_create(
            petition=self.petition,
            name="A Supporter",
            email=spelling.format(mailbox),
            country=country,
        )
        already = self.held_by(mailbox)
        if already is not None:  # signing again: nothing new, whatever the country given
            assert (result.created, result.signature_id) == (False, already)
        else:
            assert result.created
            self.held[result.signature_id] = (mailbox, country, "pending")
        return result.signature_id

    @rule(signature_id=signatures)
    def confirm(self, signature_id):
        outcome = services.signature_verify(
            token=verification_tokens.make_token(signature_id)
        ).outcome
        mailbox_country_state = self.held.get(signature_id)
        if mailbox_country_state and mailbox_country_state[2] == "pending":
            assert outcome == services.VerificationOutcome.VERIFIED
            self.held[signature_id] = (*mailbox_country_state[:2], "confirmed")
        else:
            assert outcome != services.VerificationOutcome.VERIFIED

    @rule(signature_id=consumes(signatures))
    def withdraw(self, signature_id):
        withdrawal = services.signature_withdraw(signature_id=signature_id)
        state = self.held.pop(signature_id, None)
        assert (withdrawal is None) == (state is None)
        if withdrawal:
            assert withdrawal.uncounted == (state[2] == "confirmed")

    @rule(signature_ids=st.lists(signatures, min_size=1, max_size=3, unique=True))
    def invalidate(self, signature_ids):
        services.signatures_invalidate(
            signatures=Signature.objects.filter(pk__in=signature_ids),
            invalidated_by=self.staff,
            reason="The same person many times",
        )
        for pk in signature_ids:
            if pk in self.held:
                self.held[pk] = (*self.held[pk][:2], "invalidated")

    @rule()
    def recount(self):
        assert services.country_counts_recount(petition=self.petition) == []  # never a drift

    @invariant()
    def counts_are_the_confirmed_signatures_per_country(self):
        counted = Counter(
            {
                row["country"]: row["n"]
                for row in CountryCount.objects.filter(petition=self.petition)
                .values("country")
                .annotate(n=Sum("count"))
                if row["n"]
            }
        )
        confirmed = Counter(
            dict(
                Signature.objects.filter(
                    petition=self.petition, verified_at__isnull=False, invalidated_at__isnull=True
                )
                .values("country")
                .annotate(n=Count("pk"))
                .values_list("country", "n")
            )
        )
        expected = Counter(
            country for _, country, state in self.held.values() if state == "confirmed"
        )
        assert counted == confirmed == expected


def test_counts_equal_confirmed_signatures_per_country_after_any_sequence():
    run_state_machine_as_test(
        CountsMachine,
        settings=hypothesis_settings(
            max_examples=25, stateful_step_count=25, deadline=None, database=None
        ),
    )
