import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from campaign.models import Campaign, CountryCoordinator, Event, MediaItem, Recognition
from petitions.models import ORGANIZERS_GROUP, Addressee, Milestone, Petition, Signature
from petitions.services import normalize_email, signature_verify
from petitions.tokens import verification_tokens


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


def verified_signature(**fields):
    """Create a signature and verify it the way its link does, so that it is counted."""
    signature = SignatureFactory(**fields)
    signature_verify(token=verification_tokens.make_token(signature.pk))
    signature.refresh_from_db()
    return signature


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    petition = factory.SubFactory(PetitionFactory)
    threshold = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def groups(user, create, names, **kwargs):
        """UserFactory(groups=["Campaign staff"]) puts the user in those groups."""
        for name in names or ():
            user.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def permissions(user, create, codenames):
        """Grant permissions by "app_label.codename"."""
        for name in codenames or []:
            app_label, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class OrganizerFactory(UserFactory):
    """A staff member of the Organizers group that the migrations create."""

    @factory.post_generation
    def organizers_group(user, create, extracted):
        # A transactional test's flush removes the group; membership is all such tests need.
        user.groups.add(Group.objects.get_or_create(name=ORGANIZERS_GROUP)[0])


class CountryCoordinatorFactory(factory.django.DjangoModelFactory):
    """A staff user in the "Country coordinators" group, coordinating the given countries."""

    class Meta:
        model = CountryCoordinator

    user = factory.SubFactory(UserFactory, groups=["Country coordinators"])
    countries = ["FR"]


class EventFactory(factory.django.DjangoModelFactory):
    """A published, planned event in Paris a week from now."""

    class Meta:
        model = Event

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Remembrance evening {n}")
    kind = Event.Kind.COMMEMORATION
    country = "FR"
    city = "Paris"
    venue = "Salle des fêtes"
    time_zone = "Europe/Paris"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=2))
    is_published = True


class MediaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaItem

    title = factory.Sequence(lambda n: f"Documentary part {n}")
    kind = MediaItem.Kind.VIDEO
    url = factory.Sequence(lambda n: f"https://video.example.org/{n}")
    language = "en"


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    body = "Grand National Assembly"
    kind = Recognition.Kind.PARLIAMENT
    country = "TR"
    adopted_on = datetime.date(2012, 2, 24)
    document_title = factory.Sequence(lambda n: f"Resolution {n}")
    url = "https://parliament.example.org/resolution"
    is_published = True
