"""The demo campaign: a declaration and a petition to world leaders, with sample signatures."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from campaign.models import Campaign

from .models import Addressee, Petition, Signature
from .selectors import current_privacy_notice_id
from .services import country_counts_recount, normalize_email

DECLARATION_TEXT = """\
We, the undersigned, remember the civilians who lost their lives, their homes and their loved \
ones in mass atrocities, and the survivors who still wait for the truth to be acknowledged.

We declare that no crime against civilians may be forgotten or denied, that the memory of its \
victims belongs to all of humanity, and that justice delayed must not become justice denied.

We call on people of every country and faith to learn what happened, to speak of it, and to \
stand with the survivors and the families of the missing."""

PETITION_TEXT = """\
We, citizens of many countries, ask you to:

1. recognize the atrocities committed against civilians as crimes against humanity;
2. support independent investigations and bring those responsible to justice;
3. help find the missing and return the remains of the dead to their families;
4. protect the survivors' right to return home in safety and dignity;
5. include these events in education, so that they are never repeated anywhere."""

ADDRESSEES = [
    ("The President of the United States", "The White House, United States of America"),
    ("The Secretary-General", "United Nations"),
    ("The President of the European Commission", "European Union"),
    ("The Secretary-General", "Organisation of Islamic Cooperation"),
    ("The Secretary General", "Council of Europe"),
]

# Sample verified signatures, so that counts, tables and maps have something to show.
SAMPLE_COUNTRIES = {
    "AZ": 120,
    "TR": 64,
    "US": 41,
    "DE": 33,
    "FR": 28,
    "GB": 25,
    "RU": 22,
    "PK": 19,
    "ID": 17,
    "MX": 12,
    "CA": 11,
    "IT": 9,
    "NL": 8,
    "UA": 7,
    "KZ": 6,
    "GE": 5,
    "JP": 4,
    "BR": 3,
    "EG": 3,
    "SE": 2,
}
SAMPLE_NAMES = [
    "Aylin",
    "Mehmet",
    "Sarah",
    "Jonas",
    "Camille",
    "Oliver",
    "Irina",
    "Ahmed",
    "Dewi",
    "Lucía",
    "Emma",
    "Giulia",
    "Daan",
    "Olena",
    "Aigerim",
    "Nino",
    "Yuki",
    "Ana",
]


@transaction.atomic
def load_demo_campaign():
    """Create or update the demo campaign; running it again changes nothing."""
    campaign, _ = Campaign.objects.update_or_create(
        slug="justice-and-remembrance",
        defaults={
            "name": "Justice and Remembrance",
            "description": "An international awareness campaign for the memory of civilian "
            "victims of mass atrocities and for justice for the survivors.",
            "start_date": datetime.date(2008, 5, 8),
            "website_url": "https://example.org/justice-and-remembrance",
        },
    )
    opens_at = timezone.now() - datetime.timedelta(days=30)
    declaration, _ = Petition.objects.update_or_create(
        slug="declaration",
        defaults={
            "campaign": campaign,
            "kind": Petition.Kind.DECLARATION,
            "title": "Declaration for Remembrance and Justice",
            "text": DECLARATION_TEXT,
            "goal": 100_000,
            "state": Petition.State.OPEN,
            "opens_at": opens_at,
        },
    )
    petition, _ = Petition.objects.update_or_create(
        slug="petition-to-world-leaders",
        defaults={
            "campaign": campaign,
            "kind": Petition.Kind.PETITION,
            "title": "Petition to world leaders: recognize and bring justice",
            "text": PETITION_TEXT,
            "goal": 1_000_000,
            "state": Petition.State.OPEN,
            "opens_at": opens_at,
        },
    )
    for position, (name, office) in enumerate(ADDRESSEES):
        Addressee.objects.update_or_create(
            petition=petition, position=position, defaults={"name": name, "office": office}
        )
    for target in (declaration, petition):
        _add_sample_signatures(target, opens_at)
    return campaign


# Each sample signature is verified within this many minutes of signing.
VERIFICATION_DELAY_MINUTES = 600


def _add_sample_signatures(petition, since):
    rng = random.Random(petition.slug)
    # Signed early enough to be verified by now: no verification in the future.
    minutes_to_sign = (
        int((timezone.now() - since).total_seconds() // 60) - VERIFICATION_DELAY_MINUTES
    )
    signatures = []
    notice_id = current_privacy_notice_id()
    for country, how_many in SAMPLE_COUNTRIES.items():
        for i in range(how_many):
            email = f"supporter-{country.lower()}-{i}@demo.invalid"
            signed_at = since + datetime.timedelta(minutes=rng.randrange(minutes_to_sign))
            signatures.append(
                Signature(
                    petition=petition,
                    name=f"{rng.choice(SAMPLE_NAMES)} {country}-{i}",
                    email=email,
                    email_normalized=normalize_email(email),
                    country=country,
                    consent_to_updates=rng.random() < 0.4,
                    consent_to_show_name=rng.random() < 0.5,
                    privacy_notice_id=notice_id,
                    created_at=signed_at,
                    verified_at=signed_at
                    + datetime.timedelta(minutes=rng.randrange(5, VERIFICATION_DELAY_MINUTES)),
                )
            )
    Signature.objects.bulk_create(signatures, ignore_conflicts=True)
    country_counts_recount(petition=petition)
