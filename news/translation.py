"""The texts of news posts, entered per language in the admin (modeltranslation), as petitions'."""

from modeltranslation.translator import TranslationOptions, register

from .models import Post


@register(Post)
class PostTranslationOptions(TranslationOptions):
    fields = ("title", "text", "image_description")
