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
#  organizer, description); past events are marked held, with an attendance.
# fmt: off
EVENTS = [
    ("Khojaly remembrance evening", K.COMMEMORATION, "FR", "Paris", "Maison des associations", "Europe/Paris", -40, 19, 2, "Association Justice pour Khojaly",
     "An evening of remembrance for the victims of Khojaly: a minute's silence, the names of the victims read aloud, and the testimonies of two survivors."),
    ("Photographs from Khojaly, 1992", K.EXHIBITION, "DE", "Berlin", "Galerie am Kanal", "Europe/Berlin", -25, 11, 8, "Verein Erinnerung",
     "Photographs taken in and around Khojaly in February 1992, shown with the accounts of the journalists who took them."),
    ("Round table: justice for the victims of Khojaly", K.CONFERENCE, "BE", "Brussels", "Press Club Brussels Europe", "Europe/Brussels", -12, 15, 3, "Friends of Justice",
     "Lawyers and historians discuss how the massacre can be recognized as a crime against humanity, and what international law offers the families of the victims."),
    ("Candlelight vigil", K.STREET_ACTION, "GB", "London", "Parliament Square", "Europe/London", -3, 18, 2, "Justice for Khojaly UK",
     "A silent vigil, with candles and red carnations, for the victims of Khojaly."),
    ("Commemoration in Mexico City", K.COMMEMORATION, "MX", "Mexico City", "Centro Cultural de la Amistad", "America/Mexico_City", 5, 17, 2, "Memoria y Justicia A.C.",
     "A minute's silence, the names of the victims read aloud, and a wreath laid in their memory."),
    ("Seminar: remembering Khojaly", K.CONFERENCE, "ID", "Jakarta", "Universitas Indonesia", "Asia/Jakarta", 9, 9, 4, "Forum Keadilan",
     "Students and scholars meet a survivor of Khojaly and discuss the place of the massacre among the crimes against civilians of the twentieth century."),
    ("Screening of the Justice for Khojaly music video and documentary", K.CONCERT, "ES", "Madrid", "Cine Doré", "Europe/Madrid", 14, 20, 2, "Asociación Justicia para Khojaly",
     "The campaign's music video, then a documentary on Khojaly, followed by a conversation with its director."),
    ("Conference on truth and justice for Khojaly", K.CONFERENCE, "TR", "Ankara", "Bilkent University", "Europe/Istanbul", 21, 10, 6, "Adalet Platformu",
     "Historians, lawyers and members of parliament on the recognition of the massacre, thirty years on."),
    ("Vigil on Parliament Hill", K.STREET_ACTION, "CA", "Ottawa", "Parliament Hill", "America/Toronto", 26, 18, 2, "Canadians for Justice for Khojaly",
     "A vigil in memory of the victims, open to all; candles are provided."),
    ("Requiem for Khojaly", K.CONCERT, "AT", "Vienna", "Minoritenkirche", "Europe/Vienna", 33, 19, 2, "Wiener Kammerchor",
     "A requiem sung in memory of the victims, with testimonies of survivors read between its movements."),
    ("Book presentation: testimonies of Khojaly survivors", K.BOOK_PRESENTATION, "IT", "Rome", "Libreria del Centro", "Europe/Rome", 40, 18, 2, "Edizioni Memoria",
     "The Italian edition of a collection of survivors' testimonies, presented by its translator."),
    ("Khojaly, a town remembered", K.EXHIBITION, "NL", "The Hague", "Atrium, City Hall", "Europe/Amsterdam", 47, 10, 7, "Stichting Gedenken",
     "Photographs and objects from Khojaly before 1992, and the stories of the families who lived there."),
    ("Film screening and discussion", K.CONCERT, "RU", "Moscow", "Dom Kino", "Europe/Moscow", 55, 19, 3, "Pamyat",
     "A documentary on Khojaly, followed by a discussion with its director."),
    ("Online reading of the names", K.ONLINE_ACTION, "AZ", "Baku", "", "Asia/Baku", 60, 20, 3, "Justice for Khojaly",
     "The names of the 613 victims, read aloud online one by one by volunteers in many countries."),
    ("Open-air photo exhibition", K.EXHIBITION, "FR", "Lyon", "Place Bellecour", "Europe/Paris", 70, 10, 8, "Association Justice pour Khojaly",
     "Photographs of Khojaly and of its survivors, on the square for a week."),
]
# fmt: on
# One cancelled and one not yet published, so that the admin shows both.
CANCELLED = "Film screening and discussion"
UNPUBLISHED = "Open-air photo exhibition"

