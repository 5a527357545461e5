"""The demo campaign, Justice for Khojaly: a declaration and a petition to world leaders, with
sample signatures and an organizer account."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from campaign.models import Campaign

from .demo_texts import (
    CAMPAIGN_NAMES,
    DECLARATION_TEXTS,
    DECLARATION_TITLES,
    PETITION_TEXTS,
    PETITION_TITLES,
)
from .models import ORGANIZERS_GROUP, Addressee, Petition, Signature
from .selectors import current_privacy_notice_id
from .services import country_counts_recount, normalize_email

# The campaign's own words, in its sober register. Figures are those the campaign publishes.
CAMPAIGN_DESCRIPTION = """\
On the night of 25 to 26 February 1992, the town of Khojaly, in the Karabakh region of \
Azerbaijan, was seized by Armenian armed forces. 613 civilians were killed as they fled, among \
them 63 children, 106 women and 70 elderly people; 1,275 were taken hostage, and the fate of 150 \
is still unknown. Justice for Khojaly asks that the massacre be recognized for what it was, a \
crime against humanity, and that those responsible be brought to justice.

The international awareness campaign Justice for Khojaly was launched on 8 May 2008 at the \
initiative of Leyla Aliyeva, then General Coordinator of the Islamic Conference Youth Forum for \
Dialogue and Cooperation. Since then, volunteers and partner organizations in many countries have \
held commemorations, exhibitions, conferences, concerts and screenings, among them the showing of \
the Justice for Khojaly music video; parliaments and international organizations, the \
Organisation of Islamic Cooperation first among them, have adopted resolutions on the massacre.

Add your name to the declaration, and to the petition asking the leaders of the United States, \
the United Nations, the European Union, the Organisation of Islamic Cooperation and the Council \
of Europe to recognize the Khojaly massacre as a crime against humanity. Every signature is \
confirmed by email and counted once, in the country of the person who signs."""

DECLARATION_TEXT = """\
We, the undersigned, remember the 613 civilians killed in Khojaly on 26 February 1992, the \
1,275 taken hostage, and the families who still wait for news of the 150 missing.

We declare that the killing of civilians may not be forgotten or denied, that the memory of its \
victims belongs to all humanity, and that justice delayed must not become justice denied.

We call on people of every country and faith to learn what happened in Khojaly, to speak of it, \
and to stand with the survivors."""

PETITION_TEXT = """\
On 26 February 1992, 613 civilians of the town of Khojaly, in Azerbaijan, were killed; 1,275 \
were taken hostage and 150 are still missing. More than thirty years later, no one has been \
held to account.

We, citizens of many countries, ask you to:

1. recognize the Khojaly massacre as a crime against humanity;
2. support an independent investigation, so that those responsible are brought to justice;
3. help establish the fate of the missing and return the remains of the dead to their families;
4. include the massacre in the remembrance of crimes against civilians, so that it is never \
repeated, anywhere."""

ADDRESSEES = [
    ("The President of the United States", "The White House, United States of America"),
    ("The Secretary-General", "United Nations"),
    ("The President of the European Commission", "European Union"),
    ("The Secretary-General", "Organisation of Islamic Cooperation"),
    ("The Secretary General", "Council of Europe"),
]

# A demo organizer without a password (`manage.py changepassword demo-organizer` to log in):
# in the Organizers group, so he or she may export the counts and the delivery documents.
DEMO_ORGANIZER = "demo-organizer"

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
        slug="justice-for-khojaly",
        defaults={
            **_per_language("name", CAMPAIGN_NAMES),
            "description_en": CAMPAIGN_DESCRIPTION,
            "start_date": datetime.date(2008, 5, 8),
            "website_url": "https://www.justiceforkhojaly.org",
        },
    )
    declaration = _petition_update_or_create(
        slug="declaration",
        campaign=campaign,
        kind=Petition.Kind.DECLARATION,
        **_per_language("title", DECLARATION_TITLES),
        **_per_language("text", DECLARATION_TEXTS | {"en": DECLARATION_TEXT}),
        goal=100_000,
    )
    petition = _petition_update_or_create(
        slug="petition-to-world-leaders",
        campaign=campaign,
        kind=Petition.Kind.PETITION,
        **_per_language("title", PETITION_TITLES),
        **_per_language("text", PETITION_TEXTS | {"en": PETITION_TEXT}),
        goal=1_000_000,
    )
    for position, (name, office) in enumerate(ADDRESSEES):
        Addressee.objects.update_or_create(
            petition=petition, position=position, defaults={"name_en": name, "office_en": office}
        )
    for target in (declaration, petition):
        _add_sample_signatures(target, target.opens_at)
    _add_demo_organizer()
    return campaign


def _petition_update_or_create(*, slug, **fields):
    fields["state"] = Petition.State.OPEN
    # The opening date is set once: moved on every run, it would change the sample signatures.
    opens_at = timezone.now() - datetime.timedelta(days=30)
    petition, _ = Petition.objects.update_or_create(
        slug=slug, defaults=fields, create_defaults=fields | {"opens_at": opens_at}
    )
    return petition


def _per_language(field, texts):
    """The translated fields of one text: {"title_en": ..., "title_az": ...}."""
    return {f"{field}_{language}": text for language, text in texts.items()}


def _add_demo_organizer():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_ORGANIZER,
        defaults={"is_staff": True, "email": f"{DEMO_ORGANIZER}@demo.invalid"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=ORGANIZERS_GROUP)[0])


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
