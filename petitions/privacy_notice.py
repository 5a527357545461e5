"""The privacy notice's text: the default one, and the words replaced from the settings.

The text is staff's to edit (PrivacyNotice in the admin); the retention periods, the controller
and the contact are written as $words, so that what signers read follows the settings.
"""

from string import Template

from django.conf import settings

# Version 1, published by the migration that introduced notices (0010); plain text, paragraphs
# separated by a blank line.
DEFAULT_TEXT = """\
Who is responsible. The controller of the personal data collected on this site is \
$controller. For anything about your data, write to $contact.

What we keep. When you sign, we keep your name, your email address, your country and, if you \
give it, your city; when you signed and confirmed; which of the two choices on the form you \
ticked and which version of this notice you were shown; and, to detect abuse, a keyed hash of \
your IP address (not the address itself) and your browser's name (user agent).

Why. To count your signature, once, after you confirm your email address, and to keep the \
count free of fraud. A signature may reveal a political opinion: by signing, you consent to \
this use of it (GDPR, Articles 6(1)(a) and 9(2)(a)). Only if you ticked the box for it, we \
email you campaign news. Only if you ticked the box for it, we show your name (and city) with \
your country among the petition's recent supporters and in the documents delivered to its \
addressees. Your email address is never shown or given to anyone outside the campaign.

How long. A signature not confirmed within $unverified_retention_days days is deleted. \
$closed_petition_retention_days days after a petition closes, the names, email addresses, \
cities, IP hashes and user agents of its signatures are erased; only the country and the \
dates remain, so that the count stays right.

Who sees it. The campaign's staff and, for those who consented to news, the organizers who \
send it. Our hosting and email providers process the data on our behalf only.

Your rights. You may withdraw your signature at any time with the link in your confirmation \
email: it is taken off the count at once, your data are erased, and you may sign again later. \
You may stop campaign news at any time. You have the right to access your data, to have them \
corrected or erased, to restrict or object to their use, and to receive them in a portable \
form: write to $contact. You may also complain to a data protection authority, in particular \
in the country where you live.
"""


def privacy_notice_words():
    """Return the $words of a notice's text and their values from the settings."""
    return {
        "controller": settings.PETITIONS_PRIVACY_CONTROLLER,
        "contact": settings.PETITIONS_PRIVACY_CONTACT,
        "unverified_retention_days": str(settings.PETITIONS_UNVERIFIED_RETENTION_DAYS),
        "closed_petition_retention_days": str(settings.PETITIONS_CLOSED_PETITION_RETENTION_DAYS),
    }


def privacy_notice_text(text):
    """Return a notice's text with its $words replaced; any other $ is left as written."""
    # string.Template, not str.format or a Django template: staff's text cannot reach an
    # attribute or a tag, only these names.
    return Template(text).safe_substitute(privacy_notice_words())
