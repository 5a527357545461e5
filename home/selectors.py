"""What the home page and every page's header show: the campaign, what to sign, what is coming.

The home reads the campaign, petitions and news apps through their selectors; none of them
imports this one. Counts are read apart (petitions.selectors.petition_counts: one cache round
trip for all petitions); the rest is kept in each process's memory.
"""

import re
from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from campaign import selectors as campaign_selectors
from news import selectors as news_selectors
from petitions import caching
from petitions import selectors as petition_selectors
from petitions.models import Petition

UPCOMING_EVENTS_SHOWN = 6
RECOGNITIONS_SHOWN = 3
NEWS_POSTS_SHOWN = 3


@dataclass(frozen=True)
class SignLink:
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class PublicSite:
    campaign_name: str
    paragraphs: tuple[str, ...]
    sign_links: tuple[SignLink, ...]

    @property
    def name(self):
        # Looked up on use, so that each reader gets the fallback in his or her own language.
        return self.campaign_name or gettext("Campaign")

    @property
    def lead(self):
        return self.paragraphs[0] if self.paragraphs else ""


def public_site():
    """Return the campaign's name, its description by paragraph, and what is open for signing,
    in the reader's language (texts and links)."""
    return caching.PUBLIC_SITE.get_or_set(get_language(), build=_public_site_uncached)


def _public_site_uncached():
    campaign = campaign_selectors.current_campaign()
    description = campaign.description if campaign else ""
    return PublicSite(
        campaign_name=campaign.name if campaign else "",
        # Paragraphs are separated by a blank line; the admin's text area sends \r\n.
        paragraphs=tuple(p.strip() for p in re.split(r"\r?\n\s*\n", description) if p.strip()),
        sign_links=tuple(
            SignLink(kind=petition.kind, title=petition.title, url=petition.get_absolute_url())
            for petition in _in_home_order(petition_selectors.public_petitions())
            if petition.is_open_for_signing()
        ),
    )


@dataclass(frozen=True)
class HomeContent:
    petitions: tuple
    upcoming_events: tuple
    recognitions: tuple
    news_posts: tuple
    event_figures: campaign_selectors.EventFigures


def home_content():
    """Return the public petitions (open first), the next events, the latest recognitions and
    the latest published news posts."""
    return caching.HOME_CONTENT.get_or_set(
        build=lambda: HomeContent(
            petitions=tuple(_in_home_order(petition_selectors.public_petitions())),
            upcoming_events=tuple(campaign_selectors.upcoming_events(limit=UPCOMING_EVENTS_SHOWN)),
            recognitions=tuple(campaign_selectors.public_recognitions()[:RECOGNITIONS_SHOWN]),
            news_posts=tuple(news_selectors.published_posts(limit=NEWS_POSTS_SHOWN)),
            event_figures=campaign_selectors.event_figures(),
        )
    )


def campaign_counts():
    """Return the verified signatures of every public petition combined, in all and by country."""
    petitions = home_content().petitions
    counts = petition_selectors.petition_counts(petition_ids=[p.pk for p in petitions])
    return petition_selectors.petition_counts_combined(list(counts.values()))


def _in_home_order(petitions):
    # Open before closed; a petition to leaders before a declaration; the latest opened first.
    return sorted(
        petitions,
        key=lambda p: (
            not p.is_open_for_signing(),
            p.kind != Petition.Kind.PETITION,
            -p.opens_at.timestamp(),
        ),
    )
