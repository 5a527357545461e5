from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from . import selectors

FEED_ENTRIES = 20


class NewsFeed(Feed):
    """The latest published posts as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Campaign news")
    subtitle = _("News of the campaign, as it is published.")
    link = reverse_lazy("news:list")

    def items(self):
        return selectors.published_posts(limit=FEED_ENTRIES)

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Atom's summary is HTML here: the text's paragraphs, escaped, as the post's page shows.
        return linebreaks(post.text, autoescape=True)

    def item_author_name(self, post):
        return post.campaign.name

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_categories(self, post):
        return [post.campaign.name]
