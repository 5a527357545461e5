"""What a signer may type: names and cities of one visible line, addresses our email reaches.

The sign form and the API both use these, so a page and a client are refused alike.
"""

import functools
import unicodedata

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

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


@functools.lru_cache(maxsize=256)
def _validated_email(address):
    # The form or serializer, then normalize_email, ask about the same address in one request:
    # each look costs about 70 µs, a noticeable part of a signature's time at a peak.
    return validate_email(address, check_deliverability=False)


def validate_email_address(address):
    """Refuse what is not an email address, or one that our email cannot reach."""
    try:
        validated = _validated_email(address)
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
    # Staff's block list, kept in each process's memory (models imports this module).
    from .antiabuse.lists import email_domain_blocked

    if email_domain_blocked(validated.domain):
        raise ValidationError(
            _("Addresses at this domain cannot sign. Please use another address."),
            code="blocked_domain",
        )


def domain_and_parents(domain):
    """Return a domain and the domains it is under: "a.b.example" → a.b.example, b.example, example."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def normalize_email_domain(domain):
    """Return a domain as the addresses' keys (normalize_email) write it, "ＥXAMPLE.org" → "example.org"."""
    domain = domain.strip().lstrip("@").rstrip(".")
    try:
        return _validated_email(f"x@{domain}").domain
    except EmailNotValidError:
        return domain.lower()


def normalize_email(email):
    """Return the key of the mailbox an address reaches: one signature per key and petition.

    The domain in its IDNA form, whatever its case, full-width letters or punycode; the part
    before the @ lowercased and without a +tag, which most providers deliver to the same
    mailbox: "Leyla+News@ＥXAMPLE.org" is "leyla@example.org". Dots are kept: only some
    providers ignore them. An address email-validator refuses (only ever stored by hand, as
    demo data is) is lowercased.
    """
    try:
        validated = _validated_email(email.strip())
    except EmailNotValidError:
        return email.strip().lower()
    local_part = validated.local_part.lower()
    # "+tag@example.org" has no mailbox before its tag: the whole part is the mailbox.
    mailbox = local_part.partition("+")[0] or local_part
    return f"{mailbox}@{validated.domain}"