M = MediaItem.Kind
# (title, kind, url, language, days from today, events presented at)
# fmt: off
MEDIA = [
    ("Justice for Khojaly, the music video", M.VIDEO, "https://example.org/media/justice-for-khojaly-music-video", "en", -120, ["Screening of the Justice for Khojaly music video and documentary", "Film screening and discussion"]),
    ("Khojaly, 1992: a documentary", M.VIDEO, "https://example.org/media/khojaly-documentary", "en", -90, ["Screening of the Justice for Khojaly music video and documentary"]),
    ("Survivors of Khojaly speak in Berlin", M.ARTICLE, "https://example.org/media/berlin-article", "de", -24, ["Photographs from Khojaly, 1992"]),
    ("The London vigil in photographs", M.PHOTO_ALBUM, "https://example.org/media/london-vigil", "en", -2, ["Candlelight vigil"]),
    ("Round table proceedings", M.DOCUMENT, "https://example.org/media/proceedings.pdf", "en", -11, ["Round table: justice for the victims of Khojaly"]),
]
# fmt: on
# What the media page says under each (the media are examples: their links lead nowhere).
MEDIA_CAPTIONS = {
    "https://example.org/media/justice-for-khojaly-music-video": "The campaign's song, performed by artists from several countries, calling for justice for the victims of Khojaly.",
    "https://example.org/media/khojaly-documentary": "Survivors and journalists recall the night of 25 to 26 February 1992.",
}

R = Recognition.Kind
# (body, kind, country, adopted on, document title, summary): as public reports give them; check
# each against its document before the campaign publishes it as its own.
# fmt: off
RECOGNITIONS = [
    ("Chamber of Deputies of Mexico", R.PARLIAMENT, "MX", datetime.date(2011, 12, 20), "Resolution on the Khojaly massacre", ""),
    ("Senate of Pakistan, Committee on Foreign Relations", R.PARLIAMENT, "PK", datetime.date(2012, 2, 1), "Resolution on the Khojaly massacre", ""),
    ("Organisation of Islamic Cooperation, Council of Foreign Ministers", R.INTERNATIONAL_ORGANIZATION, "", datetime.date(2012, 11, 17), "Resolution of the 39th session, Djibouti", "Calls on member states to give the massacre its political and legal assessment."),
    ("Organisation of Islamic Cooperation, Islamic Summit", R.INTERNATIONAL_ORGANIZATION, "", datetime.date(2013, 2, 7), "Final communiqué of the 12th session, Cairo", "Calls on member states to make every effort for the recognition of the massacre."),
    ("House of Peoples of Bosnia and Herzegovina", R.PARLIAMENT, "BA", datetime.date(2013, 2, 26), "Resolution on the sovereignty and territorial integrity of Azerbaijan", ""),
    ("Organisation of Islamic Cooperation, Council of Foreign Ministers", R.INTERNATIONAL_ORGANIZATION, "", datetime.date(2022, 3, 23), "Resolution on solidarity with the victims of the Khojaly massacre, 48th session, Islamabad", "Calls for the recognition of the crimes committed in Khojaly, and supports the Justice for Khojaly campaign."),
    ("Organisation of Islamic Cooperation, Council of Foreign Ministers", R.INTERNATIONAL_ORGANIZATION, "", datetime.date(2023, 3, 17), "Resolution on solidarity with the victims of the Khojaly massacre of 1992, 49th session, Nouakchott", "Considers the atrocities committed against the civilians of Khojaly war crimes and crimes against humanity."),
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
    for title, kind, country, city, venue, zone, days, hour, hours, organizer, text in EVENTS:
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
                "description": text,
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
                "caption": MEDIA_CAPTIONS.get(url, ""),
                "kind": kind,
                "language": language,
                "published_on": today + datetime.timedelta(days=days),
                "countries": sorted({events[t].country.code for t in presented_at}),
            },
        )
        item.events.set([events[t] for t in presented_at])
    for body, kind, country, adopted_on, document_title, summary in RECOGNITIONS:
        Recognition.objects.update_or_create(
            body=body,
            document_title=document_title,
            defaults={
                "kind": kind,
                "country": country,
                "adopted_on": adopted_on,
                "summary": summary,
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
