import datetime

import factory
from django.utils import timezone

from campaign.models import Campaign
from petitions.models import Addressee, Petition, Signature
from petitions.services import normalize_email


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ["slug"]

    name = "Justice and Remembrance"
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    start_date = datetime.date(2008, 5, 8)


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    campaign = factory.SubFactory(CampaignFactory)
    slug = factory.Sequence(lambda n: f"petition-{n}")
    kind = Petition.Kind.PETITION
    title = factory.Sequence(lambda n: f"Petition number {n}")
    text = "We ask the leaders of the world to act."
    goal = 1000
    state = Petition.State.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    petition = factory.SubFactory(PetitionFactory)
    name = "The Secretary-General"
    office = "United Nations"
    position = factory.Sequence(int)


class SignatureFactory(factory.django.DjangoModelFactory):
    """An unverified signature; see verified_signature() for one that counts."""

    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    name = factory.Sequence(lambda n: f"Supporter {n}")
    email = factory.Sequence(lambda n: f"supporter{n}@example.org")
    email_normalized = factory.LazyAttribute(lambda s: normalize_email(s.email))
    country = "AZ"
    verification_email_requested_at = factory.LazyFunction(timezone.now)
