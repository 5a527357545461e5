"""What a signer may type: names and cities of one visible line, addresses our email reaches.

The sign form and the API both use these, so a page and a client are refused alike.
"""

import unicodedata

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError

from .addresses import domain_and_parents, email_validated
from .antiabuse.lists import email_domain_blocked

# Line breaks, controls, surrogates and format characters: zero-width spaces, and bidi
# overrides and isolates, which make text read backwards ("Bob\u202eexe.evil").
NOT_ON_ONE_LINE = {"Cc", "Cs", "Cf", "Zl", "Zp"}
# Zero-width joiners shape letters in some scripts (ZWNJ in Persian names such as
# "علی\u200cاکبر", ZWJ in Indic conjuncts): allowed between two letters, nowhere else.
JOINERS = {"\u200c", "\u200d"}
# Letters and symbols that print nothing.
BLANK_GLYPHS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def _is_letter_at(text, index):
    return 0 <= index < len(text) and unicodedata.category(text[index])[0] in "LM"


def validate_one_line_text(text):
    """Refuse text that is not one line with something visible on it (a name, a city)."""
    for index, character in enumerate(text):
        if (
            character in JOINERS
            and _is_letter_at(text, index - 1)
            and _is_letter_at(text, index + 1)
        ):
            continue
        if unicodedata.category(character) in NOT_ON_ONE_LINE:
            raise ValidationError(
                _("Enter this on one line, without line breaks or invisible control characters."),
                code="not_one_line",
            )
    if not any(
        unicodedata.category(character)[0] in "LNPS" and character not in BLANK_GLYPHS
        for character in text
    ):
        raise ValidationError(
            _("Enter some visible text, not only spaces or invisible characters."),
            code="invisible",
        )


def validate_email_address(address):
    """Refuse what is not an email address, or one that our email cannot reach."""
    try:
        validated = email_validated(address)
    except EmailNotValidError:
        raise ValidationError(_("Enter a valid email address."), code="invalid") from None
    # Django's mail (5.2) has no SMTPUTF8: it would mangle "josé@" and the link never arrive.
    # Internationalized domains are fine: they are sent in their punycode form.
    if validated.smtputf8:
        raise ValidationError(
            _(
                "Our email cannot reach an address with accented or non-Latin letters before "
                "the @ yet. Please use another address."
            ),
            code="not_ascii",
        )
    if any(domain in DISPOSABLE_DOMAINS for domain in domain_and_parents(validated.ascii_domain)):
        raise ValidationError(
            _(
                "Addresses of disposable email services cannot sign: please use an address "
                "you keep."
            ),
            code="disposable",
        )
    # Staff's block list, kept in each process's memory.
    if email_domain_blocked(validated.domain):
        raise ValidationError(
            _("Addresses at this domain cannot sign. Please use another address."),
            code="blocked_domain",
        )
