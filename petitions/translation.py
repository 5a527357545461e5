"""The texts of petitions, addressees and the privacy notice, entered per language in the admin
(modeltranslation).

Each field gets a column per language (title_az, text_ar...) in the same row; reading
petition.title gives the reader's language, else English, else the first language written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Addressee, Petition, PrivacyNotice


@register(Petition)
class PetitionTranslationOptions(TranslationOptions):
    fields = ("title", "text")


@register(Addressee)
class AddresseeTranslationOptions(TranslationOptions):
    fields = ("name", "office")


@register(PrivacyNotice)
class PrivacyNoticeTranslationOptions(TranslationOptions):
    fields = ("text",)
    # The English text is the one every other language falls back to.
    required_languages = ("en",)
