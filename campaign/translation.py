"""The campaign's texts entered per language in the admin (modeltranslation): see
petitions/translation.py."""

from modeltranslation.translator import TranslationOptions, register

from .models import Campaign, Event, MediaItem, Recognition


@register(Campaign)
class CampaignTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "city", "venue")


@register(MediaItem)
class MediaItemTranslationOptions(TranslationOptions):
    fields = ("title", "caption")


@register(Recognition)
class RecognitionTranslationOptions(TranslationOptions):
    fields = ("body", "document_title", "summary")
