"""The texts of petitions and addressees, entered per language in the admin (modeltranslation).

Each field gets a column per language (title_az, text_ar...) in the same row; reading
petition.title gives the reader's language, else English, else the first language written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Addressee, Petition


@register(Petition)
class PetitionTranslationOptions(TranslationOptions):
    fields = ("title", "text")


@register(Addressee)
class AddresseeTranslationOptions(TranslationOptions):
    fields = ("name", "office")
