"""The demo campaign's events in a dozen countries, its media, recognitions and staff."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import Event, MediaItem, Recognition
from .services import coordinator_appoint

K = Event.Kind

# (title, kind, country, city, venue, time zone, days from today, local start hour, hours long,
#  organizer); past events are marked held, with an attendance.
# fmt: off
EVENTS = [
    ("Remembrance evening at the Cité", K.COMMEMORATION, "FR", "Paris", "Salle Olympe de Gouges", "Europe/Paris", -40, 19, 2, "Mémoire et Justice"),
    ("Photographs of the survivors", K.EXHIBITION, "DE", "Berlin", "Galerie am Kanal", "Europe/Berlin", -25, 11, 8, "Verein Erinnerung"),
    ("Round table in the European Parliament", K.CONFERENCE, "BE", "Brussels", "Altiero Spinelli building", "Europe/Brussels", -12, 15, 3, "Friends of Justice"),
    ("Candlelight vigil", K.STREET_ACTION, "GB", "London", "Parliament Square", "Europe/London", -3, 18, 2, "Remember Them UK"),
    ("Requiem concert", K.CONCERT, "AT", "Vienna", "Minoritenkirche", "Europe/Vienna", 5, 19, 2, "Wiener Kammerchor"),
    ("Book presentation: Voices of the missing", K.BOOK_PRESENTATION, "IT", "Rome", "Libreria del Centro", "Europe/Rome", 9, 18, 2, "Edizioni Memoria"),
    ("Documentary premiere", K.CONCERT, "ES", "Madrid", "Cine Doré", "Europe/Madrid", 14, 20, 2, "Asociación Justicia"),
    ("Exhibition at the Peace Palace library", K.EXHIBITION, "NL", "The Hague", "Peace Palace", "Europe/Amsterdam", 21, 10, 7, "Stichting Gedenken"),
    ("Commemoration at the Zócalo", K.COMMEMORATION, "MX", "Mexico City", "Plaza de la Constitución", "America/Mexico_City", 26, 17, 2, "Memoria y Justicia A.C."),
    ("Seminar with survivors", K.CONFERENCE, "ID", "Jakarta", "Universitas Indonesia", "Asia/Jakarta", 33, 9, 4, "Forum Keadilan"),
    ("Conference on truth and justice", K.CONFERENCE, "TR", "Ankara", "Bilkent University", "Europe/Istanbul", 40, 10, 6, "Adalet Platformu"),
    ("Vigil on Parliament Hill", K.STREET_ACTION, "CA", "Ottawa", "Parliament Hill", "America/Toronto", 47, 18, 2, "Canadians for Justice"),
    ("Film screening and discussion", K.CONCERT, "RU", "Moscow", "Dom Kino", "Europe/Moscow", 55, 19, 3, "Pamyat"),
    ("Online reading of the names", K.ONLINE_ACTION, "AZ", "Baku", "", "Asia/Baku", 60, 20, 3, "Justice and Remembrance"),
    ("Open-air photo exhibition", K.EXHIBITION, "FR", "Lyon", "Place Bellecour", "Europe/Paris", 70, 10, 8, "Mémoire et Justice"),
]
# fmt: on
# One cancelled and one not yet published, so that the admin shows both.
CANCELLED = "Film screening and discussion"
UNPUBLISHED = "Open-air photo exhibition"

M = MediaItem.Kind
# (title, kind, url, language, days from today, events presented at)
# fmt: off
MEDIA = [
    ("Remembrance, a documentary", M.VIDEO, "https://example.org/media/documentary", "en", -90, ["Documentary premiere", "Film screening and discussion"]),
    ("Survivors speak in Berlin", M.ARTICLE, "https://example.org/media/berlin-article", "de", -24, ["Photographs of the survivors"]),
    ("The vigil in photographs", M.PHOTO_ALBUM, "https://example.org/media/london-vigil", "en", -2, ["Candlelight vigil"]),
    ("Conference proceedings", M.DOCUMENT, "https://example.org/media/proceedings.pdf", "en", -11, ["Round table in the European Parliament"]),
]
# fmt: on

R = Recognition.Kind
# (body, kind, country, adopted on, document title)
# fmt: off
RECOGNITIONS = [
    ("Organisation of Islamic Cooperation", R.INTERNATIONAL_ORGANIZATION, "", datetime.date(2010, 5, 18), "Resolution on the remembrance of civilian victims"),
    ("National Assembly of Pakistan", R.PARLIAMENT, "PK", datetime.date(2012, 6, 4), "Resolution condemning crimes against civilians"),
    ("Senate of Mexico", R.PARLIAMENT, "MX", datetime.date(2014, 2, 25), "Point of agreement on the day of remembrance"),
    ("Government of Colombia", R.GOVERNMENT, "CO", datetime.date(2016, 2, 26), "Statement of the Ministry of Foreign Affairs"),
    ("Grand National Assembly of Türkiye", R.PARLIAMENT, "TR", datetime.date(2019, 2, 26), "Declaration on justice for the victims"),
]
# fmt: on

# Demo accounts without passwords: `manage.py changepassword NAME` to log in as one.
STAFF = [
    ("demo-staff", "Campaign staff", None),
    ("demo-coordinator-fr", "Country coordinators", ["FR", "BE"]),
    ("demo-coordinator-tr", "Country coordinators", ["TR", "AZ"]),
]


@transaction.atomic
def load_demo_events(*, campaign):
    """Create or update the demo campaign's events, media, recognitions and staff."""
    today = timezone.now().date()
    events = {}
    for title, kind, country, city, venue, zone, days, hour, hours, organizer in EVENTS:
        starts_at = datetime.datetime.combine(
            today + datetime.timedelta(days=days), datetime.time(hour), zoneinfo.ZoneInfo(zone)
        )
        if title == CANCELLED:
            status = Event.Status.CANCELLED
        else:
            status = Event.Status.HELD if days < 0 else Event.Status.PLANNED
        events[title], _ = Event.objects.update_or_create(
            campaign=campaign,
            title=title,
            defaults={
                "kind": kind,
                "country": country,
                "city": city,
                "venue": venue,
                "time_zone": zone,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=hours),
                "description": f"{title}, in {city}: a {kind.label.lower()} of the campaign.",
                "organizer": organizer,
                "status": status,
                "attendance": 40 + 15 * abs(days) if status == Event.Status.HELD else None,
                "is_published": title != UNPUBLISHED,
            },
        )
    for title, kind, url, language, days, presented_at in MEDIA:
        item, _ = MediaItem.objects.update_or_create(
            url=url,
            defaults={
                "title": title,
                "kind": kind,
                "language": language,
                "published_on": today + datetime.timedelta(days=days),
                "countries": sorted({events[t].country.code for t in presented_at}),
            },
        )
        item.events.set([events[t] for t in presented_at])
    for body, kind, country, adopted_on, document_title in RECOGNITIONS:
        Recognition.objects.update_or_create(
            body=body,
            document_title=document_title,
            defaults={
                "kind": kind,
                "country": country,
                "adopted_on": adopted_on,
                "url": "https://example.org/recognitions/" + adopted_on.isoformat(),
                "is_published": True,
            },
        )
    _add_demo_staff()
    return events


def _add_demo_staff():
    User = get_user_model()
    for username, group, countries in STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@demo.invalid"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if countries:
            coordinator_appoint(user=user, countries=countries)
        else:
            user.groups.add(Group.objects.get(name=group))
